"""The whole editorial cycle through the admin: draft, review, translation, publication, fact check."""

import html
import json
import re
from urllib.parse import urlencode

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from resources.models import ServicePage
from tests.utils import edit_page_url, log_in, page_form_data, rich_text

pytestmark = pytest.mark.django_db

NEW_SUMMARY = "Vans go out every night from 9 pm with naloxone, wound care and warm socks."
SPANISH_SUMMARY = "Las camionetas salen todas las noches desde las 9 p. m. con naloxona, curaciones y calcetines."


def person(group):
    user = get_user_model().objects.create_user(group.lower(), password="a-long-test-password")
    user.groups.add(Group.objects.get(name=group))
    return user


def service_form(page, **changes):
    """What the page editor posts for `page` as it stands, with `changes`."""
    fields = {
        name: getattr(page, name) or ""
        for name in [
            "title",
            "slug",
            "summary",
            "cost",
            "cost_details",
            "eligibility",
            "confidentiality",
            "street_address",
            "locality",
            "region",
            "postal_code",
            "phone",
            "text_number",
            "website",
            "email",
            "how_to_access",
            "hours_note",
            "languages_note",
            "verification_source",
        ]
    }
    fields.update(provider=str(page.provider_id), description=rich_text(page.description), last_verified="")
    if page.confidential:
        fields["confidential"] = "on"
    fields.update(changes)
    many = {
        "categories": [category.pk for category in page.categories.all()],
        "languages": [language.pk for language in page.languages.all()],
    }
    return page_form_data(fields, streams={"opening_hours": []}, many=many)


def editor_segments(client, page):
    response = client.get(edit_page_url(page))
    props = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode()).group(1)
    return {s["source"]: s for s in json.loads(html.unescape(props))["segments"] if "source" in s}


def test_draft_review_translate_publish_and_check(client, demo_site, django_capture_on_commit_callbacks):
    """An editor's change goes live after approval, the translator's Spanish after a moderator publishes it,
    and the fact check done by the editor reaches readers in both languages once a moderator approves it."""
    english = ServicePage.objects.get(slug="night-outreach-vans", locale__language_code="en")
    spanish = english.get_translation(english.get_translations().get().locale)
    editor, moderator, translator = person("Editors"), person("Moderators"), person("Translators")

    # The editor drafts the change and submits it for review: nothing changes for readers yet.
    log_in(client, editor)
    response = client.post(
        edit_page_url(english), {**service_form(english, summary=NEW_SUMMARY), "action-submit": "1"}
    )
    assert response.status_code == 302
    assert NEW_SUMMARY not in client.get(english.url).content.decode()

    # The moderator approves it: the English page is live with the change.
    log_in(client, moderator)
    english.refresh_from_db()
    task_state = english.current_workflow_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=(english.pk, "approve", task_state.pk))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(approve, {"comment": ""})
    assert NEW_SUMMARY in client.get(english.url).content.decode()
    assert NEW_SUMMARY not in client.get(spanish.url).content.decode()

    # The translator translates the new sentence in the translation editor.
    log_in(client, translator)
    segment = editor_segments(client, spanish)[NEW_SUMMARY]
    response = client.put(
        segment["editUrl"], urlencode({"value": SPANISH_SUMMARY}), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 201)
    assert not spanish.permissions_for_user(translator).can_publish()

    # A moderator publishes the Spanish page from the translation editor: both languages are live.
    log_in(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_page_url(spanish), {"action": "publish"})
    assert SPANISH_SUMMARY in html.unescape(client.get(spanish.url).content.decode())

    # The report shows the service needs checking; the editor checks it, the moderator approves.
    log_in(client, editor)
    report = client.get(reverse("facts:report")).content.decode()
    assert reverse("facts:checked", args=[english.pk]) in report
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("facts:checked", args=[english.pk]), {"source": "Called the outreach coordinator"}
        )
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.has_unpublished_changes

    log_in(client, moderator)
    draft = english.get_latest_revision_as_object()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_page_url(english),
            {**service_form(draft, last_verified=str(draft.last_verified)), "action-publish": "1"},
        )
    assert response.status_code == 302
    today = timezone.localdate()
    assert f"Checked on {date_format(today, 'DATE_FORMAT')}" in client.get(english.url).content.decode()
    assert "Verificado el" in html.unescape(client.get(spanish.url).content.decode())
    assert reverse("facts:checked", args=[english.pk]) not in client.get(reverse("facts:report")).content.decode()
