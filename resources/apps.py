from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resources"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published

        from .localize import update_translations_of
        from .privacy import restriction_changed

        page_published.connect(update_translations_of, dispatch_uid="coalition_update_translations")
        for signal in (post_save, post_delete):
            signal.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="coalition_privacy")
        m2m_changed.connect(
            restriction_changed, sender=PageViewRestriction.groups.through, dispatch_uid="coalition_privacy_groups"
        )
