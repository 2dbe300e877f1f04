"""What a reader on a phone sees, in Chromium."""

import pytest

from tests.utils import app_code, authenticator_app

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "lang", "switch_label", "switch_to", "switched_lang"),
    [("/", "en", "Español", "/es/", "es"), ("/es/", "es", "English", "/", "en")],
)
def test_home_page_language_and_switcher(phone, demo_site, path, lang, switch_label, switch_to, switched_lang):
    """Each home page declares its language, and its switcher leads to the other language's home page."""
    phone.goto(path)
    assert phone.locator("html").get_attribute("lang") == lang
    phone.get_by_role("link", name=switch_label).click()
    phone.wait_for_url(f"**{switch_to}")
    assert phone.locator("html").get_attribute("lang") == switched_lang


def test_translator_sees_spanish_strings_in_the_localize_editor(chromium, live_server, demo_site):
    """The wagtail-localize editor loads in the browser (no outside requests) and lists the Spanish questions."""
    from django.contrib.auth import get_user_model

    from resources.models import FaqPage

    translator = get_user_model().objects.create_superuser("translator", "", "a-long-test-password")
    phone = authenticator_app(translator)
    english = FaqPage.objects.get(slug="getting-help", locale__language_code="en")
    spanish = english.get_translation(english.get_translations().get().locale)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    outside = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("input[name=username]", "translator")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/two-factor/?**")
    page.fill("input[name=code]", app_code(phone))
    page.click("form.login-form button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/pages/{spanish.pk}/edit/")
    first_question = spanish.questions[0]["question"]
    page.get_by_text(first_question).first.wait_for()
    context.close()
    assert outside == []
