"""/healthz: whether this instance can serve pages, for a load balancer or a monitor.

It asks the database for one row and writes, reads back and deletes a short-lived key in the default cache, and
answers 200 when both work, 503 (naming the check that failed) when either does not. The body says only that:
no error text, no version numbers. Nothing here depends on the host being one of Wagtail's sites, and nothing
sets a cookie or lets a cache keep the answer, so each request checks again. gunicorn's access log leaves these
requests out (coalition/gunicorn.py); a failure is still in the error log.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Long enough for the read that follows the write; a key a failed delete leaves behind goes by itself.
CACHE_KEY_SECONDS = 10


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers():
    # The value written must come back: the Redis backend (coalition/caching/backends.py) turns Redis being down
    # into a miss rather than an error. A key of its own for each check, so that checks from several balancers at
    # once cannot read each other's value.
    cache = caches["default"]
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, key, timeout=CACHE_KEY_SECONDS)
    read_back = cache.get(key)
    deleted = cache.delete(key)
    return read_back == key and deleted


CHECKS = {"database": database_answers, "cache": cache_answers}


def passes(name, check):
    # Anything that goes wrong means this instance should not get readers: a 503, never a 500. Why is for the
    # error log, not the body.
    try:
        if check():
            return True
        reason = "a wrong answer"
    except Exception as error:
        reason = repr(error)
    logger.warning("Health check: the %s failed (%s).", name, reason)
    return False


# A POST (or any other method) gets require_safe's 405, not the CSRF check's 403: this view changes nothing.
@csrf_exempt
@require_safe
@never_cache
def healthz(request):
    """200 when the database and the cache both answer, else 503; the body says how each check went."""
    results = {name: passes(name, check) for name, check in CHECKS.items()}
    body = "".join(f"{name} {'ok' if passed else 'failed'}\n" for name, passed in results.items()).encode()
    # No body for a HEAD, with the GET's length: gunicorn drops the body itself, but warns in the error log each time.
    response = HttpResponse(b"" if request.method == "HEAD" else body, content_type="text/plain")
    response["Content-Length"] = len(body)
    response.status_code = 200 if all(results.values()) else 503
    return response
