"""The page cache middleware: whole pages for anonymous readers (see the package's docstring for the rules)."""

import hashlib
import logging
import re
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from wagtail import hooks

from .generation import current_generation
from .purge import purging
from .sites import site_for_request

logger = logging.getLogger(__name__)

# The test Django's GZipMiddleware applies.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Readers' browsers (and a CDN with no purge backend) keep a page this long at most.
BROWSER_MAX_AGE = 60
NEVER_CACHED = ("/admin/", "/django-admin/", "/documents/", "/media/", "/static/", "/healthz")
# A larger response is served but not kept: with MAX_ENTRIES in CACHES (settings), what one process keeps is bounded.
MAX_ENTRY_BYTES = 256 * 1024
# Request headers a kept response may vary on: the encoding is in the key; the path gives the language
# (LocaleMiddleware names Accept-Language all the same); only requests without Django's cookies are kept.
KEYED_VARY = {"accept-encoding", "accept-language", "cookie"}


class PageCacheMiddleware:
    """Serve anonymous readers' pages from Django's cache; see the package docstring for the rules."""

    def __init__(self, get_response):
        if settings.DEBUG or settings.PAGE_CACHE_SECONDS <= 0:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.private_cookies = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, CookieStorage.cookie_name}

    def __call__(self, request):
        if request.COOKIES.keys() & self.private_cookies or "HTTP_AUTHORIZATION" in request.META:
            response = self.get_response(request)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
            return response
        if (
            request.method not in ("GET", "HEAD")
            or request.META.get("QUERY_STRING")
            or request.path.startswith(NEVER_CACHED)
        ):
            return self.get_response(request)

        # A Host outside ALLOWED_HOSTS is refused (400) here, before anything is read or kept.
        request.get_host()
        # Kept as sent: compressed for readers who accept gzip, so a hit costs no compression.
        encoding = "gzip" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "identity"
        try:
            generation = current_generation()
            site = None if generation is None else site_for_request(request, generation)
            if site is not None:
                # The site Wagtail matched, never the Host as sent; the path decides the language here (/es/).
                address = hashlib.sha256(f"{site.pk}|{request.scheme}|{request.path}".encode()).hexdigest()
                key = f"page:{generation}:{encoding}:{address}"
                entry = caches["default"].get(key)
        except Exception:
            logger.exception("The page cache could not be read; serving without it.")
            return self.get_response(request)
        if site is None:
            # No token, or no site for this host and no default site: nothing is served from the cache or kept.
            return self.get_response(request)

        if entry is not None:
            expires, headers, content = entry
            remaining = expires - time.time()
            if remaining > 0:
                # A HEAD gets the GET's headers, Content-Length included, and no body.
                response = HttpResponse(b"" if request.method == "HEAD" else content)
                for name, value in headers:
                    response[name] = value
                return self.finish(response, "hit", int(remaining))

        response = self.get_response(request)
        if request.method != "GET" or not self.storable(request, response):
            return response
        lifetime = settings.PAGE_CACHE_SECONDS
        for max_age in hooks.get_hooks("page_cache_max_age"):
            seconds = max_age(request, generation)
            if seconds is not None:
                lifetime = min(lifetime, int(seconds))
        if lifetime <= 0:
            return response
        try:
            caches["default"].set(key, (time.time() + lifetime, list(response.items()), response.content), lifetime)
        except Exception:
            logger.exception("The page cache could not be written.")
            return response
        return self.finish(response, "miss", lifetime)

    def storable(self, request, response):
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and len(response.content) <= MAX_ENTRY_BYTES
            and {header.strip().lower() for header in response.get("Vary", "").split(",") if header.strip()}
            <= KEYED_VARY
            and not (user and user.is_authenticated)
            and not {"private", "no-store", "no-cache"}
            & set(response.get("Cache-Control", "").replace(",", " ").split())
        )

    def finish(self, response, outcome, lifetime):
        response["X-Cache"] = outcome
        if not response.has_header("Cache-Control"):
            directives = {"public": True, "max_age": min(BROWSER_MAX_AGE, lifetime)}
            if purging():
                directives["s_maxage"] = lifetime
            patch_cache_control(response, **directives)
        return response
