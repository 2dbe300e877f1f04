"""wagtail-localize, made to publish only whole translations: every use of its views and their URLs is here.

Two of its admin views are replaced by registering our own at the same paths, ahead of its own
(`override_translation_urls`, hook order -10): "Sync translated pages" and "convert to alias". A
wagtail-localize upgrade that moves those paths would silently bring its own views back; the contract
test test_replaced_localize_views_are_reached_at_wagtail_localizes_addresses (tests/test_wagtail_contracts.py)
resolves both paths and fails if they stop reaching ours, or if wagtail-localize no longer has the view we
replace at the address it links to.
"""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modelcluster.fields import ParentalManyToManyField
from wagtail.models import DraftStateMixin, Locale, LockableMixin, Page, WorkflowMixin
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.models import TranslationSource
from wagtail_localize.views import convert, update_translations

from coalition.editorial.snippets import language_name
from coalition.editorial.snippets import may_publish as may_publish_snippet

from .publishing import (
    IncompleteTranslation,
    saving_drafts,
    synced_translation_of,
    synchronised_fields_only,
    untranslated_count,
)

# The translation editor's own buttons for those who may not publish (templates/wagtail_localize/admin/
# edit_translation.html): wagtail-localize offers them only Delete, "Stop Synced translation" and
# "Convert to alias page", and no way to hand the translation to a moderator.
SAVE_DRAFT = "coalition-save-translation"
SUBMIT_FOR_REVIEW = "coalition-submit-translation"


def refuse_publishing_half_translated_pages(request, page):
    """wagtail-localize would publish missing strings in English; a Spanish page goes live whole or not at all."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    missing = untranslated_count(page)
    if missing:
        messages.error(request, IncompleteTranslation.for_page(page, missing).message)
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return None


def save_or_submit_translation(request, page):
    """Save draft / Submit for review, from the translation editor of a synced translation of a page.

    Registered ahead of wagtail-localize's own before_edit_page hook, which would show the editor again.
    Wagtail's edit view has already checked that the user may edit the page. Submitting enters the
    page's workflow as the page editor's "Submit for review" does, so moderators are told and approve it
    from their dashboard.
    """
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in (SAVE_DRAFT, SUBMIT_FOR_REVIEW):
        return None
    translation = synced_translation_of(page)
    if translation is None:
        return None
    page = page.specific
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return save_or_submit(request, page, translation, action, page.get_admin_display_title(), edit_url)


def save_or_submit_snippet_translation(request, instance):
    """Save draft / Submit for review, from the translation editor of a synced translation of a snippet with
    drafts (site text, an alert banner), as for a page: registered ahead of wagtail-localize's before_edit_snippet
    hook. Wagtail's edit view has already checked that the user may change the snippet."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in (SAVE_DRAFT, SUBMIT_FOR_REVIEW) or not isinstance(instance, WorkflowMixin):
        return None
    translation = synced_translation_of(instance)
    if translation is None:
        return None
    instance = type(instance).objects.get(pk=instance.pk)
    edit_url = reverse(instance.snippet_viewset.get_url_name("edit"), args=[quote(instance.pk)])
    return save_or_submit(request, instance, translation, action, str(instance), edit_url)


def save_or_submit(request, obj, translation, action, title, edit_url):
    """Save the translation as a draft of `obj` (a page or snippet) and, for SUBMIT_FOR_REVIEW, enter its workflow;
    then say what happened and go back to the translation editor."""
    user = request.user
    values = {"title": title, "language": language_name(translation.target_locale)}

    # Snippets here have no locks (Wagtail asks for one only of a LockableMixin model).
    lock = obj.get_lock() if isinstance(obj, LockableMixin) else None
    if lock and lock.for_user(user):
        messages.error(request, lock.get_message(user) or lock.get_description(user))
        return redirect(edit_url)
    missing = untranslated_count(obj)
    if action == SUBMIT_FOR_REVIEW and missing:
        messages.error(
            request,
            ngettext(
                "“%(title)s” still has %(count)s string to translate. Translate it, then submit for review.",
                "“%(title)s” still has %(count)s strings to translate. Translate them all, then submit for review.",
                missing,
            )
            % {**values, "count": missing},
        )
        return redirect(edit_url)

    try:
        with transaction.atomic(), saving_drafts():
            translation.save_target(user=user, publish=False)
            obj.refresh_from_db()
            if action == SUBMIT_FOR_REVIEW:
                outcome = submit_for_review(obj, user)
    except ValidationError:
        messages.error(
            request,
            _("“%(title)s” was not saved: the strings marked in red need another look.") % values,
        )
        return redirect(edit_url)

    if action == SAVE_DRAFT:
        messages.success(
            request,
            _(
                "“%(title)s” is saved as a %(language)s draft. Readers see nothing new until you submit it "
                "for review and a moderator publishes it."
            )
            % values,
        )
    elif outcome == "waiting":
        messages.success(
            request,
            _("“%(title)s” in %(language)s was already waiting for review: the moderators now see this version.")
            % values,
        )
    elif outcome == "no workflow":
        messages.success(
            request,
            _("“%(title)s” is saved as a %(language)s draft, ready for a moderator to publish.") % values,
        )
    else:
        messages.success(
            request,
            _(
                "“%(title)s” in %(language)s is submitted for review. The moderators are told; it goes live "
                "when one of them approves it."
            )
            % values,
        )
    return redirect(edit_url)


def submit_for_review(obj, user):
    """Enter the workflow of a page or snippet as Wagtail's editor does; say whether it "started", was "waiting"
    already, or has "no workflow"."""
    state = obj.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return "started"
    if state is not None:
        return "waiting"
    workflow = obj.get_workflow()
    if workflow is None:
        return "no workflow"
    workflow.start(obj, user)
    return "started"


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", publishing only whole translations, and only for moderators.

    With "Publish immediately" ticked, wagtail-localize would publish missing strings in English, and would
    publish for anyone who may ask for translations (editors and translators too), past the review.
    Here a translation still missing strings stays as it is, as does one the person may not publish, and
    they are told why.
    """

    @transaction.atomic
    def form_valid(self, form):
        publish = form.cleaned_data["publish_translations"]
        form.cleaned_data["publish_translations"] = False
        with saving_drafts():
            response = super().form_valid(form)
        if publish:
            for translation in self.object.translations.filter(enabled=True).select_related("target_locale"):
                if not may_publish_translation(self.request.user, translation):
                    messages.warning(
                        self.request,
                        _(
                            "The %(language)s version was not published: only a moderator can publish it. "
                            "Submit it for review from the translation editor."
                        )
                        % {"language": language_name(translation.target_locale)},
                    )
                    continue
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


def may_publish(user, obj):
    """Whether `user` may publish `obj` (a page, or a snippet with drafts) as Wagtail's own editor would let them;
    a snippet without drafts is published by saving it."""
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_publish()
    if isinstance(obj, DraftStateMixin):
        return may_publish_snippet(user, obj)
    return True


def may_publish_translation(user, translation):
    """Whether `user` may publish the translation's target (the original, while there is none yet)."""
    source = translation.source.get_source_instance()
    return may_publish(user, source.get_translation_or_none(translation.target_locale) or source)


def convert_to_alias(request, page_id):
    """Replacing a translation with the original page publishes English to Spanish readers: moderators only."""
    page = get_object_or_404(Page, id=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_publish():
        messages.error(request, _("Only a moderator can replace a translation with the original page."))
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return convert.convert_to_alias(request, page_id)


def override_translation_urls():
    """Matched before wagtail-localize's own patterns for the same paths (its hook has order 0; ours -10)."""
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
    live translation and published at once: a number never differs by language. Those a page type names in
    `synchronised_with_translation` wait for the translation instead (a new picture needs its alt text in
    Spanish first: resources/models/base.py, PageImage). Texts are not:
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
        if isinstance(field, SynchronizedField) and field.field_name not in page.synchronised_with_translation
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
