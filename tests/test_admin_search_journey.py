"""Every search box in the admin finds pages and snippets, typed into as an editor does (no server error:
the admin_browser fixture fails the test on any response of 500 or above)."""

import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from resources.models import HotlineIndexPage, ServicePage
from tests.browser import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(roles):
    user = get_user_model().objects.create_user("rosa", password=PASSWORD, first_name="Rosa")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_every_admin_search_box_finds_what_an_editor_types(admin_browser, editor):
    page = admin_browser("rosa")

    # The dashboard's "Search all pages…".
    page.get_by_placeholder("Search all pages…").fill("outreach vans")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/pages/.*q=outreach\+vans"))
    expect(page.get_by_role("link", name="Night outreach vans").first).to_be_visible()

    # The sidebar's Search.
    page.goto("/admin/pages/")
    page.get_by_role("button", name="Search").first.click()
    page.get_by_role("textbox", name="Search").first.fill("trafficking hotline")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/pages/.*q=trafficking"))
    expect(page.get_by_role("link", name="National Human Trafficking Hotline").first).to_be_visible()

    # The search in a page listing, as you type.
    hotlines = HotlineIndexPage.objects.get(locale__language_code="en")
    page.goto(f"/admin/pages/{hotlines.pk}/")
    page.locator("main").get_by_role("textbox", name=re.compile("Search")).fill("police")
    expect(page.get_by_role("link", name="Wentzville Police: non-emergency line")).to_be_visible()
    expect(page.get_by_role("link", name="Emergency: 911")).to_have_count(0)

    # The snippet chooser in a service's form (its organisation).
    service = ServicePage.objects.get(slug="night-outreach-vans", locale__language_code="en")
    page.goto(f"/admin/pages/{service.pk}/edit/")
    page.locator('button[aria-describedby="id_provider-title"]').click()  # the chosen organisation's Actions
    page.get_by_role("button", name=re.compile("Choose another")).click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("textbox", name=re.compile("Search")).fill("police")
    expect(chooser.get_by_role("link", name="Wentzville Police Department")).to_be_visible()

    # The list of snippets' own search.
    page.goto("/admin/snippets/resources/organisation/")
    page.locator("main").get_by_role("textbox", name=re.compile("Search")).fill("police")
    expect(page.get_by_role("link", name="Wentzville Police Department")).to_be_visible()
