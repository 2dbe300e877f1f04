"""Services brought in from another directory's Open Referral (HSDS 3.0) data (resources/hsds/importing.py).

An imported service is an ordinary service page: editors change it, moderators approve it. What is kept here is
what the source said at the last import, so that the next import can tell the source's changes from an editor's.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .services import ServicePage


class DirectoryService(models.Model):
    """One service of a source directory and the English service page it became (the page's translation key is
    the service's HSDS id, so the site's own /hsds/ export gives the same id back)."""

    service_id = models.UUIDField(unique=True, verbose_name=_("HSDS id"))
    page = models.OneToOneField(
        ServicePage, on_delete=models.CASCADE, related_name="directory_service", verbose_name=_("service")
    )
    source = models.CharField(max_length=200, verbose_name=_("directory"))
    # The page's values as the source gave them at the last import (importing.page_values' form).
    values = models.JSONField(default=dict)
    first_imported_at = models.DateTimeField(auto_now_add=True)
    last_imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service from a directory")
        verbose_name_plural = _("services from a directory")

    def __str__(self):
        return f"{self.source}: {self.service_id}"


class DirectoryImport(models.Model):
    """A file a moderator uploaded on "Import from a directory": kept between the dry run and the import, and
    after it as the record of what was imported, by whom and when."""

    source = models.CharField(
        max_length=200,
        verbose_name=_("directory"),
        help_text=_(
            "Whose data this is, e.g. “United Way 211 of Greater St. Louis”. Shown with every service it brings."
        ),
    )
    file_name = models.CharField(max_length=255, verbose_name=_("file"))
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded"))
    # The dry run's report (report.Report.as_json), then the import's.
    report = models.JSONField(default=dict)
    imported_at = models.DateTimeField(null=True, blank=True, verbose_name=_("imported"))

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("import from a directory")
        verbose_name_plural = _("imports from a directory")

    def __str__(self):
        return f"{self.source} ({self.file_name})"
