"""The page cache keeps a page once for the site Wagtail serves, whatever the Host header says, keeps a bounded
number of entries, and every address it keeps for readers names the site's configured host (#16)."""

import json
import re

import pytest

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from wagtail.models import Site

from coalition.caching import middleware
from coalition.caching.templatetags import fragment_cache
from resources.models import FaqPage, HotlinePage, ServicePage
from tests.utils import get_counting_queries

pytestmark = pytest.mark.django_db

# Hosts that ALLOWED_HOSTS lets through and Wagtail answers with the demo site (localhost, port 80, the default
# site): other spellings of its name, other ports, other names.
SPELLINGS = ["LOCALHOST", "127.0.0.1.", "localhost:020000", "localhost:20000", "[::1]", "testserver"]


def english(model):
    return model.objects.live().filter(locale__language_code="en").order_by("path").first()


def reader_links(body):
    """The absolute addresses a page gives for itself: canonical, og:url, hreflang alternates, JSON-LD's url."""
    links = re.findall(r'<link rel="(?:canonical|alternate)" hreflang="[^"]*" href="([^"]+)"', body)
    links += re.findall(r'<link rel="canonical" href="([^"]+)"', body)
    links += re.findall(r'<meta property="og:url" content="([^"]+)"', body)
    for data in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S):
        data = json.loads(data)
        links += [data["url"]] if "url" in data else []
        links += [point["url"] for point in data.get("contactPoint", []) if "url" in point]
    return links


def test_a_flood_of_host_ports_is_answered_from_one_entry(client, demo_site):
    """250 requests for / with Host localhost:20000 to :20249 are all answered from the entry the first reader's
    request made (one for each encoding), and that reader's page is still a hit afterwards."""
    for encoding in ("identity", "gzip"):
        assert client.get("/", HTTP_ACCEPT_ENCODING=encoding)["X-Cache"] == "miss"
        outcomes = [
            client.get("/", HTTP_HOST=f"localhost:{20000 + number}", HTTP_ACCEPT_ENCODING=encoding)["X-Cache"]
            for number in range(250)
        ]
        assert outcomes.count("hit") == 250, encoding
        assert client.get("/", HTTP_ACCEPT_ENCODING=encoding)["X-Cache"] == "hit", encoding


def test_every_spelling_of_the_host_shares_the_page_and_its_configured_address(client, demo_site):
    """127.0.0.1., LOCALHOST, a port with a leading zero and the rest get the page kept for the demo site, and
    every address in it (canonical, og:url, hreflang, JSON-LD) is on its configured host, http://localhost; a
    Host outside ALLOWED_HOSTS is still refused."""
    root = Site.objects.get(is_default_site=True).root_url
    assert root == "http://localhost"
    for path in ["/", "/es/", english(ServicePage).url, english(HotlinePage).url, english(FaqPage).url]:
        first = client.get(path, HTTP_HOST="127.0.0.1.")
        assert first["X-Cache"] == "miss", path
        expected = reader_links(first.content.decode())
        assert expected and all(link.startswith(root + "/") for link in expected), (path, expected)
        assert f'<link rel="canonical" href="{root}{path}">' in first.content.decode()
        for host in SPELLINGS:
            response = client.get(path, HTTP_HOST=host)
            assert (response.status_code, response["X-Cache"]) == (200, "hit"), (path, host)
            assert reader_links(response.content.decode()) == expected, (path, host)
    assert client.get("/", HTTP_HOST="attacker.example").status_code == 400


@pytest.mark.parametrize(
    "path, addresses",
    [
        ("/robots.txt", r"Sitemap: (\S+)"),
        ("/sitemap.xml", r"<loc>([^<]+)</loc>"),
        ("/sitemap-1.xml", r'<loc>([^<]+)</loc>|href="([^"]+)"'),
        ("updates_feed", r'href="([^"]+)"|<id>([^<]+)</id>'),
        ("updates_feed es", r'href="([^"]+)"|<id>([^<]+)</id>'),
    ],
)
def test_sitemaps_robots_txt_and_feeds_name_the_configured_site(client, demo_site, path, addresses):
    """Asked for under another spelling of the host, robots.txt, the sitemap and the feeds list addresses on
    http://localhost only, and the next reader gets that same answer from the cache."""
    if path.startswith("updates_feed"):
        with translation.override(path.partition(" ")[2] or "en"):
            path = reverse("updates_feed")
    first = client.get(path, HTTP_HOST="127.0.0.1.")
    assert (first.status_code, first["X-Cache"]) == (200, "miss"), path
    found = [next(group for group in match.groups() if group) for match in re.finditer(addresses, first.text)]
    assert found and all(address.startswith("http://localhost/") for address in found), found
    again = client.get(path, HTTP_HOST="LOCALHOST")
    assert (again["X-Cache"], again.content) == ("hit", first.content)


def test_a_page_rendered_again_under_another_spelling_of_the_host_reads_nothing_again(client, demo_site):
    """An address the page cache never keeps (it has a query string) is rendered from the chrome's rows and the
    shared parts kept for the site, whatever the Host: no query, and no new shared part kept."""
    address = english(FaqPage).url
    client.get(address + "?from=card", HTTP_HOST="localhost")
    fragments = len(fragment_cache._fragments)
    assert fragments > 0
    for number, host in enumerate(SPELLINGS):
        response, queries = get_counting_queries(client, f"{address}?from=poster-{number}", HTTP_HOST=host)
        assert (response.status_code, queries) == (200, 0), host
    assert len(fragment_cache._fragments) == fragments


def test_without_a_site_for_the_host_nothing_is_kept(client, demo_site):
    """With no default site, a Host that names no site is answered afresh every time and never kept: its
    answer may only name the address it was asked at."""
    site = Site.objects.get(is_default_site=True)
    site.is_default_site = False
    site.save()
    for _ in range(2):
        response = client.get("/robots.txt", HTTP_HOST="127.0.0.1")
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert "Sitemap: http://127.0.0.1/sitemap.xml" in response.content.decode()
    assert client.get("/robots.txt", HTTP_HOST="localhost")["X-Cache"] == "miss"
    assert client.get("/robots.txt", HTTP_HOST="LOCALHOST")["X-Cache"] == "hit"


def test_the_page_cache_in_process_memory_holds_a_bounded_number_of_entries():
    """Without Redis, each process keeps at most MAX_ENTRIES pages and rows (Django culls the oldest third
    beyond that): enough for the site's pages in both languages and both encodings, never unbounded."""
    cache = settings.CACHES["default"]
    if cache["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
        pytest.skip("the tests run with REDIS_URL: Redis's maxmemory bounds it (docs/performance.md)")
    assert 1000 <= cache["OPTIONS"]["MAX_ENTRIES"] <= 5000


def test_a_page_larger_than_an_entry_may_hold_is_never_kept(client, demo_site, monkeypatch):
    """A response larger than MAX_ENTRY_BYTES is served but not kept, so no one entry can take much memory."""
    assert 100_000 <= middleware.MAX_ENTRY_BYTES <= 2_000_000
    monkeypatch.setattr(middleware, "MAX_ENTRY_BYTES", 1000)
    for _ in range(2):
        large = client.get("/")
        assert (large.status_code, len(large.content) > 1000, "X-Cache" in large) == (200, True, False)
    small = [client.get("/robots.txt") for _ in range(2)]
    assert [(len(page.content) <= 1000, page["X-Cache"]) for page in small] == [(True, "miss"), (True, "hit")]


def test_a_response_varying_on_a_header_the_key_leaves_out_is_never_kept(demo_site):
    """A response that varies on a request header the key does not account for is served and never kept: the
    next reader could be sent another's variant. Accept-Encoding, Accept-Language and Cookie are accounted for."""
    kept = {
        "Accept-Encoding, Accept-Language, Cookie": True,
        "User-Agent": False,
        "Accept-Encoding, X-Reader": False,
        "*": False,
    }

    def view(request):
        response = HttpResponse(f"varies on {request.path}")
        response["Vary"] = request.headers["X-Vary"]
        return response

    cache = middleware.PageCacheMiddleware(view)
    outcomes = {
        vary: [cache(RequestFactory().get(f"/varying/{number}/", HTTP_X_VARY=vary)).get("X-Cache") for _ in range(2)]
        for number, vary in enumerate(kept)
    }
    assert outcomes == {vary: ["miss", "hit"] if keep else [None, None] for vary, keep in kept.items()}


def test_a_head_answered_from_the_cache_has_no_body(demo_site):
    """Through every middleware, with no server or test client to strip it: a HEAD answered from the cache
    has the headers of the GET, its Content-Length included, and an empty body."""
    handler = WSGIHandler()
    factory = RequestFactory()
    get = handler.get_response(factory.get("/"))
    assert get["X-Cache"] == "miss" and len(get.content) > 1000
    head = handler.get_response(factory.head("/"))
    assert head["X-Cache"] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == get["Content-Length"] == str(len(get.content))
    assert head["Content-Type"] == get["Content-Type"]
