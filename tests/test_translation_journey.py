"""Asking for a translation in the admin, clicked as an editor does: a Spanish draft, never an error page."""

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import Locale

from home.models import HomePage
from resources.models import StandardPage
from tests.browser import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(roles):
    user = get_user_model().objects.create_user("volunteer", password=PASSWORD, first_name="Rosa")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def live_english_page():
    """A page a moderator has just published in English, with no Spanish version yet."""
    home = HomePage.objects.get(locale__language_code="en")
    page = StandardPage(title="Winter shelters", slug="winter-shelters", introduction="Where to sleep warm tonight.")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_an_editor_asks_for_the_spanish_translation_of_a_live_page(admin_browser, editor, live_english_page):
    """ "Translate this page" → Español → Submit makes a Spanish draft and opens it; readers see no half-English
    Spanish page meanwhile."""
    page = admin_browser("volunteer")
    page.goto(f"/admin/pages/{live_english_page.pk}/edit/")
    page.get_by_role("button", name="Actions").first.click()
    page.get_by_role("link", name="Translate this page").click()
    page.get_by_label("Español").check()
    page.get_by_role("button", name="Submit").click()

    spanish = live_english_page.get_translation(Locale.objects.get(language_code="es"))
    page.wait_for_url(f"**/admin/pages/{spanish.pk}/edit/")
    expect(page.locator(".messages")).to_contain_text("Winter shelters")
    assert not spanish.live
    assert Client().get(f"/es/{spanish.slug}/").status_code == 404
