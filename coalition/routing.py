"""Handing Wagtail the site, the site root paths and the page the site chrome has already found.

The chrome (home/chrome.py) loads every Site and the page rows around an address in a few queries,
once, and keeps them in the data cache. Wagtail would look the same things up again: the site for
the request (a query a request), the site root paths behind every page URL (two queries when its
cache is empty) and the page at the address (two queries a level of the tree). Giving Wagtail what
the chrome found needs names Wagtail does not publish; every one of them is used here and nowhere
else, and tests/test_wagtail_contracts.py compares each function with Wagtail's public behaviour:

- `request._get_raw_host()` (Django's): the host as Wagtail reads it, before ALLOWED_HOSTS is checked;
- `MATCH_*` from wagtail.models.sites: how get_site_for_hostname ranks the sites that may answer;
- `request._wagtail_site`: where `Site.find_for_request` keeps the request's site;
- `request._wagtail_cached_site_root_paths`: where `Page.get_url(request)` keeps `Site.get_site_root_paths()`;
- `request._wagtail_route_for_request`: where `Page.route_for_request` keeps the route that
  `wagtail.views.serve` serves.

Wagtail's public path was measured against each copy (issue #14, bench/pages.py --quick and the same
pages in process). `Site.find_for_request` adds a query to every render, also to a page the data cache
renders without any, and about 3 ms to those (both replaced: the FAQ page from 4.1 to 7.9 ms); the home pages
would need 9 queries where tests/test_queries.py allows 8. `Site.get_site_root_paths()` costs nothing
while Django's cache holds it, but two queries whenever it does not (each new process, every change to
a site or a page's path, every hour): the home pages would need 10. Wagtail's router instead of the page
found costs 4 to 14 queries a page. So all three copies stay, fenced here.
Knows no page model: only Wagtail's.
"""

import functools

from django.conf import settings
from django.http.request import split_domain_port

from wagtail.models import Page, SiteRootPath, get_page_models
from wagtail.models.sites import MATCH_DEFAULT, MATCH_HOSTNAME, MATCH_HOSTNAME_DEFAULT, MATCH_HOSTNAME_PORT
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve


def raw_host(request):
    """The request's host and port as sent, unchecked against ALLOWED_HOSTS, as Wagtail reads it to find the site.

    Django's private `_get_raw_host`: `get_host()` would refuse a host outside ALLOWED_HOSTS where Wagtail
    still finds the default site. Guarded by test_a_site_is_matched_as_wagtail_matches_it.
    """
    return request._get_raw_host()


def match_site(sites, request):
    """The site of `sites` that `Site.find_for_request(request)` would return, or None: without a query.

    `sites` is every Site. The ranking is Wagtail's get_site_for_hostname, with its MATCH_* constants:
    the host name and port first, then the host name on the default site, then the default site, which
    gives way to the only site with that host name. Guarded by test_a_site_is_matched_as_wagtail_matches_it.
    """
    hostname = split_domain_port(raw_host(request))[0]
    port = int(request.get_port())

    def match(site):
        if site.hostname == hostname and site.port == port:
            return MATCH_HOSTNAME_PORT
        if site.hostname == hostname and site.is_default_site:
            return MATCH_HOSTNAME_DEFAULT
        if site.is_default_site:
            return MATCH_DEFAULT
        return MATCH_HOSTNAME

    candidates = sorted((site for site in sites if site.hostname == hostname or site.is_default_site), key=match)
    if not candidates:
        return None
    if len(candidates) == 1 or match(candidates[0]) in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return candidates[0]
    if match(candidates[0]) == MATCH_DEFAULT:
        return candidates[len(candidates) == 2]
    return None


def site_root_paths(sites, pages):
    """`Site.get_site_root_paths()`, built from rows already loaded: Wagtail builds every page URL from it.

    `sites` is every Site, with `root_page`; `pages` holds, in tree order, every translation of each
    site's root page, with `locale`. Same tuples, same order (root url_path and default site descending,
    then host name ascending, translations in tree order). Guarded by
    test_site_root_paths_are_wagtails_own.
    """
    by_key = {}
    for page in pages:
        by_key.setdefault(page.translation_key, []).append(page)
    root_paths = []
    ordered = sorted(sites, key=lambda site: site.hostname)
    ordered.sort(key=lambda site: (site.root_page.url_path, site.is_default_site), reverse=True)
    for site in ordered:
        roots = by_key.get(site.root_page.translation_key, [])
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            roots = [page for page in roots if page.pk == site.root_page_id]
        root_paths.extend(
            SiteRootPath(site.id, page.url_path, site.root_url, page.locale.language_code) for page in roots
        )
    return root_paths


def remember_site(request, site, root_paths=None):
    """Make `site` the request's site for Wagtail and, if given, `root_paths` its site root paths.

    Sets what `Site.find_for_request` and `Page.get_url(request)` keep on the request (`_wagtail_site`,
    `_wagtail_cached_site_root_paths`), so that neither queries again. Guarded by
    test_a_remembered_site_is_the_one_wagtail_finds.
    """
    request._wagtail_site = site
    if root_paths is not None:
        request._wagtail_cached_site_root_paths = root_paths


def serve_found_page(request, path, page):
    """`wagtail.views.serve(request, path)`, where `page` (or None) is the live page found at `path`.

    With a page, Wagtail's route is set on the request (`_wagtail_route_for_request`, where
    `Page.route_for_request` keeps it) as Wagtail's own `Page.route` would give it: the page, no
    arguments. Only while no page type routes addresses itself: such a page, or one below it, goes
    through Wagtail's router. Hooks, view restrictions and previews stay Wagtail's. Guarded by
    test_the_site_serves_what_wagtail_serves and test_a_page_routing_its_own_addresses_is_left_to_wagtail.
    """
    if page is not None and not _any_page_routes_itself():
        request._wagtail_route_for_request = RouteResult(page)
    return wagtail_serve(request, path)


@functools.cache
def _any_page_routes_itself():
    """Worked out once a process: page types do not change how they route while the site runs."""
    return any(model.route is not Page.route for model in get_page_models())
