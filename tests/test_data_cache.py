"""A page rendered again reads its chrome from the data cache, and still shows every published change (home/chrome.py)."""

import html

import pytest

from home.models import SiteText
from resources.models import FaqPage, ServiceIndexPage
from tests.utils import get_counting_queries

pytestmark = pytest.mark.django_db


def get_text_counting_queries(client, path):
    response, count = get_counting_queries(client, path)
    assert response.status_code == 200, path
    return html.unescape(response.content.decode()), count


def english(model):
    return model.objects.live().filter(locale__language_code="en").order_by("path").first()


def test_a_page_rendered_again_needs_no_queries(client, demo_site):
    """An FAQ page with a query string (never in the page cache) is rendered the second time without the database."""
    address = english(FaqPage).url
    _body, first = get_text_counting_queries(client, address + "?from=card")
    body, again = get_text_counting_queries(client, address + "?from=poster")
    assert first > 0
    assert again == 0
    assert english(FaqPage).title in body


def test_a_published_menu_change_reaches_pages_rendered_from_the_data_cache(client, demo_site):
    """Renaming a section in the menu shows on the next render of every page, in the menu and the back link."""
    address = english(FaqPage).url + "?from=card"
    directory = english(ServiceIndexPage)
    get_text_counting_queries(client, address)
    directory.title = "Services near you"
    directory.save_revision().publish()
    body, _count = get_text_counting_queries(client, address)
    assert "Services near you" in body


def test_a_changed_footer_reaches_pages_rendered_from_the_data_cache(client, demo_site):
    """Editing the site text snippet shows on the next render."""
    address = english(FaqPage).url + "?from=card"
    get_text_counting_queries(client, address)
    site_text = SiteText.objects.get(locale__language_code="en")
    site_text.safety_note = "Someone watching? Press Quick exit."
    site_text.save()
    body, _count = get_text_counting_queries(client, address)
    assert "Someone watching? Press Quick exit." in body
