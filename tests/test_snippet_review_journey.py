"""An alert banner goes through review as a page does, clicked as people do it: an editor writes one and submits it,
a reader's page does not show it, a moderator approves it from the dashboard and the reader then sees it; and a
moderator publishes an urgent banner at once."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from home.models import AlertBanner
from tests.test_editor_journey import approve_from_dashboard, close_date_pickers, person, submit_for_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = "Cold-weather shelter open tonight from 7 pm."
URGENT = "Boil-water notice for Wentzville until Friday."


@pytest.fixture
def people(roles):
    return {"editor": person("rosa", "Editors", "Rosa"), "moderator": person("mo", "Moderators", "Mo")}


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
    assert AlertBanner.objects.get(message=NOTICE).live

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
