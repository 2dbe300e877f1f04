from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from .admin_views import FactsReportView, FactsToCheckPanel, MarkCheckedView, can_check_facts, is_fact_page


@hooks.register("register_admin_urls")
def register_facts_urls():
    urls = [
        path("", FactsReportView.as_view(), name="report"),
        path("<int:page_id>/checked/", MarkCheckedView.as_view(), name="checked"),
    ]
    return [path("facts/", include((urls, "facts"), namespace="facts"))]


class FactsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_check_facts(request.user)


@hooks.register("register_reports_menu_item")
def register_facts_report_menu_item():
    return FactsReportMenuItem(
        _("Facts to check"), reverse("facts:report"), name="facts-to-check", icon_name="calendar-check", order=1300
    )


@hooks.register("construct_homepage_panels")
def add_facts_to_check_panel(request, panels):
    if can_check_facts(request.user):
        panels.append(FactsToCheckPanel(request.user))


class MarkCheckedMenuItem(PageMenuItem):
    label = _("Mark as checked today")
    icon_name = "calendar-check"
    url_name = "facts:checked"

    def is_shown(self, user):
        return is_fact_page(self.page) and self.page.permissions_for_user(user).can_edit()


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    yield MarkCheckedMenuItem(page=page, next_url=next_url, priority=5)


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield MarkCheckedMenuItem(page=page, next_url=next_url, priority=15)
