"""“Import from a directory” in the admin: a moderator uploads another directory's Open Referral (HSDS 3.0) file,
reads what importing it would do (a dry run), then imports it; each new or changed service becomes a draft submitted
to the moderators' workflow. `importing.run_upload` does the work, as it does for `manage.py import_hsds`.

Only those who may add a `DirectoryImport` (moderators and administrators) may open any of these views: one import
makes drafts of many services at once. The upload is kept between the dry run and the import, and after it as the
record of what was imported, by whom and when. An upload is imported once.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page, WorkflowState

from ..models import DirectoryImport
from . import importing
from .report import ACTION_LABELS, CHANGE, CREATE, INACTIVE, SKIP, UNCHANGED, Report

PERMISSION = "resources.add_directoryimport"
MAX_FILE_SIZE = 20 * 1024 * 1024
FILE_TYPES = (".json", ".zip")
# The services an import turns into drafts for review.
IMPORTED = (CREATE, CHANGE)


def may_import(user):
    return user.has_perm(PERMISSION)


class UploadForm(forms.Form):
    source = DirectoryImport._meta.get_field("source").formfield(label=_("Directory name"))
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "The file the directory sent you or that you downloaded from it: a .json file, or a .zip file of "
            "CSV files with their datapackage.json. At most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FILE_TYPES)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(FILE_TYPES):
            raise forms.ValidationError(
                _("“%(name)s” is neither a .json nor a .zip file. Upload the directory’s data in one of these forms."),
                code="file_type",
                params={"name": upload.name},
            )
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("This file is %(size)s; the largest file that can be imported is %(max)s."),
                code="file_size",
                params={"size": filesizeformat(upload.size), "max": filesizeformat(MAX_FILE_SIZE)},
            )
        return upload


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            # Wagtail's admin answers with its own "permission denied": the dashboard and a message.
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DirectoryImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """The upload form, then the dry run of the uploaded file; below the form, the imports so far."""

    form_class = UploadForm
    template_name = "resources/admin/directory_import.html"
    page_title = _("Import from a directory")
    header_icon = "download"
    per_page = 20

    def get_breadcrumbs_items(self):
        return []

    def get_initial(self):
        return {"source": DirectoryImport.objects.values_list("source", flat=True).first() or ""}

    def get_context_data(self, **kwargs):
        # The files themselves stay in the database: up to 20 MB each.
        uploads = DirectoryImport.objects.defer("data").select_related("uploaded_by").order_by("-uploaded_at", "-pk")
        paginator = WagtailPaginator(uploads, self.per_page)
        page = paginator.get_page(self.request.GET.get("p"))
        return super().get_context_data(
            uploads=[(upload, report_of(upload).summary()) for upload in page],
            uploads_page=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        source = form.cleaned_data["source"]
        data = upload.read()
        report = importing.run_upload(upload.name, data, source, self.request.user, dry_run=True)
        record = DirectoryImport.objects.create(
            source=source,
            file_name=upload.name,
            data=data,
            uploaded_by=self.request.user,
            report=report.as_json(),
        )
        return redirect("directory_import:report", record.pk)


@dataclass
class Row:
    """One service of the report, with its page in the admin if the page exists."""

    outcome: object
    edit_url: str = ""
    status: str = ""


class DirectoryImportReportView(ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """What the upload would do (its dry run) with the button that imports it; once imported, what it did."""

    template_name = "resources/admin/directory_import_report.html"
    page_title = _("Import from a directory")
    header_icon = "download"

    @cached_property
    def upload(self):
        # Looked up after the permission check: without it, no one learns which uploads exist.
        uploads = DirectoryImport.objects.defer("data").select_related("uploaded_by")
        return get_object_or_404(uploads, pk=self.kwargs["pk"])

    def get_breadcrumbs_items(self):
        return []

    def get_page_subtitle(self):
        return self.upload.file_name

    @cached_property
    def report(self):
        return report_of(self.upload)

    def to_import(self):
        """How many services importing would make drafts of: none if the file cannot be read or was imported."""
        if self.upload.imported_at or not self.report.valid:
            return 0
        return sum(len(self.report.of(action)) for action in IMPORTED)

    def get_context_data(self, **kwargs):
        rows = self.rows()
        sections = [
            {
                "action": action,
                "label": label,
                "rows": rows[action],
                # Columns that would be empty all the way down are left out.
                "changes": any(row.outcome.changes or row.outcome.conflicts for row in rows[action]),
                "problems": any(row.outcome.problems for row in rows[action]),
            }
            for action, label in ACTION_LABELS.items()
            if rows[action] and action != UNCHANGED
        ]
        return super().get_context_data(
            upload=self.upload,
            report=self.report,
            sections=sections,
            unchanged=rows[UNCHANGED],
            to_import=self.to_import(),
            drafts=sum(len(rows[action]) for action in IMPORTED) if self.upload.imported_at else 0,
            left_out=len(self.report.of(SKIP)) + len(self.report.of(INACTIVE)),
            index_url=reverse("directory_import:index"),
            dashboard_url=reverse("wagtailadmin_home"),
            **kwargs,
        )

    def rows(self):
        """The report's services by action, each linked to its page (with the page's state) when it exists."""
        ids = {outcome.page_id for outcome in self.report.outcomes if outcome.page_id}
        pages = Page.objects.filter(pk__in=ids).only("pk", "live", "has_unpublished_changes").in_bulk()
        in_review = set(
            WorkflowState.objects.filter(
                status=WorkflowState.STATUS_IN_PROGRESS,
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id__in=[str(pk) for pk in ids],
            ).values_list("object_id", flat=True)
        )
        rows = {action: [] for action in ACTION_LABELS}
        for outcome in self.report.outcomes:
            row = Row(outcome)
            page = pages.get(outcome.page_id)
            # A dry run's new page was rolled back: another page may have its id since.
            if page is not None and not (self.report.dry_run and outcome.action == CREATE):
                row.edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
                row.status = page_status(page, str(page.pk) in in_review)
            rows[outcome.action].append(row)
        return rows

    def post(self, request, pk):
        if self.upload.imported_at:
            messages.warning(request, already_imported_message(self.upload))
            return redirect("directory_import:report", pk)
        if not self.to_import():
            messages.error(request, _("There is nothing to import from this file. Fix it and upload it again."))
            return redirect("directory_import:report", pk)

        # Claimed first, so that a second click or a second moderator imports nothing. Not one transaction with the
        # import: each service is saved in its own, and a long import must not hold the database meanwhile.
        claimed = DirectoryImport.objects.filter(pk=pk, imported_at__isnull=True).update(imported_at=timezone.now())
        if not claimed:
            messages.warning(request, already_imported_message(DirectoryImport.objects.get(pk=pk)))
            return redirect("directory_import:report", pk)
        data = bytes(DirectoryImport.objects.values_list("data", flat=True).get(pk=pk))
        try:
            report = importing.run_upload(self.upload.file_name, data, self.upload.source, request.user, dry_run=False)
        except BaseException:
            # Services already saved are found again by their ids when the file is imported again.
            DirectoryImport.objects.filter(pk=pk).update(imported_at=None)
            raise
        DirectoryImport.objects.filter(pk=pk).update(report=report.as_json())

        if report.valid:
            messages.success(request, report.summary())
        else:
            messages.error(request, report.summary())
        return redirect("directory_import:report", pk)


def report_of(upload):
    return Report.from_json(upload.report) if upload.report else Report(upload.source, dry_run=True)


def already_imported_message(upload):
    return _("This file was already imported (%(date)s): nothing was imported again.") % {
        "date": date_format(timezone.localtime(upload.imported_at), "DATETIME_FORMAT")
    }


def page_status(page, in_review):
    if in_review:
        return _("Draft, awaiting review")
    if not page.live:
        return _("Draft, not submitted for review")
    if page.has_unpublished_changes:
        return _("Live, with changes in a draft")
    return _("Live")
