"""Who may change and delete a snippet, beyond what the groups' model permissions say.

- Translators change translations only: the default-language version of a translatable snippet (the English
  site text or alert banner) is for those who may change pages in the default language. Wagtail's permissions
  are per model, not per language, and a translator needs "change" to edit the Spanish version.
- A snippet readers see now (live, with drafts) is deleted only by someone who may publish it, as Wagtail asks
  for a live page: deleting it changes what readers see without review.

Why hooks: Wagtail's snippet views check only the model's permission before editing and deleting, then run
`before_edit_snippet` and `before_delete_snippet` (the bulk delete too, with every chosen snippet), whose response
replaces the view's. Every way to change a snippet goes through them: the editor, its actions (save, submit,
publish), the revert of a revision, wagtail-localize's translation editor (an edit view hook itself), deletion.
Registered first (wagtail_hooks.py), so the refusal comes before anything else looks at the request.

Knows no page type and no snippet model: Wagtail's Page, its permission policies and its registries.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.permissions import policy_registry

from coalition import languages


def may_change_default_language(user):
    """Whether `user` may change the default-language version of translatable snippets: those who may change some
    page in the default language (editors, moderators, administrators). Kept on the request's user."""
    if not hasattr(user, "_coalition_may_change_default_language"):
        pages = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "change")
        user._coalition_may_change_default_language = pages.filter(locale=Locale.get_default()).exists()
    return user._coalition_may_change_default_language


def is_original(instance):
    """Whether `instance` is the default-language version of a translatable snippet."""
    return isinstance(instance, TranslatableMixin) and instance.locale_id == Locale.get_default().pk


def may_publish(user, instance):
    return policy_registry.get(instance).user_has_permission(user, "publish")


def language_name(locale):
    """The name of `locale`'s language as written mid-sentence in the active language ("en español")."""
    return languages.language_name(locale.language_code)


def refusal(request, instance, text):
    messages.error(request, text % {"title": str(instance), "language": language_name(Locale.get_default())})
    viewset = getattr(type(instance), "snippet_viewset", None)
    return redirect(reverse(viewset.get_url_name("list")) if viewset else "wagtailadmin_home")


ORIGINAL_REFUSED = _(
    "You can change only the translations of “%(title)s”. Its %(language)s version is changed by editors and "
    "moderators: open the version in your language instead."
)
LIVE_DELETE_REFUSED = _(
    "“%(title)s” was not deleted: readers see it now. Only a moderator can delete something readers see."
)


def refuse_changing_originals(request, instance):
    """`before_edit_snippet`: a translator who opens the default-language version is sent back to the list."""
    if is_original(instance) and not may_change_default_language(request.user):
        return refusal(request, instance, ORIGINAL_REFUSED)
    return None


def refuse_deleting_what_readers_see(request, instances):
    """`before_delete_snippet`: nothing is deleted when one of the snippets is an original a translator may not
    change, or is live and the person may not publish it."""
    for instance in instances:
        if is_original(instance) and not may_change_default_language(request.user):
            return refusal(request, instance, ORIGINAL_REFUSED)
        if isinstance(instance, DraftStateMixin) and instance.live and not may_publish(request.user, instance):
            return refusal(request, instance, LIVE_DELETE_REFUSED)
    return None
