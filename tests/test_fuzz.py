"""No query string and no address under a public page gives a server error: generated ones, from hypothesis.

Bounded to about half a minute on the CI machine: a few hundred requests over every public address in both
languages. Query keys are the ones the views read plus made-up ones; values are the kinds that break views
(huge and negative numbers, words where numbers go, 10,000 characters, NUL bytes, stray percent-escapes,
any Unicode), sent as a server would pass them on.
"""

import functools
import string
from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.test import Client
from django.urls import reverse
from django.utils import translation

from home.models import HomePage
from resources.hsds import records as hsds
from resources.models import (
    FaqIndexPage,
    FaqPage,
    HotlineIndexPage,
    HotlinePage,
    ServiceIndexPage,
    ServicePage,
    StandardPage,
    UpdateIndexPage,
    UpdatePage,
)

PAGE_MODELS = [
    HomePage,
    FaqIndexPage,
    FaqPage,
    HotlineIndexPage,
    HotlinePage,
    ServiceIndexPage,
    ServicePage,
    UpdateIndexPage,
    UpdatePage,
    StandardPage,
]
ROUTES = ["search", "resource_card", "updates_feed"]
UNPREFIXED = ["sitemap.xml", "sitemap section", "robots.txt", "hsds services", "hsds service", "hsds organizations",
              "hsds organization"]  # fmt: skip
ADDRESSES = [f"{name} {language}" for name in [m.__name__ for m in PAGE_MODELS] + ROUTES for language in ("en", "es")]
ADDRESSES += UNPREFIXED

# Every query parameter a public view reads (grep request.GET; Django's sitemap view reads p).
KEYS = ["page", "q", "lang", "category", "language", "cost", "open_24_7", "confidential", "per_page", "full", "p"]

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@functools.cache
def addresses():
    """Each public address by name, from the demo site."""
    found = {}
    for language in ("en", "es"):
        with translation.override(language):
            for model in PAGE_MODELS:
                found[f"{model.__name__} {language}"] = (
                    model.objects.live().filter(locale__language_code=language).order_by("path").first().url
                )
            for route in ROUTES:
                found[f"{route} {language}"] = reverse(route)
    service = hsds.services().first()
    organisation = hsds.organisations().first()
    found.update(
        {
            "sitemap.xml": reverse("sitemap"),
            "sitemap section": reverse("sitemap_section", args=[1]),
            "robots.txt": reverse("robots_txt"),
            "hsds services": reverse("hsds:services"),
            "hsds service": reverse("hsds:service", args=[service.translation_key]),
            "hsds organizations": reverse("hsds:organizations"),
            "hsds organization": reverse("hsds:organization", args=[organisation.uuid]),
        }
    )
    return found


numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
values = st.one_of(
    st.sampled_from(["", "abc", "1", "2", "0", "-1", "es", "en", "true", "false", "free", "on", "１２", "1e9", "NaN"]),
    numbers,
    st.text(max_size=30),
    st.just("x" * 10_000),
    st.just("9" * 10_000),
    st.text(alphabet="\x00%2Fz", max_size=8),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=12))
# Raw query strings, not encoded: stray or broken percent-escapes, NUL, separators, any Unicode.
raw_queries = st.text(alphabet=st.one_of(st.sampled_from("%&=+;#?/\x00"), st.characters()), max_size=60)


def as_server_passes(text):
    """A query string as WSGI gives it: the bytes on the wire read as ISO-8859-1."""
    return text.encode("utf-8", "surrogatepass").decode("iso-8859-1")


def get(path, query=""):
    response = Client().get(path, QUERY_STRING=as_server_passes(query))
    assert response.status_code < 500, (path, query)
    return response


@FUZZ
@given(name=st.sampled_from(ADDRESSES), pairs=st.lists(st.tuples(keys, values), max_size=4))
def test_no_query_string_gives_a_server_error(demo_site, name, pairs):
    """Any mix of the parameters the views read, and others, with any values: never a 5xx."""
    get(addresses()[name], urlencode(pairs))


@FUZZ
@given(name=st.sampled_from(ADDRESSES), raw=raw_queries)
def test_no_raw_query_string_gives_a_server_error(demo_site, name, raw):
    """A query string as a careless client sends it, escapes and all: never a 5xx."""
    get(addresses()[name], raw)


path_parts = st.one_of(
    st.sampled_from(["..", ".", "", "%00", "%2F", "%", "%zz", "index.html", "feed", "1", "-1", "x" * 300]),
    st.text(alphabet=string.ascii_letters + string.digits + "-_.~%", max_size=20),
    st.text(max_size=10).map(quote),
    st.text(max_size=10),
)


@FUZZ
@given(name=st.sampled_from(ADDRESSES), parts=st.lists(path_parts, min_size=1, max_size=3), slash=st.booleans())
def test_no_address_under_a_public_one_gives_a_server_error(demo_site, name, parts, slash):
    """Anything after a public address (a page, the search, the sitemap, the API): a page or a 404, never a 5xx."""
    path = addresses()[name].rstrip("/") + "/" + "/".join(parts) + ("/" if slash else "")
    get(path)


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=st.integers(min_value=0, max_value=10**40))
def test_no_sitemap_section_number_gives_a_server_error(demo_site, number):
    """A sitemap section past the last, or a number too big for the database, is a 404."""
    response = get(f"/sitemap-{number}.xml")
    assert response.status_code in (200, 404)


def test_every_public_address_answers(client, demo_site):
    """The addresses the fuzzing starts from are real: each answers 200 without a query string."""
    statuses = {name: client.get(path).status_code for name, path in addresses().items()}
    assert statuses == dict.fromkeys(ADDRESSES, 200)
