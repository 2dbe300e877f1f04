"""Fact checking in the admin: the "Facts to check" report, its dashboard panel and "Mark as checked today".

Who may use them: anyone in the admin (`wagtailadmin.access_admin`, required by every admin URL) who may edit
pages according to Wagtail's page permission policy. Each row, count and action covers only the pages that
user may edit. Only English pages are listed and marked: translations share their facts through
wagtail-localize's synchronised fields.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.defaults import permission_denied
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BaseColumn, Column, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import PageReportView
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .models import HotlinePage, ServicePage

FACT_MODELS = (HotlinePage, ServicePage)


def page_policy():
    return policy_registry.get_by_type(Page)


def can_check_facts(user):
    """Whether `user` may edit an English hotline or service: facts are checked there, and reach the Spanish
    pages by themselves. A translator, who edits only Spanish pages, is not told "all up to date"."""
    return (
        user.has_perm("wagtailadmin.access_admin")
        and page_policy()
        .instances_user_has_permission_for(user, "change")
        .type(*FACT_MODELS)
        .filter(locale__language_code=default_language())
        .exists()
    )


def default_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def is_fact_page(page):
    """True for an English hotline or service, whether `page` is specific or not."""
    return issubclass(page.specific_class or Page, FACT_MODELS) and page.locale.language_code == default_language()


def facts_to_check(user):
    """English hotlines and services `user` may edit, never checked or checked too long ago; oldest first."""
    cutoff = timezone.localdate() - datetime.timedelta(days=settings.VERIFICATION_MAX_AGE_DAYS)
    return (
        page_policy()
        .instances_user_has_permission_for(user, "change")
        .type(*FACT_MODELS)
        .filter(locale__language_code=default_language())
        .annotate(
            verified_on=Coalesce("hotlinepage__last_verified", "servicepage__last_verified"),
            checked_against=Coalesce("hotlinepage__verification_source", "servicepage__verification_source"),
        )
        .filter(Q(verified_on__isnull=True) | Q(verified_on__lt=cutoff))
        .select_related("locale")
        .order_by(F("verified_on").asc(nulls_first=True), "title", "pk")
    )


# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """Text a spreadsheet shows as it is: one that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def fact_type(page):
    return capfirst(page.specific_class._meta.verbose_name)


def mark_checked_url(page, next_url=None):
    url = reverse("facts:checked", args=[page.pk])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class LinkColumn(BaseColumn):
    """A cell holding one link, or `empty_text` when the row has nowhere to link to."""

    cell_template_name = "resources/admin/link_cell.html"

    def __init__(self, name, get_url, text, empty_text="", **kwargs):
        super().__init__(name, **kwargs)
        self._get_url = get_url
        self.text = text
        self.empty_text = empty_text

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(url=self._get_url(instance, parent_context["request"]), text=self.text)
        context["empty_text"] = self.empty_text
        return context


class FactsPaginator(WagtailPaginator):
    """Counts the report's rows as what they are, not as "pages"."""

    @cached_property
    def items_count_label(self):
        return ngettext("%(count)s hotline or service", "%(count)s hotlines and services", self.count) % {
            "count": self.count
        }


class FactsReportView(PageReportView):
    page_title = _("Facts to check")
    header_icon = "calendar-check"
    index_url_name = "facts:report"
    # Wagtail's plain report results render the `columns` below as a table.
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    permission_required = "change"
    paginate_by = 100
    paginator_class = FactsPaginator

    def user_has_permission(self, permission):
        # Only for those who may edit an English hotline or service: the report would tell anyone else
        # "all up to date" while facts are due.
        return super().user_has_permission(permission) and can_check_facts(self.request.user)

    columns = [
        TitleColumn(
            "title",
            label=_("Title"),
            accessor="get_admin_display_title",
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ),
        Column("type", label=_("Type"), accessor=fact_type),
        Column("last_verified", label=_("Last verified"), accessor=lambda page: page.verified_on or _("Never")),
        Column("checked_against", label=_("Checked against")),
        LinkColumn(
            "live_page",
            label=_("Live page"),
            get_url=lambda page, request: page.get_url(request) if page.live else None,
            text=_("View live"),
            empty_text=_("Not published"),
        ),
        LinkColumn(
            "check",
            label=_("Action"),
            get_url=lambda page, request: mark_checked_url(page, request.get_full_path()),
            text=_("Mark as checked today"),
        ),
    ]
    list_export = ["title", "type", "last_verified", "checked_against", "live_page"]
    export_headings = {
        "title": _("Title"),
        "type": _("Type"),
        "last_verified": _("Last verified"),
        "checked_against": _("Checked against"),
        "live_page": _("Live page"),
    }

    def get_filename(self):
        return f"facts-to-check-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = facts_to_check(self.request.user)
        return super().get_queryset()

    def to_row_dict(self, page):
        return {
            "title": page.get_admin_display_title(),
            "type": fact_type(page),
            # A real date, so that spreadsheets can sort and filter by it.
            "last_verified": page.verified_on or _("Never"),
            "checked_against": page.checked_against,
            # On the host the admin was opened on, which is the public site's: a Site's own host name may be
            # the demo's "localhost".
            "live_page": self.request.build_absolute_uri(page.get_url(self.request)) if page.live else "",
        }

    def stream_csv(self, queryset):
        # A byte-order mark first: without it Excel reads UTF-8 as another encoding (“Never” as mojibake).
        yield "\ufeff".encode()
        yield from super().stream_csv(queryset)

    def write_csv_row(self, writer, row_dict):
        return super().write_csv_row(writer, {field: spreadsheet_text(value) for field, value in row_dict.items()})

    @property
    def no_results_message(self):
        return _("All up to date: every hotline and service was checked in the last %(days)s days.") % {
            "days": settings.VERIFICATION_MAX_AGE_DAYS
        }


class FactsToCheckPanel(Component):
    """Dashboard panel: how many hotlines and services need their facts checked, with a link to the report."""

    name = "facts_to_check"
    template_name = "resources/admin/facts_panel.html"
    order = 200

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        content_type = ContentType.objects.get_for_model
        counts = facts_to_check(self.user).aggregate(
            hotlines=Count("pk", filter=Q(content_type=content_type(HotlinePage))),
            services=Count("pk", filter=Q(content_type=content_type(ServicePage))),
        )
        return {
            **counts,
            "max_age_days": settings.VERIFICATION_MAX_AGE_DAYS,
            "report_url": reverse("facts:report"),
        }


class MarkCheckedForm(forms.Form):
    source = HotlinePage._meta.get_field("verification_source").formfield(
        required=True, error_messages={"required": _("Say what the facts were checked against.")}
    )


class MarkCheckedView(WagtailAdminTemplateMixin, FormView):
    """Set today's date and the source on an English hotline or service; publish it and its translations if allowed."""

    form_class = MarkCheckedForm
    template_name = "resources/admin/mark_checked.html"
    page_title = _("Mark as checked today")
    header_icon = "calendar-check"

    def setup(self, request, page_id):
        super().setup(request, page_id=page_id)
        pages = Page.objects.type(*FACT_MODELS).filter(locale__language_code=default_language())
        self.page = get_object_or_404(pages, pk=page_id).specific
        self.permissions = self.page.permissions_for_user(request.user)
        # Edits saved but not yet published, which the check must neither publish nor lose.
        self.draft = self.page.get_latest_revision_as_object() if self.page.has_unpublished_changes else None

    def dispatch(self, request, *args, **kwargs):
        if not self.permissions.can_edit():
            # A plain 403: Wagtail's admin would turn PermissionDenied into a redirect to the dashboard.
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    @property
    def will_publish(self):
        return self.page.live and self.permissions.can_publish()

    @property
    def draft_note(self):
        if not self.page.live:
            return _("The page is not live, so the check is saved in a draft. Translations are left as they are.")
        return _(
            "You may not publish this page, so the check is saved in a draft for someone who can publish it. "
            "Translations are left as they are."
        )

    @property
    def next_url(self):
        return get_valid_next_url_from_request(self.request) or reverse("facts:report")

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return []

    def get_initial(self):
        return {"source": (self.draft or self.page).verification_source}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.page,
            will_publish=self.will_publish,
            draft_note=self.draft_note,
            action_url=self.request.path,
            next_url=self.next_url,
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        lock = self.page.get_lock()
        if lock and lock.for_user(user):
            # Locked by someone else, in a workflow or scheduled for publishing: the editor would refuse too.
            messages.error(self.request, lock.get_message(user) or lock.get_description(user))
            return self.form_invalid(form)

        # Publishing the English page carries the date and source to its live translations
        # (home.wagtail_hooks.update_translations_of); a draft check stays on the English draft.
        with transaction.atomic():
            self.record_check(form.cleaned_data["source"])

        title = self.page.get_admin_display_title()
        messages.success(self.request, _("“%(title)s” marked as checked today.") % {"title": title})
        if not self.will_publish:
            messages.warning(self.request, self.draft_note)
        elif self.draft is not None:
            messages.info(self.request, _("The page’s other unpublished changes are still waiting in a draft."))
        return redirect(self.next_url)

    def record_check(self, source):
        """Save today's check, and publish it if allowed."""
        user, today = self.request.user, timezone.localdate()
        if self.will_publish:
            self.page.last_verified, self.page.verification_source = today, source
            self.page.save_revision(user=user, log_action=True, clean=False).publish(user=user)
            if self.draft is not None:
                self.draft.last_verified, self.draft.verification_source = today, source
                self.draft.save_revision(user=user, log_action=True, clean=False)
            return

        version = self.draft or self.page
        version.last_verified, version.verification_source = today, source
        if not version.live:
            # As in Wagtail's editor: a page that is not live keeps its latest content in its own row.
            version.save(clean=False)
        version.save_revision(user=user, log_action=True, clean=False)
