"""After sending a page for review, approving it, asking for changes or publishing it, the admin says what
happened and what happens next; and a moderator who types a page's delete address is turned away."""

import datetime
import html
import json
import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from resources.models import FaqPage, HotlinePage
from tests.browser import PASSWORD
from tests.test_translation_flow import faq_edit_data
from tests.utils import edit_page_url, log_in

NEW_INTRODUCTION = "Whatever you decide, we will not judge you."
SENT_FOR_REVIEW = (
    "“Getting help and getting out” is sent for review: moderators see it on their dashboard, and it goes live "
    "once one of them approves it. Until then you cannot edit it."
)
PUBLISHED = "“Getting help and getting out” is published: readers see it now."
SENT_BACK = (
    "“Getting help and getting out” is sent back to Rosa Editor with your comment. Their changes stay unpublished "
    "until they send it for review again."
)
SENT_BACK_WITHOUT_COMMENT = (
    "“Getting help and getting out” is sent back to Rosa Editor. Their changes stay unpublished until they send "
    "it for review again."
)


@pytest.fixture
def editor(roles):
    user = get_user_model().objects.create_user("rosa", password=PASSWORD, first_name="Rosa", last_name="Editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def moderator(roles):
    user = get_user_model().objects.create_user("dana", password=PASSWORD, first_name="Dana", last_name="Moderator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def faq():
    return FaqPage.objects.get(slug="getting-help", locale__language_code="en")


def in_review(page, editor, go_live_at=None):
    """`page` with a new introduction, sent for review by `editor`; the review's task state."""
    page.introduction = NEW_INTRODUCTION
    page.go_live_at = go_live_at
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return page.current_workflow_task_state


def shown(response):
    """The messages a response shows, as text."""
    return [" ".join(html.unescape(message.message).split()) for message in response.context["messages"]]


def readers_see(page):
    return NEW_INTRODUCTION in Client().get(page.url).content.decode()


@pytest.mark.django_db
def test_an_editor_is_told_who_reviews_the_page_and_that_it_is_locked(client, editor, faq):
    """Sending for review says the moderators see it and the page is locked, and offers no Edit button."""
    log_in(client, editor)
    data = {**faq_edit_data(faq, []), "introduction": NEW_INTRODUCTION, "action-submit": "action-submit"}
    response = client.post(edit_page_url(faq), data, follow=True)
    [message] = shown(response)
    assert message.startswith(SENT_FOR_REVIEW)
    assert "View draft" in message and "Edit" not in message


@pytest.mark.django_db
def test_approving_from_the_dashboard_says_the_page_is_published(client, editor, moderator, faq):
    """The dashboard's Approve button publishes the page and the dashboard then says readers see it now."""
    task_state = in_review(faq, editor)
    log_in(client, moderator)
    url = reverse("wagtailadmin_pages:workflow_action", args=(faq.pk, "approve", task_state.pk))
    response = client.post(url, {"next": reverse("wagtailadmin_home")}, follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    [message] = shown(response)
    assert message.startswith(PUBLISHED) and "View live" in message
    assert readers_see(faq)


@pytest.mark.django_db
def test_asking_for_changes_from_the_dashboard_names_the_editor(client, editor, moderator, faq):
    """ "Request changes" in the dashboard's dialog says whom the page went back to; the dashboard the browser
    then goes back to shows it, and readers still see the old page."""
    task_state = in_review(faq, editor)
    log_in(client, moderator)
    url = reverse("wagtailadmin_pages:workflow_action", args=(faq.pk, "reject", task_state.pk))
    response = client.post(
        url,
        {"comment": "Please add the text line.", "next": reverse("wagtailadmin_home")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert json.loads(response.content)["redirect"] == reverse("wagtailadmin_home")
    assert shown(client.get(reverse("wagtailadmin_home"))) == [SENT_BACK]
    assert not readers_see(faq)


def workflow_action_in_the_editor(client, faq, name, extra=None):
    """The moderator's workflow action from the page editor's footer, with the introduction changed."""
    faq.refresh_from_db()
    data = {
        **faq_edit_data(faq, []),
        "introduction": NEW_INTRODUCTION,
        "action-workflow-action": "true",
        "workflow-action-name": name,
        **(extra or {}),
    }
    return client.post(edit_page_url(faq), data, follow=True)


@pytest.mark.django_db
def test_approving_in_the_editor_says_published_not_updated(client, editor, moderator, faq):
    """ "Approve and Publish" in the page editor says the page is published, where Wagtail said "updated"."""
    in_review(faq, editor)
    log_in(client, moderator)
    [message] = shown(workflow_action_in_the_editor(client, faq, "approve"))
    assert message.startswith(PUBLISHED)
    assert readers_see(faq)


@pytest.mark.django_db
def test_asking_for_changes_in_the_editor_names_the_editor(client, editor, moderator, faq):
    """ "Request changes" in the page editor, with no comment, says whom the page went back to."""
    in_review(faq, editor)
    log_in(client, moderator)
    response = workflow_action_in_the_editor(
        client, faq, "reject", {"workflow-action-extra-data": json.dumps({"comment": ""})}
    )
    assert shown(response) == [SENT_BACK_WITHOUT_COMMENT]
    assert not readers_see(faq)


@pytest.mark.django_db
def test_publishing_says_readers_see_it_now(client, moderator, faq):
    """A moderator's Publish says readers see the page now, once, with its View live and Edit buttons."""
    log_in(client, moderator)
    data = {**faq_edit_data(faq, []), "introduction": NEW_INTRODUCTION, "action-publish": "action-publish"}
    [message] = shown(client.post(edit_page_url(faq), data, follow=True))
    assert message.startswith(PUBLISHED) and "View live" in message and "Edit" in message
    assert readers_see(faq)


@pytest.mark.django_db
def test_approving_a_scheduled_page_says_when_readers_see_it(client, editor, moderator, faq):
    """Approving a page set to go live later says it is approved and from when readers see it, not that it is
    published."""
    task_state = in_review(faq, editor, go_live_at=timezone.now() + datetime.timedelta(days=2))
    log_in(client, moderator)
    url = reverse("wagtailadmin_pages:workflow_action", args=(faq.pk, "approve", task_state.pk))
    [message] = shown(client.post(url, {"next": reverse("wagtailadmin_home")}, follow=True))
    assert message.startswith("“Getting help and getting out” is approved: readers will see it from ")
    assert not readers_see(faq)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_sends_a_page_for_review_and_a_moderator_approves_it(admin_browser, editor, moderator, faq):
    """The editor clicks Submit and is told who reviews it; the moderator approves it with a comment in the
    dashboard's dialog, is told it is published, and the public page shows the change."""
    page = admin_browser("rosa")
    page.goto(edit_page_url(faq))
    page.locator("[name=introduction]").fill(NEW_INTRODUCTION)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Moderators approval").click()
    expect(page.locator(".messages")).to_contain_text(SENT_FOR_REVIEW)

    page = admin_browser("dana")
    row = page.get_by_role("region", name="Awaiting your review").get_by_role("row").filter(has_text=faq.title)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with comment").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Comment").fill("Clear and kind, thank you.")
    dialog.get_by_role("button", name="Approve with comment").click()
    expect(page.locator(".messages")).to_contain_text(PUBLISHED)
    expect(page.get_by_role("region", name="Awaiting your review")).to_have_count(0)

    page.goto(faq.url)
    expect(page.get_by_text(NEW_INTRODUCTION)).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_moderator_asks_for_changes_with_a_comment(admin_browser, editor, moderator, faq):
    """ "Request changes" in the dashboard's dialog says the page went back to Rosa Editor with the comment."""
    in_review(faq, editor)
    page = admin_browser("dana")
    row = page.get_by_role("region", name="Awaiting your review").get_by_role("row").filter(has_text=faq.title)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Request changes").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Comment").fill("Please add the text line.")
    dialog.get_by_role("button", name="Request changes").click()
    expect(page.locator(".messages")).to_contain_text(SENT_BACK)
    assert not readers_see(faq)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_moderator_who_types_a_delete_address_is_turned_away(admin_browser, moderator):
    """The delete address of a live hotline sends a moderator to the dashboard with a refusal; the hotline stays."""
    hotline = HotlinePage.objects.filter(locale__language_code="en", live=True).first()
    page = admin_browser("dana")
    page.goto(reverse("wagtailadmin_pages:delete", args=[hotline.pk]))
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator(".messages")).to_contain_text("Sorry, you do not have permission to access this area.")
    expect(page.get_by_role("button", name="Yes, delete it")).to_have_count(0)
    page.goto(hotline.url)
    expect(page.get_by_role("heading", name=hotline.title, exact=True)).to_be_visible()
    assert HotlinePage.objects.filter(pk=hotline.pk, live=True).exists()
