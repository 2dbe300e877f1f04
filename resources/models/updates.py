from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from ..blocks import StandardBodyBlock
from .base import SUMMARY_HELP, BasePage, IndexPage, PageImage, PageQuerySet


class UpdatePageQuerySet(PageQuerySet):
    def newest(self):
        """The updates anyone may see, newest first, without their bodies (index, feed, home page)."""
        return self.visible().defer_streamfields().order_by("-date", "-pk")


class UpdateIndexPage(IndexPage):
    page_description = _("The coalition's news, newest first. One in each language.")
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.UpdatePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("updates index")
        verbose_name_plural = _("updates indexes")

    def listing(self):
        return UpdatePage.objects.child_of(self).newest()


class UpdatePage(PageImage, BasePage):
    page_description = _("A piece of coalition news: what happened or what changed, and when.")
    parent_page_types = ["resources.UpdateIndexPage"]
    subpage_types = []
    serve_select_related = ("image",)

    date = models.DateField(
        default=timezone.localdate,
        verbose_name=_("date"),
        help_text=_("The date shown with the update. Newest come first."),
    )
    summary = models.TextField(max_length=300, verbose_name=_("summary"), help_text=SUMMARY_HELP)
    body = StreamField(StandardBodyBlock(), blank=True, verbose_name=_("body"), help_text=_("The full update."))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        PageImage.image_panel,
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    objects = PageManager.from_queryset(UpdatePageQuerySet)()

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        # The latest updates (home page, feed, index) read from the newest, however many there are.
        indexes = [models.Index(fields=["-date"], name="update_date")]

    def clean(self):
        super().clean()
        errors = {}
        self.clean_image(errors)
        if errors:
            raise ValidationError(errors)
