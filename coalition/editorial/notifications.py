"""Wagtail's review e-mails for a batch: one e-mail to each reviewer for many submissions made at once.

An import from a directory (resources/hsds/importing.py) submits every new or changed service, and each new
organisation, to the review workflow. Wagtail would e-mail each moderator twice for each of them; a 211's data
would bring hundreds. `submissions_without_email` holds Wagtail's submission e-mails back while the batch is
submitted, and `BatchSubmissionNotifier` then sends one e-mail to the same people Wagtail would have told
(the task's groups, by their notification preferences, in each one's admin language), with Wagtail's own mailer.

Wagtail's submission receivers are reconnected by the dispatch_uid Wagtail connects them with
(wagtail/admin/signal_handlers.py); tests/test_wagtail_contracts.py checks that they still send the e-mails.
Holding them back is process-wide while it lasts: with gunicorn's sync workers (coalition/gunicorn.py) a worker
serves one request at a time, so no other submission is in flight in that process.
"""

import logging
from contextlib import contextmanager

from django.utils.translation import override

from wagtail.admin import signal_handlers
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier, send_mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_submitted
from wagtail.users.models import UserProfile

logger = logging.getLogger(__name__)

SUBMISSION_RECEIVERS = [
    (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
        signal_handlers.task_submission_email_notifier,
    ),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        signal_handlers.workflow_submission_email_notifier,
    ),
]


@contextmanager
def submissions_without_email():
    """While inside, a submission to review sends no e-mail; Wagtail's receivers are connected again after."""
    held = [
        (signal, sender, uid, receiver)
        for signal, sender, uid, receiver in SUBMISSION_RECEIVERS
        if signal.disconnect(sender=sender, dispatch_uid=uid)
    ]
    try:
        yield
    finally:
        for signal, sender, uid, receiver in held:
            signal.connect(receiver, sender=sender, dispatch_uid=uid)


class BatchSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """One e-mail about a batch, to whoever Wagtail tells of a submission to `task_state`'s task."""

    def notify(self, task_state, user, compose):
        """E-mail the reviewers but `user` what `compose(recipient)` gives, (subject, text), made in each one's admin
        language; how many were sent. Plain text, as Wagtail's own are unless WAGTAILADMIN_NOTIFICATION_USE_HTML."""
        sent = 0
        for recipient in self.get_valid_recipients(task_state, user=user):
            with override(UserProfile.get_for_user(recipient).get_preferred_language()):
                subject, text = compose(recipient)
            try:
                send_mail(subject, text, [recipient.email])
            except Exception:
                logger.exception("Failed to send the review e-mail %r to %s", subject, recipient.email)
            else:
                sent += 1
        return sent
