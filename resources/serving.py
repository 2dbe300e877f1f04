"""What every page type shares for serving readers with few queries.

Wagtail checks view restrictions with two queries a page (its ancestors, then their
restrictions) and `.public()` with one a listing. Here a restriction is found inside the same
query as the pages: a restriction on a page applies to every page whose tree path starts with it.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction


def restricted():
    """True for a page under a view restriction (on itself or an ancestor), as a query expression."""
    return Exists(PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path"))))


def unrestricted():
    """Filter for pages anyone may see: `queryset.filter(unrestricted())` is `.public()` without its extra query."""
    return ~restricted()


def visible(pages):
    """The live pages of `pages` that anyone may see: `.live().public()` without `.public()`'s extra query.

    The page types' querysets have it as `.visible()`; this is for querysets of Wagtail's own Page (a
    page's children or translations, the sitemap).
    """
    return pages.live().filter(unrestricted())


class ServedPageMixin:
    """Put before ``Page`` in a page type's bases.

    `serve_select_related` and `serve_prefetch_related` name what the page's own template needs,
    so that the router loads the page and its relations together.
    """

    serve_select_related = ()
    serve_prefetch_related = ()

    def get_view_restrictions(self):
        if getattr(self, "known_unrestricted", False):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
