"""An alert banner goes through review as a page does, clicked as people do it: an editor writes one and submits it,
a reader's page does not show it, a moderator approves it from the dashboard and the reader then sees it; a
moderator publishes an urgent banner at once; and a translator, turned away from the English banner, translates it
into Spanish and submits that for review."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from wagtail.models import Locale

from home.models import AlertBanner
from tests.test_editor_journey import approve_from_dashboard, close_date_pickers, person, submit_for_review
from tests.test_translator_journey import translate_every_string

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = "Cold-weather shelter open tonight from 7 pm."
URGENT = "Boil-water notice for Wentzville until Friday."
SPANISH_NOTICE = "Refugio por frío abierto esta noche desde las 7 p. m."


@pytest.fixture
def people(roles):
    return {
        "editor": person("rosa", "Editors", "Rosa"),
        "moderator": person("mo", "Moderators", "Mo"),
        "translator": person("tina", "Translators", "Tina"),
    }


@pytest.fixture
def reader(phone):
    """A reader on a phone; fails the test on any answer of 500 or more."""
    server_errors = []
    phone.on("response", lambda response: response.status >= 500 and server_errors.append(response.url))
    yield phone
    assert server_errors == [], f"server errors: {server_errors}"


def write_banner(page, message):
    """Snippets › Alert banners › Add alert banner, with a message shown from five minutes ago for twelve hours."""
    page.goto("/admin/snippets/home/alertbanner/")
    page.get_by_role("link", name=re.compile("Add alert banner")).first.click()
    page.get_by_role("textbox", name=re.compile(r"^Message")).fill(message)
    now = timezone.localtime()
    page.get_by_role("textbox", name=re.compile(r"^Show from")).fill(
        (now - datetime.timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M")
    )
    page.get_by_role("textbox", name=re.compile(r"^Show until")).fill(
        (now + datetime.timedelta(hours=12)).strftime("%Y-%m-%d %H:%M")
    )
    close_date_pickers(page, page.get_by_role("textbox", name=re.compile(r"^Message")))


def test_an_editors_banner_reaches_readers_once_a_moderator_approves_it(admin_browser, people, reader):
    editor = admin_browser("rosa")
    write_banner(editor, NOTICE)
    submit_for_review(editor)
    expect(editor.locator("footer").get_by_role("button", name="Publish")).to_have_count(0)

    reader.goto("/")
    expect(reader.locator(".site-alert")).to_have_count(0)
    reader.goto("/services/")
    expect(reader.get_by_text(NOTICE)).to_have_count(0)

    moderator = admin_browser("mo")
    approve_from_dashboard(moderator, NOTICE)
    assert AlertBanner.objects.filter(message=NOTICE, live=True).exists()

    reader.goto("/")
    expect(reader.locator(".site-alert")).to_contain_text(NOTICE)
    reader.goto("/services/")
    expect(reader.locator(".site-alert")).to_contain_text(NOTICE)


def test_a_moderator_publishes_an_urgent_banner_at_once(admin_browser, people, reader):
    reader.goto("/")
    expect(reader.locator(".site-alert")).to_have_count(0)

    moderator = admin_browser("mo")
    write_banner(moderator, URGENT)
    moderator.locator("footer").get_by_role("button", name="More actions").click()
    moderator.get_by_role("button", name="Publish", exact=True).click()
    expect(moderator.locator(".messages")).to_contain_text(URGENT)

    reader.goto("/")
    expect(reader.locator(".site-alert")).to_contain_text(URGENT)
    reader.goto("/es/")
    expect(reader.locator(".site-alert")).to_contain_text(URGENT)


def test_a_translator_changes_only_the_spanish_banner_and_a_moderator_approves_it(admin_browser, people, reader):
    now = timezone.now()
    AlertBanner.objects.create(
        message=NOTICE,
        locale=Locale.objects.get(language_code="en"),
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=12),
    )
    translator = admin_browser("tina")

    # The English banner is not hers to change: opening it says so and leads back to the list.
    translator.goto("/admin/snippets/home/alertbanner/")
    translator.get_by_role("link", name=NOTICE, exact=True).first.click()
    expect(translator.locator(".messages")).to_contain_text("You can change only the translations of")
    translator.wait_for_url("**/admin/snippets/home/alertbanner/")

    # Reports › Needs translation: Translate, every string in Spanish, then Submit for review.
    translator.goto("/admin/needs-translation/")
    row = translator.get_by_role("row").filter(has_text=NOTICE)
    expect(row).to_contain_text("Not translated yet")
    row.get_by_role("button", name=re.compile(r"^Translate")).click()
    translate_every_string(translator, {NOTICE: SPANISH_NOTICE})
    translator.get_by_role("button", name="Submit for review").click()
    expect(translator.locator(".messages")).to_contain_text("is submitted for review")

    # Spanish readers keep the English notice until a moderator approves the Spanish one.
    reader.goto("/es/")
    expect(reader.locator(".site-alert")).to_contain_text(NOTICE)

    moderator = admin_browser("mo")
    approve_from_dashboard(moderator, SPANISH_NOTICE)

    reader.goto("/es/")
    expect(reader.locator(".site-alert")).to_contain_text(SPANISH_NOTICE)
    reader.goto("/")
    expect(reader.locator(".site-alert")).to_contain_text(NOTICE)
