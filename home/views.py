"""Pages that are not Wagtail pages: the printable resource card and the error pages."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.http import require_GET

from wagtail.models import Locale

from resources.models import HotlinePage, ServicePage


def _hotlines():
    return (
        HotlinePage.objects.live()
        .public()
        .filter(locale=Locale.get_active())
        .defer_streamfields()
        .order_by(*HotlinePage.DISPLAY_ORDER)
    )


@require_GET
def resource_card(request):
    """Every hotline and the featured services on one printable page, in the reader's language."""
    services = (
        ServicePage.objects.live()
        .public()
        .filter(locale=Locale.get_active(), featured=True)
        .defer_streamfields()
        .select_related("provider")
        .order_by("title")
    )
    return render(request, "home/resource_card.html", {"hotlines": _hotlines(), "services": services})


def page_not_found(request, exception=None):
    """A 404 that still shows the emergency and help lines."""
    return render(request, "404.html", {"hotlines": _hotlines().filter(featured=True)}, status=404)


def server_error(request):
    """A 500 that needs no database: the numbers come from settings, the words from gettext."""
    template = loader.get_template("500.html")
    context = {
        "contacts": settings.ERROR_PAGE_CONTACTS,
        "LANGUAGE_CODE": translation.get_language(),
    }
    return HttpResponseServerError(template.render(context))
