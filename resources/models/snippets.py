import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin, WorkflowMixin
from wagtail.snippets.models import register_snippet

from ..choices import Category


class ServiceCategory(models.Model):
    """One of the fixed directory categories; the rows are made by a migration from `Category`."""

    slug = models.SlugField(max_length=40, unique=True, choices=Category.choices)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def __str__(self):
        return str(Category(self.slug).label)


@register_snippet
class Language(models.Model):
    """A language a hotline or service answers in, named in the reader's language by Django.

    Not reviewed: a new language shows nowhere until a page that lists it is approved, and changing one that
    pages list is for moderators only (home/migrations/0011_review_snippets_readers_see.py)."""

    code = models.CharField(
        max_length=10,
        unique=True,
        verbose_name=_("code"),
        help_text=_("The ISO 639-1 code Django knows, e.g. es for Spanish or vi for Vietnamese."),
    )

    panels = [FieldPanel("code")]

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The name in the reader's language as written mid-sentence: "inglés" in Spanish, which writes language
        names in lower case (coalition/languages.py). A template that starts a sentence or list with it uses
        `capfirst`. The code itself for a code Django does not know."""
        from coalition.languages import language_name

        try:
            return language_name(self.code)
        except KeyError:
            return self.code

    def clean(self):
        try:
            get_language_info(self.code)
        except KeyError:
            raise ValidationError(
                {"code": _("Django does not know the language code “%(code)s”.") % {"code": self.code}}
            ) from None


class Organisation(WorkflowMixin, DraftStateMixin, RevisionMixin, models.Model):
    """The organisation that runs a service. Names are proper nouns, so they are not translated.

    A snippet (resources/wagtail_hooks.py: OrganisationViewSet, whose list and chooser search by name). Reviewed
    as pages are: an editor's change is a draft until a moderator publishes it, and readers see only the
    published organisation (`ServicePage.published_provider`, the HSDS API)."""

    # A stable identifier for other directories (Open Referral HSDS): it never changes, even when the name does.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        max_length=200,
        unique=True,
        verbose_name=_("name"),
        help_text=_("The organisation's own name, as it writes it."),
    )
    website = models.URLField(
        blank=True, verbose_name=_("website"), help_text=_("Its main web address, starting with https://. Optional.")
    )
    email = models.EmailField(
        blank=True, verbose_name=_("email"), help_text=_("A general e-mail address people may write to. Optional.")
    )

    panels = [FieldPanel("name"), FieldPanel("website"), FieldPanel("email")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name
