from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.models import Locale
from wagtail.signals import page_published
from wagtail_localize.models import Translation, TranslationSource


@hooks.register("before_edit_page", order=-10)
def refuse_publishing_half_translated_pages(request, page):
    """wagtail-localize would publish missing strings in English; a Spanish page goes live whole or not at all."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    translation = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()
    if translation is None:
        return None
    total, translated = translation.get_progress()
    if translated < total:
        messages.error(
            request,
            _("“%(title)s” still has %(count)s untranslated strings. Translate them all before publishing.")
            % {"title": page.title, "count": total - translated},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return None


def mark_translations_out_of_date(sender, instance, **kwargs):
    """When a page in the default language is published, its translations show what changed.

    wagtail-localize compares a translation with a snapshot of the source taken when it was last
    synced; without this, a changed English page still reads as "Up to date" in Spanish.
    """
    if instance.locale_id != Locale.get_default().pk:
        return
    source = TranslationSource.objects.filter(object_id=instance.translation_key, locale_id=instance.locale_id).first()
    if source is not None:
        source.update_from_db()


page_published.connect(mark_translations_out_of_date, dispatch_uid="coalition_translations_out_of_date")
