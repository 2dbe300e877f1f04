"""After each editorial step the admin says what happened and what happens next.

Wagtail says "Page 'X' has been updated." after an approval made in the page editor, though the page has just
been published, and nothing at all after an approval or a request for changes made from the dashboard's
"Awaiting your review" panel (that view only redirects; a message added there shows on the dashboard the
browser goes back to). Its "submitted for moderation" does not say who will see the page, or that the page
is now locked for the person who sent it.

Wagtail's page views are replaced, for every page type, by subclasses that keep all they do and change only
the message: a PageViewSet for Wagtail's Page, registered after Wagtail's own (wagtail_hooks.py). A page type
given a viewset of its own later would need these view classes in it.
"""

from django.contrib import messages
from django.utils.html import escape
from django.utils.timezone import now
from django.utils.translation import gettext as _

from wagtail.admin import messages as admin_messages
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.pages import edit, workflow
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import TaskState
from wagtail.utils.timestamps import render_timestamp


def fresh(page):
    """The page as the database has it now: a view's copy can predate the workflow publishing it."""
    return page.specific_class.objects.get(pk=page.pk)


def locked_for(page, user):
    lock = page.get_lock()
    return bool(lock and lock.for_user(user))


def sent_for_review(page, user):
    title = page.get_admin_display_title()
    if locked_for(page, user):
        return _(
            "“%(title)s” is sent for review: moderators see it on their dashboard, and it goes live once one of "
            "them approves it. Until then you cannot edit it."
        ) % {"title": title}
    return _(
        "“%(title)s” is sent for review: moderators see it on their dashboard, and it goes live once one of them "
        "approves it."
    ) % {"title": title}


def published(page):
    """The message for a page whose latest version readers now see; None if they do not (yet)."""
    if page.live and not page.has_unpublished_changes:
        return _("“%(title)s” is published: readers see it now.") % {"title": page.get_admin_display_title()}
    return None


def reviewed(page, task_state):
    """What a moderator's approval or request for changes did to the page; None if it was neither, or did not
    finish the review."""
    task_state.refresh_from_db()
    title = page.get_admin_display_title()
    if task_state.status == TaskState.STATUS_REJECTED:
        requester = task_state.workflow_state.requested_by
        if requester is None:
            return None
        values = {"title": title, "name": get_user_display_name(requester)}
        if task_state.comment:
            return (
                _(
                    "“%(title)s” is sent back to %(name)s with your comment. Their changes stay unpublished until "
                    "they send it for review again."
                )
                % values
            )
        return (
            _(
                "“%(title)s” is sent back to %(name)s. Their changes stay unpublished until they send it for review again."
            )
            % values
        )
    if task_state.status == TaskState.STATUS_APPROVED:
        scheduled = page.scheduled_revision
        if scheduled is not None and scheduled.approved_go_live_at > now():
            return _("“%(title)s” is approved: readers will see it from %(time)s.") % {
                "title": title,
                "time": render_timestamp(scheduled.approved_go_live_at),
            }
        return published(page)
    return None


def view_live_button(page, task_state):
    """A link to the live page when the review has just published it."""
    if task_state.status == TaskState.STATUS_APPROVED and published(page) and page.url is not None:
        return [admin_messages.button(page.url, _("View live"))]
    return []


def replace_wagtails_message(request, page, text, buttons=None):
    """Say `text` instead of the success message Wagtail has just given about `page`."""
    storage = messages.get_messages(request)
    title = escape(page.get_admin_display_title())
    waiting = list(storage)
    wagtails = next((m for m in reversed(waiting) if m.level == messages.SUCCESS and title in m.message), None)
    for message in waiting:
        if message is not wagtails:
            storage.add(message.level, message.message, message.extra_tags)
    admin_messages.success(request, text, buttons=buttons)


class EditView(edit.EditView):
    """The page editor, with messages that say what sending for review, publishing and reviewing did."""

    reviewed_task_state = None

    def submit_action(self):
        response = super().submit_action()
        self.say_sent_for_review()
        return response

    def restart_workflow_action(self):
        response = super().restart_workflow_action()
        self.say_sent_for_review()
        return response

    def say_sent_for_review(self):
        page = fresh(self.page)
        buttons = [self.get_view_draft_message_button()]
        if not locked_for(page, self.request.user):
            buttons.append(self.get_edit_message_button())
        replace_wagtails_message(self.request, page, sent_for_review(page, self.request.user), buttons=buttons)

    def publish_action(self):
        response = super().publish_action()
        # A hook may have stopped the publish, or the page waits for its go-live time: Wagtail's words then.
        if text := published(fresh(self.page)):
            buttons = [self.get_edit_message_button()]
            if self.page.url is not None:
                buttons.insert(0, self.get_view_live_message_button())
            replace_wagtails_message(self.request, self.page, text, buttons=buttons)
        return response

    def perform_workflow_action(self):
        self.reviewed_task_state = self.page.current_workflow_task_state
        return super().perform_workflow_action()

    def add_save_confirmation_message(self):
        if self.reviewed_task_state is not None:
            page = fresh(self.page)
            if text := reviewed(page, self.reviewed_task_state):
                admin_messages.success(self.request, text, buttons=view_live_button(page, self.reviewed_task_state))
                return
        super().add_save_confirmation_message()


class WorkflowActionView(workflow.WorkflowActionView):
    """Approve, Approve with comment and Request changes in the dashboard's "Awaiting your review" panel, with a
    message saying what the click did."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        page = fresh(self.object)
        if text := reviewed(page, self.task_state):
            admin_messages.success(request, text, buttons=view_live_button(page, self.task_state))
        return response


class EditorialPageViewSet(PageViewSet):
    edit_view_class = EditView
    workflow_action_view_class = WorkflowActionView
