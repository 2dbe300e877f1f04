"""Emptying every cache of this site at once: after a restore (coalition/ops/backup.py), and before each
test or benchmark render that must start cold."""

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from .generation import new_generation
from .sites import forget_sites
from .templatetags import fragment_cache


def clear_caches():
    """Empty every cache of this site's entries (pages, the chrome's rows, Wagtail's), replace the page
    cache's generation token, and drop the fragments and Site rows this process kept.

    Django's RedisCache.clear() empties the whole Redis database, other sites' keys included (they share
    it under their own CACHE_KEY_PREFIX), so in Redis only this site's keys are deleted. Caches kept in
    the memory of other processes (gunicorn workers) are out of reach: the new generation token makes
    their cached pages, rows and fragments unreachable.
    """
    for alias in caches:
        cache = caches[alias]
        if isinstance(cache, RedisCache):
            client = cache._cache.get_client(write=True)
            for key in client.scan_iter(match=cache.make_key("*")):
                client.delete(key)
        else:
            cache.clear()
    new_generation()
    fragment_cache._fragments.clear()
    forget_sites()
