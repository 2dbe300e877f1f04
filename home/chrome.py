"""The site, the page at an address and the chrome around it, in three queries, or none.

Wagtail's router walks the page tree a level at a time (two queries a level), and the chrome
(site settings, site text, alert, menu, language links, the site root paths behind every page
URL) would query again for each part. Here, whatever the page:

1. every Site, with its root page and settings, plus the published site text and alert showing now in
   the current language (or the default language);
2. the base rows of every page the chrome needs: the page at the address and its translations,
   its parent, each site's home page in every language, the menu, and the safety, about and
   alert pages in the current language;
3. the page's own row, with the relations its template needs (`serve_select_related`,
   `serve_prefetch_related`).

Those rows are then kept in the data cache under the page cache's generation token (see `_rows`
and coalition/caching/), so the next render of that address needs none of these queries.

Anything unusual (an alias, a view restriction, a page that routes its own sub-paths) goes
through Wagtail's own router unchanged. What is found here reaches Wagtail through coalition/routing.py,
the one module that uses Wagtail's private names for it.
"""

import hashlib
import json
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db.models import Case, Q, Subquery, TextField, Value, When
from django.db.models.functions import Concat, JSONObject
from django.utils import timezone, translation
from django.utils.functional import cached_property

from wagtail.models import Page, Site

from coalition.caching.generation import current_generation, remember_for_request
from coalition.routing import match_site, remember_site, serve_found_page, site_root_paths
from resources.serving import restricted

from .alerts import next_change_annotations, seconds_until
from .models import AlertBanner, SiteSettings, SiteText

logger = logging.getLogger(__name__)


def _language_first(language):
    return Case(When(locale__language_code=language, then=Value(0)), default=Value(1))


def _find_sites(request, language):
    """Every site (a handful at most), the site text and the alert, in one query."""
    default = settings.LANGUAGE_CODE
    languages = [language, default]
    site_text = (
        SiteText.objects.filter(live=True, locale__language_code__in=languages)
        .order_by(_language_first(language), "pk")
        .values(
            data=JSONObject(
                site_name="site_name", safety_note="safety_note", footer="footer", quick_exit_url="quick_exit_url"
            )
        )[:1]
    )
    now = timezone.now()
    alert = (
        AlertBanner.objects.filter(live=True, locale__language_code__in=languages, starts_at__lte=now, ends_at__gt=now)
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
            # When the next alert banner starts or ends: nothing built from these rows is kept past it.
            **next_change_annotations(now),
        )
    )


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
    # The data cache's generation token these rows were read under (coalition/caching/); None when they were
    # not cached, and then nothing made from them is kept either ({% fragment %}, coalition/caching/).
    generation: str | None = None

    @cached_property
    def settings(self):
        site_settings = getattr(self.site, "sitesettings", None) if self.site else None
        return site_settings or SiteSettings()

    @cached_property
    def text(self):
        return _decoded(getattr(self.site, "site_text", None)) or {}

    @property
    def quick_exit_url(self):
        """The reader's language's own quick-exit page, else the site's (neutral by default)."""
        return self.text.get("quick_exit_url") or self.settings.quick_exit_url

    @cached_property
    def alert(self):
        return _decoded(getattr(self.site, "alert", None))


def load(request, path=None):
    """Fill `request` with the site, Wagtail's site root paths and `request.chrome`.

    With `path` (an address Wagtail serves), also find the page there; it is `request.chrome.page`,
    or None when the address needs Wagtail's own router. The rows come from the data cache when
    they are there (see `_rows`).
    """
    if hasattr(request, "chrome"):
        return request.chrome
    language = translation.get_language() or settings.LANGUAGE_CODE
    (sites, pages, page), generation = _rows(request, language, path)
    site = match_site(sites, request)
    remember_site(request, site, site_root_paths(sites, pages) if site is not None else None)
    chrome = Chrome(site=site, language=language, generation=generation)
    request.chrome = chrome
    remember_for_request(request, generation)
    if site is None:
        return chrome

    root = site.root_page
    here = {page.translation_key: page for page in pages if page.locale.language_code == language}
    chrome.homes = _homes(pages, root)
    chrome.home = chrome.homes.get(language)
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
        localized = here.get(related.translation_key) if related else None
        setattr(chrome, name, localized if localized and localized.live else None)
    if chrome.alert and chrome.alert.get("link_key"):
        chrome.alert_page = _alert_page(pages, chrome.alert["link_key"], language)

    if path is not None and chrome.home is not None:
        url_path = chrome.home.url_path + path
        parent_path = url_path.rstrip("/").rpartition("/")[0] + "/"
        chrome.parent = next((row for row in pages if row.url_path == parent_path), None)
        if page is not None:
            chrome.page = page
            chrome.translations = {
                row.locale.language_code: row
                for row in pages
                if row.translation_key == page.translation_key and row.live and not row.restricted
            }
    return chrome


def _rows(request, language, path):
    """(sites, page rows, the specific page or None) and the generation token they are kept under (None
    when they are not kept): from the data cache, else three queries.

    Kept under the page cache's generation token (coalition/caching/), so any change a reader could
    notice makes them be read again, and never past an alert banner's start or end: the sites once a
    language, the page rows once for each site, language and address, for the site the host matches
    and never for the Host as sent, so that no spelling of a host adds an entry. A page whose whole
    response is not cached (an address with a query string, a reader with the page cache off) is then
    rendered without these queries.
    """
    if settings.DATA_CACHE_SECONDS <= 0:
        return _query_rows(request, language, path), None
    try:
        generation = current_generation()
    except Exception:
        logger.exception("The data cache could not be read; reading the database.")
        generation = None
    if generation is None:
        return _query_rows(request, language, path), None
    sites, kept = _kept_sites(request, language, generation)
    site = match_site(sites, request)
    address = f"{getattr(site, 'pk', None)}|{language}|{path}"
    key = f"chrome:{generation}:{hashlib.sha256(address.encode()).hexdigest()}"
    rows = _read(key)
    if rows is None:
        rows = _page_rows(sites, site, language, path)
        kept = _keep(key, rows, sites) and kept
    return (sites, *rows), generation if kept else None


def sites_for_page_cache(request, generation):
    """The `page_cache_sites` hook (coalition/caching/sites.py): every Site, read as the chrome reads them
    for the address's language and kept for it, so that rendering the page needs no query more; None when
    the data cache is off."""
    if settings.DATA_CACHE_SECONDS <= 0:
        return None
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    return _kept_sites(request, language, generation)[0]


def _kept_sites(request, language, generation):
    """(every site with the site text and alert in `language`, whether they are kept): from the data cache,
    else the first query, then kept."""
    key = f"chrome-sites:{generation}:{language}"
    sites = _read(key)
    if sites is not None:
        return sites, True
    sites = _find_sites(request, language)
    return sites, _keep(key, sites, sites)


def _read(key):
    try:
        return caches["default"].get(key)
    except Exception:
        logger.exception("The data cache could not be read; reading the database.")
        return None


def _keep(key, rows, sites):
    """Keep `rows` for DATA_CACHE_SECONDS, never past the next start or end of an alert banner (read with
    `sites`); whether they were kept."""
    timeout = settings.DATA_CACHE_SECONDS
    until_alert = seconds_until(sites[0].next_alert_start, sites[0].next_alert_end) if sites else None
    if until_alert is not None:
        timeout = min(timeout, int(until_alert))
    if timeout <= 0:
        return False
    try:
        caches["default"].set(key, rows, timeout)
    except Exception:
        logger.exception("The data cache could not be written.")
        return False
    return True


def _query_rows(request, language, path):
    sites = _find_sites(request, language)
    return (sites, *_page_rows(sites, match_site(sites, request), language, path))


def _page_rows(sites, site, language, path):
    """(every page row the chrome needs, the specific page at `path` or None) on `site`."""
    if site is None:
        return [], None
    pages = _find_pages(sites, site, language, path)
    page = _find_page(pages, site, language, path) if path is not None else None
    return pages, page


def _find_pages(sites, site, language, path):
    """Every page row the chrome needs, and the page at `path` with its translations and parent."""
    root = site.root_page
    wanted = Q(translation_key__in=[each.root_page.translation_key for each in sites])
    localized_root = Page.objects.filter(translation_key=root.translation_key, locale__language_code=language)
    # The home page's children: tree paths between the home page's and the next one's, a range the
    # path index answers (startswith would scan every page).
    localized_root_path = Subquery(localized_root.values("path")[:1])
    wanted |= Q(
        depth=root.depth + 1,
        show_in_menus=True,
        path__gt=localized_root_path,
        path__lte=Concat(localized_root_path, Value("ZZZZ")),
    )
    site_settings = getattr(site, "sitesettings", None)
    keys = [
        page.translation_key
        for page in (getattr(site_settings, "safety_page", None), getattr(site_settings, "about_page", None))
        if page is not None
    ]
    if keys:
        wanted |= Q(translation_key__in=keys, locale__language_code=language)
    alert = _decoded(getattr(site, "alert", None))
    if alert and alert.get("link_key"):
        # The alert's page in the reader's language, and in the default language should that be all there is.
        wanted |= Q(translation_key=alert["link_key"], locale__language_code__in=[language, settings.LANGUAGE_CODE])
    if path:
        # url_path has no index; the slug has, so each address is looked up by its last part.
        root_url_path = Subquery(localized_root.values("url_path")[:1])
        slugs = path.strip("/").split("/")
        address = Concat(root_url_path, Value(path))
        target = Page.objects.filter(slug=slugs[-1], url_path=address)
        wanted |= Q(slug=slugs[-1], url_path=address)
        wanted |= Q(translation_key__in=Subquery(target.values("translation_key")[:1]))
        if len(slugs) > 1:
            # The parent, for the link back to it (a page under the home page links back to it, loaded above).
            wanted |= Q(slug=slugs[-2], url_path=Concat(root_url_path, Value("/".join(slugs[:-1]) + "/")))
    return list(
        Page.objects.filter(wanted).annotate(restricted=restricted()).select_related("locale").order_by("path")
    )


def _alert_page(pages, link_key, language):
    """The live, unrestricted page an alert links to, in `language`, else in the default language, else None.

    The key comes from the alert's JSON as text (with or without dashes, by database): compared as a UUID.
    """
    key = uuid.UUID(str(link_key))
    found = {
        page.locale.language_code: page
        for page in pages
        if page.translation_key == key and page.live and not page.restricted
    }
    return found.get(language) or found.get(settings.LANGUAGE_CODE)


def _homes(pages, root):
    """The site's live home page in each language, by language code."""
    return {
        page.locale.language_code: page for page in pages if page.translation_key == root.translation_key and page.live
    }


def _find_page(pages, site, language, path):
    """The specific page at `path`, with what its template needs; None when Wagtail's router must decide."""
    home = _homes(pages, site.root_page).get(language)
    if home is None:
        return None
    url_path = home.url_path + path
    target = next((row for row in pages if row.url_path == url_path), None)
    if target is None or not target.live or target.restricted or target.alias_of_id:
        return None
    model = target.specific_class
    if model is None:
        return None
    queryset = model._default_manager.filter(pk=target.pk)
    queryset = queryset.select_related(*getattr(model, "serve_select_related", ()))
    queryset = queryset.prefetch_related(*getattr(model, "serve_prefetch_related", ()))
    page = queryset.first()
    if page is not None:
        page.known_unrestricted = True
    return page


def serve(request, path):
    """Wagtail's serve view, given the page found by `load` (hooks, restrictions, previews unchanged)."""
    return serve_found_page(request, path, load(request, path=path).page)
