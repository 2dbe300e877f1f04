"""The CDN purge: which addresses a CDN in front of the site is told to drop (WAGTAILFRONTENDCACHE).

Sent after the commit, so that the CDN cannot fetch the old page again before the change is visible.
Addresses that list pages without being pages (a sitemap, a feed, an API list) come from the
`page_cache_listing_urls` Wagtail hook: `fn(site)` returns absolute URLs on that site.
"""

from django.conf import settings
from django.db import transaction

from wagtail import hooks
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site


def purging():
    """True when a CDN purge backend is configured."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def listing_urls(site):
    """Addresses on `site` that list pages without being pages themselves."""
    return [url for hook in hooks.get_hooks("page_cache_listing_urls") for url in hook(site)]


def purge_page(page, batch=None):
    """The page in every language, the pages that list it (its ancestors), and the site's listings."""
    batch = batch or PurgeBatch()
    for each in page.get_translations(inclusive=True):
        batch.add_page(each)
        batch.add_pages(each.get_ancestors().filter(depth__gt=1))
    if site := page.get_site():
        batch.add_urls(listing_urls(site))
    transaction.on_commit(batch.purge)


def purge_moving(page):
    """Before a move: the old addresses of the page, everything under it and the pages that list it."""
    batch = PurgeBatch()
    batch.add_pages([page, *page.get_descendants()])
    batch.add_pages(page.get_ancestors().filter(depth__gt=1))
    transaction.on_commit(batch.purge)


def purge_moved(page):
    """After a move: the new addresses of the page and everything under it."""
    batch = PurgeBatch()
    batch.add_pages(page.get_descendants())
    purge_page(page, batch)


def purge_site():
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().filter(depth__gt=1))
    for site in Site.objects.all():
        batch.add_urls(listing_urls(site))
    transaction.on_commit(batch.purge)
