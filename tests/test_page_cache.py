"""Readers get whole pages from the cache, and see every published change on the next visit (coalition/caching/)."""

import datetime
import gzip
import html
import http.cookiejar
import re
import time
import urllib.error
import urllib.request
import uuid
from contextlib import ExitStack
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django_otp.oath import hotp

from django.test import Client, override_settings
from django.utils import timezone

from wagtail.models import Locale

from home.models import AlertBanner, SiteSettings
from resources.models import FaqPage, ServicePage, StandardPage, UpdateIndexPage
from tests.servers import TOTP_KEY, build_site, drop_site, gunicorn, redis_url, wait_until_answering
from tests.utils import get_counting_queries, log_in, without_nonces


def text(response):
    return html.unescape(response.content.decode())


def fill(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["X-Cache"] == "miss", path
        assert client.get(path)["X-Cache"] == "hit", path


def english(model, **filters):
    return model.objects.live().filter(locale__language_code="en", **filters).order_by("path").first()


@pytest.mark.parametrize(
    "path", ["/", "/es/", "/services/", "/es/servicios/", "/sitemap.xml", "/sitemap-1.xml", "/hsds/services"]
)
def test_a_second_visit_is_served_from_the_cache_without_the_database(client, demo_site, path):
    """The second anonymous GET (or HEAD) of a page is the first one's response, with no SQL at all."""
    first = client.get(path)
    second, queries = get_counting_queries(client, path)
    assert (first["X-Cache"], second["X-Cache"], queries) == ("miss", "hit", 0)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert client.head(path)["X-Cache"] == "hit"


def test_a_published_change_shows_on_the_page_its_listings_the_sitemap_and_the_api(client, demo_site):
    """After an English service is renamed and given a new slug, every place that shows it says so."""
    service = english(ServicePage, featured=True)
    index = service.get_parent().url
    fill(client, [service.url, index, "/", "/sitemap.xml", "/sitemap-1.xml", "/hsds/services"])

    service.title = "Wentzville Free Groceries"
    service.slug = "free-groceries"
    service.save_revision().publish()

    assert client.get(service.url).status_code == 404
    for path in ["/services/free-groceries/", index, "/", "/hsds/services"]:
        response = client.get(path)
        assert response["X-Cache"] == "miss", path
        assert "Wentzville Free Groceries" in text(response), path
    assert "http://localhost/services/free-groceries/" in text(client.get("/sitemap-1.xml"))


def test_an_unpublished_page_disappears_everywhere(client, demo_site):
    """Unpublishing a service takes it off its own address, the directory, the home page, the sitemap and the API."""
    service = english(ServicePage, featured=True)
    index = service.get_parent().url
    fill(client, [service.url, index, "/", "/sitemap.xml", "/sitemap-1.xml", "/hsds/services"])

    # In both languages: the sitemap fails on a page live in Spanish only (its lastmod looks for the English).
    for each in service.get_translations(inclusive=True):
        each.unpublish()

    assert client.get(service.url).status_code == 404
    for path in [index, "/", "/hsds/services"]:
        assert service.title not in text(client.get(path)), path
    assert f"http://localhost{service.url}" not in text(client.get("/sitemap-1.xml"))


def test_a_moved_page_is_found_at_its_new_address_everywhere(client, demo_site):
    """Moving "Stay safe online" under "About": the old address redirects, every page links to the new one."""
    safety = english(StandardPage, slug="stay-safe-online")
    about = english(StandardPage, slug="about")
    fill(client, [safety.url, about.url, "/", "/sitemap-1.xml"])

    safety.move(about, pos="last-child")

    old_address = client.get("/stay-safe-online/")
    assert (old_address.status_code, old_address["Location"]) == (301, "/about/stay-safe-online/")
    assert client.get("/about/stay-safe-online/").status_code == 200
    assert 'href="/about/stay-safe-online/"' in text(client.get("/"))
    sitemap = text(client.get("/sitemap-1.xml"))
    assert "http://localhost/about/stay-safe-online/" in sitemap
    assert "http://localhost/stay-safe-online/" not in sitemap


def test_a_deleted_page_disappears_everywhere(client, demo_site):
    """Deleting a page of questions takes it off its address, its index and the sitemap."""
    faq = english(FaqPage)
    index = faq.get_parent().url
    fill(client, [faq.url, index, "/sitemap-1.xml"])
    assert faq.title in text(client.get(index))

    for each in faq.get_translations(inclusive=True):
        each.delete()

    assert client.get(faq.url).status_code == 404
    assert faq.title not in text(client.get(index))
    assert f"http://localhost{faq.url}" not in text(client.get("/sitemap-1.xml"))


def test_a_published_spanish_translation_shows_at_once(client, demo_site):
    """A change published on a Spanish page shows on it, the Spanish directory and the Spanish home page."""
    service = english(ServicePage, featured=True)
    spanish = service.get_translation(Locale.objects.get(language_code="es"))
    index = spanish.get_parent().url
    fill(client, [spanish.url, index, "/es/"])

    spanish.title = "Despensa gratuita de Wentzville"
    spanish.save_revision().publish()

    for path in [spanish.url, index, "/es/"]:
        assert "Despensa gratuita de Wentzville" in text(client.get(path)), path


def test_a_site_wide_change_reaches_every_cached_page(client, demo_site):
    """A new emergency number in the site settings shows on pages that were cached before."""
    fill(client, ["/", "/services/", "/es/"])
    settings = SiteSettings.objects.get()
    settings.emergency_number = "112"
    settings.save()
    for path in ["/", "/services/", "/es/"]:
        assert 'href="tel:112"' in text(client.get(path)), path


def test_an_editor_is_never_served_a_cached_page_and_never_fills_the_cache(client, demo_site, admin_user):
    """A logged-in editor's pages are rendered for them, marked private, and never kept for readers."""
    reader = Client()
    reader.get("/")
    log_in(client, admin_user)

    response, queries = get_counting_queries(client, "/")
    assert "X-Cache" not in response
    assert queries > 0
    assert "private" in response["Cache-Control"]

    client.get("/services/")
    assert reader.get("/services/")["X-Cache"] == "miss"


def test_cached_pages_set_no_cookie_and_let_browsers_keep_them_a_minute(client, demo_site):
    """A cached page sets no cookie, may be kept 60 seconds by a browser or proxy, and is sent compressed."""
    for outcome in ("miss", "hit"):
        response = client.get("/")
        assert response["X-Cache"] == outcome
        assert response.cookies == {} and not response.has_header("Set-Cookie")
        assert response["Cache-Control"] == "public, max-age=60"
    plain = client.get("/").content
    for outcome in ("miss", "hit"):
        compressed = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
        assert (compressed["X-Cache"], compressed["Content-Encoding"]) == (outcome, "gzip")
        assert "Accept-Encoding" in compressed["Vary"]
        assert without_nonces(gzip.decompress(compressed.content)) == without_nonces(plain)


def test_a_cached_page_is_kept_compressed_so_a_hit_costs_no_compression(client, demo_site):
    """The cache holds the gzipped page as sent: a hit returns the stored bytes without compressing again."""
    from unittest import mock

    client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    with mock.patch("django.middleware.gzip.compress_string") as compress:
        hit = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert hit["X-Cache"] == "hit"
    compress.assert_not_called()


def test_a_query_string_never_poisons_the_cache(client, demo_site):
    """?page=abc and other query strings are answered fresh and never stored, so the plain address is unaffected."""
    updates = english(UpdateIndexPage).url
    odd = client.get(updates + "?page=abc")
    assert "X-Cache" not in odd
    plain = client.get(updates)
    assert (plain.status_code, plain["X-Cache"]) == (200, "miss")

    assert client.get("/hsds/services?page=abc").status_code == 400
    assert client.get("/hsds/services").status_code == 200


def test_searches_are_never_cached(client, demo_site):
    """Search results are rendered for each request: search words are never stored, in the cache or anywhere."""
    client.get("/search/?q=food")
    response, queries = get_counting_queries(client, "/search/?q=food")
    assert "X-Cache" not in response and queries > 0


def test_an_alert_banner_appears_when_it_starts_and_goes_when_it_ends(client, demo_site):
    """A cached page is never kept past the start or end of an alert banner."""
    english_locale = Locale.objects.get(language_code="en")
    now = timezone.now()
    switch = now + datetime.timedelta(seconds=3)
    AlertBanner.objects.create(
        message="Ending soon", locale=english_locale, starts_at=now - datetime.timedelta(hours=1), ends_at=switch
    )
    AlertBanner.objects.create(
        message="Starting soon", locale=english_locale, starts_at=switch, ends_at=now + datetime.timedelta(hours=1)
    )
    before = client.get("/")
    assert "Ending soon" in text(before) and "Starting soon" not in text(before)
    assert int(before["Cache-Control"].rpartition("=")[2]) <= 3
    assert client.get("/")["X-Cache"] == "hit"

    time.sleep(max(0, (switch - timezone.now()).total_seconds()) + 0.1)
    after = client.get("/")
    assert "Starting soon" in text(after) and "Ending soon" not in text(after)


def test_page_cache_seconds_0_turns_the_cache_off(demo_site):
    """With PAGE_CACHE_SECONDS=0 every request is rendered, and no cache header is added."""
    with override_settings(PAGE_CACHE_SECONDS=0):
        client = Client()
        client.get("/")
        response, queries = get_counting_queries(client, "/")
    assert queries > 0
    assert not response.has_header("X-Cache") and not response.has_header("Cache-Control")


# Two gunicorn processes over one throw-away site: a publish in one reaches readers of the other. Its
# database is PostgreSQL when the tests run on PostgreSQL (as in .ci/run), as in production with several
# instances behind a load balancer.


@pytest.fixture(scope="module")
def throwaway_site(tmp_path_factory, django_db_blocker):
    """The demo site with an administrator, in a database of its own (tests/servers.py)."""
    site = build_site(tmp_path_factory.mktemp("page-cache-site"), django_db_blocker)
    site.last_code_step = -1
    yield site
    drop_site(site, django_db_blocker)


def read(url, opener=urllib.request.urlopen):
    """(X-Cache header, body) of a GET by a reader without cookies, or by `opener`."""
    with opener(url, timeout=10) as response:
        return response.headers.get("X-Cache"), html.unescape(response.read().decode())


class EditForm(HTMLParser):
    """The fields a browser without JavaScript would post from Wagtail's page editor."""

    def __init__(self):
        super().__init__()
        self.fields = []
        self.in_form = False
        self.in_template = 0
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self.in_form = True
        if not self.in_form:
            return
        if tag == "template":
            self.in_template += 1
        if self.in_template or not attrs.get("name") and tag != "option":
            return
        kind = attrs.get("type", "text")
        if tag == "input" and kind not in ("submit", "button", "image", "file"):
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                self.fields.append([attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else "")])
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "select":
            self.select = [attrs["name"], None]
            self.fields.append(self.select)
        elif tag == "option" and self.select and (self.select[1] is None or "selected" in attrs):
            self.select[1] = attrs.get("value", "")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "template" and self.in_template:
            self.in_template -= 1
        elif tag == "form":
            self.in_form = False


def admin_app_code(site):
    """The code the throwaway site's administrator's app shows, never one given before: a code works once,
    so a second sign-in within the same 30 seconds gives the next one (the site accepts one step ahead)."""
    step = max(int(time.time()) // 30, site.last_code_step + 1)
    site.last_code_step = step
    return f"{hotp(bytes.fromhex(TOTP_KEY), step):06d}"


def publish_introduction_as_admin(base_url, site, introduction):
    """Log in to the admin over HTTP (password, then the app's code) and publish a new introduction on the
    English home page."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login_url = f"{base_url}/admin/login/"
    login_page = opener.open(login_url, timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    credentials = {"csrfmiddlewaretoken": token, "username": "site-test", "password": "a-long-test-password"}
    with opener.open(urllib.request.Request(login_url, data=urlencode(credentials).encode()), timeout=10) as response:
        code_url, code_page = response.url, response.read().decode()
    assert "/admin/two-factor/" in code_url, f"the sign-in did not ask for the app's code: {code_url}"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', code_page).group(1)
    answer = {"csrfmiddlewaretoken": token, "code": admin_app_code(site)}
    with opener.open(urllib.request.Request(code_url, data=urlencode(answer).encode()), timeout=10) as response:
        assert "/admin/two-factor/" not in response.url, "the admin refused the app's code"

    edit_url = f"{base_url}/admin/pages/{site.home_id}/edit/"
    form = EditForm()
    form.feed(opener.open(edit_url, timeout=10).read().decode())
    fields = [(name, introduction if name == "introduction" else value) for name, value in form.fields]
    assert ("introduction", introduction) in fields, "the editor has no introduction field"
    fields.append(("action-publish", "action-publish"))
    with opener.open(urllib.request.Request(edit_url, data=urlencode(fields).encode()), timeout=30) as response:
        answer = response.read().decode()
        assert response.url != edit_url, f"the editor did not accept the form: {answer[-3000:]}"


@pytest.mark.parametrize("shared", ["redis", "file"])
def test_a_publish_in_one_process_reaches_readers_of_another(throwaway_site, shared):
    """Two gunicorn processes share the cache (Redis, or memory plus a generation file): the next reader sees the change."""
    env = dict(throwaway_site.env)
    prefix = f"test-page-cache-{uuid.uuid4().hex}"
    if shared == "redis":
        env.update(REDIS_URL=redis_url(), CACHE_KEY_PREFIX=prefix)
    else:
        env.update(PAGE_CACHE_DIR=str(throwaway_site.directory / prefix))
    introduction = f"Updated through the admin of another process ({shared})."
    try:
        with ExitStack() as servers:
            editor = servers.enter_context(gunicorn(env, throwaway_site.directory / f"a-{shared}.log"))
            reader = servers.enter_context(gunicorn(env, throwaway_site.directory / f"b-{shared}.log"))
            wait_until_answering(editor)
            wait_until_answering(reader)

            read(reader.url + "/")
            outcome, body = read(reader.url + "/")
            assert outcome == "hit" and introduction not in body

            publish_introduction_as_admin(editor.url, throwaway_site, introduction)

            outcome, body = read(reader.url + "/")
            assert outcome == "miss" and introduction in body
    finally:
        if shared == "redis":
            import redis

            store = redis.Redis.from_url(env["REDIS_URL"])
            for key in store.scan_iter(match=f"{prefix}:*"):
                store.delete(key)
