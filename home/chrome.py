"""The site, the page at an address and the chrome around it, in three queries.

Wagtail's router walks the page tree a level at a time (two queries a level), and the chrome
(site settings, site text, alert, menu, language links, the site root paths behind every page
URL) would query again for each part. Here, whatever the page:

1. every Site, with its root page and settings, plus the site text and the alert showing now in
   the current language (or the default language);
2. the base rows of every page the chrome needs: the page at the address and its translations,
   each site's home page in every language, the menu, and the safety, about and alert pages in
   the current language;
3. the page's own row, with the relations its template needs (`serve_select_related`,
   `serve_prefetch_related`).

Anything unusual (an alias, a view restriction, a page that routes its own sub-paths) goes
through Wagtail's own router unchanged.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Q, Subquery, TextField, Value, When
from django.db.models.functions import Concat, JSONObject
from django.http.request import split_domain_port
from django.utils import timezone, translation
from django.utils.functional import cached_property

from wagtail.models import Page, Site, SiteRootPath
from wagtail.models.sites import MATCH_DEFAULT, MATCH_HOSTNAME, MATCH_HOSTNAME_DEFAULT, MATCH_HOSTNAME_PORT
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from resources.serving import restricted

from .models import AlertBanner, SiteSettings, SiteText


def _language_first(language):
    return Case(When(locale__language_code=language, then=Value(0)), default=Value(1))


def _find_sites(request, language):
    """Every site (a handful at most), the site text and the alert, in one query."""
    default = settings.LANGUAGE_CODE
    languages = [language, default]
    site_text = (
        SiteText.objects.filter(locale__language_code__in=languages)
        .order_by(_language_first(language), "pk")
        .values(data=JSONObject(site_name="site_name", safety_note="safety_note", footer="footer"))[:1]
    )
    now = timezone.now()
    alert = (
        AlertBanner.objects.filter(locale__language_code__in=languages, starts_at__lte=now, ends_at__gt=now)
        .order_by(_language_first(language), "-starts_at")
        .values(
            data=JSONObject(message="message", language="locale__language_code", link_key="link__translation_key")
        )[:1]
    )
    return list(
        Site.objects.select_related(
            "root_page__locale", "sitesettings__safety_page", "sitesettings__about_page"
        ).annotate(
            # Text, not JSONField: on SQLite a JSONField makes Django test the database's JSON support
            # with two more statements on every new connection.
            site_text=Subquery(site_text, output_field=TextField()),
            alert=Subquery(alert, output_field=TextField()),
        )
    )


def _match_site(sites, request):
    """The site Wagtail would choose for the request's host and port (see get_site_for_hostname)."""
    hostname = split_domain_port(request._get_raw_host())[0]
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


def _decoded(value):
    return json.loads(value) if isinstance(value, str) else value


@dataclass
class Chrome:
    """What the page template shows around the content; `request.chrome`."""

    site: Site | None
    language: str
    page: Page | None = None
    home: Page | None = None
    homes: dict = field(default_factory=dict)
    parent: Page | None = None
    nav: list = field(default_factory=list)
    translations: dict = field(default_factory=dict)
    safety_page: Page | None = None
    about_page: Page | None = None
    alert_page: Page | None = None

    @cached_property
    def settings(self):
        site_settings = getattr(self.site, "sitesettings", None) if self.site else None
        return site_settings or SiteSettings()

    @cached_property
    def text(self):
        return _decoded(getattr(self.site, "site_text", None)) or {}

    @cached_property
    def alert(self):
        return _decoded(getattr(self.site, "alert", None))


def load(request, path=None):
    """Fill `request` with the site, Wagtail's site root paths and `request.chrome`.

    With `path` (an address Wagtail serves), also find the page there; it is `request.chrome.page`,
    or None when the address needs Wagtail's own router.
    """
    if hasattr(request, "chrome"):
        return request.chrome
    language = translation.get_language() or settings.LANGUAGE_CODE
    sites = _find_sites(request, language)
    site = _match_site(sites, request)
    request._wagtail_site = site
    chrome = Chrome(site=site, language=language)
    request.chrome = chrome
    if site is None:
        return chrome

    root = site.root_page
    wanted = Q(translation_key__in=[each.root_page.translation_key for each in sites])
    localized_root = Page.objects.filter(translation_key=root.translation_key, locale__language_code=language)
    wanted |= Q(
        depth=root.depth + 1,
        show_in_menus=True,
        path__startswith=Subquery(localized_root.values("path")[:1]),
    )
    keys = [
        page.translation_key
        for page in (getattr(chrome.settings, "safety_page", None), getattr(chrome.settings, "about_page", None))
        if page is not None
    ]
    if chrome.alert and chrome.alert.get("link_key"):
        keys.append(chrome.alert["link_key"])
    if keys:
        wanted |= Q(translation_key__in=keys, locale__language_code=language)
    if path is not None:
        root_url_path = Subquery(localized_root.values("url_path")[:1])
        address = Concat(root_url_path, Value(path))
        target = Page.objects.filter(url_path=address)
        wanted |= Q(url_path=address) | Q(translation_key__in=Subquery(target.values("translation_key")[:1]))
        if path:
            # The parent, for the link back to it.
            parent = (path.rstrip("/").rpartition("/")[0] + "/").lstrip("/")
            wanted |= Q(url_path=Concat(root_url_path, Value(parent)))

    pages = list(
        Page.objects.filter(wanted).annotate(restricted=restricted()).select_related("locale").order_by("path")
    )

    request._wagtail_cached_site_root_paths = _site_root_paths(sites, pages)
    homes = {page.translation_key: page for page in pages if page.locale.language_code == language}
    chrome.home = next(
        (
            page
            for page in pages
            if page.translation_key == root.translation_key and page.locale.language_code == language
        ),
        None,
    )
    if chrome.home is not None:
        chrome.nav = [
            page
            for page in pages
            if page.depth == root.depth + 1
            and page.path.startswith(chrome.home.path)
            and page.show_in_menus
            and page.live
            and not page.restricted
        ]
    for name, related in (
        ("safety_page", getattr(chrome.settings, "safety_page", None)),
        ("about_page", getattr(chrome.settings, "about_page", None)),
    ):
        localized = homes.get(related.translation_key) if related else None
        setattr(chrome, name, localized if localized and localized.live else None)
    if chrome.alert and chrome.alert.get("link_key"):
        linked = homes.get(chrome.alert["link_key"])
        chrome.alert_page = linked if linked and linked.live else None

    if path is not None:
        chrome.page = _route(pages, chrome, root, language, path)
    return chrome


def _site_root_paths(sites, pages):
    """Site.get_site_root_paths(), from rows already loaded; Wagtail builds every page URL from it."""
    by_key = {}
    for page in pages:
        by_key.setdefault(page.translation_key, []).append(page)
    root_paths = []
    for site in sorted(
        sites, key=lambda site: (site.root_page.url_path, site.is_default_site, site.hostname), reverse=True
    ):
        root_paths.extend(
            SiteRootPath(site.id, page.url_path, site.root_url, page.locale.language_code)
            for page in by_key.get(site.root_page.translation_key, [])
        )
    return root_paths


def _route(pages, chrome, root, language, path):
    home = chrome.home
    if home is None:
        return None
    url_path = home.url_path + path
    target = next((page for page in pages if page.url_path == url_path), None)
    parent_path = url_path.rstrip("/").rpartition("/")[0] + "/"
    chrome.parent = next((page for page in pages if page.url_path == parent_path), None)
    if target is None or not target.live or target.restricted or target.alias_of_id:
        return None
    chrome.translations = {
        page.locale.language_code: page
        for page in pages
        if page.translation_key == target.translation_key and page.live and not page.restricted
    }
    model = target.specific_class
    if model is None:
        return None
    queryset = model._default_manager.filter(pk=target.pk)
    queryset = queryset.select_related(*getattr(model, "serve_select_related", ()))
    queryset = queryset.prefetch_related(*getattr(model, "serve_prefetch_related", ()))
    page = queryset.first()
    if page is None:
        return None
    page.known_unrestricted = True
    return page


def serve(request, path):
    """Wagtail's serve view, given the page found by `load` (hooks, restrictions, previews unchanged)."""
    chrome = load(request, path=path)
    if chrome.page is not None:
        request._wagtail_route_for_request = RouteResult(chrome.page)
    return wagtail_serve(request, path)
