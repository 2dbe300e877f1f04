from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "coalition.editorial"
    label = "coalition_editorial"

    def ready(self):
        from . import roles

        roles.install()
