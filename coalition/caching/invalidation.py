"""What empties the page and data caches: any change a reader could notice.

Pages announce their own changes (published, unpublished, moved, deleted). Every other model whose
change shows on pages is found in Wagtail's registries when it is saved or deleted, never in a list
kept by hand: every snippet, every setting, every model a page type points at (a service's organisation,
categories and languages), sites, locales, view restrictions, images and documents.

A model with drafts (Wagtail's DraftStateMixin: site text, alert banners, organisations) changes what readers
see only when its live row does: when it is published, unpublished, or saved or deleted while live. Saving a
draft keeps the draft in a revision and leaves the caches alone, as a page's draft does.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_migrate, post_save

from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    CollectionViewRestriction,
    DraftStateMixin,
    Locale,
    Page,
    PageViewRestriction,
    Site,
    get_page_models,
)
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move, unpublished
from wagtail.snippets.models import get_snippet_models

from .generation import invalidate, new_generation
from .purge import purge_moved, purge_moving, purge_page, purge_site, purging

ALWAYS_SITE_WIDE = (Site, Locale, PageViewRestriction, CollectionViewRestriction)
# What saving a revision writes on a row that has drafts (RevisionMixin.save_revision): the draft is in the revision.
REVISION_BOOKKEEPING = frozenset({"latest_revision", "has_unpublished_changes"})


def _pointed_at_by_pages():
    """Models that a page type's own fields point at (foreign keys, many-to-many), pages and users aside."""
    found = set()
    for page_model in get_page_models():
        for field in page_model._meta.get_fields():
            if not field.is_relation or not field.concrete or field.model is Page:
                continue
            related = field.related_model
            if related is None or issubclass(related, (Page, get_user_model())):
                continue
            found.add(related)
    return found


def site_wide_models():
    """Every model, other than pages, whose saving or deletion must empty the caches."""
    found = {*ALWAYS_SITE_WIDE, get_image_model(), get_document_model()}
    found.update(get_snippet_models())
    found.update(settings_registry)
    found.update(_pointed_at_by_pages())
    return frozenset(found)


# site_wide_models() as last worked out, with the registries' sizes it was worked out from: a snippet or
# setting registered later is picked up at the next save.
_known = (None, frozenset())


def changes_pages(model):
    """Whether saving or deleting an instance of `model` changes what pages show."""
    global _known
    sizes = (len(get_snippet_models()), len(settings_registry), len(get_page_models()))
    if _known[0] != sizes:
        _known = (sizes, site_wide_models())
    return any(issubclass(model, each) for each in _known[1])


def page_changed(sender, instance, **kwargs):
    invalidate()
    if purging():
        purge_page(instance)


def page_moving(sender, instance, **kwargs):
    if purging():
        purge_moving(instance)


def page_moved(sender, instance, **kwargs):
    invalidate()
    if purging():
        purge_moved(instance)


def page_deleted(sender, instance, **kwargs):
    # Wagtail sends page_unpublished before a live page is deleted, which purges its addresses.
    invalidate()


def readers_see(instance, update_fields=None):
    """Whether saving or deleting `instance` changes what readers see: always, unless it has drafts and the row
    is not live (a draft never published, or unpublished) or the save only records a new draft revision."""
    if not isinstance(instance, DraftStateMixin):
        return True
    if update_fields is not None and set(update_fields) <= REVISION_BOOKKEEPING:
        return False
    return instance.live


def site_wide_change():
    invalidate()
    if purging():
        purge_site()


def model_changed(sender, instance=None, update_fields=None, raw=False, **kwargs):
    """Any model's post_save or post_delete: the caches are emptied when it is one pages show, and readers see
    the change."""
    if (
        isinstance(sender, type)
        and not issubclass(sender, Page)
        and changes_pages(sender)
        and readers_see(instance, update_fields)
    ):
        site_wide_change()


def snippet_unpublished(sender, instance, **kwargs):
    """Wagtail's `unpublished` for a model other than a page (pages send page_unpublished too): the row it saves
    is no longer live, so model_changed let it pass."""
    if isinstance(sender, type) and not issubclass(sender, Page) and changes_pages(sender):
        site_wide_change()


def after_migrate(sender, **kwargs):
    new_generation()


def connect_receivers(app_config):
    """Called from CachingConfig.ready()."""
    page_published.connect(page_changed, dispatch_uid="page_cache_published")
    page_unpublished.connect(page_changed, dispatch_uid="page_cache_unpublished")
    unpublished.connect(snippet_unpublished, dispatch_uid="page_cache_snippet_unpublished")
    pre_page_move.connect(page_moving, dispatch_uid="page_cache_moving")
    post_page_move.connect(page_moved, dispatch_uid="page_cache_moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="page_cache_deleted")
    post_save.connect(model_changed, dispatch_uid="page_cache_model_saved")
    post_delete.connect(model_changed, dispatch_uid="page_cache_model_deleted")
    post_migrate.connect(after_migrate, sender=app_config, dispatch_uid="page_cache_migrated")
