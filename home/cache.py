"""A whole-page cache for anonymous readers that is never stale, and the CDN purge that goes with it.

Hand-written rather than wagtail-cache (CodeRed), the library that does this for Wagtail: its latest
release, 3.0.0, requires wagtail<8.0, and its invalidation clears the whole cache backend (in a shared
Redis, everything else stored there too) and knows nothing of alert banners that start and end by the
clock. What is needed here is small: Django's cache framework and about a hundred lines.

What is cached: the response to a GET from a reader without Django's cookies (session, CSRF, messages)
and without an Authorization header, when it is a 200 with no cookies of its own, not marked private or
no-store, for an address with no query string, outside /admin/, /django-admin/, /documents/, /media/ and
/static/. So Wagtail pages in both languages, the resource card, the sitemap, robots.txt, the feeds and
the HSDS API's plain addresses. A HEAD is answered from the cache but never fills it. Addresses with a
query string are rendered every time: search results (whose words must never be stored), directory
filters, later pages of a list, the HSDS API's paging. Caching them would let anyone fill the cache by
adding ?x=1, ?x=2, ... to any address, and a bad value such as ?page=abc can never be kept.

When it is invalidated: every key contains a generation token. Anything a reader could notice replaces
the token, and every cached page is missed once and rendered afresh: publishing, unpublishing, moving or
deleting any page (in any language), saving or deleting the site settings, the site text and alert
banner snippets, organisations, service categories, languages, sites, locales, view restrictions, images
and documents, and every `migrate` (so a deploy never serves pages rendered by the old code). Whole-site
invalidation on each publish is deliberate: the site has about seventy pages a language, rendering them
again costs well under a second of CPU spread over the next readers, and no listing, translation,
menu, sitemap, feed or API answer can be left behind, which a list of "pages that show this page"
always risks. The token is replaced at once and again when the transaction commits, so a page rendered
from the old rows while the publish was under way cannot be kept under the new token.

Across processes: the token lives in the cache alias "page_generation". With REDIS_URL it is in Redis
with the pages, so every gunicorn worker and every machine sees one token. Without it, pages stay in
each process's memory but the token is a small file (settings PAGE_CACHE_DIR) that every process on the
machine reads, so a publish in one gunicorn worker or in cron's `publish_scheduled` reaches the others.

Alert banners start and end by the clock, with no signal: a page is never kept past the next start or
end of any alert banner.

Headers: `X-Cache: hit` or `miss` on cacheable responses; `Cache-Control: public, max-age=60` (less when
the entry has less time left), plus `s-maxage=<the entry's remaining lifetime>` when a CDN purge backend
is configured (WAGTAILFRONTENDCACHE), because then the CDN is told to drop pages when they change. A
response that already has Cache-Control (the HSDS API) keeps its own. Requests with Django's cookies get
`Cache-Control: private` when the response has none, so a shared cache never keeps an editor's copy.

`PAGE_CACHE_SECONDS` (environment) is the longest an entry is kept; 0 turns the page cache off. It is
also off when DEBUG is on, so that template edits show at once under `make run`.
"""

import hashlib
import logging
import re
import time
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from .sitemaps import section_count

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
# The test Django's GZipMiddleware applies.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Readers' browsers (and a CDN with no purge backend) keep a page this long at most.
BROWSER_MAX_AGE = 60
NEVER_CACHED = ("/admin/", "/django-admin/", "/documents/", "/media/", "/static/")
SITE_WIDE_MODELS = [
    "home.SiteSettings",
    "home.SiteText",
    "home.AlertBanner",
    "resources.Organisation",
    "resources.ServiceCategory",
    "resources.Language",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
]


# FailSoftRedisCache.failures (home/cache_backends.py) as this process last saw it.
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
    new_generation()
    transaction.on_commit(new_generation)


_next_alert_change = {}


def seconds_until_alert_changes(generation):
    """Seconds until the next alert banner starts or ends, or None; one query per generation and process.

    Saving or deleting a banner replaces the generation, so the time found stays right until it passes.
    """
    from .models import AlertBanner

    now = timezone.now()
    when = _next_alert_change.get(generation, False)
    if when is False or (when is not None and when <= now):
        when = min(
            filter(
                None,
                AlertBanner.objects.aggregate(
                    start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at", filter=Q(ends_at__gt=now))
                ).values(),
            ),
            default=None,
        )
        _next_alert_change.clear()
        _next_alert_change[generation] = when
    return None if when is None else (when - now).total_seconds()


def purging():
    """True when a CDN purge backend is configured."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


class PageCacheMiddleware:
    """Serve anonymous readers' pages from Django's cache; see the module docstring for the rules."""

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

        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        # Kept as sent: compressed for readers who accept gzip, so a hit costs no compression.
        encoding = "gzip" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "identity"
        try:
            generation = current_generation()
            key = f"page:{generation}:{encoding}:{address}"
            entry = None if generation is None else caches["default"].get(key)
        except Exception:
            logger.exception("The page cache could not be read; serving without it.")
            return self.get_response(request)
        if generation is None:
            return self.get_response(request)

        if entry is not None:
            expires, headers, content = entry
            remaining = expires - time.time()
            if remaining > 0:
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                return self.finish(response, "hit", int(remaining))

        response = self.get_response(request)
        if request.method != "GET" or not self.storable(request, response):
            return response
        lifetime = settings.PAGE_CACHE_SECONDS
        chrome = getattr(request, "chrome", None)
        if chrome is not None and chrome.site is not None:
            # Already known from the page's own site query (home/chrome.py): no query here.
            until_alert = chrome.seconds_until_alert_changes()
        else:
            until_alert = seconds_until_alert_changes(generation)
        if until_alert is not None:
            lifetime = min(lifetime, int(until_alert))
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


# Invalidation, and the CDN purge when one is configured. The purge is sent after the commit, so
# that the CDN cannot fetch the old page again before the change is visible.


def listing_urls(site):
    """Addresses on `site` that list pages without being pages themselves."""
    root = site.root_url
    urls = [root + reverse("sitemap")]
    urls += [root + reverse("sitemap_section", args=[number]) for number in range(1, section_count() + 1)]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.append(root + reverse("updates_feed"))
    for name in ("hsds:services", "hsds:organizations"):
        urls.append(root + reverse(name))
        urls.extend(
            f"{root}{reverse(name)}?lang={code}"
            for code, _name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE
        )
    return urls


def purge_page(page, batch=None):
    """The page in every language, the pages that list it (its ancestors), and the site's listings."""
    batch = batch or PurgeBatch()
    for each in page.get_translations(inclusive=True):
        batch.add_page(each)
        batch.add_pages(each.get_ancestors().filter(depth__gt=1))
    if site := page.get_site():
        batch.add_urls(listing_urls(site))
    transaction.on_commit(batch.purge)


def purge_site():
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().filter(depth__gt=1))
    for site in Site.objects.all():
        batch.add_urls(listing_urls(site))
    transaction.on_commit(batch.purge)


def page_changed(sender, instance, **kwargs):
    invalidate()
    if purging():
        purge_page(instance)


def page_moving(sender, instance, **kwargs):
    """Before a move: the old addresses of the page and everything under it."""
    if purging():
        batch = PurgeBatch()
        batch.add_pages([instance, *instance.get_descendants()])
        batch.add_pages(instance.get_ancestors().filter(depth__gt=1))
        transaction.on_commit(batch.purge)


def page_moved(sender, instance, **kwargs):
    invalidate()
    if purging():
        batch = PurgeBatch()
        batch.add_pages(instance.get_descendants())
        purge_page(instance, batch)


def page_deleted(sender, instance, **kwargs):
    # Wagtail sends page_unpublished before a live page is deleted, which purges its addresses.
    invalidate()


def site_wide_change(sender, **kwargs):
    invalidate()
    if purging():
        purge_site()


def after_migrate(sender, **kwargs):
    new_generation()


def connect_receivers(app_config):
    """Called from HomeConfig.ready()."""
    page_published.connect(page_changed, dispatch_uid="page_cache_published")
    page_unpublished.connect(page_changed, dispatch_uid="page_cache_unpublished")
    pre_page_move.connect(page_moving, dispatch_uid="page_cache_moving")
    post_page_move.connect(page_moved, dispatch_uid="page_cache_moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="page_cache_deleted")
    models = [apps.get_model(name) for name in SITE_WIDE_MODELS] + [get_image_model(), get_document_model()]
    for model in models:
        post_save.connect(site_wide_change, sender=model, dispatch_uid=f"page_cache_saved_{model._meta.label}")
        post_delete.connect(site_wide_change, sender=model, dispatch_uid=f"page_cache_deleted_{model._meta.label}")
    post_migrate.connect(after_migrate, sender=app_config, dispatch_uid="page_cache_migrated")
