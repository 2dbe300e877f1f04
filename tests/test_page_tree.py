"""Where each page type may go in the tree, as an editor meets it in “Add child page”."""

import pytest

from wagtail.models import Page

from home.models import HomePage
from resources.models import (
    FaqIndexPage,
    FaqPage,
    HotlineIndexPage,
    HotlinePage,
    ServiceIndexPage,
    ServicePage,
    StandardPage,
    UpdateIndexPage,
    UpdatePage,
)

TREE = {
    HomePage: ({Page}, {HotlineIndexPage, FaqIndexPage, ServiceIndexPage, UpdateIndexPage, StandardPage}),
    HotlineIndexPage: ({HomePage}, {HotlinePage}),
    HotlinePage: ({HotlineIndexPage}, set()),
    FaqIndexPage: ({HomePage}, {FaqPage}),
    FaqPage: ({FaqIndexPage}, set()),
    ServiceIndexPage: ({HomePage}, {ServicePage}),
    ServicePage: ({ServiceIndexPage}, set()),
    UpdateIndexPage: ({HomePage}, {UpdatePage}),
    UpdatePage: ({UpdateIndexPage}, set()),
    StandardPage: ({HomePage, StandardPage}, {StandardPage}),
}


@pytest.mark.parametrize("model", TREE, ids=lambda model: model.__name__)
def test_allowed_parents_and_children(model):
    """Each page type can be added only under its intended parents, and takes only its intended children."""
    parents, children = TREE[model]
    assert set(model.allowed_parent_page_models()) == parents
    assert set(model.allowed_subpage_models()) == children


@pytest.mark.parametrize("model", [FaqIndexPage, ServiceIndexPage, HotlineIndexPage, UpdateIndexPage])
def test_one_section_index_per_language(model, demo_site):
    """With the demo site loaded, a home page cannot take a second copy of a section index."""
    english_home = HomePage.objects.get(locale__language_code="en")
    assert not model.can_create_at(english_home)


@pytest.mark.parametrize(
    "model",
    [HomePage, FaqIndexPage, FaqPage, ServiceIndexPage, ServicePage, HotlineIndexPage, HotlinePage]
    + [UpdateIndexPage, UpdatePage, StandardPage],
    ids=lambda model: model.__name__,
)
def test_every_editor_field_has_help_text(model):
    """Every field an editor fills on a page type tells them what it is for."""
    own_fields = {field.name for field in model._meta.get_fields() if getattr(field, "model", None) is not Page}
    missing = []
    for field in model._meta.get_fields():
        if field.name not in own_fields or not getattr(field, "editable", False) or field.auto_created:
            continue
        if field.name.endswith("_ptr") or field.name in {"translation_key", "locale"}:
            continue
        if not field.help_text:
            missing.append(field.name)
    assert missing == []
    assert model.page_description
