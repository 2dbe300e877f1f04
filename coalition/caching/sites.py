"""The site a request is for, without a query, and addresses for readers on that site's configured host.

The page cache keeps a page once for each site, never once for each spelling of the Host header: `LOCALHOST`,
`127.0.0.1.`, `localhost:020000` and every port of localhost are all the site Wagtail matches for them.
So nothing kept may depend on the Host as sent: every absolute address a reader is given (canonical and
hreflang links, og:url, JSON-LD, the sitemap, robots.txt, the feeds) is built on the site's configured
address, Wagtail's `Site.root_url` (Settings › Sites: host name and port, 443 for https).

Every Site row is read once for each generation token in each process: from the `page_cache_sites` Wagtail
hook, `fn(request, generation)`, which returns every Site or None (home/chrome.py gives the rows it reads
for the chrome anyway, so a page rendered cold costs no query more), else in one query. Adding, changing
or removing a site replaces the token (invalidation.py), so the rows kept are never stale.
"""

from urllib.parse import urlsplit

from wagtail import hooks
from wagtail.models import Site

from coalition.routing import match_site, remember_site

# (generation token, every Site) as last read in this process.
_known = (None, [])


def site_for_request(request, generation):
    """The Site that `Site.find_for_request(request)` would give (None: no site has the request's host and none
    is the default), matched among the rows read under `generation`; also made the request's site for Wagtail,
    so that the view does not look for it again."""
    global _known
    known_generation, sites = _known
    if known_generation != generation:
        sites = _read_sites(request, generation)
        _known = (generation, sites)
    site = match_site(sites, request)
    remember_site(request, site)
    return site


def _read_sites(request, generation):
    for hook in hooks.get_hooks("page_cache_sites"):
        rows = hook(request, generation)
        if rows is not None:
            # Plain rows: those a hook gives may carry what it loaded with them (the chrome's site text in one language).
            return [
                Site(
                    pk=row.pk,
                    hostname=row.hostname,
                    port=row.port,
                    site_name=row.site_name,
                    root_page_id=row.root_page_id,
                    is_default_site=row.is_default_site,
                )
                for row in rows
            ]
    return list(Site.objects.all())


def forget_sites():
    """Drop the rows kept in this process (coalition/caching/reset.py)."""
    global _known
    _known = (None, [])


def root_url(request):
    """The scheme, host and port of the request's site as configured (`Site.root_url`); the request's own only
    when no site answers it, and the page cache then keeps nothing."""
    site = Site.find_for_request(request)
    if site is None:
        return f"{request.scheme}://{request.get_host()}"
    return site.root_url


def absolute_url(request, location):
    """`location`, a path on the request's site (or an address Wagtail already made absolute, for a page of
    another site), as an absolute address for readers on the site's configured host."""
    if urlsplit(location).scheme:
        return location
    return root_url(request) + location
