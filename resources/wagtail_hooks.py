from django.conf import settings
from django.urls import include, path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet

from . import localize, needs_translation, readability
from .admin_views import FactsReportView, FactsToCheckPanel, MarkCheckedView, can_check_facts, is_fact_page
from .hsds import admin_views as directory_import
from .hsds import importing
from .models import Organisation

hooks.register("before_edit_page", localize.refuse_publishing_half_translated_pages, order=-10)
hooks.register("before_edit_page", localize.save_or_submit_translation, order=-10)
hooks.register("before_edit_snippet", localize.save_or_submit_snippet_translation, order=-10)
hooks.register("register_admin_urls", localize.override_translation_urls, order=-10)


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    actions.register_action(importing.LOG_ACTION)(importing.ImportLogFormatter)


class OrganisationSearchForm(SearchFilterMixin, BaseFilterForm):
    """The chooser's search box, looking in names in the database: organisations are not in the search index."""

    def filter(self, objects):
        objects = super(SearchFilterMixin, self).filter(objects)
        if query := self.cleaned_data.get("q"):
            objects = objects.filter(name__icontains=query)
            self.is_searching, self.search_query = True, query
        return objects


class OrganisationChooseView(snippet_chooser.ChooseView):
    filter_form_class = OrganisationSearchForm


class OrganisationChooseResultsView(snippet_chooser.ChooseResultsView):
    filter_form_class = OrganisationSearchForm


class OrganisationChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = OrganisationChooseView
    choose_results_view_class = OrganisationChooseResultsView


class OrganisationViewSet(SnippetViewSet):
    """Organisations are many: their list, and the chooser in a service's form, search by name."""

    model = Organisation
    search_fields = ["name"]
    search_backend_name = None
    chooser_viewset_class = OrganisationChooserViewSet


register_snippet(OrganisationViewSet)


@hooks.register("register_admin_urls")
def register_facts_urls():
    urls = [
        path("", FactsReportView.as_view(), name="report"),
        path("<int:page_id>/checked/", MarkCheckedView.as_view(), name="checked"),
    ]
    return [path("facts/", include((urls, "facts"), namespace="facts"))]


@hooks.register("register_admin_urls")
def register_needs_translation_urls():
    urls = [
        path("", needs_translation.NeedsTranslationView.as_view(), name="report"),
        path(
            "<int:content_type_id>/<str:object_id>/<str:language_code>/",
            needs_translation.start_translation,
            name="start",
        ),
    ]
    return [path("needs-translation/", include((urls, "needs_translation"), namespace="needs_translation"))]


class NeedsTranslationMenuItem(MenuItem):
    def is_shown(self, request):
        return needs_translation.may_translate(request.user)


@hooks.register("register_reports_menu_item")
def register_needs_translation_menu_item():
    return NeedsTranslationMenuItem(
        _("Needs translation"),
        reverse("needs_translation:report"),
        name="needs-translation",
        icon_name="site",
        order=1250,
    )


@hooks.register("construct_homepage_panels")
def add_needs_translation_panel(request, panels):
    if needs_translation.is_translator(request.user):
        panels.append(needs_translation.NeedsTranslationPanel())


class FactsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_check_facts(request.user)


@hooks.register("register_reports_menu_item")
def register_facts_report_menu_item():
    return FactsReportMenuItem(
        _("Facts to check"), reverse("facts:report"), name="facts-to-check", icon_name="calendar-check", order=1300
    )


@hooks.register("register_admin_urls")
def register_reading_level_urls():
    urls = [path("", readability.ReadingLevelView.as_view(), name="report")]
    return [path("reading-level/", include((urls, "reading_level"), namespace="reading_level"))]


class ReadingLevelMenuItem(MenuItem):
    def is_shown(self, request):
        return readability.may_see_reading_level(request.user)


@hooks.register("register_reports_menu_item")
def register_reading_level_menu_item():
    return ReadingLevelMenuItem(
        _("Reading level"), reverse("reading_level:report"), name="reading-level", icon_name="glasses", order=1350
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


@hooks.register("page_cache_listing_urls")
def feed_and_api_urls(site):
    """The updates feed in each language and the HSDS lists, for the CDN purge (coalition/caching/purge.py)."""
    root = site.root_url
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.append(root + reverse("updates_feed"))
    for name in ("hsds:services", "hsds:organizations"):
        urls.append(root + reverse(name))
        urls.extend(
            f"{root}{reverse(name)}?lang={code}"
            for code, _name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE
        )
    return urls


@hooks.register("register_admin_urls")
def register_directory_import_urls():
    urls = [
        path("", directory_import.DirectoryImportView.as_view(), name="index"),
        path("<int:pk>/", directory_import.DirectoryImportReportView.as_view(), name="report"),
    ]
    return [path("directory-import/", include((urls, "directory_import"), namespace="directory_import"))]


class DirectoryImportMenuItem(MenuItem):
    def is_shown(self, request):
        return directory_import.may_import(request.user)


@hooks.register("register_admin_menu_item")
def register_directory_import_menu_item():
    return DirectoryImportMenuItem(
        _("Import from a directory"),
        reverse("directory_import:index"),
        name="directory-import",
        icon_name="download",
        order=600,
    )
