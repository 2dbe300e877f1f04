import warnings

from django.apps import AppConfig
from django.db.models.signals import post_save


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from bs4 import MarkupResemblesLocatorWarning

        from .models import HomePage
        from .signals import let_translators_edit_new_translations

        # The site text's quick-exit address is translated as text; wagtail-localize reads every string with
        # Beautiful Soup, which warns that an address looks like a URL. It is one, on purpose.
        warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning, module="wagtail_localize")

        post_save.connect(
            let_translators_edit_new_translations, sender=HomePage, dispatch_uid="home_translators_edit_translations"
        )
