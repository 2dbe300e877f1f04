"""What needs translating: the translators' list, their dashboard panel, and "Translate" from it.

Translators may edit only the Spanish tree, so they never see a new English page in the page explorer.
This list shows them, for each language other than the default, every live English page and every published
translatable snippet whose translation is missing, has strings left to translate, or is translated and
not yet submitted for review. "Translate" makes the translation (wagtail-localize's `translate_object`,
as its own "Translate this page" does, leaving the new page a draft) and opens it in the translation
editor, whose "Submit for review" hands it to the moderators (resources/localize.py).

Who sees what: the list is for anyone who may ask for translations (`wagtail_localize.submit_translation`:
editors, moderators and translators); the dashboard panel is for translators, who may edit pages in
another language but not in the default one.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin, WorkflowState
from wagtail.permissions import policy_registry
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import Translation
from wagtail_localize.operations import translate_object

from .publishing import with_missing_strings

PERMISSION = "wagtail_localize.submit_translation"

NOT_TRANSLATED, STRINGS_MISSING, NOT_SUBMITTED = "not translated", "strings missing", "not submitted"


@dataclass
class Needed:
    """One original (an English page or snippet) and what its translation into `locale` lacks."""

    original: object
    locale: Locale
    state: str
    missing: int = 0
    translated: object = None

    @property
    def kind(self):
        model = self.original.specific_class if isinstance(self.original, Page) else type(self.original)
        return model._meta.verbose_name

    @property
    def title(self):
        return self.original.get_admin_display_title() if isinstance(self.original, Page) else str(self.original)

    @property
    def status(self):
        if self.state == NOT_TRANSLATED:
            return _("Not translated yet")
        if self.state == STRINGS_MISSING:
            return ngettext("%(count)s string to translate", "%(count)s strings to translate", self.missing) % {
                "count": self.missing
            }
        return _("Translated, not yet submitted for review")

    @property
    def start_url(self):
        content_type = ContentType.objects.get_for_model(self.original)
        return reverse("needs_translation:start", args=[content_type.pk, self.original.pk, self.locale.language_code])

    def action_label(self):
        if self.state == NOT_TRANSLATED:
            return _("Translate")
        if self.state == STRINGS_MISSING:
            return _("Continue translating")
        return _("Open and submit for review")


def translatable_snippet_models():
    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def target_locales():
    return Locale.objects.exclude(pk=Locale.get_default().pk).order_by("language_code")


def needs_translation():
    """Everything waiting for a translator, in every language but the default: pages first, newest change first."""
    default = Locale.get_default()
    needed = []
    for locale in target_locales():
        missing = dict(
            with_missing_strings(
                Translation.objects.filter(target_locale=locale, enabled=True, source__locale=default)
            ).values_list("source__object_id", "missing_strings")
        )
        needed += pages_needing(default, locale, missing)
        for model in translatable_snippet_models():
            needed += snippets_needing(model, default, locale, missing)
    return needed


def pages_needing(default, locale, missing):
    originals = (
        Page.objects.live()
        .filter(locale=default, depth__gt=1, alias_of__isnull=True)
        .order_by("-last_published_at", "pk")
    )
    translations = {
        page.translation_key: page
        for page in Page.objects.filter(locale=locale, alias_of__isnull=True).only(
            "pk", "translation_key", "live", "has_unpublished_changes", "title", "locale_id"
        )
    }
    in_review = set(
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    needed = []
    for page in originals:
        translated = translations.get(page.translation_key)
        if translated is None:
            needed.append(Needed(page, locale, NOT_TRANSLATED))
        elif page.translation_key not in missing:
            continue  # translated by hand ("Stop Synced translation"): nothing to track
        elif missing[page.translation_key]:
            needed.append(Needed(page, locale, STRINGS_MISSING, missing[page.translation_key], translated))
        elif (not translated.live or translated.has_unpublished_changes) and str(translated.pk) not in in_review:
            needed.append(Needed(page, locale, NOT_SUBMITTED, translated=translated))
    return needed


def snippets_needing(model, default, locale, missing):
    reviewed = issubclass(model, DraftStateMixin)
    originals = model.objects.filter(locale=default)
    if reviewed:
        # As for pages: what readers see in the default language, not a draft that may still change.
        originals = originals.filter(live=True)
    # A model may narrow the list to what readers can still see, e.g. alert banners that have not ended.
    if hasattr(model, "worth_translating"):
        originals = model.worth_translating(originals)
    translations = {
        item.translation_key: item
        for item in model.objects.filter(locale=locale, translation_key__in=originals.values("translation_key"))
    }
    in_review = set()
    if reviewed:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        in_review = set(
            WorkflowState.objects.active().filter(base_content_type=content_type).values_list("object_id", flat=True)
        )
    needed = []
    for item in originals.order_by("pk"):
        translated = translations.get(item.translation_key)
        if translated is None:
            needed.append(Needed(item, locale, NOT_TRANSLATED))
        elif missing.get(item.translation_key):
            needed.append(Needed(item, locale, STRINGS_MISSING, missing[item.translation_key], translated))
        elif (
            reviewed
            and item.translation_key in missing
            and (not translated.live or translated.has_unpublished_changes)
            and str(translated.pk) not in in_review
        ):
            needed.append(Needed(item, locale, NOT_SUBMITTED, translated=translated))
    return needed


def may_translate(user):
    return user.has_perm(PERMISSION)


def is_translator(user):
    """May edit pages in another language but none in the default one: the dashboard panel is for them."""
    editable = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "change")
    default = Locale.get_default()
    return (
        may_translate(user)
        and editable.exclude(locale=default).exists()
        and not editable.filter(locale=default).exists()
    )


class NeedsTranslationView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Needs translation")
    header_icon = "site"
    template_name = "resources/admin/needs_translation.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_translate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        finder = AdminURLFinder(self.request.user)
        rows = [
            {"item": item, "edit_url": finder.get_edit_url(item.translated) if item.translated else None}
            for item in needs_translation()
        ]
        return super().get_context_data(rows=rows, **kwargs)


@require_POST
def start_translation(request, content_type_id, object_id, language_code):
    """Make the translation of one original (as a draft, for a page) and open it in the translation editor."""
    if not may_translate(request.user):
        raise PermissionDenied
    model = get_object_or_404(ContentType, pk=content_type_id).model_class()
    if model is None or not issubclass(model, TranslatableMixin):
        raise PermissionDenied
    original = get_object_or_404(model, pk=object_id, locale=Locale.get_default())
    if isinstance(original, Page):
        original = original.specific
    locale = get_object_or_404(Locale, language_code=language_code)
    with transaction.atomic():
        translated = original.get_translation_or_none(locale)
        if translated is None or getattr(translated, "alias_of_id", None):
            translate_object(original, [locale], user=request.user)
            translated = original.get_translation(locale)
    edit_url = AdminURLFinder(request.user).get_edit_url(translated)
    if edit_url is None:
        messages.error(request, _("You may not edit the translation that was made. Ask a moderator."))
        return redirect("needs_translation:report")
    return redirect(edit_url)


class NeedsTranslationPanel(Component):
    """Dashboard panel for translators: how much waits for them, with a link to the list."""

    name = "needs_translation"
    template_name = "resources/admin/needs_translation_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        needed = needs_translation()
        return {
            "pages": sum(isinstance(item.original, Page) for item in needed),
            "snippets": sum(not isinstance(item.original, Page) for item in needed),
            "report_url": reverse("needs_translation:report"),
            "first": needed[:5],
        }
