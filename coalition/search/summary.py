"""The one rule for the line shown under a page's title in search results, on cards and in link previews:
its search description, else its summary, else its introduction."""

from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce, NullIf

from wagtail.models import get_page_models

SUMMARY_FIELDS = ("search_description", "summary", "introduction")


def summary_of(page):
    """The rule, for a page already loaded."""
    for name in SUMMARY_FIELDS:
        value = getattr(page, name, "")
        if value:
            return value
    return ""


def summary_expression():
    """The rule as a query expression on Page, whatever the page types: each type's own field by subquery."""
    first, *others = SUMMARY_FIELDS
    parts = [NullIf(first, Value(""))]
    for name in others:
        for model in get_page_models():
            if any(field.name == name and field.model is model for field in model._meta.concrete_fields):
                own = model._default_manager.filter(page_ptr_id=OuterRef("pk")).values(name)[:1]
                parts.append(NullIf(Subquery(own), Value("")))
    return Coalesce(*parts, Value(""), output_field=TextField())
