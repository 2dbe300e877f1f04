"""What a reader on a phone sees, in Chromium."""

import pytest

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
