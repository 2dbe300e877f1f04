from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resources"

    def ready(self):
        from wagtail.signals import page_published

        from .localize import update_translations_of

        page_published.connect(update_translations_of, dispatch_uid="coalition_update_translations")
