"""An editor's Account page works in Chromium: no script on it fails, and choosing Spanish there works."""

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.browser import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_opens_account_and_chooses_spanish_without_a_script_error(admin_browser, roles):
    """Account opens, and saves the admin's language, with no JavaScript error (it once failed with "RangeError:
    Invalid time zone specified: localtime")."""
    editor = get_user_model().objects.create_user(
        "volunteer", "rosa@example.org", PASSWORD, first_name="Rosa", last_name="Editor"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    page = admin_browser("volunteer")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Wagtail's Stimulus controllers catch their own errors and report them on the console, as the RangeError was.
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto("/admin/account/")
    page.wait_for_load_state("networkidle")
    language = page.get_by_label("Preferred language")
    expect(language).to_be_visible()
    expect(page.get_by_label("Current time zone")).to_have_count(0)
    language.select_option("es")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Idioma preferido")).to_be_visible()
    page.wait_for_load_state("networkidle")

    assert errors == []
