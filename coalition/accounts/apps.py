from django.apps import AppConfig
from django.core import checks

from .checks import email_is_on


class AccountsConfig(AppConfig):
    name = "coalition.accounts"
    label = "coalition_accounts"

    def ready(self):
        # Under `check --deploy` only: a developer's machine and the tests run without a mail server.
        checks.register(email_is_on, deploy=True)
