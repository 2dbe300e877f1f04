"""Site chrome shared by every page: language links, navigation, site text and inlined assets."""

import json
from functools import cache

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader_tags import BlockNode
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Page

from home.chrome import load
from resources.serving import unrestricted

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
        for translated in page.get_translations(inclusive=True).live().filter(unrestricted()).select_related("locale"):
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
                "absolute_url": request.build_absolute_uri(url),
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


# Rendered chrome fragments in this process, by generation token and what else they vary on. A publish
# anywhere gives a new token, so a fragment is never shown after what it was made from changed; entries of
# old tokens are dropped all at once when there are too many.
_fragments = {}
MAX_FRAGMENTS = 2000


class ChromeFragmentNode(template.Node):
    def __init__(self, name, vary_on, nodelist):
        self.name = name
        self.vary_on = vary_on
        self.nodelist = nodelist
        # A {% block %} inside may be replaced by the page's template: then the part is kept per template.
        self.per_template = bool(nodelist.get_nodes_by_type(BlockNode))

    def render(self, context):
        request = context["request"]
        generation = load(request).generation
        if generation is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        key = (
            self.name,
            generation,
            request.get_host(),
            translation.get_language(),
            context.template.name if self.per_template else None,
            *(value.resolve(context) for value in self.vary_on),
        )
        fragment = _fragments.get(key)
        if fragment is None:
            fragment = self.nodelist.render(context)
            if len(_fragments) >= MAX_FRAGMENTS:
                _fragments.clear()
            _fragments[key] = fragment
        return fragment


@register.tag
def chrome_fragment(parser, token):
    """{% chrome_fragment "name" value… %}…{% endchrome_fragment %}: the part of the chrome inside, rendered
    once for each site, language, template and values given, until the next change to the site's content.

    For the parts of every page that are the same on many: the header, the menu (given the page's section),
    the footer. Whatever the part shows must come from `site_chrome`, the language or the values given: a
    part that shows anything else (the page's own title, the alert banner, whose time may run out) stays
    outside. A preview, which may show a draft, is rendered afresh.
    """
    name, *vary_on = token.split_contents()[1:]
    nodelist = parser.parse(("endchrome_fragment",))
    parser.delete_first_token()
    return ChromeFragmentNode(name, [parser.compile_filter(value) for value in vary_on], nodelist)


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
    for name in ("search_description", "summary", "introduction"):
        value = getattr(page, name, "")
        if value:
            return value
    return ""


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
