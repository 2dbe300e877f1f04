"""Every private Wagtail, wagtail-localize or modelsearch name the site uses gives what Wagtail's public behaviour
gives, on many cases: a Wagtail upgrade that changes one fails here.

coalition/routing.py hands Wagtail the site, the site root paths and the page the chrome found; resources/localize.py
replaces two wagtail-localize views at their own addresses; resources/blocks.py gives wagtail-localize a question's
link name to translate. The SQLite search backend, which builds on modelsearch's
private query compiler, is compared with modelsearch's own backend in tests/test_finding_help.py
(test_sqlite_search_ranks_as_wagtail_does).

This module is also a URL configuration: the site's own, with Wagtail's serve view where the site has home.chrome.serve.
"""

import functools
import inspect
import re
from itertools import product

import pytest

from django.conf.urls.i18n import i18n_patterns
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, re_path, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils.html import escape

from wagtail import urls as wagtail_urls
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve
from wagtail_localize.views import convert, update_translations

from coalition import routing
from coalition import urls as site_urls
from coalition.routing import match_site, remember_site, site_root_paths
from home import chrome
from resources import localize
from resources.models import FaqIndexPage, FaqPage, ServicePage
from tests.utils import without_nonces

pytestmark = pytest.mark.django_db


def _wagtails_own(pattern):
    if getattr(pattern, "name", None) == "wagtail_serve":
        return re_path(wagtail_urls.serve_pattern, wagtail_serve, name="wagtail_serve")
    return pattern


_translated = next(pattern for pattern in site_urls.urlpatterns if isinstance(pattern.pattern, LocalePrefixPattern))
urlpatterns = [pattern for pattern in site_urls.urlpatterns if pattern is not _translated] + i18n_patterns(
    *map(_wagtails_own, _translated.url_patterns),
    prefix_default_language=_translated.pattern.prefix_default_language,
)
handler404 = site_urls.handler404
handler500 = site_urls.handler500

WAGTAILS_OWN_SERVE = __name__
SITES_OWN_SERVE = "coalition.urls"


def english(model):
    return model.objects.live().filter(locale__language_code="en").order_by("path").first()


def spanish(model):
    return model.objects.live().filter(locale__language_code="es").order_by("path").first()


# Site matching

# (host name, port, default site) of every Site, for each way of setting sites up.
SITE_LAYOUTS = {
    "a default site and others": [
        ("localhost", 80, True),
        ("a.example", 80, False),
        ("a.example", 8080, False),
        ("b.example", 8000, False),
        ("[::1]", 80, False),
    ],
    "no default site": [
        ("localhost", 80, False),
        ("a.example", 80, False),
        ("a.example", 8080, False),
        ("b.example", 8000, False),
    ],
    "the default site shares its host name": [
        ("localhost", 80, False),
        ("a.example", 80, False),
        ("a.example", 8080, True),
        ("b.example", 8000, False),
    ],
    "the default site and one other": [("localhost", 80, True), ("b.example", 8000, False)],
    "one site, not the default": [("b.example", 8000, False)],
    "no site": [],
}
HOSTS = [
    "localhost",
    "localhost:8000",
    "a.example",
    "a.example:8080",
    "A.Example",
    "a.example.",
    "b.example",
    "b.example:8000",
    "unknown.example",
    "unknown.example:8080",
    "127.0.0.1",
    "[::1]",
    "[::1]:8000",
    "not a host",
]
SERVER_PORTS = ["80", "443", "8000", "8080", "9000"]


@pytest.mark.parametrize("layout", SITE_LAYOUTS)
def test_a_site_is_matched_as_wagtail_matches_it(demo_site, settings, layout):
    """For every host name and port, with or without a default site, match_site picks the site (or none) that
    Site.find_for_request picks."""
    settings.ALLOWED_HOSTS = ["*"]
    root = Site.objects.get(is_default_site=True).root_page
    Site.objects.all().delete()
    for hostname, port, is_default_site in SITE_LAYOUTS[layout]:
        Site.objects.create(hostname=hostname, port=port, is_default_site=is_default_site, root_page=root)
    sites = list(Site.objects.all())
    factory = RequestFactory()
    mismatches, answers = [], set()
    for host, port in product(HOSTS, SERVER_PORTS):
        wagtails = Site.find_for_request(factory.get("/", HTTP_HOST=host, SERVER_PORT=port))
        ours = match_site(sites, factory.get("/", HTTP_HOST=host, SERVER_PORT=port))
        answers.add(getattr(wagtails, "pk", None))
        if getattr(ours, "pk", None) != getattr(wagtails, "pk", None):
            mismatches.append((host, port, str(ours), str(wagtails)))
    assert mismatches == []
    # Every site answers some request, and nothing answers some others when no site is the default.
    assert answers == {site.pk for site in sites} | (
        {None} if not any(site.is_default_site for site in sites) else set()
    )


# Site root paths


@pytest.mark.parametrize("i18n", [True, False])
def test_site_root_paths_are_wagtails_own(demo_site, settings, i18n):
    """With several sites rooted at translated pages, site_root_paths gives Site.get_site_root_paths(): the same
    paths in the same order."""
    settings.WAGTAIL_I18N_ENABLED = i18n
    home = Site.objects.get(is_default_site=True).root_page
    spanish_home = home.get_translation(Locale.objects.get(language_code="es"))
    Site.objects.create(hostname="b.example", root_page=home)
    Site.objects.create(hostname="a.example", root_page=home)
    Site.objects.create(hostname="a.example", port=8080, root_page=english(FaqIndexPage))
    Site.objects.create(hostname="es.example", port=443, root_page=spanish_home)
    # Rooted at a Spanish page whose English original is a draft: Wagtail counts every translation, live or not.
    Site.objects.create(hostname="faq.example", root_page=spanish(FaqPage))
    spanish(FaqPage).get_translation(Locale.objects.get(language_code="en")).unpublish()
    # As the chrome loads them: sites in the admin's order, every page row it has, in tree order.
    sites = list(Site.objects.select_related("root_page"))
    pages = list(Page.objects.select_related("locale").order_by("path"))
    Site.clear_site_root_paths_cache()
    wagtails = Site.get_site_root_paths()
    assert len({root_path.site_id for root_path in wagtails}) == 6
    assert site_root_paths(sites, pages) == wagtails


def test_a_remembered_site_is_the_one_wagtail_finds(demo_site, django_assert_num_queries):
    """After remember_site, Site.find_for_request gives that site and a page's URL comes from the root paths given,
    without a query; with no root paths given, Wagtail finds them itself."""
    factory = RequestFactory()
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    faq = english(FaqPage)
    wagtails_url = faq.get_url(factory.get("/"))
    Site.clear_site_root_paths_cache()
    root_paths = Site.get_site_root_paths()
    request = factory.get("/", HTTP_HOST="elsewhere.example")
    remember_site(request, site, root_paths)
    Site.clear_site_root_paths_cache()
    with django_assert_num_queries(0):
        assert Site.find_for_request(request) is site
        assert faq.get_url(request) == wagtails_url

    nowhere = factory.get("/")
    remember_site(nowhere, None)
    with django_assert_num_queries(0):
        assert Site.find_for_request(nowhere) is None
    with CaptureQueriesContext(connection) as queries:
        assert faq.get_url(nowhere) == wagtails_url
    assert len(queries) > 0


def test_page_urls_through_the_chrome_are_wagtails(demo_site):
    """With several sites, every page's URL on a request the chrome has filled is the URL Wagtail gives on a fresh
    request for the same host."""
    home = Site.objects.get(is_default_site=True).root_page
    Site.objects.create(hostname="b.example", root_page=home)
    Site.objects.create(hostname="faq.example", port=8080, root_page=english(FaqIndexPage))
    factory = RequestFactory()
    for host in ("localhost", "faq.example:8080", "b.example"):
        filled = factory.get("/", HTTP_HOST=host)
        chrome.load(filled)
        for page in Page.objects.exclude(depth=1).order_by("path"):
            assert page.get_url(filled) == page.get_url(factory.get("/", HTTP_HOST=host)), (host, page.url_path)


# Serving


def an_alias():
    faq = english(FaqPage)
    return faq.create_alias(update_slug=f"{faq.slug}-again").url


def behind_a_password():
    faq = english(FaqPage)
    PageViewRestriction.objects.create(page=faq, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")
    return faq.url


def under_a_login_restriction():
    service = english(ServicePage)
    PageViewRestriction.objects.create(page=service.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    return service.url


def a_draft():
    faq = english(FaqPage)
    faq.unpublish()
    return faq.url


# name: (how to make the address, status expected, whether the chrome hands Wagtail the page it found)
SERVED = {
    "home": (lambda: "/", 200, True),
    "home (es)": (lambda: "/es/", 200, True),
    "FAQ index": (lambda: english(FaqIndexPage).url, 200, True),
    "FAQ page": (lambda: english(FaqPage).url, 200, True),
    "service (es)": (lambda: spanish(ServicePage).url, 200, True),
    "alias": (an_alias, 200, False),
    "password restriction": (behind_a_password, 200, False),
    "login restriction": (under_a_login_restriction, 302, False),
    "draft": (a_draft, 404, False),
    "below a page with no sub-paths": (lambda: english(FaqPage).url + "more/", 404, False),
    "missing": (lambda: "/no-such-page/", 404, False),
    "missing (es)": (lambda: "/es/no-such-page/", 404, False),
}


def served(client, settings, urlconf, address, empty_caches=True):
    """(status, Location, body with the nonces and CSRF tokens blanked) and the request, every cache empty first."""
    settings.ROOT_URLCONF = urlconf
    if empty_caches:
        for alias in caches.settings:
            caches[alias].clear()
    response = client.get(address)
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken" value=""', response.text)
    return (response.status_code, response.get("Location"), without_nonces(body)), response.wsgi_request


def test_this_module_serves_with_wagtails_own_view():
    """The comparisons below are between the site's serve view and Wagtail's, not one view twice."""
    assert resolve("/faq/", urlconf=SITES_OWN_SERVE).func is chrome.serve
    assert resolve("/es/faq/", urlconf=WAGTAILS_OWN_SERVE).func is wagtail_serve


@pytest.mark.parametrize("case", SERVED)
def test_the_site_serves_what_wagtail_serves(client, demo_site, settings, case):
    """Each address gives the same status, redirect and page as Wagtail's own serve view gives, with the chrome
    loaded only by the templates, whether the chrome's rows come from the database or the data cache; only plain
    live pages are handed to Wagtail already found."""
    make_address, status, found = SERVED[case]
    address = make_address()
    wagtails, _request = served(client, settings, WAGTAILS_OWN_SERVE, address)
    ours, request = served(client, settings, SITES_OWN_SERVE, address)
    assert wagtails[0] == status
    assert ours == wagtails
    assert (request.chrome.page is not None) == found
    # Again, the chrome's rows now in the data cache (a query string keeps the page cache out of it).
    again, request = served(client, settings, SITES_OWN_SERVE, address + "?again", empty_caches=False)
    assert request.chrome.generation is not None
    assert again == served(client, settings, WAGTAILS_OWN_SERVE, address + "?again")[0]


def test_a_page_routing_its_own_addresses_is_left_to_wagtail(client, demo_site, settings, monkeypatch):
    """While a page type routes addresses itself (no page type does yet: one is made so here), its pages are served
    as Wagtail's router serves them, though the chrome found the page at the address."""

    def route(self, request, path_components):
        if not path_components:
            return RouteResult(self.get_children().live().order_by("path").first().specific)
        if path_components == ["all"]:
            return RouteResult(self)
        return Page.route(self, request, path_components)

    monkeypatch.setattr(FaqIndexPage, "route", route)
    # Worked out once a process: a fresh one for this test, the process's own back after it.
    monkeypatch.setattr(
        routing, "_any_page_routes_itself", functools.cache(routing._any_page_routes_itself.__wrapped__)
    )
    index = english(FaqIndexPage)
    first = index.get_children().live().order_by("path").first()
    for address, title, found in ((index.url, first.title, index), (index.url + "all/", index.title, None)):
        wagtails, _request = served(client, settings, WAGTAILS_OWN_SERVE, address)
        ours, request = served(client, settings, SITES_OWN_SERVE, address)
        assert f"<title>{escape(title)}" in wagtails[2]
        assert ours == wagtails
        assert request.chrome.page == found


# wagtail-localize views replaced at their own addresses

REPLACED = [
    (
        "/admin/localize/update/7/",
        "wagtail_localize:update_translations",
        localize.UpdateTranslationsView,
        update_translations.UpdateTranslationsView,
    ),
    (
        "/admin/localize/page/7/convert_to_alias/",
        "wagtail_localize:convert_to_alias",
        localize.convert_to_alias,
        convert.convert_to_alias,
    ),
]


def view_of(match):
    """The view function or class behind a resolved admin URL (Wagtail wraps admin views in its access check)."""
    view = inspect.unwrap(match.func)
    return getattr(view, "view_class", view)


@pytest.mark.parametrize("address, name, ours, theirs", REPLACED)
def test_replaced_localize_views_are_reached_at_wagtail_localizes_addresses(address, name, ours, theirs):
    """The address wagtail-localize links to reaches resources/localize.py's view, and wagtail-localize still has
    its own view there (an upgrade that moves or renames it fails here)."""
    assert view_of(resolve(address)) is ours
    assert reverse(name, args=[7]) == address
    prefix, their_urls = get_resolver().namespace_dict["wagtail_localize"]
    rest = address.removeprefix("/" + prefix)
    their_match = next(match for pattern in their_urls.url_patterns if (match := pattern.resolve(rest)))
    assert view_of(their_match) is theirs
    assert f"wagtail_localize:{their_match.url_name}" == name


@pytest.mark.django_db
def test_translation_editor_footer_is_ours_for_translators(client, demo_site):
    """templates/wagtail_localize/admin/edit_translation.html extends wagtail-localize's editor, relying on its
    context (`instance`, `is_page`, `side_panels`) and on its React root, inside which the stylesheet hides its
    footer for those who may not publish. A translator gets our Save draft / Submit for review; a moderator keeps
    theirs. (The same for snippets: tests/test_snippet_review.py.)"""
    from pathlib import Path

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    import wagtail_localize

    from tests.utils import log_in

    theirs = Path(wagtail_localize.__file__).parent / "templates/wagtail_localize/admin/edit_translation.html"
    assert 'class="js-translation-editor"' in theirs.read_text(encoding="utf-8")

    spanish = FaqPage.objects.get(slug="getting-help", locale__language_code="en").get_translations().get()
    edit_url = reverse("wagtailadmin_pages:edit", args=[spanish.pk])
    for group, ours in (("Translators", True), ("Moderators", False)):
        user = get_user_model().objects.create_user(group.lower(), password="a-long-test-password")
        user.groups.add(Group.objects.get(name=group))
        log_in(client, user)
        response = client.get(edit_url)
        assert response.templates[0].name == "wagtail_localize/admin/edit_translation.html"
        html = response.content.decode()
        assert 'class="js-translation-editor"' in html
        assert (localize.SUBMIT_FOR_REVIEW in html) is ours, group
        assert ("coalition-admin/translation-editor" in html) is ours, group


def test_wagtail_localize_translates_a_link_name_through_the_blocks_own_hooks(demo_site):
    """resources/blocks.py LinkNameBlock is translated through hooks wagtail-localize looks for on a block by name
    (`get_translatable_segments`, `restore_translated_segments`; duck-typed in its segments.extract and
    segments.ingest). Through its public TranslationSource, the link name is offered as a string, and a
    translation of it comes back as a valid link name."""
    from wagtail_localize.models import StringSegment, TranslationSource

    from resources.models import FaqPage

    english = FaqPage.objects.get(slug="law-and-police", locale__language_code="en")
    source, _created = TranslationSource.update_or_create_from_instance(english)
    offered = set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))
    assert "is-prostitution-illegal-in-wentzville" in offered

    spanish = english.get_translation(Locale.objects.get(language_code="es"))
    assert spanish.questions[0]["anchor"] == "es-ilegal-la-prostitucion-en-wentzville"


# Pictures (coalition/ops/images.py) build Wagtail's <picture> from its Picture class and renditions, with the
# widths, formats and attributes chosen per image: the same element as Wagtail's own {% picture %} tag.
@pytest.mark.django_db
def test_our_picture_is_wagtails_picture_tag(settings, tmp_path):
    import io

    from PIL import Image as PILImage

    from django.core.files.base import ContentFile
    from django.template import Context, Template

    from wagtail.images.models import Image

    from coalition.ops.images import SIZES, ResponsivePicture

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PILImage.new("RGB", (1000, 600), (20, 90, 40)).save(buffer, "JPEG")
    image = Image.objects.create(title="Door", file=ContentFile(buffer.getvalue(), name="door.jpg"))
    wagtails = Template(
        "{% load wagtailimages_tags %}{% picture image format-{avif,webp,jpeg} width-{400,800} "
        'alt="The door" sizes=sizes decoding="async" loading="lazy" %}'
    ).render(Context({"image": image, "sizes": SIZES}))
    assert str(ResponsivePicture(image, "The door", lazy=True)) == wagtails


# The user bar (coalition/editorial/templatetags/editor_tags.py) is Wagtail's {% wagtailuserbar %} tag's function,
# called only when the request carries a session cookie or is a preview.
@pytest.mark.django_db
def test_the_editor_user_bar_is_wagtails(django_user_model):
    from django.template import Context, Template

    page = Page.objects.filter(depth=2).first()
    request = RequestFactory().get("/")
    request.user = django_user_model.objects.create_superuser("ed", "ed@example.org", "e" * 20)
    context = {"request": request, "page": page}
    request.COOKIES["sessionid"] = "present"
    ours = Template("{% load editor_tags %}{% editor_userbar %}").render(Context(context))
    wagtails = Template("{% load wagtailuserbar %}{% wagtailuserbar %}").render(Context(context))
    assert ours == wagtails and "<wagtail-userbar>" in ours
    del request.COOKIES["sessionid"]
    assert Template("{% load editor_tags %}{% editor_userbar %}").render(Context(context)) == ""


# A rich-text link to a document (coalition/ops/uploads.py: DocumentLinkHandler) is Wagtail's, with its type and size.
@pytest.mark.django_db
def test_our_document_links_point_where_wagtails_do(settings, tmp_path):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document
    from wagtail.documents.rich_text import DocumentLinkHandler as WagtailDocumentLinkHandler
    from wagtail.rich_text import expand_db_html

    from coalition.ops.uploads import DocumentLinkHandler

    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(title="Flyer", file=ContentFile(b"%PDF-1.4\n", name="flyer.pdf"))
    attrs = [{"id": str(document.pk)}, {"id": "0"}]
    wagtails = WagtailDocumentLinkHandler.expand_db_attributes_many(attrs)
    ours = DocumentLinkHandler.expand_db_attributes_many(attrs)
    assert ours[0] == wagtails[0].replace(">", ' data-file="PDF, 9\xa0bytes">') and ours[1] == wagtails[1] == "<a>"
    assert 'data-file="PDF' in expand_db_html(f'<a linktype="document" id="{document.pk}">Flyer</a>')


@pytest.mark.django_db
def test_holding_back_submission_emails_holds_back_wagtails_own(roles, demo_site, mailoutbox):
    """coalition/editorial/notifications.py reconnects Wagtail's submission e-mails by their dispatch_uid: a page
    submitted to review e-mails its reviewers before, not inside `submissions_without_email`, and again after."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from wagtail.signals import task_submitted, workflow_submitted

    from coalition.editorial.notifications import SUBMISSION_RECEIVERS, submissions_without_email
    from resources.models import ServicePage

    reviewer = get_user_model().objects.create_user("lu", email="lu@example.org", password="x")
    reviewer.groups.add(Group.objects.get(name="Moderators"))
    page = ServicePage.objects.filter(locale__language_code="en").first()

    def submit():
        page.save_revision()
        state = page.get_workflow().start(page, None)
        sent = len(mailoutbox)
        state.cancel()
        return sent

    before = submit()
    with submissions_without_email():
        mailoutbox.clear()
        inside = submit()
    mailoutbox.clear()
    after = submit()

    assert (before, inside, after) == (1, 0, 1)
    assert {signal for signal, *_rest in SUBMISSION_RECEIVERS} == {task_submitted, workflow_submitted}
