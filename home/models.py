from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    page_description = _("The front page of the site, one for each language.")
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = []

    introduction = models.TextField(
        blank=True,
        help_text=_(
            "Two or three sentences under the site name on the front page: who the coalition is "
            "and what a visitor can find here. Plain text, no more than 400 characters."
        ),
        max_length=400,
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        verbose_name = _("home page")
