from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.models import Locale, Page
from wagtail.signals import page_published
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.models import TranslationSource
from wagtail_localize.views import convert, update_translations

from home import two_factor
from resources.publishing import IncompleteTranslation, synchronised_fields_only, untranslated_count


@hooks.register("before_edit_page", order=-10)
def refuse_publishing_half_translated_pages(request, page):
    """wagtail-localize would publish missing strings in English; a Spanish page goes live whole or not at all."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    missing = untranslated_count(page)
    if missing:
        messages.error(request, IncompleteTranslation.for_page(page, missing).message)
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return None


def language_name(locale):
    return get_language_info(locale.language_code)["name_translated"]


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", publishing only whole translations.

    With "Publish immediately" ticked, wagtail-localize would publish missing strings in English.
    Here a translation still missing strings stays as it is, and the moderator is told why.
    """

    @transaction.atomic
    def form_valid(self, form):
        publish = form.cleaned_data["publish_translations"]
        form.cleaned_data["publish_translations"] = False
        response = super().form_valid(form)
        if publish:
            for translation in self.object.translations.filter(enabled=True).select_related("target_locale"):
                total, translated = translation.get_progress()
                if translated == total:
                    translation.save_target(user=self.request.user, publish=True)
                else:
                    messages.warning(
                        self.request,
                        ngettext(
                            "The %(language)s version was not published: %(count)s string still needs translating.",
                            "The %(language)s version was not published: %(count)s strings still need translating.",
                            total - translated,
                        )
                        % {"language": language_name(translation.target_locale), "count": total - translated},
                    )
        return response


def convert_to_alias(request, page_id):
    """Replacing a translation with the original page publishes English to Spanish readers: moderators only."""
    page = get_object_or_404(Page, id=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_publish():
        messages.error(request, _("Only a moderator can replace a translation with the original page."))
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return convert.convert_to_alias(request, page_id)


@hooks.register("register_admin_urls", order=-10)
def override_translation_urls():
    # Matched before wagtail-localize's own patterns for the same paths (its hook has order 0).
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            UpdateTranslationsView.as_view(),
            name="coalition_update_translations",
        ),
        path("localize/page/<int:page_id>/convert_to_alias/", convert_to_alias, name="coalition_convert_to_alias"),
    ]


def update_translations_of(sender, instance, **kwargs):
    """When a page in the default language is published, bring its translations along.

    Fields kept the same in every language (phone numbers, hours, dates checked) are copied to each
    live translation and published at once: a number never differs by language. Texts are not:
    wagtail-localize compares a translation with a snapshot of the source, so refreshing that
    snapshot makes the new English strings show as waiting for translation.
    """
    if instance.locale_id != Locale.get_default().pk:
        return
    source = TranslationSource.objects.filter(object_id=instance.translation_key, locale_id=instance.locale_id).first()
    if source is None:
        return
    source.update_from_db()
    page = instance.specific
    synchronised = [
        field.get_field(type(page))
        for field in get_translatable_fields(type(page))
        if isinstance(field, SynchronizedField)
    ]
    for translated in page.get_translations().live().specific():
        changed = False
        for field in synchronised:
            if isinstance(field, ParentalManyToManyField):
                wanted = list(getattr(page, field.name).all())
                if {item.pk for item in wanted} != {item.pk for item in getattr(translated, field.name).all()}:
                    setattr(translated, field.name, wanted)
                    changed = True
            elif hasattr(field, "attname") and getattr(translated, field.attname) != getattr(page, field.attname):
                setattr(translated, field.attname, getattr(page, field.attname))
                changed = True
        if changed:
            with synchronised_fields_only():
                translated.save_revision().publish()


page_published.connect(update_translations_of, dispatch_uid="coalition_update_translations")


@hooks.register("register_admin_urls")
def two_factor_urls():
    return two_factor.urlpatterns


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
