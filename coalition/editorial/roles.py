"""Only administrators delete or move pages. Moderators publish and unpublish; editors and translators do neither.

Why: a deleted page leaves a dead address in every bookmark, printout and partner site that links to it, and
nothing brings it back. A move keeps old addresses working (Wagtail's redirects app makes a redirect), but has
no use here worth its risk: a hotline, service, question topic or update can only live in its own section,
and each language has one section of each, so the only move on offer is into the other language's section.
Reorganising the site is an administrator's job.

Why a permission tester: Wagtail asks `page.permissions_for_user(user)` before it shows Delete, Move or
Unpublish anywhere (the page listing's "More" menu, the page header's "Actions" menu, the editor's footer,
wagtail-localize's translation editor, the bulk actions' confirmation) and again before doing any of them
(the views and Wagtail's page actions). The groups' page permissions cannot say the rule: Wagtail has no
delete permission, lets anyone who may change a page delete it while it is not live, and anyone who may
publish delete or move it live. Hooks cannot say it everywhere: nothing takes Move and Delete out of the
page header's menu, and the move view's first step runs no hook.

Wagtail lets a page class choose its tester by overriding `permissions_for_user`. The platform names no page
type, so `install()` (run when the app is ready) sets it on Wagtail's Page, which every page type inherits;
tests/test_role_permissions.py checks that no page type overrides it and that Wagtail's own method still gives
the tester extended here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.models import Page, PagePermissionTester

WAGTAILS_OWN = Page.permissions_for_user

BULK_REFUSALS = {
    "delete": _("Only an administrator can delete pages, so nothing was deleted."),
    "move": _("Only an administrator can move pages, so nothing was moved."),
    "unpublish": _("You may not unpublish any of these pages, so nothing was unpublished."),
}


class RolePermissionTester(PagePermissionTester):
    """Wagtail's answer to every question, except that only administrators delete or move pages."""

    def can_delete(self, ignore_bulk=False):
        return self.user.is_superuser and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        return self.user.is_superuser and super().can_move()

    def can_copy(self):
        # Wagtail offers Copy to anyone who may edit; a translator, who may add no page anywhere, then met a
        # form whose every destination was refused.
        return super().can_copy() and (self.user.is_superuser or "add" in self.permissions)


def permissions_for_user(page, user):
    """What `user` may do to `page`, by the site's rules."""
    return RolePermissionTester(user, page)


def install():
    Page.permissions_for_user = permissions_for_user


def refuse_moves(request, page, destination):
    """Wagtail's move confirmation checks nothing until the move is posted; asked for directly, it is refused
    at once like the move's first step."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


def refuse_empty_bulk_actions(request, action_type, objects, action):
    """A bulk delete, move or unpublish of pages the person may not touch says so, where Wagtail would report
    "0 pages have been deleted" as a success."""
    if isinstance(action, PageBulkAction) and action_type in BULK_REFUSALS and not objects:
        messages.error(request, BULK_REFUSALS[action_type])
        return redirect(action.next_url)
    return None
