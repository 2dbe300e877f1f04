from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.models import Locale
from wagtail.signals import page_published
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
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
            translated.save_revision().publish()


page_published.connect(update_translations_of, dispatch_uid="coalition_update_translations")
