"""A translated page goes live whole or not at all.

wagtail-localize fills strings nobody has translated yet with the original English when it saves
a translation. That is fine for a draft, but a Spanish reader must never get half a page in
English, so every page type refuses to publish a synced translation with strings missing,
whichever admin path asks: the translation editor, "Sync translated pages" with "Publish
immediately", a workflow approval or a scheduled publish.
"""

import contextvars
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

_synchronising = contextvars.ContextVar("synchronising_fields", default=False)


def untranslated_count(page):
    """How many strings the page still lacks; 0 for pages that are not synced translations."""
    from wagtail_localize.models import Translation

    translation = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()
    if translation is None:
        return 0
    total, translated = translation.get_progress()
    return total - translated


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

    def publish(self, revision, *args, **kwargs):
        if not _synchronising.get():
            missing = untranslated_count(self)
            if missing:
                raise IncompleteTranslation.for_page(self, missing)
        return super().publish(revision, *args, **kwargs)
