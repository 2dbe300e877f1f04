"""A translator's whole job in the admin, clicked as they do it: find what needs translating, translate every
string, submit it for review; a moderator approves it from the dashboard; Spanish readers get the page."""

import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import Locale

from home.models import HomePage
from resources.models import StandardPage
from tests.browser import PASSWORD
from tests.test_needs_translation import translate_strings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPANISH = {
    "Winter shelters": "Refugios de invierno",
    "Where to sleep warm tonight.": "Dónde dormir caliente esta noche.",
}


def person(username, group, first_name):
    user = get_user_model().objects.create_user(username, password=PASSWORD, first_name=first_name)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def people(roles):
    return {
        "translator": person("tina", "Translators", "Tina"),
        "moderator": person("mo", "Moderators", "Mo"),
    }


@pytest.fixture
def new_english_page():
    """A page a moderator has just published in English; nobody has asked for its Spanish version."""
    home = HomePage.objects.get(locale__language_code="en")
    page = StandardPage(title="Winter shelters", slug="winter-shelters", introduction="Where to sleep warm tonight.")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def translate_every_string(page, translations):
    """In wagtail-localize's editor: Translate on each string, type the Spanish, Save."""
    translate = page.get_by_role("button", name="Translate", exact=True)
    expect(translate.first).to_be_visible()
    while translate.count():
        original = page.locator("li.incomplete").filter(has=translate).first.locator("p").first.inner_text()
        segment = page.locator("li:is(.incomplete, .complete)").filter(has=page.get_by_text(original, exact=True))
        segment.get_by_role("button", name="Translate", exact=True).click()
        segment.locator("textarea").fill(translations[original])
        # The editor marks the string done before the server has it: wait for the server's answer, or a
        # "Submit for review" clicked next can count the string as still untranslated.
        with page.expect_response(re.compile(r"/translate/\d+/strings/\d+/edit/$")) as saved:
            segment.get_by_role("button", name="Save", exact=True).click()
        assert saved.value.ok, saved.value.status
        expect(segment).to_have_class("complete")


def test_a_translator_finds_translates_and_submits_a_new_page_and_a_moderator_publishes_it(
    admin_browser, people, new_english_page
):
    spanish_locale = Locale.objects.get(language_code="es")

    # The translator's dashboard says what waits for them; the list has a Translate button for the page.
    page = admin_browser("tina")
    panel = page.locator("#needs-translation-content")
    expect(panel).to_contain_text("One page needs translating.")
    expect(panel).to_contain_text("Winter shelters")
    panel.get_by_role("link", name="See them all in “Needs translation”").click()
    row = page.get_by_role("row").filter(has_text="Winter shelters")
    expect(row).to_contain_text("Not translated yet")
    row.get_by_role("button", name=re.compile(r"^Translate\W+Winter shelters")).click()

    # The translation editor: our Save draft and Submit for review, none of Delete, Stop or Convert to alias.
    spanish = new_english_page.get_translation(spanish_locale)
    page.wait_for_url(f"**/admin/pages/{spanish.pk}/edit/")
    assert not spanish.live
    for refused in ("Delete", "Stop Synced translation", "Convert to alias page", "Publish in Español"):
        expect(page.get_by_text(refused, exact=True)).not_to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("still has 2 strings to translate")

    translate_every_string(page, SPANISH)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("is saved as a Spanish draft")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("Refugios de invierno")
    expect(page.locator(".messages")).to_contain_text("is submitted for review")
    spanish.refresh_from_db()
    assert spanish.slug == "refugios-de-invierno", "the web address comes from the Spanish title"
    assert not spanish.live

    # Submitted, it leaves the translator's list, and Spanish readers see nothing yet.
    page.goto("/admin/needs-translation/")
    expect(page.get_by_role("row").filter(has_text="Winter shelters")).to_have_count(0)
    assert Client().get("/es/refugios-de-invierno/").status_code == 404

    # The moderator approves it from the dashboard.
    page = admin_browser("mo")
    review = page.locator("section").filter(has=page.get_by_role("heading", name="Awaiting your review"))
    row = review.get_by_role("row").filter(has_text="Refugios de invierno")
    expect(row).to_contain_text("Español")
    row.get_by_role("button").last.click()
    row.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_url("**/admin/")
    expect(review.get_by_role("row").filter(has_text="Refugios de invierno")).to_have_count(0)

    spanish.refresh_from_db()
    assert spanish.live
    reader = Client().get("/es/refugios-de-invierno/")
    assert reader.status_code == 200
    assert "Dónde dormir caliente esta noche." in reader.content.decode()


def test_a_translator_brings_a_changed_page_up_to_date(admin_browser, people, new_english_page):
    """After the English changes, the list says how many strings wait; the live Spanish page stays whole."""
    spanish_locale = Locale.objects.get(language_code="es")
    from wagtail_localize.operations import translate_object

    translate_object(new_english_page, [spanish_locale])
    spanish = new_english_page.get_translation(spanish_locale)
    translation = translate_strings(new_english_page, spanish_locale, SPANISH)
    translation.save_target(publish=True)
    spanish.refresh_from_db()
    assert spanish.live

    new_english_page.introduction = "Where to sleep warm tonight, and how to get there."
    new_english_page.save_revision().publish()

    page = admin_browser("tina")
    expect(page.locator("#needs-translation-content")).to_contain_text("1 string to translate")
    page.get_by_role("link", name="See them all in “Needs translation”").click()
    page.get_by_role("link", name=re.compile(r"^Continue translating\W+Winter shelters")).click()
    page.wait_for_url(f"**/admin/pages/{spanish.pk}/edit/")
    translate_every_string(
        page,
        {"Where to sleep warm tonight, and how to get there.": "Dónde dormir caliente esta noche, y cómo llegar."},
    )
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("is submitted for review")
    shown = Client().get(spanish.url).content.decode()
    assert "Dónde dormir caliente esta noche." in shown, shown[shown.find("<main") : shown.find("</main>")]
