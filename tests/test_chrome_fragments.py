"""The parts of every page that many pages share (header, safety note, menu, footer) are rendered once for
each site, language and state of the content ({% fragment %}, coalition/caching/), and readers never tell."""

import re

import pytest

from django.test import Client, override_settings

from wagtail.models import Page

from resources.models import FaqIndexPage, FaqPage, HotlinePage
from tests.utils import without_nonces

pytestmark = pytest.mark.django_db


def addresses(language):
    """A page of each page type, the search and card pages, and an address with no page."""
    paths = {}
    for page in Page.objects.live().filter(locale__language_code=language, depth__gt=1).order_by("path").specific():
        paths.setdefault(type(page), page.url)
    prefix = "" if language == "en" else "/es"
    return [*paths.values(), f"{prefix}/search/?q=help", f"{prefix}/no-such-page/"]


def menu(response):
    """The menu's links as (text, aria-current or None)."""
    nav = response.content.decode().split('<nav class="site-nav"')[1].split("</nav>")[0]
    return [
        (text, current[0] if current else None)
        for attributes, text in re.findall(r"<a ([^>]*)>([^<]*)</a>", nav)
        for current in [re.findall(r'aria-current="(\w+)"', attributes)]
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_is_the_same_with_shared_parts_kept_or_not(demo_site, settings, language):
    """Rendered twice with the shared parts kept (the second time from what the first kept), then with
    nothing kept (DATA_CACHE_SECONDS=0): the same page each time, every page type, both languages."""
    # Both through pytest-django's fixture: an @override_settings around a test that also changes `settings`
    # is undone in the wrong order, and left PAGE_CACHE_SECONDS=0 for every later test in the process.
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    paths = addresses(language)
    first = {path: without_nonces(client.get(path).content.decode()) for path in paths}
    again = {path: without_nonces(client.get(path).content.decode()) for path in paths}
    settings.DATA_CACHE_SECONDS = 0
    fresh = {path: without_nonces(client.get(path).content.decode()) for path in paths}
    for path in paths:
        assert first[path] == fresh[path], path
        assert again[path] == fresh[path], path


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_menu_marks_the_section_of_each_page(demo_site):
    """Whichever page was rendered before, the menu marks the reader's section, and the section's own page."""
    client = Client()
    faqs = FaqIndexPage.objects.get(locale__language_code="en")
    faq = FaqPage.objects.live().filter(locale__language_code="en").first()
    hotline = HotlinePage.objects.live().filter(locale__language_code="en").first()
    for _ in range(2):
        assert (faqs.title, "page") in menu(client.get(faqs.url))
        assert (faqs.title, "true") in menu(client.get(faq.url))
        hotline_menu = menu(client.get(hotline.url))
        assert (faqs.title, None) in hotline_menu
        assert (hotline.get_parent().title, "true") in hotline_menu
        assert all(current is None for _text, current in menu(client.get("/search/?q=help")))


@override_settings(PAGE_CACHE_SECONDS=0)
def test_a_renamed_section_shows_in_every_page_s_menu_at_once(demo_site, django_capture_on_commit_callbacks):
    client = Client()
    hotline = HotlinePage.objects.live().filter(locale__language_code="en").first()
    faqs = FaqIndexPage.objects.get(locale__language_code="en")
    assert (faqs.title, None) in menu(client.get(hotline.url))

    faqs.title = "Your questions answered"
    with django_capture_on_commit_callbacks(execute=True):
        faqs.save_revision().publish()

    assert ("Your questions answered", None) in menu(client.get(hotline.url))
