from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import FaqBodyBlock
from .base import BasePage, IndexPage


class FaqIndexPage(IndexPage):
    page_description = _("Lists the question topics. One in each language, under the home page.")
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.FaqPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("questions index")
        verbose_name_plural = _("questions indexes")


class FaqPage(BasePage):
    page_description = _("One topic with its questions and answers, each with its own link.")
    parent_page_types = ["resources.FaqIndexPage"]
    subpage_types = []

    introduction = models.TextField(
        blank=True,
        max_length=600,
        verbose_name=_("introduction"),
        help_text=_("Optional: one or two sentences above the questions saying what this topic covers."),
    )
    body = StreamField(
        FaqBodyBlock(),
        verbose_name=_("questions"),
        help_text=_("Add, remove and drag questions into the order readers should see them."),
    )
    # Kept in step with the body on every save, so the home page finds its featured questions without
    # reading every questions page's body.
    has_featured_questions = models.BooleanField(
        default=False,
        editable=False,
        verbose_name=_("has featured questions"),
        help_text=_("Set on saving: whether any question on this page is ticked for the home page."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    class Meta:
        verbose_name = _("questions page")
        verbose_name_plural = _("questions pages")
        # The home page's featured questions: found without reading every questions page.
        indexes = [
            models.Index(
                fields=["has_featured_questions"],
                condition=models.Q(has_featured_questions=True),
                name="faq_featured",
            )
        ]

    @property
    def questions(self):
        return [child.value for child in self.body if child.block_type == "question"]

    def save(self, *args, **kwargs):
        self.has_featured_questions = any(question.get("featured") for question in self.questions)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "has_featured_questions"}
        return super().save(*args, **kwargs)
