"""A translated page goes live whole or not at all.

wagtail-localize fills strings nobody has translated yet with the original English when it saves
a translation. That is fine for a draft, but a Spanish reader must never get half a page in
English, so every page type refuses to publish a synced translation with strings missing,
whichever admin path asks: the translation editor, "Sync translated pages" with "Publish
immediately", a workflow approval or a scheduled publish.

The page's web address is the one string a translator may leave: wagtail-localize offers it on the
Promote tab, but a Spanish address is better made from the Spanish title (`address_from_title`), so
it is never counted as missing.
"""

import contextvars
import re
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.text import slugify
from django.utils.translation import ngettext

from wagtail.coreutils import find_available_slug

_synchronising = contextvars.ContextVar("synchronising_fields", default=False)
_saving_drafts = contextvars.ContextVar("saving_drafts", default=False)

# Strings a translation may leave untranslated: the page's web address is made from its translated title.
OPTIONAL_PATHS = ("slug",)


def synced_translation_of(obj):
    """wagtail-localize's record of the synced translation `obj` is, or None for originals and free translations."""
    from wagtail_localize.models import Translation

    return (
        Translation.objects.filter(source__object_id=obj.translation_key, target_locale_id=obj.locale_id, enabled=True)
        .select_related("source", "target_locale")
        .first()
    )


def with_missing_strings(translations):
    """Annotate a queryset of wagtail-localize Translations with `missing_strings`, in one query.

    Counted as wagtail-localize's own Translation.get_progress() counts (a string with an error is
    missing), leaving out OPTIONAL_PATHS.
    """
    from wagtail_localize.models import StringSegment, StringTranslation

    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=OuterRef(OuterRef("target_locale_id")),
        has_error=False,
    )
    missing = (
        StringSegment.objects.filter(source_id=OuterRef("source_id"))
        .exclude(context__path__in=OPTIONAL_PATHS)
        .exclude(Exists(translated))
        .order_by()
        .values("source_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return translations.annotate(missing_strings=Coalesce(Subquery(missing, output_field=IntegerField()), Value(0)))


def untranslated_count(page):
    """How many strings the page still lacks; 0 for pages that are not synced translations."""
    from wagtail_localize.models import Translation

    translations = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    )
    return with_missing_strings(translations).values_list("missing_strings", flat=True).first() or 0


def address_is_translated(translation):
    """Whether the translator gave the page's web address themselves (the Promote tab's string)."""
    from wagtail_localize.models import StringSegment, StringTranslation

    slugs = StringSegment.objects.filter(source_id=translation.source_id, context__path__in=OPTIONAL_PATHS)
    return StringTranslation.objects.filter(
        translation_of_id__in=slugs.values("string_id"),
        context_id__in=slugs.values("context_id"),
        locale_id=translation.target_locale_id,
    ).exists()


@contextmanager
def synchronised_fields_only():
    """Publish a live translation whose only change is a synchronised field (a number, the hours).

    Its texts are the translator's own, so missing strings of a newer English version do not apply.
    """
    token = _synchronising.set(True)
    try:
        yield
    finally:
        _synchronising.reset(token)


@contextmanager
def saving_drafts():
    """Let wagtail-localize save a draft of a live translation without changing what readers see.

    Its `save_target(publish=False)` saves the page itself before making a revision, so the new strings
    (and English for those not yet translated) would reach readers at once. Wagtail's own editor leaves
    a live page's row alone and keeps the draft in a revision; inside this block, so does every page type,
    and every snippet with `LiveSnippetDraftsMixin`.
    """
    token = _saving_drafts.set(True)
    try:
        yield
    finally:
        _saving_drafts.reset(token)


class LiveSnippetDraftsMixin:
    """Put before ``WorkflowMixin`` in a translatable snippet's bases: inside `saving_drafts()`, the live row of a
    snippet readers see is left alone.

    wagtail-localize's `save_target(publish=False)` marks the snippet not live and saves its row before making a
    revision, which would take a live Spanish banner off the site and put the draft in its place. Wagtail's own
    editor leaves a live row alone and keeps the draft in a revision; inside this block, so does every snippet.
    """

    # A new translation is a copy of the original (Wagtail's copy_for_translation): it must not claim the original's
    # published version and dates, which wagtail-localize's editor would show as the translation's.
    exclude_fields_in_copy = ["live_revision", "first_published_at", "last_published_at"]

    def save(self, *args, **kwargs):
        if (
            kwargs.get("update_fields") is None
            and _saving_drafts.get()
            and self.pk is not None
            and type(self)._default_manager.filter(pk=self.pk, live=True).exists()
        ):
            self.live = True
            return None  # the draft goes into the revision wagtail-localize makes next
        return super().save(*args, **kwargs)


class IncompleteTranslation(ValidationError):
    @classmethod
    def for_page(cls, page, missing):
        return cls(
            ngettext(
                "“%(title)s” still has %(count)s untranslated string. Translate it before publishing.",
                "“%(title)s” still has %(count)s untranslated strings. Translate them all before publishing.",
                missing,
            )
            % {"title": page.title, "count": missing}
        )


class WholeTranslationMixin:
    """Put before ``Page`` in a page type's bases."""

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            if _saving_drafts.get() and self.live and self.pk is not None:
                return None  # the draft goes into the revision wagtail-localize makes next
            self.address_from_title()
        return super().save(*args, **kwargs)

    def address_from_title(self):
        """A translation whose web address nobody translated takes it from its own title, and then keeps it.

        Each time wagtail-localize saves a translation it sets the address from that string, which is
        the English one until someone translates it (`/es/night-outreach-vans/`). Until the page is
        first published its address follows its Spanish title; from then on it keeps the address it has,
        so no link a reader saved stops working.
        """
        if self.pk is None or self.is_root() or not self.title:
            return
        translation = synced_translation_of(self)
        if translation is None or address_is_translated(translation):
            return
        if self.first_published_at is not None:
            self.slug = type(self).objects.values_list("slug", flat=True).get(pk=self.pk)
            return
        wanted = slugify(self.title)
        if wanted and not re.fullmatch(rf"{re.escape(wanted)}(-\d+)?", self.slug):
            self.slug = find_available_slug(self.get_parent(), wanted, ignore_page_id=self.pk)

    def publish(self, revision, *args, **kwargs):
        if not _synchronising.get():
            missing = untranslated_count(self)
            if missing:
                raise IncompleteTranslation.for_page(self, missing)
        return super().publish(revision, *args, **kwargs)
