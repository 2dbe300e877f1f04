"""A moderator imports a 211's file, clicked as they do it: “Import from a directory” in the menu, the file uploaded,
the dry run's report read (a record and field in error among the rest), Import, a draft opened from the result, then
approved from the dashboard; readers get it only then. A translator finds the approved service on their list and opens it in the translation editor; an editor has no
such menu item."""

import re

import pytest
from playwright.sync_api import expect

from django.test import Client

from wagtail.models import Locale

from resources.models import ServicePage
from tests.hsds_tabular import zipped_errors_package
from tests.test_editor_journey import approve_from_dashboard
from tests.test_restricted_pages_journey import accessible, watch_for_errors
from tests.test_translator_journey import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANTRY = "Example Weekly Food Pantry"


@pytest.fixture
def people(roles):
    return {
        "editor": person("rosa", "Editors", "Rosa"),
        "moderator": person("mo", "Moderators", "Mo"),
        "translator": person("tina", "Translators", "Tina"),
    }


@pytest.fixture
def directory_file(tmp_path):
    """The 211's tabular package with its deliberate errors (tests/fixtures/hsds-import-errors), zipped as sent."""
    return zipped_errors_package(tmp_path / "united-way-211.zip")


def report_row(page, title):
    return page.locator("main tbody tr").filter(has_text=title)


def test_a_moderator_imports_a_directorys_file_and_approves_a_service(admin_browser, people, directory_file):
    moderator = admin_browser("mo")
    errors = watch_for_errors(moderator)

    moderator.get_by_role("link", name="Import from a directory").click()
    moderator.wait_for_url("**/admin/directory-import/")
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Import from a directory")
    expect(moderator.locator("main")).to_contain_text("nothing goes live until a moderator approves each service")
    accessible(moderator)
    moderator.get_by_role("textbox", name=re.compile("^Directory name")).fill("United Way 211")
    moderator.get_by_label("File").set_input_files(directory_file)
    moderator.get_by_role("button", name="Check the file").click()
    moderator.wait_for_url(re.compile(r"/admin/directory-import/\d+/$"))

    # The dry run: what would happen to each service, and what is wrong, record by record.
    summary = moderator.locator("#import-summary")
    expect(summary).to_contain_text("Dry run, nothing saved: 3 new services, 0 changed, 0 unchanged, 3 not imported")
    expect(moderator.get_by_role("heading", name="Notes on the file")).to_be_visible()
    mentoring = report_row(moderator, "Example Youth Mentoring")
    expect(mentoring).to_contain_text("services.csv row 7")
    expect(mentoring).to_contain_text("Error:")
    expect(mentoring).to_contain_text(re.compile("Field “minimum_age”:.*twelve", re.S))
    expect(report_row(moderator, "Example Conversation Circle")).to_contain_text("Warning:")
    assert not ServicePage.objects.filter(title=PANTRY).exists()
    accessible(moderator)

    moderator.get_by_role("button", name="Import 3 services").click()
    expect(moderator.locator(".messages")).to_contain_text("Imported: 3 new services")
    expect(moderator.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    pantry = report_row(moderator, PANTRY)
    expect(pantry).to_contain_text("Draft, awaiting review")

    pantry.get_by_role("link", name=PANTRY).click()
    moderator.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(moderator.locator("#id_title")).to_have_value(PANTRY)
    moderator.get_by_role("button", name="Toggle status").click()
    status = moderator.locator("[data-side-panel='status']")
    expect(status).to_contain_text("In Moderation")
    expect(status).to_contain_text("Sent to Moderators approval")
    page = ServicePage.objects.get(title=PANTRY)
    assert not page.live and page.workflow_in_progress
    assert Client().get("/services/").content.decode().count(PANTRY) == 0

    moderator.goto("/admin/")
    approve_from_dashboard(moderator, PANTRY)
    page.refresh_from_db()
    assert page.live
    assert PANTRY in Client().get(page.url).content.decode()
    assert errors == []

    # Spanish comes through the translators: the approved service waits on their list, never machine-published.
    translator = admin_browser("tina")
    panel = translator.locator("#needs-translation-content")
    expect(panel).to_contain_text(PANTRY)
    panel.get_by_role("link", name="See them all in “Needs translation”").click()
    row = translator.get_by_role("row").filter(has_text=PANTRY)
    expect(row).to_contain_text("Not translated yet")
    row.get_by_role("button", name=re.compile(rf"^Translate\W+{PANTRY}")).click()
    spanish = page.get_translation(Locale.objects.get(language_code="es"))
    translator.wait_for_url(f"**/admin/pages/{spanish.pk}/edit/")
    expect(translator.get_by_role("button", name="Submit for review")).to_be_visible()
    assert not spanish.live

    editor = admin_browser("rosa")
    expect(editor.get_by_role("link", name="Pages")).to_be_visible()
    expect(editor.get_by_role("link", name="Import from a directory")).to_have_count(0)
    editor.goto("/admin/directory-import/")
    editor.wait_for_url("**/admin/")
    expect(editor.locator(".messages")).to_contain_text("Sorry, you do not have permission to access this area.")
