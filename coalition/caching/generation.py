"""The generation token in every page and data cache key: replacing it makes everything kept unreachable."""

import logging
import uuid

from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"

# FailSoftRedisCache.failures (backends.py) as this process last saw it.
_failures_seen = 0


def current_generation():
    """The token in every page and data cache key; None when the store cannot give one, and the caches are
    then left alone.

    When Redis failed in this process since the last call and answers again, the token is replaced: a
    publish meanwhile, here or in another process, could not replace it, and Redis may have come back with
    the pages of before the outage. One miss of every page after an outage, never a stale one.
    """
    global _failures_seen
    store = caches["page_generation"]
    failures = getattr(store, "failures", 0)
    token = store.get(GENERATION_KEY)
    if token is None:
        store.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = store.get(GENERATION_KEY)
    if token is not None and failures != _failures_seen:
        _failures_seen = failures
        token = new_generation()
    return token


def new_generation():
    """Make every cached page unreachable, and return the new token (None if it could not be stored).

    A random token is never reused, even if the old one was evicted.
    """
    token = uuid.uuid4().hex
    try:
        caches["page_generation"].set(GENERATION_KEY, token, timeout=None)
    except Exception:
        logger.exception("The page cache could not be invalidated: pages may be stale for PAGE_CACHE_SECONDS.")
        return None
    return token


def invalidate():
    """A new token now, and again when the transaction commits, so that a page rendered from the old rows
    while the change was under way cannot be kept under the new token."""
    new_generation()
    transaction.on_commit(new_generation)


def remember_for_request(request, generation):
    """Say which token the data behind this request's page was read under (None: it was not kept), so that
    fragments rendered from it are kept under the same token (fragments.py)."""
    request.cache_generation = generation


def for_request(request):
    """The token remembered for this request, or None."""
    return getattr(request, "cache_generation", None)
