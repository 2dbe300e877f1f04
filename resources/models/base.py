"""What the page types share: the base page class and its queryset, and the abstract parts that some of them add."""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail import query
from wagtail.admin.panels import CommentPanel, FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from ..blocks import OpeningHoursStreamBlock
from ..phone import PhoneNumberField
from ..publishing import WholeTranslationMixin
from ..serving import ServedPageMixin, visible
from .snippets import Language

SCHEMA_DAYS = {
    "mon": "https://schema.org/Monday",
    "tue": "https://schema.org/Tuesday",
    "wed": "https://schema.org/Wednesday",
    "thu": "https://schema.org/Thursday",
    "fri": "https://schema.org/Friday",
    "sat": "https://schema.org/Saturday",
    "sun": "https://schema.org/Sunday",
}
SUMMARY_HELP = _(
    "One or two sentences shown on cards, in search results and in link previews. At most 300 characters."
)
# What editors call the site's time zone (settings.TIME_ZONE). Any other zone is named as Python knows it.
TIME_ZONE_NAMES = {"America/Chicago": _("Missouri (Central time)")}


def time_zone_name():
    """The zone the admin's dates and times are in: the site's, unless an editor's Wagtail profile set another."""
    zone = timezone.get_current_timezone_name()
    return str(TIME_ZONE_NAMES.get(zone, zone))


def in_time_zone(text):
    """`text` with its %(zone)s named when a form is shown, so the name is in the editor's language and zone."""
    return lazy(lambda: text % {"zone": time_zone_name()}, str)()


def html_help(text):
    """Help text with a little markup, translated when shown; it comes from our own catalogues, so it is not escaped."""
    return lazy(mark_safe, SafeString)(text)


class SchedulePanel(PublishingPanel):
    """Wagtail's publishing schedule, each date and time saying which time zone it is in."""

    HELP = {
        "go_live_at": _("Date and time in %(zone)s. The page goes live within a few minutes of this time."),
        "expire_at": _("Date and time in %(zone)s. The page leaves the site within a few minutes of this time."),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for child in self.children:
            child.help_text = in_time_zone(self.HELP[child.field_name])


class PageQuerySet(query.PageQuerySet):
    """Every page type's queryset. A page type's own listings (featured, newest) start from `visible()`."""

    def visible(self):
        """The live pages anyone may see (`serving.visible`)."""
        return visible(self)


class BasePage(WholeTranslationMixin, ServedPageMixin, Page):
    """Every page type: published whole or not at all (publishing.py), served in few queries (serving.py).

    A page type that adds abstract fields (VerifiedFacts, Availability) lists them before this class.
    """

    objects = PageManager.from_queryset(PageQuerySet)()
    # Fields kept the same in every language that reach translations only with the translator's work
    # (resources/localize.py: update_translations_of); the others are copied at once.
    synchronised_with_translation = ()

    # Wagtail's Promote tab in the words editors use, with this site's examples.
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel(
                    "slug",
                    heading=_("Web address"),
                    help_text=html_help(
                        _(
                            "The last part of this page's address: /get-help-now/"
                            "<b>national-human-trafficking-hotline</b>/. Lowercase words joined by hyphens, made "
                            "from the title. Once the page is live, changing it breaks links people have shared."
                        )
                    ),
                ),
                FieldPanel(
                    "seo_title",
                    heading=_("Title in search results"),
                    help_text=_(
                        "The headline search engines and the browser tab show for this page. Leave blank to use "
                        "the title above; search engines show about 60 characters."
                    ),
                ),
                FieldPanel(
                    "search_description",
                    heading=_("Description in search results"),
                    help_text=_(
                        "One or two sentences under the title in search results, on this site's cards and in link "
                        "previews. Leave blank to use the summary or introduction."
                    ),
                ),
            ],
            heading=_("Web address and search results"),
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "show_in_menus",
                    heading=_("Show in the main menu"),
                    help_text=_(
                        "Tick to list this page in the menu at the top of every page. Only pages directly under "
                        "the home page are listed there."
                    ),
                )
            ],
            heading=_("Main menu"),
        ),
    ]
    settings_panels = [SchedulePanel(), CommentPanel()]

    class Meta:
        abstract = True


class VerifiedFacts(models.Model):
    """When the contact facts were last checked, and against what."""

    last_verified = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("last verified"),
        help_text=_(
            "The day someone last checked the number, hours and address against the source below. "
            "Leave blank until it has been checked; readers see “Checked on” this date."
        ),
    )
    verification_source = models.CharField(
        max_length=500,
        blank=True,
        verbose_name=_("checked against"),
        help_text=_("The web address or a short note of what was checked, e.g. “Called the front desk”."),
    )

    verification_panel = MultiFieldPanel(
        [FieldRowPanel([FieldPanel("last_verified"), FieldPanel("verification_source")])],
        heading=_("Fact check"),
    )

    class Meta:
        abstract = True

    def clean_verification(self, errors):
        if self.last_verified and self.last_verified > timezone.localdate():
            errors["last_verified"] = _("The date a fact was checked cannot be in the future.")
        if self.last_verified and not self.verification_source:
            errors["verification_source"] = _("Say what the facts were checked against.")


ALT_TEXT_HELP = _(
    "What the picture shows that matters here, in a short sentence, as you would say it on the phone: "
    "“The clinic's green front door, beside the pharmacy”. Not “image of” or the file's name. "
    "Blind readers hear this instead of seeing the picture."
)
DECORATIVE_HELP = _(
    "Tick only if the picture adds nothing a reader needs (a pattern, a mood photo): screen readers then skip it."
)


class PageImage(models.Model):
    """An optional picture on the page: an organisation's logo, a photo of the clinic's door.

    Readers get resized copies only (coalition/ops/images.py), never the uploaded file, which can carry the
    camera's location. The alt text is translated with the page; the picture is the same in every language.
    """

    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("picture"),
        help_text=_("Optional. A photo or logo that helps people recognise the place or the organisation."),
    )
    image_alt_text = models.CharField(
        max_length=250, blank=True, verbose_name=_("what the picture shows (alt text)"), help_text=ALT_TEXT_HELP
    )
    image_decorative = models.BooleanField(
        default=False, verbose_name=_("the picture is only decoration"), help_text=DECORATIVE_HELP
    )

    # A new picture reaches a translation with its translated alt text, when the translator's work is published,
    # not at once with the numbers and hours (resources/localize.py: update_translations_of): until then the
    # translation keeps its picture and the alt text that describes it.
    synchronised_with_translation = ("image", "image_decorative")

    image_panel = MultiFieldPanel(
        [FieldPanel("image"), FieldPanel("image_alt_text"), FieldPanel("image_decorative")],
        heading=_("Picture"),
    )

    class Meta:
        abstract = True

    @property
    def image_alt(self):
        """The alt attribute: empty for a decorative picture, so screen readers pass over it."""
        return "" if self.image_decorative else self.image_alt_text

    def clean_image(self, errors):
        if self.image and not self.image_decorative and not self.image_alt_text.strip():
            errors["image_alt_text"] = _(
                "Say what the picture shows, or tick “the picture is only decoration” if it adds nothing."
            )


class Availability(models.Model):
    """Who can reach the line or service, when and in which languages; shared by hotlines and services."""

    phone = PhoneNumberField(
        blank=True,
        verbose_name=_("phone number"),
        help_text=_("As people dial it, e.g. 1-888-373-7888, or a short code such as 911. Checked when you save."),
    )
    text_number = PhoneNumberField(
        blank=True,
        verbose_name=_("text (SMS) number"),
        help_text=_("The number or short code people can text, e.g. 233733. Leave blank if texts are not answered."),
    )
    languages = ParentalManyToManyField(
        Language,
        blank=True,
        related_name="+",
        verbose_name=_("languages spoken"),
        help_text=_("Every language people can be helped in directly."),
    )
    languages_note = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("more about languages"),
        help_text=_("Optional, e.g. “Interpreters for more than 200 languages by phone”."),
    )
    open_24_7 = models.BooleanField(
        default=False,
        verbose_name=_("open 24/7"),
        help_text=_("Tick if someone answers at any hour of every day. Then leave the hours below empty."),
    )
    opening_hours = StreamField(
        OpeningHoursStreamBlock(),
        blank=True,
        verbose_name=_("opening hours"),
        help_text=_("Add one row for each group of days with the same hours."),
    )
    hours_note = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("more about hours"),
        help_text=_("Optional, e.g. “Closed on public holidays” or “Evenings only, hours vary”."),
    )

    availability_panels = [
        MultiFieldPanel(
            [FieldPanel("open_24_7"), FieldPanel("opening_hours"), FieldPanel("hours_note")],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldPanel("languages", widget=forms.CheckboxSelectMultiple), FieldPanel("languages_note")],
            heading=_("Languages"),
        ),
    ]

    class Meta:
        abstract = True

    def schema_hours(self):
        """schema.org OpeningHoursSpecification for the hours, or every day round the clock."""
        if self.open_24_7:
            return [
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": list(SCHEMA_DAYS.values()),
                    "opens": "00:00",
                    "closes": "23:59",
                }
            ]
        return [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [SCHEMA_DAYS[day] for day in block.value["days"]],
                "opens": block.value["opens"].strftime("%H:%M"),
                "closes": block.value["closes"].strftime("%H:%M"),
            }
            for block in self.opening_hours
        ]

    def schema_languages(self):
        return [language.name for language in self.languages.all()]

    def clean_availability(self, errors):
        if self.open_24_7 and self.opening_hours and len(self.opening_hours):
            errors["opening_hours"] = _("A line that is open 24/7 has no opening hours: tick one or the other.")


class IndexPage(BasePage):
    """A section front page: an introduction, then its child pages as cards, PER_PAGE at a time."""

    PER_PAGE = 20

    introduction = models.TextField(
        blank=True,
        max_length=600,
        verbose_name=_("introduction"),
        help_text=_("A short paragraph at the top of the page saying what readers will find below. Plain text."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = Paginator(self.listing(), self.PER_PAGE).get_page(request.GET.get("page"))
        return context

    def listing(self):
        return visible(self.get_children()).specific().defer_streamfields()
