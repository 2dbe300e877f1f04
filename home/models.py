from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import TranslatableField

from resources.models import BasePage, FaqPage, HotlinePage, ServicePage, UpdatePage
from resources.models.base import in_time_zone
from resources.phone import PhoneNumberField
from resources.publishing import LiveSnippetDraftsMixin

DEFAULT_QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"


class HomePage(BasePage):
    page_description = _("The front page of the site, one for each language.")
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "resources.HotlineIndexPage",
        "resources.FaqIndexPage",
        "resources.ServiceIndexPage",
        "resources.UpdateIndexPage",
        "resources.StandardPage",
    ]

    introduction = models.TextField(
        blank=True,
        verbose_name=_("introduction"),
        help_text=_(
            "Two or three sentences under the site name on the front page: who the coalition is "
            "and what a visitor can find here. Plain text, no more than 400 characters."
        ),
        max_length=400,
    )

    # Labels in the panels, not the fields' verbose_name: the same words without a migration.
    content_panels = Page.content_panels + [FieldPanel("introduction", heading=_("Introduction"))]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            help_now=self.help_now,
            emergency_lines=self.emergency_lines,
            featured_questions=self.featured_questions(),
            featured_services=self.featured_services(),
            latest_updates=self.latest_updates(),
        )
        return context

    def structured_data(self, request):
        """The coalition as a schema.org NGO, with a ContactPoint for each hotline in "Get help now".

        The site's name comes from the chrome that base.html loaded for this request (home/chrome.py).
        """
        chrome = getattr(request, "chrome", None)
        site_text = chrome.text if chrome is not None else {}
        return {
            "@context": "https://schema.org",
            "@type": "NGO",
            "name": site_text.get("site_name") or self.title,
            "url": self.get_full_url(request),
            "description": self.introduction,
            "areaServed": {"@type": "City", "name": "Wentzville, Missouri"},
            "contactPoint": [hotline.contact_point(request) for hotline in self.help_now],
        }

    @cached_property
    def help_now(self):
        """The hotlines editors chose for the "Get help now" strip, emergency lines first."""
        return [hotline for hotline in self._leading_hotlines if hotline.featured]

    @cached_property
    def emergency_lines(self):
        """The lines editors mark as emergency lines, in their order: they lead the first screen
        (templates/includes/call_now.html)."""
        return [hotline for hotline in self._leading_hotlines if hotline.is_emergency]

    @cached_property
    def _leading_hotlines(self):
        """The featured lines and the emergency lines, in one query."""
        lines = HotlinePage.objects.descendant_of(self).visible().filter(Q(featured=True) | Q(is_emergency=True))
        return list(lines.in_display_order().prefetch_related("languages"))

    def featured_questions(self):
        """(page, question) pairs for every question ticked "Show on the home page", in page order.

        An answer giving figures without a source is never featured (the questions block refuses the tick;
        this keeps out one saved before that rule)."""
        featured = []
        pages = FaqPage.objects.descendant_of(self).visible().filter(has_featured_questions=True)
        for faq in pages.order_by("path"):
            featured.extend(
                (faq, question)
                for question in faq.questions
                if question.get("featured") and not question.unsourced_figures
            )
        return featured

    def featured_services(self):
        return ServicePage.objects.descendant_of(self).featured()

    def latest_updates(self, count=3):
        return UpdatePage.objects.descendant_of(self).newest()[:count]


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Values that are the same in every language. Text that readers see belongs in the site text snippet.

    Wagtail keeps no drafts of a setting, so a change shows at once: only moderators and administrators may
    make one (home/migrations/0005_roles_and_review_workflow.py, tests/test_snippet_review.py)."""

    quick_exit_url = models.URLField(
        default=DEFAULT_QUICK_EXIT_URL,
        verbose_name=_("quick exit goes to"),
        help_text=_(
            "The harmless page the quick-exit button opens, e.g. a weather forecast, in every language whose "
            "site text does not give one of its own. Choose one that shows nothing personal and needs no login."
        ),
    )
    emergency_number = PhoneNumberField(
        default="911",
        verbose_name=_("emergency number"),
        help_text=_("Shown on every page and on error pages. In the United States, 911."),
    )

    safety_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("“Stay safe online” page"),
        help_text=_(
            "The page about browsing safely, linked from the top of every page. Readers get it in their language."
        ),
    )
    about_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("about page"),
        help_text=_("The page about the coalition, linked from the footer of every page."),
    )

    panels = [
        FieldPanel("quick_exit_url"),
        FieldPanel("emergency_number"),
        FieldPanel("safety_page"),
        FieldPanel("about_page"),
    ]

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")


@register_snippet
class SiteText(
    LiveSnippetDraftsMixin,
    WorkflowMixin,
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    models.Model,
):
    """Text shown on every page (footer, safety note): a snippet, because settings cannot be translated.

    Reviewed as pages are: a change is a draft until a moderator publishes it, and readers get only the
    published text (home/chrome.py)."""

    site_name = models.CharField(
        max_length=80,
        verbose_name=_("site name"),
        help_text=_("The coalition's name as it appears at the top of every page and in tab titles."),
    )
    safety_note = models.CharField(
        max_length=300,
        verbose_name=_("safety note"),
        help_text=_("One sentence at the top of every page, e.g. how the quick-exit button helps. Keep it calm."),
    )
    footer = RichTextField(
        features=["bold", "italic", "link"],
        verbose_name=_("footer"),
        help_text=_("The footer on every page: who runs the site and how to reach the coalition. Short."),
    )
    quick_exit_url = models.URLField(
        blank=True,
        verbose_name=_("quick exit goes to, in this language"),
        help_text=_(
            "Optional: a harmless page in this language for the quick-exit button, e.g. a weather forecast, so "
            "that leaving does not land a reader somewhere that looks out of place. Leave blank to use the one "
            "in site settings."
        ),
    )

    panels = [
        FieldPanel("site_name", heading=_("Site name")),
        FieldPanel("safety_note", heading=_("Safety note")),
        FieldPanel("footer", heading=_("Footer")),
        FieldPanel("quick_exit_url", heading=_("Quick exit")),
    ]
    # wagtail-localize would copy a web address from the English text to every language; this one is each
    # language's own, so translators give it like any other text.
    translatable_fields = [
        TranslatableField("site_name"),
        TranslatableField("safety_note"),
        TranslatableField("footer"),
        TranslatableField("quick_exit_url"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site text")
        verbose_name_plural = _("site text")

    def __str__(self):
        return self.site_name

    def get_preview_template(self, request, mode_name):
        return "home/previews/site_text.html"


class AlertBanner(
    LiveSnippetDraftsMixin,
    WorkflowMixin,
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    models.Model,
):
    """A short notice shown under the header of every page between two times, e.g. a cold-weather shelter.

    Reviewed as pages are: an editor's notice is a draft until a moderator publishes it (a moderator may
    publish an urgent one at once), and readers get only published notices (home/chrome.py)."""

    message = models.CharField(
        max_length=200,
        verbose_name=_("message"),
        help_text=_("One short sentence, e.g. “Cold-weather shelter open tonight from 7 pm.” Plain text."),
    )
    link = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("link"),
        help_text=_("Optional: a page with the details. Readers get it in their language."),
    )
    starts_at = models.DateTimeField(
        verbose_name=_("show from"), help_text=_("When the notice first appears (Missouri time).")
    )
    ends_at = models.DateTimeField(
        verbose_name=_("show until"), help_text=_("When it disappears by itself. Keep notices short-lived.")
    )

    panels = [
        FieldPanel("message"),
        FieldPanel("link", heading=_("Link")),
        FieldPanel("starts_at", help_text=in_time_zone(_("When the notice first appears, in %(zone)s."))),
        FieldPanel(
            "ends_at",
            help_text=in_time_zone(_("When it disappears by itself, in %(zone)s. Keep notices short-lived.")),
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("alert banner")
        verbose_name_plural = _("alert banners")

    def __str__(self):
        return self.message

    def status(self):
        """Whether readers see the notice now, as the admin's list of notices says it."""
        now = timezone.now()
        if not self.live:
            return _("Not published")
        if self.starts_at > now:
            return _("Starts later")
        return _("Showing now") if self.ends_at > now else _("Ended")

    @classmethod
    def worth_translating(cls, banners):
        """Notices readers may still see: an ended one is not listed as needing translation."""
        return banners.filter(ends_at__gt=timezone.now())

    def get_preview_template(self, request, mode_name):
        return "home/previews/alert_banner.html"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The notice must end after it starts.")})
