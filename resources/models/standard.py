from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import StandardBodyBlock
from .base import BasePage, PageImage


class StandardPage(PageImage, BasePage):
    page_description = _("A plain page, e.g. about the coalition or staying safe online.")
    parent_page_types = ["home.HomePage", "resources.StandardPage"]
    subpage_types = ["resources.StandardPage"]
    serve_select_related = ("image",)

    introduction = models.TextField(
        blank=True,
        max_length=600,
        verbose_name=_("introduction"),
        help_text=_("Optional: the first paragraph, shown larger. Plain text."),
    )
    body = StreamField(StandardBodyBlock(), blank=True, verbose_name=_("body"), help_text=_("The rest of the page."))

    content_panels = Page.content_panels + [FieldPanel("introduction"), PageImage.image_panel, FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def clean(self):
        super().clean()
        errors = {}
        self.clean_image(errors)
        if errors:
            raise ValidationError(errors)
