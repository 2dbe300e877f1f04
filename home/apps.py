from django.apps import AppConfig
from django.db.models.signals import post_save


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from .models import HomePage
        from .signals import let_translators_edit_new_translations

        post_save.connect(
            let_translators_edit_new_translations, sender=HomePage, dispatch_uid="home_translators_edit_translations"
        )
