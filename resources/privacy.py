"""A page's privacy is the same in every language: a password or sign-in set on a page holds for its
translations too, at once.

Wagtail keeps privacy per page, and each language's pages are a tree of their own, so a password set on the
English page left its Spanish version open to everyone (wagtail/wagtail#11015). wagtail-localize copies the
source page's restriction to a translation only when that translation is next synced, and the translation
editor's own privacy dialog does not work (it opens twice, empty). So whenever a page's restrictions change
(Wagtail's privacy dialog saves, changes the groups of, or deletes one), its translations are given the same
ones once the change is committed.
"""

import contextvars

from django.db import transaction

from wagtail.models import Page, PageViewRestriction

# Set while restrictions are being copied, so that the copies do not start copying in their turn.
_copying = contextvars.ContextVar("copying_restrictions", default=False)


def copy_to_translations(page_id):
    """Give every translation of the page the page's own restrictions (none, if it has none)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    restrictions = list(PageViewRestriction.objects.filter(page=page).prefetch_related("groups"))
    token = _copying.set(True)
    try:
        with transaction.atomic():
            for translation in page.get_translations():
                if _same(restrictions, PageViewRestriction.objects.filter(page=translation)):
                    continue
                PageViewRestriction.objects.filter(page=translation).delete()
                for restriction in restrictions:
                    copy = PageViewRestriction.objects.create(
                        page=translation, restriction_type=restriction.restriction_type, password=restriction.password
                    )
                    copy.groups.set(restriction.groups.all())
    finally:
        _copying.reset(token)


def _same(restrictions, others):
    def described(rows):
        return sorted(
            (row.restriction_type, row.password, tuple(sorted(row.groups.values_list("pk", flat=True))))
            for row in rows
        )

    return described(restrictions) == described(others.prefetch_related("groups"))


def restriction_changed(sender, instance, **kwargs):
    """post_save, post_delete and m2m_changed (groups) of a PageViewRestriction: copy once committed."""
    page_id = getattr(instance, "page_id", None)  # a Group, when its restrictions are changed from its side
    if _copying.get() or page_id is None:
        return
    transaction.on_commit(lambda: copy_to_translations(page_id))
