"""Every public page is served in at most 8 SQL queries, and that number does not grow with the content."""

import pytest

from home.demo.bulk import add_content
from resources.models import FaqPage, HotlinePage, ServicePage, UpdatePage
from tests.utils import get_counting_queries, without_nonces

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8


def english(model):
    return model.objects.filter(locale__language_code="en").live().order_by("path").first()


def spanish(model):
    return model.objects.filter(locale__language_code="es").live().order_by("path").first()


def addresses():
    """One address of every public page type, in English and in Spanish."""
    return {
        "home": "/",
        "home (es)": "/es/",
        "FAQ index": english(FaqPage).get_parent().url,
        "FAQ page": english(FaqPage).url,
        "FAQ page (es)": spanish(FaqPage).url,
        "hotline index": english(HotlinePage).get_parent().url,
        "hotline": english(HotlinePage).url,
        "hotline (es)": spanish(HotlinePage).url,
        "directory": english(ServicePage).get_parent().url,
        "directory, filtered (es)": spanish(ServicePage).get_parent().url + "?cost=free",
        "service": english(ServicePage).url,
        "service (es)": spanish(ServicePage).url,
        "updates": english(UpdatePage).get_parent().url,
        "update": english(UpdatePage).url,
        "about": "/about/",
        "search": "/search/?q=help",
        "search (es)": "/es/buscar/?q=ayuda",
        "resource card": "/resource-card/",
        "sitemap": "/sitemap.xml",
        "sitemap section": "/sitemap-1.xml",
        "HSDS services": "/hsds/services",
        "HSDS organizations": "/hsds/organizations",
        "feed": "/updates/feed/",
    }


def count_queries(client, address):
    """SQL statements for one anonymous request, with every cache empty (pages, data, the generation token)."""
    response, count = get_counting_queries(client, address, cold=True)
    assert response.status_code == 200, address
    return count


def counts(client):
    pages = addresses()
    for address in pages.values():
        client.get(address)  # compiled templates and content types, as in a running server
    return {name: count_queries(client, address) for name, address in pages.items()}


def test_every_page_type_needs_at_most_eight_queries(client, demo_site):
    """A reader's first visit to any page type costs at most 8 queries, in English and in Spanish."""
    measured = counts(client)
    assert {name: n for name, n in measured.items() if n > MAX_QUERIES} == {}


def test_query_counts_stay_the_same_with_ten_times_the_content(client, demo_site):
    """From 10 to 100 more services, questions and updates, every page costs the same number of queries (bench/pages.py
    measures 100 times the demo content)."""
    add_content(services=10, questions=10, updates=10, featured_services=2, featured_questions=2)
    small = counts(client)
    add_content(services=90, questions=90, updates=90, featured_services=3, featured_questions=3)
    large = counts(client)
    assert large == small


def test_long_section_lists_come_twenty_at_a_time(client, demo_site):
    """With many more hotlines and updates, their section pages show 20 at a time with a link to the next page,
    and a bad page number shows the first page."""
    add_content(hotlines=25, updates=25)
    for model, card in ((HotlinePage, '<li class="hotline'), (UpdatePage, '<li class="card">')):
        index = english(model).get_parent()
        total = model.objects.child_of(index).live().count()
        first = client.get(index.url).content.decode()
        assert first.count(card) == 20
        assert 'rel="next" href="?page=2"' in first
        assert without_nonces(client.get(index.url, {"page": "abc"}).content) == without_nonces(first)
        second = client.get(index.url, {"page": "2"})
        assert second.status_code == 200
        assert second.content.decode().count(card) == total - 20
        assert 'rel="prev" href="?page=1"' in second.content.decode()
