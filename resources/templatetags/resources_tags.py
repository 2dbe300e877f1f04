"""What the site's versions of wagtail-localize's translation editor (templates/wagtail_localize/admin/) and of
Wagtail's Checks panel (templates/wagtailadmin/shared/side_panels/checks.html) ask."""

from django import template
from django.contrib.admin.utils import quote
from django.urls import reverse

from wagtail.admin.ui.side_panels import StatusSidePanel
from wagtail.models import DraftStateMixin, Page, RevisionMixin, WorkflowMixin
from wagtail.snippets.side_panels import SnippetStatusSidePanel

from coalition.editorial.readability import is_measured
from resources import localize
from resources.readability import page_reading, saved_version

register = template.Library()


@register.simple_tag(takes_context=True)
def may_publish(context, obj):
    """Whether the person editing may publish `obj`, a page or a snippet: if not, the editor offers Save draft and
    Submit for review instead of wagtail-localize's footer."""
    return localize.may_publish(context["request"].user, obj)


@register.simple_tag(takes_context=True)
def snippet_status(context):
    """The status side panel of a snippet translation as Wagtail's own snippet editor has it, with what it reads
    from the editor's context: the links to compare versions and to the review's history.

    wagtail-localize gives a snippet Wagtail's plain StatusSidePanel, which lacks them: a snippet with drafts that
    is waiting for review then fails to render (its review dialog links to "Compare with live version"). A page
    has its own panel and is left as it is. tests/test_snippet_review.py checks this against Wagtail's editor.
    """
    panels = context.get("side_panels") or []
    instance = context.get("instance")
    viewset = getattr(type(instance), "snippet_viewset", None)
    if context.get("is_page") or viewset is None:
        return {"side_panels": panels}
    upgraded = [
        SnippetStatusSidePanel(
            panel.object,
            panel.request,
            locale=panel.locale,
            translations=panel.translations,
            usage_url=panel.usage_url,
            history_url=reverse(viewset.get_url_name("history"), args=[quote(instance.pk)]),
            last_updated_info=panel.last_updated_info,
        )
        if type(panel) is StatusSidePanel
        else panel
        for panel in panels
    ]
    return {
        "side_panels": upgraded,
        "revisions_compare_url_name": viewset.get_url_name("revisions_compare"),
        "workflow_history_url": reverse(viewset.get_url_name("workflow_history"), args=[quote(instance.pk)])
        if isinstance(instance, WorkflowMixin)
        else None,
        "draftstate_enabled": isinstance(instance, DraftStateMixin),
        "revision_enabled": isinstance(instance, RevisionMixin),
    }


@register.inclusion_tag("resources/admin/plain_language.html")
def plain_language(obj):
    """The reading level of a page as last saved, in its own language; nothing for a snippet, or for a page in a
    language with no measure. A page not yet saved is only asked to be saved."""
    if not isinstance(obj, Page) or not is_measured(obj.locale.language_code if obj.locale_id else ""):
        return {}
    if obj.pk is None:
        return {"unsaved": True}
    return {"reading": page_reading(saved_version(obj))}
