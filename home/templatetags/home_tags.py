"""Site chrome shared by every page: language links, navigation, site text and inlined assets."""

import json
from functools import cache

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail.models import Page

from coalition.caching.sites import absolute_url
from coalition.search.summary import summary_of
from home.chrome import load
from resources.models import HotlinePage
from resources.phone import PhoneNumber
from resources.serving import visible

register = template.Library()


def translation_links(page, request):
    """One entry per site language: this page's live translation, else the same view in that language,
    else that language's home page."""
    chrome = load(request)
    current = translation.get_language()
    live_translations = {}
    if chrome.page is not None and isinstance(page, Page) and chrome.page.pk == page.pk:
        live_translations = chrome.translations
    elif isinstance(page, Page):
        for translated in visible(page.get_translations(inclusive=True)).select_related("locale"):
            live_translations[translated.locale.language_code] = translated
    links = []
    for code, name in settings.LANGUAGES:
        url = _translated_url(code, page, live_translations, request, chrome)
        if url is None:
            continue
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                # On the site's configured host (canonical, og:url, hreflang), whatever Host the page was asked under.
                "absolute_url": absolute_url(request, url),
                "is_current": code == current,
            }
        )
    return links


def _translated_url(code, page, live_translations, request, chrome):
    if code in live_translations:
        return live_translations[code].get_url(request=request)
    match = getattr(request, "resolver_match", None)
    if not isinstance(page, Page) and match is not None and match.url_name != "wagtail_serve":
        # A view that is not a Wagtail page (the resource card): its own address in that language.
        return translate_url(request.path, code)
    home = chrome.homes.get(code)
    return home.get_url(request=request) if home else None


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """The site's settings, text, alert, menu and home page for this request (home/chrome.py)."""
    return load(context["request"])


@register.simple_tag(takes_context=True)
def parent_page(context, page):
    """The page's parent, already loaded with the page when the router found it."""
    chrome = load(context["request"])
    if chrome.page is not None and chrome.page.pk == page.pk and chrome.parent is not None:
        return chrome.parent
    return page.get_parent()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Computed once per page by base.html; the switcher and the hreflang links share it."""
    return translation_links(context.get("page"), context["request"])


# The emergency lines shown under the site's emergency number on the first screen: with more, a 320-px phone
# would have to scroll to reach the last of them.
FIRST_SCREEN_LINES = 2


@register.simple_tag(takes_context=True)
def call_now(context):
    """The first screen's call and text buttons (templates/includes/call_now.html): the site's emergency number,
    then the lines editors mark as emergency lines, in their order, up to FIRST_SCREEN_LINES of them: the
    template's `emergency_lines` when it has them (the home page reads them with its other hotlines).

    A list of {"name", "buttons"}, each button a {"href", "label", "text"}; a number already shown is not shown
    again, so a line whose numbers are all above (the 911 page under 911) is left out.
    """
    chrome = load(context["request"])
    lines, shown, shown_lines = [], set(), 0

    def buttons(*pairs):
        found = []
        for href, label, text in pairs:
            if href not in shown:
                shown.add(href)
                found.append({"href": href, "label": label, "text": text})
        return found

    number = chrome.settings.emergency_number
    if number:
        number = PhoneNumber(number)
        lines.append(
            {
                "name": _("In danger right now?"),
                "buttons": buttons((number.tel_href, _("Call %(number)s") % {"number": number.display}, False)),
            }
        )
    hotlines = context.get("emergency_lines")
    if hotlines is None:
        # Under the home page in the reader's language: its tree holds that language's pages only.
        hotlines = HotlinePage.objects.emergency()
        if chrome.home is not None:
            hotlines = hotlines.descendant_of(chrome.home)
        else:
            hotlines = hotlines.filter(locale__language_code=chrome.language)
    for hotline in hotlines:
        pairs = []
        if hotline.phone:
            pairs.append((hotline.phone.tel_href, _("Call %(number)s") % {"number": hotline.phone.display}, False))
        if hotline.text_number:
            label = _("Text %(number)s") % {"number": hotline.text_number.display}
            pairs.append((hotline.text_number.sms_href, label, True))
        found = buttons(*pairs)
        if found:
            lines.append({"name": hotline.title, "buttons": found})
            shown_lines += 1
        if shown_lines == FIRST_SCREEN_LINES:
            break
    return lines


@cache
def _read_static(path):
    with open(finders.find(path), encoding="utf-8") as handle:
        return handle.read()


@register.simple_tag
def inline_static(path):
    """A small CSS or JS file's content, for inlining: the first screen then needs a single response."""
    if settings.DEBUG:
        _read_static.cache_clear()
    # Safe: the file is one of this repository's own static files, named in a template, never user input.
    return mark_safe(_read_static(path))  # nosec B308 B703


@register.simple_tag
def meta_description(page):
    """The page's search description, else its summary or introduction: what link previews show."""
    return summary_of(page)


# The characters json_script escapes, so that page text can never close the script element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def structured_data(context):
    """The page's schema.org description as JSON-LD, when its type has one."""
    page = context.get("page")
    if page is None or not hasattr(page, "structured_data"):
        return ""
    data = json.dumps(page.structured_data(context["request"]), ensure_ascii=False, cls=DjangoJSONEncoder)
    # Safe: JSON with <, > and & escaped, as Django's json_script does, so no text can end the element.
    escaped = mark_safe(data.translate(JSON_ESCAPES))  # nosec B308 B703
    return format_html('<script type="application/ld+json">{}</script>', escaped)
