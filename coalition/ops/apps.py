from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "coalition.ops"
    label = "coalition_ops"
