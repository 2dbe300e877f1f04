"""Finding help: search, directory filters, sitemap, robots.txt, structured data and feeds."""

import html
import json
import re
import xml.etree.ElementTree as ET

import pytest

from django.apps import apps
from django.utils import translation

from resources.models import HotlineIndexPage, Organisation, ServiceCategory, ServiceIndexPage, ServicePage
from tests.utils import log_in

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def text(response):
    return html.unescape(response.content.decode())


def result_titles(response):
    return re.findall(r'<li class="card">\s*<h3><a href="[^"]*">([^<]*)</a>', text(response))


def add_services(count, word="zorblax", **fields):
    index = ServiceIndexPage.objects.get(locale__language_code="en")
    provider = Organisation.objects.first()
    category = ServiceCategory.objects.get(slug="food-basics")
    for number in range(count):
        page = ServicePage(
            title=f"Food {word} {number:03d}",
            slug=f"food-{word}-{number:03d}",
            provider=provider,
            summary=f"Groceries from the {word}.",
            how_to_access="Walk in.",
            **fields,
        )
        index.add_child(instance=page)
        page.categories.add(category)
        page.save_revision().publish()


def test_english_search_finds_the_clinic(client, demo_site):
    """Searching "clinic" on the English site lists the STI testing service with its summary."""
    response = client.get("/search/", {"q": "clinic"})
    assert response.status_code == 200
    assert "STI testing and syringe exchange" in result_titles(response)
    assert "Confidential testing for sexually transmitted infections" in text(response)


def test_spanish_search_without_accents_finds_the_clinic_in_spanish_only(client, demo_site):
    """Searching "clinica" (no accent) on the Spanish site finds the Spanish clinic page and no English page."""
    response = client.get("/es/buscar/", {"q": "clinica"})
    titles = result_titles(response)
    assert "Pruebas de ITS e intercambio de jeringas" in titles
    assert "STI testing and syringe exchange" not in titles
    assert all("/es/" in url for url in re.findall(r'<h3><a href="([^"]*)"', text(response)))


def test_search_results_are_paginated(client, demo_site):
    """Many matches come ten to a page, and odd page numbers fall back to a real page."""
    add_services(25)
    first = client.get("/search/", {"q": "zorblax"})
    assert len(result_titles(first)) == 10
    assert "Page 1 of 3" in text(first)
    assert len(result_titles(client.get("/search/", {"q": "zorblax", "page": "3"}))) == 5
    assert "Page 1 of 3" in text(client.get("/search/", {"q": "zorblax", "page": "abc"}))
    assert "Page 3 of 3" in text(client.get("/search/", {"q": "zorblax", "page": "999999"}))


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "a" * 10_000,
        '"',
        "'",
        "*",
        "(",
        ")",
        "-",
        "AND",
        "OR NOT",
        "NEAR(",
        "a:b",
        "^",
        "%",
        "_",
        "\x00abc",
        "💜",
        "<script>alert(1)</script>",
        "clinic\u202e",
        "\\",
        "{}[]",
        "SELECT * FROM wagtailcore_page;--",
    ],
)
def test_odd_searches_never_fail(client, demo_site, query):
    """Whatever is typed, the search page answers 200 and never shows the text unescaped."""
    response = client.get("/es/buscar/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_long_searches_are_shortened_with_a_message(client, demo_site):
    """A 10,000-character search is cut to 100 characters and the reader is told."""
    response = client.get("/search/", {"q": "clinic " * 2000})
    assert "Your search was shortened to 100 characters." in text(response)


def test_searches_are_not_stored(client, demo_site):
    """A search leaves no trace in the database: no table gains or loses a row."""
    assert not apps.is_installed("wagtail.contrib.search_promotions")

    def row_counts():
        return {model._meta.label: model.objects.count() for model in apps.get_models()}

    before = row_counts()
    client.get("/search/", {"q": "a very private search"})
    assert row_counts() == before


def services_listed(response):
    return re.findall(r'<li class="card">\s*<h2><a href="[^"]*">([^<]*)</a>', text(response))


def test_directory_filters_by_category(client, demo_site):
    """Choosing "Health care" lists only health-care services and says how many."""
    response = client.get("/services/", {"category": "health-care"})
    assert sorted(services_listed(response)) == ["Night outreach vans", "STI testing and syringe exchange"]
    assert "2 services" in text(response)


def test_directory_filters_combine(client, demo_site):
    """Free and open 24/7 together leave only services that are both."""
    police = ServicePage.objects.get(slug="wentzville-police-department", locale__language_code="en")
    ServicePage.objects.filter(pk=police.pk).update(open_24_7=True)
    response = client.get("/services/", {"cost": "free", "open_24_7": "on"})
    assert services_listed(response) == ["Wentzville Police Department"]
    response = client.get("/services/", {"confidential": "on", "category": "housing"})
    assert services_listed(response) == ["Residential programme for girls who survived trafficking"]


def test_directory_filters_by_language_in_spanish(client, demo_site):
    """The Spanish directory filters by language with the language named in Spanish."""
    add_services(1, word="despensa")
    response = client.get("/es/servicios/", {"language": "es"})
    assert response.status_code == 200
    assert ">Español<" in text(response) or ">español<" in text(response).lower()
    assert services_listed(response) == []
    assert "Ningún servicio cumple con todos estos filtros" in text(response)


def test_empty_directory_result_points_to_the_hotlines(client, demo_site):
    """When nothing matches, the page says why and offers the hotlines to call."""
    response = client.get("/services/", {"category": "legal-help", "open_24_7": "on"})
    body = text(response)
    assert "No service matches all of these filters." in body
    assert 'href="tel:+18883737888"' in body


def test_wrong_filter_values_are_explained_not_fatal(client, demo_site):
    """A made-up category or page number gives a message and the unfiltered list, never an error."""
    response = client.get("/services/", {"category": "bogus", "page": "abc", "cost": "millions"})
    assert response.status_code == 200
    assert "Some filters could not be used:" in text(response)
    assert len(services_listed(response)) == 16


def test_directory_is_paginated_and_links_keep_the_filters(client, demo_site):
    """With many services the directory shows 20 a page, and the next-page link keeps the filters."""
    add_services(30, cost="free")
    response = client.get("/services/", {"cost": "free"})
    assert len(services_listed(response)) == 20
    assert 'href="?cost=free&amp;page=2"' in response.content.decode()
    assert len(services_listed(client.get("/services/", {"cost": "free", "page": "999999"}))) > 0


def sitemap_entries(client):
    """Every <url> of the sitemap, as a crawler reads it: the index, then each section it names."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = [loc.text for loc in ET.fromstring(index.content).iter(f"{SITEMAP}loc")]
    entries = []
    for section in sections:
        response = client.get(section.removeprefix("http://localhost"))
        assert response.status_code == 200, section
        entries += ET.fromstring(response.content).findall(f"{SITEMAP}url")
    return sections, entries


def test_sitemap_lists_every_page_in_both_languages_with_alternates(client, demo_site):
    """The sitemap has every live page once per language, each with en, es and x-default alternates."""
    from wagtail.models import Page

    sections, urls = sitemap_entries(client)
    assert sections == ["http://localhost/sitemap-1.xml"]
    live = Page.objects.live().filter(depth__gt=1).count()
    assert len(urls) == live
    locations = {url.find(f"{SITEMAP}loc").text for url in urls}
    assert "http://localhost/es/ayuda-inmediata/" in locations
    for url in urls:
        langs = {link.get("hreflang") for link in url.findall(f"{XHTML}link")}
        assert langs == {"en", "es", "x-default"}


def test_sitemap_lists_a_page_live_in_spanish_only(client, demo_site):
    """When an English page is unpublished and its Spanish translation stays live, the sitemap still works
    and lists the Spanish page."""
    english = ServicePage.objects.get(slug="night-outreach-vans", locale__language_code="en")
    spanish = english.get_translations().get()
    english.unpublish()
    locations = {url.find(f"{SITEMAP}loc").text for url in sitemap_entries(client)[1]}
    assert f"http://localhost{spanish.url}" in locations
    assert f"http://localhost{english.url}" not in locations


def test_a_large_sitemap_comes_in_sections_each_page_once(client, demo_site, monkeypatch):
    """With more pages than a section holds, the index names each section; together they list every live
    page once, each with its translations as alternates; a section past the last is not found."""
    from django.db.models import Max

    from wagtail.models import Page

    from home import sitemaps

    monkeypatch.setattr(sitemaps, "SECTION_IDS", 7)
    sections, urls = sitemap_entries(client)
    assert len(sections) == -(-Page.objects.aggregate(Max("pk"))["pk__max"] // 7) > 1
    locations = [url.find(f"{SITEMAP}loc").text for url in urls]
    assert len(locations) == len(set(locations)) == Page.objects.live().filter(depth__gt=1).count()
    for url in urls:
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert url.find(f"{SITEMAP}loc").text in alternates.values()
        assert set(alternates) == {"en", "es", "x-default"}
        assert alternates["x-default"] == alternates["en"]
    assert client.get(f"/sitemap-{len(sections) + 1}.xml").status_code == 404
    assert client.get("/sitemap-0.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    """robots.txt keeps crawlers out of the admin and search, and names the sitemap."""
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://localhost/sitemap.xml" in body


def json_ld(response):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_home_page_describes_the_coalition_with_its_hotlines(client, demo_site):
    """The home page's JSON-LD is an NGO with a ContactPoint for each hotline in "Get help now", 911 first."""
    data = json_ld(client.get("/"))
    assert (data["@type"], data["name"]) == ("NGO", "Wentzville Coalition")
    phones = [point.get("telephone") for point in data["contactPoint"]]
    assert phones[0] == "911"
    assert "+18883737888" in phones
    assert data["contactPoint"][0]["contactType"] == "emergency"


def test_service_and_hotline_pages_have_structured_data(client, demo_site):
    """A service page is a schema.org Service with its phone and address; a hotline is a ContactPoint."""
    service = json_ld(client.get("/services/wentzville-police-department/"))
    assert service["@type"] == "Service"
    assert service["availableChannel"]["servicePhone"]["telephone"] == "+16363275105"
    assert service["availableChannel"]["serviceLocation"]["address"]["postalCode"] == "63385"
    hotline = json_ld(client.get("/es/ayuda-inmediata/911/"))
    assert hotline["@type"] == "ContactPoint"
    assert hotline["telephone"] == "911"
    assert hotline["name"] == "Emergencias: 911"


@pytest.mark.parametrize(("path", "language"), [("/updates/feed/", "en"), ("/es/novedades/feed/", "es")])
def test_updates_feed_in_each_language(client, demo_site, path, language):
    """Each language has an Atom feed of its own updates, newest first."""
    from resources.models import UpdatePage

    response = client.get(path)
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    expected = list(
        UpdatePage.objects.filter(locale__language_code=language).order_by("-date").values_list("title", flat=True)
    )
    assert titles == expected


def test_pages_link_to_their_language_feed(client, demo_site):
    """Every page tells feed readers where the updates feed in its language is."""
    with translation.override("es"):
        body = client.get("/es/").content.decode()
    assert 'type="application/atom+xml" href="/es/novedades/feed/"' in body


def test_spanish_pages_are_stemmed_in_spanish_on_postgresql(client, demo_site):
    """On PostgreSQL "obligar" finds the hotline page that says "obligando": Spanish stemming, not English."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's full-text index has one English stemmer; `make test` runs this on PostgreSQL in CI")
    response = client.get("/es/buscar/", {"q": "obligar"})
    assert "Línea Nacional contra la Trata de Personas" in result_titles(response)
    english = client.get("/search/", {"q": "forcing"})
    assert "National Human Trafficking Hotline" in result_titles(english)


def test_the_home_page_lists_the_questions_ticked_for_it(client, demo_site):
    """Ticking "Show on the home page" on a question puts it on the home page once published; unticking
    every question on a page takes them all off."""
    from resources.models import FaqPage

    page = FaqPage.objects.get(slug="community", locale__language_code="en")
    body = page.body.get_prep_value()
    questions = [block for block in body if block["type"] == "question"]

    for block in questions:
        block["value"]["featured"] = False
    page.body = body
    page.save_revision().publish()
    home = text(client.get("/"))
    assert not any(block["value"]["question"] in home for block in questions)

    questions[-1]["value"]["featured"] = True
    page.body = body
    page.save_revision().publish()
    home = text(client.get("/"))
    assert questions[-1]["value"]["question"] in home
    assert not any(block["value"]["question"] in home for block in questions[:-1])


@pytest.mark.parametrize("words", ["help", "trafficking hotline", "clinic", "ayuda"])
def test_sqlite_search_ranks_as_wagtail_does(demo_site, words):
    """On SQLite, coalition/search/backends/sqlite.py gives the same results in the same order as Wagtail's own SQLite
    backend, page after page: it only finds them another way."""
    from django.db import connection

    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backend; PostgreSQL uses coalition/search/backends/postgres.py, tested above")
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    add_services(12, word="help")
    pages = Page.objects.live().public().exclude(depth__lte=1)
    ours = get_search_backend().search(words, pages, operator="and")
    wagtails = SQLiteSearchBackend({}).search(words, pages, operator="and")
    assert len(ours) == len(wagtails) > 0
    for start in range(0, len(wagtails), 10):
        assert [page.pk for page in ours[start : start + 10]] == [page.pk for page in wagtails[start : start + 10]]


ADMIN_SEARCHES = {
    "dashboard and sidebar": ("/admin/pages/search/", "hotl", "National Human Trafficking Hotline"),
    "whole words": ("/admin/pages/search/", "help", "Get help now"),
    "page chooser": ("/admin/choose-page/search/", "hotl", "National Human Trafficking Hotline"),
    "snippet listing": ("/admin/snippets/resources/organisation/", "coun", "St. Charles County"),
    "snippet chooser": ("/admin/snippets/choose/resources/organisation/", "coun", "St. Charles County"),
}


@pytest.mark.parametrize("box", ADMIN_SEARCHES)
def test_every_search_box_in_the_admin_finds_what_an_editor_types(client, demo_site, admin_user, box):
    """Each admin search box (autocomplete: whole words or their beginnings) lists what matches, on every
    database; on SQLite they failed with a server error where they met the one-query ranking."""
    address, words, expected = ADMIN_SEARCHES[box]
    log_in(client, admin_user)
    response = client.get(address, {"q": words})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_a_section_listing_searches_its_own_pages(client, demo_site, admin_user):
    """Searching inside the hotlines' listing in the page explorer finds the hotline by part of its name."""
    log_in(client, admin_user)
    index = HotlineIndexPage.objects.get(locale__language_code="en")
    response = client.get(f"/admin/pages/{index.pk}/", {"q": "nat"})
    assert response.status_code == 200
    assert "National Human Trafficking Hotline" in response.content.decode()
