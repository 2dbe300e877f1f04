"""Readers on a phone meet a page behind a password, and a page for signed-in members, in both languages
(Chromium, 390×844): the site's design with the quick exit, no cookie until a password is given, the right
password opens the page and a wrong one says so (home/restrictions.py)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from wagtail.models import PageViewRestriction

from resources.models import FaqPage, ServicePage
from tests.test_public_site import AXE_OPTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "heading": "This page needs a password",
        "label": "Password",
        "button": "Open the page",
        "wrong": "That password is not right. Check it and try again.",
        "members": "For coalition members only",
        "sign_in": "Sign in",
    },
    "es": {
        "heading": "Esta página necesita una contraseña",
        "label": "Contraseña",
        "button": "Abrir la página",
        "wrong": "Esa contraseña no es correcta. Revísela e inténtelo de nuevo.",
        "members": "Solo para miembros de la coalición",
        "sign_in": "Iniciar sesión",
    },
}


def first(model, language):
    return model.objects.live().filter(locale__language_code=language).order_by("path").first()


def accessible(page):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert violations == [], [(each["id"], each["help"]) for each in violations]


def watch_for_errors(page):
    """Console errors (a blocked style or script among them) and answers of 500 or more, as they happen."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: errors.append(response.url) if response.status >= 500 else None)
    return errors


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reader_opens_a_page_behind_a_password(phone, demo_site, language):
    words = WORDS[language]
    faq = first(FaqPage, language)
    question = faq.questions[0]["question"]
    PageViewRestriction.objects.create(page=faq, restriction_type=PageViewRestriction.PASSWORD, password="winter-2026")
    errors = watch_for_errors(phone)

    phone.goto(faq.url)
    assert phone.get_by_role("heading", level=1).inner_text() == words["heading"]
    assert phone.locator(".quick-exit").is_visible()
    assert question not in phone.content()
    accessible(phone)
    assert phone.context.cookies() == [], "a cookie before the reader gave a password"

    phone.get_by_label(words["label"]).fill("summer-2026")
    phone.get_by_role("button", name=words["button"]).click()
    assert phone.get_by_role("alert").inner_text() == words["wrong"]
    assert phone.get_by_label(words["label"]).get_attribute("aria-invalid") == "true"
    assert question not in phone.content()
    assert phone.context.cookies() == []

    phone.get_by_label(words["label"]).fill("winter-2026")
    phone.get_by_role("button", name=words["button"]).click()
    phone.wait_for_url(f"**{faq.url}")
    assert question in phone.content()
    assert phone.locator(".quick-exit").is_visible()
    assert errors == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reader_meets_a_page_for_signed_in_members(phone, demo_site, language):
    words = WORDS[language]
    service = first(ServicePage, language)
    PageViewRestriction.objects.create(page=service, restriction_type=PageViewRestriction.LOGIN)
    errors = watch_for_errors(phone)

    phone.goto(service.url)
    assert phone.get_by_role("heading", level=1).inner_text() == words["members"]
    assert phone.locator(".quick-exit").is_visible()
    assert phone.locator(".hotline").count() > 0
    accessible(phone)
    assert phone.context.cookies() == []

    phone.get_by_role("link", name=words["sign_in"], exact=True).click()
    phone.wait_for_url("**/admin/login/**")
    assert phone.locator("input[name=username]").is_visible()
    assert errors == []
