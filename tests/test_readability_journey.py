"""Plain language, clicked as editors meet it: an editor opens a page's Checks panel and finds its reading level
against the site's target, with the sentences to shorten; then Reports › Reading level, whose link leads back to
the page's editor. A translator finds the Spanish figures above the translation editor."""

import re

import pytest
from playwright.sync_api import expect

from wagtail.models import Locale

from resources.models import FaqPage
from tests.test_editor_journey import person
from tests.test_readability import HARD, HARD_SENTENCE, published_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(roles):
    return {"editor": person("rosa", "Editors", "Rosa"), "translator": person("tomas", "Translators", "Tomás")}


@pytest.fixture
def hard_page(demo_site):
    return published_page("Our approach", "our-approach", HARD)


def test_an_editor_finds_the_reading_level_in_the_checks_panel_and_the_report(admin_browser, people, hard_page):
    editor = admin_browser("rosa")
    editor.goto(f"/admin/pages/{hard_page.pk}/edit/")
    editor.get_by_role("button", name="Toggle checks").click()
    checks = editor.locator("[data-side-panel='checks']")
    plain = checks.locator("section.coalition-plain-language")
    expect(plain).to_be_visible()
    expect(plain.get_by_role("heading", name="Plain language")).to_be_visible()
    expect(plain).to_contain_text("Grade 8")
    expect(plain).to_contain_text(re.compile(r"Reads at about grade \d+\.\d: above the site’s target of grade 8\."))
    expect(plain.get_by_role("listitem").first).to_contain_text(HARD_SENTENCE)
    expect(plain).to_contain_text("Save a draft to measure your changes.")

    # Reports › Reading level lists the page; its title opens the editor again.
    editor.get_by_role("button", name="Reports").click()
    editor.get_by_role("link", name="Reading level").click()
    editor.wait_for_url("**/admin/reading-level/")
    expect(editor.get_by_role("heading", name="Reading level")).to_be_visible()
    row = editor.get_by_role("row").filter(has_text="Our approach")
    expect(row).to_contain_text("English")
    row.get_by_role("link", name="Our approach").click()
    editor.wait_for_url(f"**/admin/pages/{hard_page.pk}/edit/")


def test_a_translator_finds_the_spanish_figures_above_the_translation_editor(admin_browser, people):
    english = FaqPage.objects.get(slug="community", locale__language_code="en")
    spanish = english.get_translation(Locale.objects.get(language_code="es"))
    translator = admin_browser("tomas")
    translator.goto(f"/admin/pages/{spanish.pk}/edit/")
    box = translator.locator(".coalition-translation-reading")
    expect(box).to_be_in_viewport()
    expect(box).to_contain_text("Plain language")
    expect(box).to_contain_text(re.compile(r"Reading ease\s*\d+ \("))
    expect(box).to_contain_text("Fernández Huerta")
    # The translation editor itself still works below it.
    expect(translator.locator(".js-translation-editor")).to_contain_text(spanish.questions[0]["question"])
