"""Every page a reader can meet is valid HTML: the Nu HTML Checker (vnu, the W3C's validator) finds no error in
one page of each page type, in English and Spanish, nor in the directory's filtered and further pages, the search
(results, none, words it cannot search for), the resource card, a missing page, the server error page, the form of
a page behind a password and the page for members only.

vnu.jar (npm vnu-jar, installed by `make install-test` in tests/vnu/ when npm is here) runs on Java, once over
every page: a Java virtual machine takes seconds to start.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale, Page, PageViewRestriction

from coalition.search import views as search_views
from home.models import AlertBanner
from home.views import server_error
from resources.models import FaqPage, ServiceIndexPage, ServicePage
from resources.models.base import IndexPage
from tests.servers import REPO

VNU_JAR = REPO / "tests" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = {"en": "", "es": "/es"}
SEARCH_WORD = {"en": "help", "es": "ayuda"}  # a word found on more than two pages in each language
# What each variant of a page shows, so that a change to the demo content cannot leave it checking less.
VARIANTS = {
    "ServiceIndexPage-wrong-filter": b'aria-invalid="true"',
    "ServiceIndexPage-page-2": b'rel="prev"',
    "FaqIndexPage-page-2": b'rel="prev"',
    "Search-results": b'rel="next"',
    "Search-results-page-2": b'rel="prev"',
    "Search-no-results": b'<p><a class="button" href="',
    "Search-no-words": b'class="notice"',
    "Search-shortened": b'class="notice"',
}
SAME_SITE = {"HTTP_ORIGIN": "http://testserver"}  # the password form posted from this site's own page

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def vnu():
    """The command that runs the checker; skipped without Java or vnu.jar unless REQUIRE_VNU is set."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        message = "no Java, or vnu.jar is not installed (make install-test installs it when npm is here)"
        if os.environ.get("REQUIRE_VNU") == "1":
            pytest.fail(f"REQUIRE_VNU=1 but {message}")
        pytest.skip(message)
    return [java, "-jar", str(VNU_JAR)]


def in_language(language, name):
    with translation.override(language):
        return reverse(name)


def public_pages(client, language):
    """The first live page of each page type, and the variants of the directory, search and card, by language and
    name."""
    pages = Page.objects.live().public().filter(locale__language_code=language, depth__gt=1).order_by("path")
    paths = {}
    for page in pages.specific():
        paths.setdefault(type(page).__name__, page.url)
    directory = ServiceIndexPage.objects.live().get(locale__language_code=language).url
    search = in_language(language, "search")
    paths.update(
        {
            "ServiceIndexPage-filtered": f"{directory}?cost=free&open_24_7=on&confidential=on",
            "ServiceIndexPage-wrong-filter": f"{directory}?category=no-such-kind&language=xx",
            "ServiceIndexPage-page-2": f"{directory}?page=2",
            "FaqIndexPage-page-2": f"{paths['FaqIndexPage']}?page=2",
            "Search-empty": search,
            "Search-results": f"{search}?q={SEARCH_WORD[language]}",
            "Search-results-page-2": f"{search}?q={SEARCH_WORD[language]}&page=2",
            "Search-no-results": f"{search}?q=qwxzyv",
            "Search-no-words": f"{search}?q=%3F%21",
            "Search-shortened": f"{search}?q={'help+' * 30}",
            "ResourceCard": in_language(language, "resource_card"),
        }
    )
    found = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        assert VARIANTS.get(name, b"") in response.content, f"{path} is not what {name} stands for"
        found[(language, name)] = response.content
    return found


def pages_readers_meet_elsewhere(client, language):
    """A missing page, the form of a page behind a password (asking, then after a wrong password) and the page a
    members' page sends a reader to, by language and name."""
    prefix = LANGUAGES[language]
    found = {}
    missing = client.get(f"{prefix}/no-such-page/")
    assert missing.status_code == 404
    found[(language, "404")] = missing.content

    faq = FaqPage.objects.live().filter(locale__language_code=language).order_by("path").last()
    if not PageViewRestriction.objects.filter(page=faq).exists():  # a password may reach its translations at once
        PageViewRestriction.objects.create(page=faq, restriction_type="password", password="winter-26")
    asking = client.get(faq.url)
    assert asking.status_code == 200 and b'name="password"' in asking.content, faq.url
    found[(language, "PasswordRequired")] = asking.content
    form = unescape(re.search(r'<form class="password-form" method="post" action="([^"]+)"', asking.text)[1])
    refused = client.post(form, {"password": "summer-26", "return_url": faq.url}, **SAME_SITE)
    assert refused.status_code == 200 and b'aria-invalid="true"' in refused.content, form
    found[(language, "PasswordRequired-wrong-password")] = refused.content

    service = ServicePage.objects.live().filter(locale__language_code=language).order_by("path").last()
    if not PageViewRestriction.objects.filter(page=service).exists():
        PageViewRestriction.objects.create(page=service, restriction_type="login")
    sent = client.get(service.url)
    assert sent.status_code == 302, service.url
    members = client.get(sent["Location"])
    assert members.status_code == 200, sent["Location"]
    found[(language, "MembersOnly")] = members.content

    with translation.override(language):
        found[(language, "500")] = server_error(RequestFactory().get(f"{prefix}/")).content
    return found


def with_a_notice(client):
    """The home page in each language with a notice on, linking to a page: in English, untranslated in Spanish."""
    english = Locale.objects.get(language_code="en")
    now = timezone.now()
    details = Page.objects.live().public().filter(locale=english, depth__gt=2).order_by("path").first()
    AlertBanner.objects.create(
        message="Cold-weather shelter open tonight from 7 pm.",
        link=details,
        locale=english,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    found = {}
    for language, prefix in LANGUAGES.items():
        response = client.get(f"{prefix}/")
        assert response.status_code == 200 and b'class="site-alert"' in response.content, f"{prefix}/"
        found[(language, "HomePage-notice")] = response.content
    return found


def check(vnu, files):
    """vnu's errors in `files` (every one in a single run), as lines naming the file, line and message."""
    # Errors only (not warnings); no guessing each page's language, which gives warnings only and takes a second.
    run = subprocess.run(
        [*vnu, "--errors-only", "--no-langdetect", "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(run.stdout)["messages"]
    except ValueError:
        pytest.fail(f"vnu gave no report (exit {run.returncode}): {run.stderr[-2000:]}")
    assert messages or run.returncode == 0, f"vnu failed (exit {run.returncode}): {run.stderr[-2000:]}"
    errors = []
    for message in messages:
        name = Path(message.get("url", "").removeprefix("file:")).name or "?"
        extract = " ".join(message.get("extract", "").split())
        errors.append(f"{name}:{message.get('lastLine', '?')}: {message['type']}: {message['message']}  [{extract}]")
    return errors


def test_every_page_a_reader_can_meet_is_valid_html(vnu, client, demo_site, monkeypatch, tmp_path):
    # Listings of two a page, so that the directory, the questions and the search link to more pages.
    monkeypatch.setattr(IndexPage, "PER_PAGE", 2)
    monkeypatch.setattr(search_views, "RESULTS_PER_PAGE", 2)
    documents = {}
    for language in LANGUAGES:
        documents.update(public_pages(client, language))
    for language in LANGUAGES:  # once every open page is in, as restricting a page may restrict its translation
        documents.update(pages_readers_meet_elsewhere(client, language))
    documents.update(with_a_notice(client))

    files = []
    for (language, name), body in documents.items():
        files.append(tmp_path / f"{language}-{name}.html")
        files[-1].write_bytes(body)
    errors = check(vnu, files)
    assert errors == [], f"vnu found {len(errors)} errors:\n" + "\n".join(errors)
