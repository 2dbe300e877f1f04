"""Django's Redis cache, where Redis being down or hung is a cache miss instead of a server error.

Written by hand: django-redis does this with IGNORE_EXCEPTIONS, but Django's own backend does not, and
one more dependency for sixty lines is not worth it. Readers then get pages rendered from the database
while Redis is away: slower, never an error.

- Short socket timeouts (unless OPTIONS set others): a Redis that accepts connections and never answers
  costs half a second, not a worker stuck for ever.
- After a failure, this process leaves Redis alone for `retry_seconds`: every call in between is a miss
  at once, so an outage costs one timeout a process every few seconds, and one warning in the log.
- `failures` counts the failed calls in this process. generation.py replaces the page cache's generation
  token when Redis answers again after one, since a publish meanwhile could not replace it.

While Redis is away, the sign-in lockout (django-axes, which counts failed sign-ins in this cache)
counts nothing: signing in still works, the lockout does not. Only connection and timeout errors are
forgiven; anything else (a bad value, a bug) still raises. coalition/caching/reset.py's clear_caches() talks to the
Redis client directly and still fails loudly, as a restore should.
"""

import logging
import time

from redis.exceptions import ConnectionError, TimeoutError

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError)


class FailSoftRedisCache(RedisCache):
    retry_seconds = 5
    timeouts = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
    # Shared by every instance in the process (one per alias and thread), by server address.
    failures = 0
    _retry_at = {}

    def __init__(self, server, params):
        super().__init__(server, params)
        self._options = {**self.timeouts, **self._options}
        self._address = ",".join(self._servers)

    def _call(self, operation, fallback, *args, **kwargs):
        if time.monotonic() < self._retry_at.get(self._address, 0):
            return fallback
        try:
            result = operation(*args, **kwargs)
        except UNREACHABLE as error:
            FailSoftRedisCache.failures += 1
            self._retry_at[self._address] = time.monotonic() + self.retry_seconds
            logger.warning(
                "Redis at %s cannot be reached (%s); the cache is skipped for %s s.",
                self._address,
                error,
                self.retry_seconds,
            )
            return fallback
        if self._retry_at.pop(self._address, None) is not None:
            logger.warning("Redis at %s answers again.", self._address)
        return result

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def incr(self, key, delta=1, version=None):
        # As if the count had just started: the sign-in lockout (axes' cache handler, which adds then
        # increments) does not count failures while Redis is away, rather than failing every sign-in.
        return self._call(super().incr, delta, key, delta, version)

    def clear(self):
        return self._call(super().clear, False)
