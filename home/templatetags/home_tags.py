"""Site chrome shared by every page: the language switcher and hreflang alternates."""

from django import template
from django.conf import settings
from django.utils import translation

from wagtail.models import Locale, Page, Site

register = template.Library()


def translation_links(page, request):
    """One entry per site language: the live translation of `page`, or that language's home page."""
    current = translation.get_language()
    live_translations = {}
    if isinstance(page, Page):
        for translated in page.get_translations(inclusive=True).live().public().select_related("locale"):
            live_translations[translated.locale.language_code] = translated
    links = []
    for code, name in settings.LANGUAGES:
        target = live_translations.get(code)
        if target is None:
            target = _language_home(code, request)
        if target is None:
            continue
        url = target.get_url(request=request)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
        )
    return links


def _language_home(code, request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    try:
        locale = Locale.objects.get(language_code=code)
    except Locale.DoesNotExist:
        return None
    return site.root_page.get_translations(inclusive=True).filter(locale=locale).live().first()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Computed once per page by base.html; the switcher and the hreflang links share it."""
    return translation_links(context.get("page"), context["request"])


@register.simple_tag
def site_text():
    """The footer and safety note in the current language, falling back to the default language."""
    from home.models import SiteText

    return (
        SiteText.objects.filter(locale=Locale.get_active()).first()
        or SiteText.objects.filter(locale=Locale.get_default()).first()
    )
