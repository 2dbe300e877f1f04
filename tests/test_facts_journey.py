"""Corrected facts, clicked as people meet them (#17).

A reader on a phone, in each language, follows a featured question from the home page to its answer and finds
the corrections with their sources, the 911 card's interpreter note, the "not checked yet" notes on cards, and a
quick exit that lands on a page in their language. An editor corrects an answer in the admin (and is told
plainly why an answer with an unsourced figure cannot go on the home page); a moderator approves it; a
translator gives the correction in Spanish; Spanish readers see it."""

import re

import pytest
from playwright.sync_api import expect

from django.test import Client

from wagtail.models import Locale

from resources.models import FaqPage
from tests.test_editor_journey import approve_from_dashboard, close_date_pickers, submit_for_review
from tests.test_restricted_pages_journey import accessible
from tests.test_translator_journey import person, translate_every_string

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READER = {
    "en": {
        "question": "Are there support services for people wanting to leave prostitution?",
        "anchor": "are-there-support-services-for-people-wanting-to-leave-prostitution",
        "hotline": "call the National Human Trafficking Hotline at 1-888-373-7888",
        "corrected": "Corrected on",
        "interpreters": "Interpreters are available",
        "unchecked": "Details not checked yet",
        "exit": "https://www.bbc.co.uk/weather",
        "quick_exit": "Quick exit",
    },
    "es": {
        "question": "¿Hay servicios de apoyo para las personas que quieren dejar la prostitución?",
        "anchor": "hay-servicios-de-apoyo-para-dejar-la-prostitucion",
        "hotline": "llame a la Línea Nacional contra la Trata de Personas al 1-888-373-7888",
        "corrected": "Corregido el",
        "interpreters": "Hay intérpretes",
        "unchecked": "Datos sin verificar todavía",
        "exit": "https://weather.com/es-US/",
        "quick_exit": "Salida rápida",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reader_on_a_phone_gets_corrected_facts_with_their_sources(phone, demo_site, language):
    words = READER[language]
    errors = []
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    phone.goto("/" if language == "en" else "/es/")
    emergency = phone.locator("li.hotline--emergency").first
    expect(emergency).to_contain_text(words["interpreters"])
    expect(phone.locator("li.card").filter(has_text=words["unchecked"]).first).to_be_visible()

    phone.get_by_role("link", name=words["question"]).click()
    phone.wait_for_url(re.compile(f"#{words['anchor']}$"))
    answer = phone.locator(f"#{words['anchor']}")
    expect(answer).to_be_in_viewport()
    expect(answer).to_contain_text(words["hotline"])
    notes = answer.locator("p.correction")
    expect(notes).to_have_count(3)
    for index in range(3):
        expect(notes.nth(index)).to_contain_text(words["corrected"])
        expect(notes.nth(index).get_by_role("link")).to_have_attribute("href", re.compile(r"^https://"))
    # axe at the top of the page: scrolled to the answer, the link above it peeks from under the sticky header.
    phone.evaluate("window.scrollTo(0, 0)")
    accessible(phone)

    # The quick exit lands on a page in the reader's language (answered here: the test never leaves the site).
    phone.route(
        words["exit"] + "**", lambda route: route.fulfill(body="<title>Weather</title>", content_type="text/html")
    )
    phone.get_by_role("link", name=words["quick_exit"], exact=True).click()
    phone.wait_for_url(words["exit"])
    assert errors == []


@pytest.fixture
def people(roles):
    return {
        "editor": person("rosa", "Editors", "Rosa"),
        "moderator": person("mo", "Moderators", "Mo"),
        "translator": person("tina", "Translators", "Tina"),
    }


NOTE = "This answer said patronizing was not a crime. It is one, under section 567.030."
SOURCE = "Revised Statutes of Missouri, section 567.030"
SPANISH = {
    NOTE: "Antes, esta respuesta decía que pagar por sexo no era un delito. Lo es, según la sección 567.030.",
    SOURCE: "Leyes Revisadas de Missouri, sección 567.030",
}


def test_an_editor_corrects_an_answer_and_a_translator_gives_the_correction_in_spanish(admin_browser, people):
    law = FaqPage.objects.get(slug="law-and-police", locale__language_code="en")
    spanish = law.get_translation(Locale.objects.get(language_code="es"))

    # The editor adds a correction under the first answer: the date, what changed, and the source.
    editor = admin_browser("rosa")
    editor.goto(f"/admin/pages/{law.pk}/edit/")
    question = editor.locator("[data-contentpath='body'] [data-streamfield-child]").first
    corrections = question.locator("[data-contentpath='corrections']")
    expect(question.get_by_role("textbox", name=re.compile(r"^Question"))).to_be_visible()
    corrections.get_by_title("Add", exact=True).last.click()
    correction = corrections.locator("[data-streamfield-child]").last
    date = correction.locator("input[name$='-value-date']")
    expect(date).to_be_visible()
    date.fill("2026-12-02")
    note = correction.locator("textarea[name$='-value-note']")
    close_date_pickers(editor, note)
    note.fill(NOTE)
    correction.locator("input[name$='-value-source']").fill(SOURCE)

    # Ticking "Show on the home page" for an answer with a figure and no source is refused in plain words.
    health = editor.context.new_page()
    health_page = FaqPage.objects.get(slug="health-and-safety", locale__language_code="en")
    health.goto(f"/admin/pages/{health_page.pk}/edit/")
    first = health.locator("[data-contentpath='body'] [data-streamfield-child]").first
    answer = first.locator("[contenteditable='true']").first
    answer.click()
    health.keyboard.press("End")
    health.keyboard.type(" About 40% of them.")
    expect(first.locator("input[name$='-value-answer']")).to_have_value(re.compile("40%"))
    first.get_by_role("checkbox", name=re.compile("Show on the home page")).check()
    health.locator("footer").get_by_role("button", name="Save draft").click()
    expect(health.locator(".messages")).to_contain_text("could not be saved")
    expect(first).to_contain_text("This answer gives figures (40%) without a source")
    health.close()

    submit_for_review(editor)
    assert NOTE not in Client().get(law.url).content.decode()

    # A moderator approves it; English readers see the correction under the answer.
    moderator = admin_browser("mo")
    approve_from_dashboard(moderator, law.title)
    english = Client().get(law.url).content.decode()
    assert NOTE in english and SOURCE in english

    # The translator finds the two new strings waiting, translates them and submits; a moderator approves.
    translator = admin_browser("tina")
    expect(translator.locator("#needs-translation-content")).to_contain_text("2 strings to translate")
    translator.get_by_role("link", name="See them all in “Needs translation”").click()
    translator.get_by_role("link", name=re.compile(r"^Continue translating\W+The law and the police")).click()
    translator.wait_for_url(f"**/admin/pages/{spanish.pk}/edit/")
    translate_every_string(translator, SPANISH)
    translator.get_by_role("button", name="Submit for review").click()
    expect(translator.locator(".messages")).to_contain_text("is submitted for review")

    moderator.goto("/admin/")
    approve_from_dashboard(moderator, spanish.title)
    reader = Client().get(spanish.url).content.decode()
    assert SPANISH[NOTE] in reader and SPANISH[SOURCE] in reader
    assert NOTE not in reader
