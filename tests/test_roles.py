"""Editors draft, moderators approve and publish, translators work on Spanish only."""

import datetime
from unittest import mock

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from home.models import HomePage
from resources.models import FaqPage, ServicePage
from tests.test_translation_flow import faq_edit_data
from tests.utils import edit_page_url, log_in

pytestmark = pytest.mark.django_db


def member_of(group_name, username=None):
    user = get_user_model().objects.create_user(username or group_name.lower(), password="a-long-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def english(model=FaqPage, slug="getting-help"):
    return model.objects.get(slug=slug, locale__language_code="en")


def spanish_of(page):
    return page.get_translation(page.get_translations().get().locale)


def test_editor_can_draft_but_not_publish(demo_site):
    """An editor may add and edit pages in any language but may not publish or unpublish."""
    permissions = english().permissions_for_user(member_of("Editors"))
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert not permissions.can_unpublish()


def test_moderator_can_publish_and_unpublish(demo_site):
    """A moderator may edit, publish and unpublish."""
    permissions = english().permissions_for_user(member_of("Moderators"))
    assert permissions.can_edit() and permissions.can_publish() and permissions.can_unpublish()


def test_translator_edits_spanish_pages_only(demo_site):
    """A translator may edit the Spanish page but not the English one, and publishes neither."""
    translator = member_of("Translators")
    page = english()
    assert not page.permissions_for_user(translator).can_edit()
    spanish = spanish_of(page).permissions_for_user(translator)
    assert spanish.can_edit() and not spanish.can_publish()
    assert translator.has_perm("wagtail_localize.submit_translation")


def test_only_moderators_change_site_settings(demo_site):
    """The quick-exit target and emergency number are changed by moderators, not editors or translators."""
    assert member_of("Moderators").has_perm("home.change_sitesettings")
    assert not member_of("Editors").has_perm("home.change_sitesettings")
    assert not member_of("Translators").has_perm("home.change_sitesettings")


def test_editors_can_add_organisations(demo_site):
    """Editors can add a new organisation (snippet) for a new service."""
    assert member_of("Editors").has_perm("resources.add_organisation")
    assert not member_of("Translators").has_perm("resources.add_organisation")


def test_new_language_home_pages_open_to_translators(demo_site):
    """A home page made later for another language can be edited by translators straight away."""
    from wagtail.models import Locale

    french = Locale.objects.create(language_code="fr")
    home = HomePage.objects.get(locale__language_code="en")
    french_home = home.copy_for_translation(french)
    assert french_home.permissions_for_user(member_of("Translators")).can_edit()


def test_an_editors_change_goes_live_only_after_a_moderator_approves(client, demo_site):
    """An editor submits a change for review; the public sees it only after a moderator approves it."""
    page = english()
    log_in(client, member_of("Editors"))
    data = faq_edit_data(page, [])
    data["introduction"] = "Reviewed introduction."
    response = client.post(edit_page_url(page), {**data, "action-submit": "action-submit"})
    assert response.status_code == 302
    assert "Reviewed introduction." not in client.get(page.url).content.decode()
    # Publishing directly is not possible for an editor: the draft stays a draft.
    client.post(edit_page_url(page), {**data, "action-publish": "action-publish"})
    assert "Reviewed introduction." not in client.get(page.url).content.decode()

    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    assert task_state is not None
    log_in(client, member_of("Moderators"))
    approve = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = client.post(approve, {"comment": "Looks right."})
    assert response.status_code in (200, 302)
    assert "Reviewed introduction." in client.get(page.url).content.decode()


def test_scheduled_publishing_and_expiry(client, demo_site):
    """A change scheduled for later goes live when publish_scheduled runs after that time, and an expired page goes offline."""
    page = english(ServicePage, "night-outreach-vans")
    page.summary = "Vans now go out every night."
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.expire_at = timezone.now() + datetime.timedelta(hours=3)
    page.save_revision().publish()
    assert "Vans now go out every night." not in client.get(page.url).content.decode()

    call_command("publish_scheduled")
    assert "Vans now go out every night." not in client.get(page.url).content.decode()

    two_hours_later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=two_hours_later):
        call_command("publish_scheduled")
    assert "Vans now go out every night." in client.get(page.url).content.decode()

    four_hours_later = timezone.now() + datetime.timedelta(hours=4)
    with mock.patch("django.utils.timezone.now", return_value=four_hours_later):
        call_command("publish_scheduled")
    assert client.get(page.url).status_code == 404


def test_editors_and_moderators_post_alert_banners_and_translators_translate_them(demo_site):
    """Editors and moderators can add an alert banner; translators can only change (translate) one."""
    assert member_of("Editors").has_perm("home.add_alertbanner")
    assert member_of("Moderators").has_perm("home.delete_alertbanner")
    translator = member_of("Translators")
    assert translator.has_perm("home.change_alertbanner") and not translator.has_perm("home.add_alertbanner")


def test_translators_cannot_override_numbers_in_spanish(demo_site):
    """Phone numbers are synchronised and not overridable: the translation editor offers no way to change them."""
    from wagtail_localize.fields import get_translatable_fields

    from resources.models import HotlinePage

    fields = {field.field_name: field for field in get_translatable_fields(HotlinePage)}
    for name in ["phone", "text_number", "tty", "phone_vanity"]:
        assert fields[name].is_synchronized(HotlinePage()) and not fields[name].overridable
