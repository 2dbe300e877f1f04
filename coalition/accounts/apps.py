from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coalition.accounts"
    label = "coalition_accounts"
