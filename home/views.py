"""Pages that are not Wagtail pages: search, the sitemap, robots.txt, the printable resource card and the error pages."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.views.decorators.http import require_safe

from wagtail.models import Locale

from coalition.caching.sites import absolute_url
from coalition.search import views as search_views
from resources.models import HotlineIndexPage, HotlinePage, ServicePage

from .chrome import load
from .sitemaps import PageSitemap, section_count


@require_safe
def search(request):
    """The site search (coalition/search/), in the language of the site's home page for this address."""
    home = load(request).home
    return search_views.search(request, locale_id=home.locale_id if home else None)


@require_safe
def robots_txt(request):
    sitemap = absolute_url(request, reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /es/buscar/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def sitemap_index(request):
    """The sitemap index: the address of each section, from one query. Written here rather than with
    Django's index view and template, which would read every section to count its pages, and take a
    template loop for each section."""
    first = absolute_url(request, reverse("sitemap_section", args=[1]))
    prefix, suffix = (escape(part) for part in first.rsplit("1", 1))
    entries = "".join(
        f"<sitemap><loc>{prefix}{number}{suffix}</loc></sitemap>" for number in range(1, section_count() + 1)
    )
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n',
        content_type="application/xml",
    )


@require_safe
def sitemap(request, section):
    """One section of the sitemap (Django's view); a section past the last is not found."""
    if not 1 <= section <= section_count():
        raise Http404("No such sitemap section.")
    return sitemap_view(request, sitemaps={"pages": PageSitemap(request, section)})


# A card, not a directory: a longer list of hotlines ends with where to find the rest.
CARD_HOTLINES = 12


@require_safe
def resource_card(request):
    """The hotlines (emergency lines first, up to CARD_HOTLINES) and the featured services on one printable
    page, in the reader's language."""
    hotlines = list(
        HotlinePage.objects.visible()
        .filter(locale=Locale.get_active())
        .defer_streamfields()
        .in_display_order()[: CARD_HOTLINES + 1]
    )
    more_hotlines = None
    if len(hotlines) > CARD_HOTLINES:
        hotlines = hotlines[:CARD_HOTLINES]
        chrome = load(request)
        # Where the rest are: the hotline index in the menu, else the home page.
        index = next((page for page in chrome.nav if page.specific_class is HotlineIndexPage), chrome.home)
        more_hotlines = absolute_url(request, index.get_url(request) if index else "/")
    services = ServicePage.objects.featured().filter(locale=Locale.get_active())
    context = {"hotlines": hotlines, "more_hotlines": more_hotlines, "services": services}
    return render(request, "home/resource_card.html", context)


def page_not_found(request, exception=None):
    """A 404 that still shows the emergency and help lines."""
    hotlines = HotlinePage.objects.featured().filter(locale=Locale.get_active()).defer_streamfields()
    return render(request, "404.html", {"hotlines": hotlines}, status=404)


def server_error(request):
    """A 500 that needs no database: the numbers come from settings, the words from gettext."""
    template = loader.get_template("500.html")
    context = {
        "contacts": settings.ERROR_PAGE_CONTACTS,
        "LANGUAGE_CODE": translation.get_language(),
        "CSP_NONCE": getattr(request, "csp_nonce", ""),
    }
    return HttpResponseServerError(template.render(context))
