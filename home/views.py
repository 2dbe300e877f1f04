"""Pages that are not Wagtail pages: search, the printable resource card and the error pages."""

import re
import unicodedata
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page, get_page_models

from resources.models import HotlineIndexPage, HotlinePage, ServicePage
from resources.serving import unrestricted

from .chrome import load
from .sitemaps import PageSitemap, section_count


def _hotlines():
    return (
        HotlinePage.objects.live()
        .filter(unrestricted())
        .filter(locale=Locale.get_active())
        .defer_streamfields()
        .order_by(*HotlinePage.DISPLAY_ORDER)
    )


SEARCH_MAX_LENGTH = 100
RESULTS_PER_PAGE = 10


def clean_query(raw):
    """The search as typed (control characters removed, cut to a length a search engine handles),
    and the words to look for: letters and digits only, lower case, so no character can be read as
    search-engine syntax."""
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw)
    text = " ".join(text.split())
    shortened = len(text) > SEARCH_MAX_LENGTH
    text = text[:SEARCH_MAX_LENGTH]
    words = " ".join(word.lower() for word in re.findall(r"[^\W_]+", text))
    return text, words, shortened


def summary():
    """A page's search description, else its type's summary or introduction, as a query expression."""
    parts = [NullIf("search_description", Value(""))]
    for name in ("summary", "introduction"):
        for model in get_page_models():
            if any(field.name == name and field.model is model for field in model._meta.concrete_fields):
                own = model._default_manager.filter(page_ptr_id=OuterRef("pk")).values(name)[:1]
                parts.append(NullIf(Subquery(own), Value("")))
    return Coalesce(*parts, Value(""), output_field=TextField())


@require_GET
def search(request):
    """Pages in the reader's language that match the words. The words are never stored or logged."""
    query, words, shortened = clean_query(request.GET.get("q", ""))
    results_page = None
    if words:
        # The search backend takes plain field filters only, hence .public() (one query) here.
        home = load(request).home
        locale_id = home.locale_id if home else Locale.get_active().pk
        pages = Page.objects.live().public().filter(locale_id=locale_id).exclude(depth__lte=1)
        paginator = Paginator(pages.search(words, operator="and"), RESULTS_PER_PAGE)
        results_page = paginator.get_page(request.GET.get("page"))
        # The summaries of this result page only, in one query whatever the page types.
        found = Page.objects.filter(pk__in=[page.pk for page in results_page]).annotate(summary=summary()).in_bulk()
        results_page.object_list = [found[page.pk] for page in results_page if page.pk in found]
    notice = (
        _("Your search was shortened to %(count)s characters.") % {"count": SEARCH_MAX_LENGTH} if shortened else ""
    )
    context = {"query": query, "results": results_page, "notice": notice, "query_string": urlencode({"q": query})}
    return render(request, "home/search.html", context)


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /es/buscar/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def sitemap_index(request):
    """The sitemap index: the address of each section, from one query. Written here rather than with
    Django's index view and template, which would read every section to count its pages, and take a
    template loop for each section."""
    first = request.build_absolute_uri(reverse("sitemap_section", args=[1]))
    prefix, suffix = (escape(part) for part in first.rsplit("1", 1))
    entries = "".join(
        f"<sitemap><loc>{prefix}{number}{suffix}</loc></sitemap>" for number in range(1, section_count() + 1)
    )
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n',
        content_type="application/xml",
    )


@require_GET
def sitemap(request, section):
    """One section of the sitemap (Django's view); a section past the last is not found."""
    if not 1 <= section <= section_count():
        raise Http404("No such sitemap section.")
    return sitemap_view(request, sitemaps={"pages": PageSitemap(request, section)})


# A card, not a directory: a longer list of hotlines ends with where to find the rest.
CARD_HOTLINES = 12


@require_GET
def resource_card(request):
    """The hotlines (emergency lines first, up to CARD_HOTLINES) and the featured services on one printable
    page, in the reader's language."""
    hotlines = list(_hotlines()[: CARD_HOTLINES + 1])
    more_hotlines = None
    if len(hotlines) > CARD_HOTLINES:
        hotlines = hotlines[:CARD_HOTLINES]
        chrome = load(request)
        # Where the rest are: the hotline index in the menu, else the home page.
        index = next((page for page in chrome.nav if page.specific_class is HotlineIndexPage), chrome.home)
        more_hotlines = request.build_absolute_uri(index.get_url(request) if index else "/")
    services = (
        ServicePage.objects.live()
        .filter(unrestricted())
        .filter(locale=Locale.get_active(), featured=True)
        .defer_streamfields()
        .select_related("provider")
        .order_by("title")
    )
    context = {"hotlines": hotlines, "more_hotlines": more_hotlines, "services": services}
    return render(request, "home/resource_card.html", context)


def page_not_found(request, exception=None):
    """A 404 that still shows the emergency and help lines."""
    return render(request, "404.html", {"hotlines": _hotlines().filter(featured=True)}, status=404)


def server_error(request):
    """A 500 that needs no database: the numbers come from settings, the words from gettext."""
    template = loader.get_template("500.html")
    context = {
        "contacts": settings.ERROR_PAGE_CONTACTS,
        "LANGUAGE_CODE": translation.get_language(),
        "CSP_NONCE": getattr(request, "csp_nonce", ""),
    }
    return HttpResponseServerError(template.render(context))
