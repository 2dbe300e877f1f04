from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail import hooks


@hooks.register("register_account_menu_item")
def set_up_a_new_phone(request):
    return {
        "url": reverse("two_factor_enrol"),
        "label": _("Set up a new phone"),
        "help_text": _(
            "For two-step sign-in on a new or reset phone: the old phone's codes stop working once the new one is set up."
        ),
    }


@hooks.register("register_account_menu_item")
def make_new_recovery_codes(request):
    return {
        "url": reverse("two_factor_recovery_codes"),
        "label": _("New recovery codes"),
        "help_text": _("Ten single-use codes for signing in without your phone. The old codes stop working."),
    }
