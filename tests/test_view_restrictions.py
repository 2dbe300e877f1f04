"""A page behind a password or login stays private on every path the fast router and listings take, and
explains itself to readers: in the site's design and their language, with the quick exit, and no cookie
until they give a password (home/restrictions.py)."""

import html
import re
from urllib.parse import quote

import pytest

from django.test import Client

from wagtail.models import PageViewRestriction

from resources.models import FaqPage, ServicePage

pytestmark = pytest.mark.django_db


def english(model):
    return model.objects.live().filter(locale__language_code="en").order_by("path").first()


def body(response):
    return html.unescape(response.content.decode())


def test_a_password_protected_page_asks_for_the_password(client, demo_site):
    """The page's content is not shown; Wagtail's password form is."""
    faq = english(FaqPage)
    question = faq.questions[0]["question"] if hasattr(faq, "questions") else faq.title
    PageViewRestriction.objects.create(page=faq, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")
    response = client.get(faq.url)
    assert response.status_code == 200
    assert 'name="password"' in body(response)
    assert question not in body(response)


def test_a_page_under_a_login_restriction_is_not_served_or_listed(client, demo_site):
    """A service under a restricted directory redirects to login, and the sitemap and search leave it out."""
    service = english(ServicePage)
    directory = service.get_parent()
    PageViewRestriction.objects.create(page=directory, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(service.url)
    assert response.status_code == 302
    members_only = client.get(response["Location"])
    assert members_only.status_code == 200 and "For coalition members only" in body(members_only)
    assert f"next={quote(service.url)}" in response["Location"]
    assert service.url not in body(client.get("/sitemap-1.xml"))
    assert f'href="{service.url}"' not in body(client.get("/search/", {"q": service.title}))
    assert directory.title not in body(client.get("/")).split('<nav class="site-nav"')[1].split("</nav>")[0]


def password_page(language="en"):
    faq = FaqPage.objects.live().filter(locale__language_code=language).order_by("path").first()
    restriction = PageViewRestriction.objects.create(
        page=faq, restriction_type=PageViewRestriction.PASSWORD, password="winter-2026"
    )
    return faq, restriction


def submit(client, action, password, origin="http://testserver", return_url="/"):
    return client.post(action, {"password": password, "return_url": return_url}, HTTP_ORIGIN=origin)


@pytest.mark.parametrize(
    ("language", "heading", "wrong", "button"),
    [
        ("en", "This page needs a password", "That password is not right.", "Open the page"),
        ("es", "Esta página necesita una contraseña", "Esa contraseña no es correcta.", "Abrir la página"),
    ],
)
def test_a_password_page_opens_with_the_right_password_and_says_when_it_is_wrong(
    demo_site, language, heading, wrong, button
):
    """In the site's design and the reader's language, with the quick exit; nothing of the page shows, and no
    cookie is set until the reader gives the right password, which then opens the page."""
    faq, _restriction = password_page(language)
    question = faq.questions[0]["question"]
    client = Client()

    form = client.get(faq.url)
    assert form.status_code == 200 and not form.cookies
    page = body(form)
    assert f'<html lang="{language}">' in page and heading in page and button in page
    assert 'class="quick-exit"' in page and 'class="site-footer"' in page
    assert question not in page and faq.title not in page and "application/ld+json" not in page
    assert "csrfmiddlewaretoken" not in page
    action = re.search(r'<form class="password-form" method="post" action="([^"]+)"', page)[1]
    assert action.startswith("/es/_util/" if language == "es" else "/_util/")

    refused = submit(client, action, "summer-2026", return_url=faq.url)
    assert refused.status_code == 200 and wrong in body(refused) and not refused.cookies
    assert 'aria-invalid="true"' in body(refused) and question not in body(refused)

    opened = submit(client, action, "winter-2026", return_url=faq.url)
    assert opened.status_code == 302 and opened["Location"] == faq.url
    assert question in body(client.get(faq.url))


def test_a_password_posted_from_another_site_is_refused(client, demo_site):
    """No CSRF cookie guards the form, so the browser's Origin (or Referer) must be this site."""
    faq, restriction = password_page()
    action = f"/_util/authenticate_with_password/{restriction.pk}/{faq.pk}/"
    assert submit(client, action, "winter-2026", origin="https://elsewhere.example").status_code == 403
    assert client.post(action, {"password": "winter-2026", "return_url": "/"}).status_code == 403
    referred = client.post(
        action, {"password": "winter-2026", "return_url": faq.url}, HTTP_REFERER=f"http://testserver{faq.url}"
    )
    assert referred.status_code == 302


def test_a_password_page_never_sends_the_reader_to_another_site(client, demo_site):
    faq, restriction = password_page()
    action = f"/_util/authenticate_with_password/{restriction.pk}/{faq.pk}/"
    response = submit(client, action, "winter-2026", return_url="https://elsewhere.example/")
    assert response.status_code == 302 and response["Location"] == faq.url


@pytest.mark.parametrize(
    ("address", "status"),
    [("/_util/authenticate_with_password/999999/3/", 404), ("/_util/authenticate_with_password/abc/3/", 404)],
)
def test_a_password_address_that_names_nothing_is_not_found(client, demo_site, address, status):
    assert client.get(address).status_code == status


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["For coalition members only", "Sign in", "Get help now"]),
        ("es", ["Solo para miembros de la coalición", "Iniciar sesión", "Ayuda inmediata"]),
    ],
)
def test_a_page_for_members_explains_itself_in_the_reader_s_language(demo_site, language, words):
    """A reader is told what the page is and where to sign in, in the site's design, with no cookie."""
    service = ServicePage.objects.live().filter(locale__language_code=language).order_by("path").first()
    PageViewRestriction.objects.create(page=service, restriction_type=PageViewRestriction.LOGIN)
    client = Client()
    response = client.get(service.url)
    assert response.status_code == 302
    prefix = "/es" if language == "es" else ""
    assert response["Location"] == f"{prefix}/_util/login/?next={quote(service.url)}"
    explained = client.get(response["Location"])
    page = body(explained)
    assert explained.status_code == 200 and not explained.cookies
    assert all(word in page for word in words), page
    assert 'class="quick-exit"' in page and f'<html lang="{language}">' in page
    assert f'href="/admin/login/?next={quote(service.url, safe="")}"' in page


def test_privacy_set_on_a_page_holds_for_its_translation_at_once(
    client, demo_site, django_capture_on_commit_callbacks
):
    """A moderator makes the English page private in Wagtail's privacy dialog: its Spanish version asks for the same
    password at once (not only when the translation is next synced), and the password opens it; made public
    again, both are public (resources/privacy.py)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from tests.utils import log_in

    english = FaqPage.objects.live().filter(locale__language_code="en").order_by("path").first()
    spanish = FaqPage.objects.get(translation_key=english.translation_key, locale__language_code="es")
    spanish_question = spanish.questions[0]["question"]
    log_in(client, get_user_model().objects.create_superuser("ada", "ada@example.org", "a-long-test-password"))
    privacy = reverse("wagtailadmin_pages:set_privacy", args=[english.pk])

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(privacy, {"restriction_type": "password", "password": "winter-2026"}).status_code == 200
    reader = Client()
    form = body(reader.get(spanish.url))
    assert "Esta página necesita una contraseña" in form and spanish_question not in form
    action = re.search(r'<form class="password-form" method="post" action="([^"]+)"', form)[1]
    assert submit(reader, action, "winter-2026", return_url=spanish.url).status_code == 302
    assert spanish_question in body(reader.get(spanish.url))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(privacy, {"restriction_type": "none"})
    assert spanish_question in body(Client().get(spanish.url))
    assert not PageViewRestriction.objects.filter(page__in=[english, spanish]).exists()
