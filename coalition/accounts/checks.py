"""What `manage.py check --deploy` says about accounts."""

from django.conf import settings
from django.core import checks

NO_EMAIL = "django.core.mail.backends.dummy.EmailBackend"


def email_is_on(app_configs, **kwargs):
    """Warn when EMAIL_URL is not set: the site can run without e-mail, but then nobody can reset a
    forgotten password themselves and the review workflow tells nobody anything, which an operator may
    not notice until someone is waiting."""
    if settings.EMAIL_BACKEND != NO_EMAIL:
        return []
    return [
        checks.Warning(
            "EMAIL_URL is not set: e-mail is off, so password reset is hidden and moderators and editors get "
            "no notifications.",
            hint="Set EMAIL_URL to the mail service, e.g. submission://user:password@smtp.example.org:587 "
            "(docs/deploying.md).",
            id="coalition_accounts.W001",
        )
    ]
