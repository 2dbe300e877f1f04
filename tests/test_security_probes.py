"""The security probes that must keep passing, together, on SQLite and PostgreSQL: what a reader's browser or an
attacker would notice. No cookie for a reader who only looks, no inline code but the site's own, nothing typed into
an address printed back as markup, no redirect to another site, nothing of a draft or a restricted page listed."""

import json
import re
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import quote, quote_plus, urlsplit

import pytest

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.models import Page, PageViewRestriction

from resources.hsds import records as hsds
from resources.models import FaqIndexPage, FaqPage, HotlinePage, ServiceIndexPage, ServicePage, UpdatePage
from resources.models.base import IndexPage
from tests.utils import app_code, authenticator_app, log_in

pytestmark = pytest.mark.django_db

LANGUAGES = {"en": "", "es": "/es"}
EVIL = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "///evil.example/", "\t//evil.example/"]
PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>"]
PAYLOADS += ["javascript:alert(1)"]
PASSWORD = "a-long-test-password"
SAME_SITE = {"HTTP_ORIGIN": "http://testserver"}  # a password form posted from this site's own page
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
LOOSE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "https:", "http:")


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, as a browser's parser reads them."""

    def __init__(self, body):
        super().__init__()
        self.found = []
        self.feed(body)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def code_a_browser_would_run(body):
    """Scripts calling alert(), event handlers and javascript: addresses in a page (the site writes none of the
    last two, which its Content-Security-Policy would block anyway)."""
    found = re.findall(r"<script[^>]*>[^<]*alert\(", body)
    for tag, attributes in Tags(body).found:
        for name, value in attributes.items():
            address = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name.startswith("on") or (name in URL_ATTRIBUTES and address.startswith("javascript:")):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def off_site(location):
    """Whether a browser sent to `location` leaves this site (browsers drop tabs and newlines, and read a
    backslash as a slash)."""
    url = re.sub(r"[\t\n\r]", "", location).strip().replace("\\", "/")
    parts = urlsplit(url)
    return url.startswith("//") or parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver")


def sets_cookie(response):
    return bool(response.cookies) or response.has_header("Set-Cookie")


def text_of(path, query=None):
    return Client().get(path, query).content.decode()


def in_language(language, name):
    with translation.override(language):
        return reverse(name)


def html_addresses(restricted):
    """A live page of each page type, the search with and without words, the resource card and a missing page, in
    both languages; and what readers meet at pages behind a password or a sign-in."""
    paths = []
    for language, prefix in LANGUAGES.items():
        pages = Page.objects.live().public().filter(locale__language_code=language, depth__gt=1).order_by("path")
        paths += list({type(page): page.url for page in reversed(pages.specific())}.values())
        search = in_language(language, "search")
        paths += [search, f"{search}?q=help", in_language(language, "resource_card"), f"{prefix}/no-such-page/"]
    return paths + restricted.html


def other_addresses():
    """The feeds, sitemap, robots.txt and the HSDS API."""
    service = hsds.services().first().translation_key
    paths = [in_language(language, "updates_feed") for language in LANGUAGES]
    paths += [reverse("sitemap"), reverse("sitemap_section", args=[1]), reverse("robots_txt")]
    return paths + [reverse("hsds:services"), reverse("hsds:organizations"), reverse("hsds:service", args=[service])]


@pytest.fixture
def restricted(demo_site):
    """In each language, a question page behind a password and a service for signed-in members."""
    found = SimpleNamespace(html=[], members=[], password_forms=[])
    for language, prefix in LANGUAGES.items():
        faq = FaqPage.objects.live().filter(locale__language_code=language).order_by("path").last()
        service = ServicePage.objects.live().filter(locale__language_code=language).order_by("path").last()
        restriction = PageViewRestriction.objects.create(page=faq, restriction_type="password", password="winter-26")
        PageViewRestriction.objects.create(page=service, restriction_type="login")
        form = f"{prefix}/_util/authenticate_with_password/{restriction.pk}/{faq.pk}/"
        found.html += [faq.url, form, Client().get(service.url)["Location"]]
        found.members.append(service.url)
        found.password_forms.append((form, faq))
    return found


@pytest.mark.parametrize("method", ["get", "head"])
def test_no_public_address_gives_a_reader_a_cookie(restricted, method):
    """A reader who only looks (any page, search, the card, feeds, sitemap, API, a 404, a password form, a members'
    page, a wrong password) gets no cookie, first visit or from the page cache: nothing a shared phone keeps."""
    given, statuses = {}, {}
    for path in html_addresses(restricted) + other_addresses() + restricted.members:
        # First with nothing kept, then as the page cache keeps it (filled by a GET).
        for visit in (method, "get", method):
            response = getattr(Client(), visit)(path)
            statuses[path] = response.status_code
            if sets_cookie(response):
                given[f"{visit} {path}"] = response.cookies.output()
    for form, faq in restricted.password_forms:  # a cookie only for the right password (so this check can fail)
        for password, status, cookie in (("summer-26", 200, False), ("winter-26", 302, True)):
            response = Client().post(form, {"password": password, "return_url": faq.url}, **SAME_SITE)
            assert (response.status_code, sets_cookie(response)) == (status, cookie)
    assert given == {}
    assert all(status < 500 for status in statuses.values()), statuses
    not_200 = {path for path, status in statuses.items() if status != 200}
    # HEAD answers as GET does, cached or not (monitors and link checkers send HEAD).
    assert not_200 == {*restricted.members, "/no-such-page/", "/es/no-such-page/"}


def policy_problems(response):
    """What a page's Content-Security-Policy, or its inline code, lets run beyond this response's own."""
    policy = response.get("Content-Security-Policy", "")
    sources = {name: rest for name, *rest in (part.split() for part in policy.split(";") if part.strip())}
    found = [f"{name} {source}" for name in ("default-src", "script-src", "style-src")
             for source in sources.get(name, []) if source in LOOSE_SOURCES]  # fmt: skip
    nonces = [source[7:-1] for name in ("script-src", "style-src")
              for source in sources.get(name, []) if source.startswith("'nonce-")]  # fmt: skip
    if len(nonces) != 2 or nonces[0] != nonces[1]:
        return [*found, f"not one nonce for scripts and styles: {policy!r}"]
    body = response.content.decode()
    inline = [(tag, attributes.get("nonce")) for tag, attributes in Tags(body).found if tag in ("script", "style")
              and "src" not in attributes and not attributes.get("type", "").endswith("json")]  # fmt: skip
    found += [f"<{tag} nonce={nonce!r}>" for tag, nonce in inline if nonce != nonces[0]]
    return found + ([] if inline else ["no inline code to check"]) + code_a_browser_would_run(body)


def test_public_pages_run_no_inline_code_but_their_own(restricted):
    """Every reader's HTML page, first rendered or from the page cache, has a Content-Security-Policy whose
    script-src and style-src allow this response's nonce and nothing inline or eval'd otherwise; each inline
    <script> and <style> carries that nonce, and no element has an event handler or a javascript: link."""
    problems = {}
    for path in html_addresses(restricted):
        for visit in ("filled", "kept"):
            if found := policy_problems(Client().get(path)):
                problems[f"{path} {visit}"] = found
    assert problems == {}


def xss_probes(payload):
    """(address, query) pairs that take `payload` to a view that may print it back."""
    probes = []
    for language, prefix in LANGUAGES.items():
        search = in_language(language, "search")
        directory = ServiceIndexPage.objects.get(locale__language_code=language).url
        questions = FaqIndexPage.objects.get(locale__language_code=language).url
        probes += [(search, {"q": payload}), (search, {"q": "help", "page": payload}), (questions, {"page": payload})]
        for key in ("category", "language", "cost", "open_24_7", "confidential", "page"):
            probes.append((directory, {key: payload, "cost": "free"} if key != "cost" else {key: payload}))
        probes += [(directory, {payload: "1", "page": "2"}), (f"{prefix}/_util/login/", {"next": payload})]
        probes += [(f"{prefix}/{quote(payload, safe='')}/", {})]
    return probes


def test_what_a_reader_types_is_never_markup(restricted, monkeypatch):
    """Search words, directory filters, page numbers, a members' page's and the code page's next address and a
    password form's return address are printed as text: none of it runs, and nothing gives a 500."""
    assert len(code_a_browser_would_run("<script>alert(1)</script><svg onload=x><a href=' javascript:x'>")) == 3
    monkeypatch.setattr(IndexPage, "PER_PAGE", 2)  # so that the directory and questions link to more pages
    user = get_user_model().objects.create_superuser("typist", "typist@example.org", PASSWORD)
    authenticator_app(user)
    unsafe = {}
    for payload in PAYLOADS:
        # The probes reach pages that print them: the search words, the directory's links to more pages.
        assert escape(payload) in text_of("/search/", {"q": payload})
        assert quote_plus(payload) in text_of("/services/", {payload: "1"})
        responses = {f"{path} {query}": Client().get(path, query) for path, query in xss_probes(payload)}
        code_page = Client()
        code_page.force_login(user)
        responses["code page"] = code_page.get("/admin/two-factor/", {"next": f"/{payload}"})
        for form, _faq in restricted.password_forms:
            responses[form] = Client().post(form, {"password": "no", "return_url": payload}, **SAME_SITE)
        for probe, response in responses.items():
            body = response.content.decode()
            assert response.status_code < 500, probe
            if ("<" in payload and payload in body) or code_a_browser_would_run(body):
                unsafe[probe] = code_a_browser_would_run(body) or payload
    assert unsafe == {}


def test_the_hsds_api_answers_bad_input_with_json_only(demo_site):
    """A bad value in any query parameter or id is a JSON error a browser will not read as HTML (JSON type,
    nosniff), never a 500."""
    for payload in PAYLOADS:
        probes = [(reverse("hsds:services"), {key: payload}) for key in ("lang", "page", "per_page", "full")]
        probes += [(reverse("hsds:organizations"), {"lang": payload})]
        bad_id = quote(payload.replace("/", ""), safe="")
        probes += [(f"/hsds/{name}/{bad_id}", {}) for name in ("services", "organizations")]
        for path, query in probes:
            response = Client().get(path, query)
            assert response.status_code in (400, 404), (path, query)
            assert response["Content-Type"] == "application/json", (path, query)
            assert response["X-Content-Type-Options"] == "nosniff"
            assert json.loads(response.content)["status"] == response.status_code


def follow(client, response):
    """Each redirect's Location, followed by hand until a page answers (at most six)."""
    places = []
    while response.status_code in (301, 302, 303, 307, 308) and len(places) < 6:
        places.append(response["Location"])
        response = client.get(response["Location"])
    return places, response


def test_signing_in_never_ends_on_another_site(demo_site):
    """A sign-in link with another site as its `next`, in any of the spellings browsers read as another site,
    leads through the password and the app's code to the admin, never off the site."""
    assert all(off_site(target) for target in EVIL)
    for number, target in enumerate(EVIL):
        user = get_user_model().objects.create_superuser(f"probe{number}", f"probe{number}@example.org", PASSWORD)
        device = authenticator_app(user)
        client = Client()
        signed_in = client.post("/admin/login/", {"username": user.username, "password": PASSWORD, "next": target})
        places, code_form = follow(client, signed_in)
        assert code_form.status_code == 200 and places[-1].startswith("/admin/two-factor/?next="), places
        places += follow(client, client.post("/admin/two-factor/", {"code": app_code(device), "next": target}))[0]
        assert not [place for place in places if off_site(place) or "evil" in place], places
        assert places[-1] == "/admin/"


def test_admin_pages_that_take_a_next_address_keep_it_on_this_site(demo_site):
    """The code page, setting up an app, recovery codes, the sign-in page when signed in, signing out, and the
    "mark as checked" form never send an editor to, or link to, another site."""
    hotline = HotlinePage.objects.live().filter(locale__language_code="en").first()
    for number, target in enumerate(EVIL):
        user = get_user_model().objects.create_superuser(f"probe{number}", f"probe{number}@example.org", PASSWORD)
        newcomer, client = Client(), Client()
        newcomer.force_login(get_user_model().objects.create_user(f"new{number}", password=PASSWORD))
        pages = [newcomer.get("/admin/two-factor/set-up/", {"next": target})]
        client.force_login(user)
        device = authenticator_app(user)
        pages.append(client.get("/admin/two-factor/", {"next": target}))
        redirects = [client.post("/admin/two-factor/", {"code": app_code(device), "next": target})]
        redirects.append(client.get("/admin/two-factor/", {"next": target}))
        pages.append(client.get("/admin/two-factor/recovery-codes/", {"next": target}))
        redirects.append(client.post(f"/admin/two-factor/recovery-codes/?next={quote(target)}"))
        redirects.append(client.get("/admin/login/", {"next": target}))
        log_in(client, user)
        pages.append(client.get(f"/admin/facts/{hotline.pk}/checked/", {"next": target}))
        redirects.append(client.post(f"/admin/facts/{hotline.pk}/checked/", {"source": "Phoned", "next": target}))
        redirects.append(client.post("/admin/logout/", {"next": target}))
        assert [page.status_code for page in pages] == [200] * 4
        for page in pages:
            assert "evil.example" not in page.content.decode(), page.request["PATH_INFO"]
        for response in redirects:
            assert response.status_code == 302, response.request["PATH_INFO"]
            assert not off_site(response["Location"]) and "evil" not in response["Location"], response["Location"]


def test_restricted_pages_send_readers_nowhere_but_this_site(restricted):
    """The password form's return address and the members' page's `next` can only lead back into the site."""
    for target in EVIL:
        for form, faq in restricted.password_forms:
            opened = Client().post(form, {"password": "winter-26", "return_url": target}, **SAME_SITE)
            assert opened.status_code == 302 and opened["Location"] == faq.url
        for prefix in LANGUAGES.values():
            members = Client().get(f"{prefix}/_util/login/", {"next": target})
            links = [attributes.get("href", "") for _tag, attributes in Tags(members.content.decode()).found]
            assert members.status_code == 200 and [link for link in links if "/admin/login" in link] == [
                "/admin/login/"
            ]
            assert "evil.example" not in members.content.decode()
    assert 'href="/admin/login/?next=%2Fservices%2F"' in text_of("/_util/login/", {"next": "/services/"})


WORD = "Quillwort"
# What each listing shows: search and the sitemap every page, the feed updates, the card hotlines and featured
# services, the HSDS API services.
LISTINGS = {"search": (UpdatePage, HotlinePage, ServicePage), "sitemap": (UpdatePage, HotlinePage, ServicePage),
            "feed": (UpdatePage,), "card": (HotlinePage, ServicePage), "hsds": (ServicePage,)}  # fmt: skip


def copy_of(model, state):
    """A draft copy of the first (featured) English page of `model`, titled "Quillwort <state> <model>"."""
    pages = model.objects.live().filter(locale__language_code="en").order_by("path")
    source = (pages.filter(featured=True) if model is ServicePage else pages).first()
    title = f"{WORD} {state} {model._meta.verbose_name}"
    attributes = {"title": title, "draft_title": title, "slug": slugify(title)}
    return source.copy(to=source.get_parent(), update_attrs=attributes, keep_live=False)


def about(page):
    return SimpleNamespace(kind=type(page), title=page.title, url=page.url, key=str(page.translation_key))


@pytest.fixture
def shown_and_hidden(demo_site, django_capture_on_commit_callbacks):
    """For an update, a hotline and a featured service: a published copy, and a published copy with an unpublished
    new title (both shown); a copy never published, and two published, read (so kept in every cache), then put
    behind a sign-in and behind a password (hidden)."""
    states = ("open", "retitled", "draft", "members", "password")
    with django_capture_on_commit_callbacks(execute=True):
        pages = {(model, state): copy_of(model, state) for model in LISTINGS["search"] for state in states}
        for (_model, state), page in pages.items():
            if state != "draft":
                page.save_revision().publish()
    listings()
    for page in pages.values():
        Client().get(page.url)
    shown = [about(page) for (_model, state), page in pages.items() if state in ("open", "retitled")]
    hidden = [about(page) for (_model, state), page in pages.items() if state in ("draft", "members", "password")]
    new_titles = []
    with django_capture_on_commit_callbacks(execute=True):
        for (model, state), page in pages.items():
            if state == "members":
                PageViewRestriction.objects.create(page=page, restriction_type="login")
            elif state == "password":
                PageViewRestriction.objects.create(page=page, restriction_type="password", password="winter-26")
            elif state == "retitled":
                page.title = f"{WORD} renamed {model._meta.verbose_name}"
                page.save_revision()
                new_titles.append(page.title)
    return shown, hidden, new_titles


def sitemap():
    """Every section of the sitemap, as one text."""
    sections = re.findall(r"<loc>([^<]+)</loc>", text_of(reverse("sitemap")))
    return "".join(text_of(urlsplit(section).path) for section in sections)


def listings():
    """The text of every listing a reader or another directory can read, by name; one search for each kind, so
    that each fits on the first page of results."""
    searches = [f"{WORD} {model._meta.verbose_name}" for model in LISTINGS["search"]]
    return {
        "feed": text_of(reverse("updates_feed")),
        "card": text_of(reverse("resource_card")),
        "hsds": text_of(reverse("hsds:services"), {"per_page": 200}),
        "search": "".join(text_of(reverse("search"), {"q": words}) for words in searches),
        "sitemap": sitemap(),
    }


def test_drafts_and_restricted_pages_are_listed_nowhere(shown_and_hidden):
    """Search, the sitemap, the updates feed, the resource card and the HSDS API list the published pages, and
    nothing of a page never published, an unpublished new title, or a page behind a sign-in or a password."""
    shown, hidden, new_titles = shown_and_hidden
    missing, leaked = [], []
    for listing, text in listings().items():
        for page in shown:
            marks = {"sitemap": [f"{page.url}</loc>"], "hsds": [page.key]}.get(listing, [page.title])
            if page.kind in LISTINGS[listing] and not all(mark in text for mark in marks):
                missing.append(f"{listing}: {page.title}")
        for page in hidden:
            if page.kind in LISTINGS[listing] and any(mark in text for mark in (page.title, page.url, page.key)):
                leaked.append(f"{listing}: {page.title}")
        leaked += [f"{listing}: {title}" for title in new_titles if title in text]
    for page in shown + hidden:
        addresses = [page.url] + ([reverse("hsds:service", args=[page.key])] if page.kind is ServicePage else [])
        for address in addresses:
            response = Client().get(address)
            text = response.content.decode()
            leaked += [f"{address}: {title}" for title in new_titles if title in text]
            if (page in hidden) == (response.status_code == 200 and page.title in text):
                (leaked if page in hidden else missing).append(f"{address} ({response.status_code})")
    assert not missing and not leaked, f"missing: {missing}, leaked: {leaked}"


def test_a_spanish_page_behind_a_password_is_not_served_in_spanish_anywhere(demo_site):
    """When only a service's Spanish page is restricted, the HSDS API gives its English texts for lang=es, and the
    Spanish search and the sitemap leave the Spanish page out."""
    english = ServicePage.objects.live().filter(locale__language_code="en").order_by("path").first()
    spanish = english.get_translations().get()
    PageViewRestriction.objects.create(page=spanish, restriction_type="password", password="winter-26")
    record = Client().get(reverse("hsds:service", args=[english.translation_key]), {"lang": "es"}).json()
    assert record["name"] == english.title
    listing = text_of(reverse("hsds:services"), {"lang": "es", "per_page": 200})
    assert english.title in listing and spanish.title not in listing
    assert f'href="{spanish.url}"' not in text_of(in_language("es", "search"), {"q": spanish.title})
    pages = sitemap()  # neither a page of its own nor an alternate of the English one
    assert f"{english.url}</loc>" in pages and spanish.url not in pages


def test_a_restricted_page_opened_by_one_reader_is_kept_for_nobody(restricted):
    """A page opened with its password, or by a signed-in member, is sent private and uncached, and the next
    reader still meets the password form or the members' page."""
    member = Client()
    log_in(member, get_user_model().objects.create_user("member", password=PASSWORD))
    for form, faq in restricted.password_forms:
        reader = Client()
        reader.post(form, {"password": "winter-26", "return_url": faq.url}, **SAME_SITE)
        question = faq.questions[0]["question"]
        for response in [reader.get(faq.url), reader.get(faq.url)]:
            assert question in response.content.decode()
            assert {"no-store", "private"} <= set(re.split(r",\s*", response["Cache-Control"]))
        assert question not in text_of(faq.url)
    for url in restricted.members:
        assert [member.get(url).status_code for _visit in ("first", "again")] == [200, 200]
        assert "no-store" in member.get(url)["Cache-Control"]
        assert Client().get(url).status_code == 302
