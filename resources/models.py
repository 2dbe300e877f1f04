import uuid
from urllib.parse import quote_plus

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from .blocks import ANSWER_FEATURES, FaqBodyBlock, OpeningHoursStreamBlock, StandardBodyBlock
from .choices import Category, Cost
from .forms import ServiceFilterForm
from .phone import PhoneNumberField, vanity_matches
from .publishing import WholeTranslationMixin
from .serving import ServedPageMixin, unrestricted

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
    """A language a hotline or service answers in, named in the reader's language by Django."""

    code = models.CharField(
        max_length=10,
        unique=True,
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
        try:
            return str(get_language_info(self.code)["name_translated"])
        except KeyError:
            return self.code

    def clean(self):
        try:
            get_language_info(self.code)
        except KeyError:
            raise ValidationError(
                {"code": _("Django does not know the language code “%(code)s”.") % {"code": self.code}}
            ) from None


@register_snippet
class Organisation(models.Model):
    """The organisation that runs a service. Names are proper nouns, so they are not translated."""

    # A stable identifier for other directories (Open Referral HSDS): it never changes, even when the name does.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True, help_text=_("The organisation's own name, as it writes it."))
    website = models.URLField(blank=True, help_text=_("Its main web address, starting with https://. Optional."))
    email = models.EmailField(blank=True, help_text=_("A general e-mail address people may write to. Optional."))

    panels = [FieldPanel("name"), FieldPanel("website"), FieldPanel("email")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


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


class IndexPage(WholeTranslationMixin, ServedPageMixin, Page):
    """A section front page: an introduction, then its child pages as cards, PER_PAGE at a time."""

    PER_PAGE = 20

    introduction = models.TextField(
        blank=True,
        max_length=600,
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
        return self.get_children().live().filter(unrestricted()).specific().defer_streamfields()


class FaqIndexPage(IndexPage):
    page_description = _("Lists the question topics. One in each language, under the home page.")
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.FaqPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("questions index")
        verbose_name_plural = _("questions indexes")


class FaqPage(WholeTranslationMixin, ServedPageMixin, Page):
    page_description = _("One topic with its questions and answers, each with its own link.")
    parent_page_types = ["resources.FaqIndexPage"]
    subpage_types = []

    introduction = models.TextField(
        blank=True,
        max_length=600,
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


class ServiceIndexPage(IndexPage):
    page_description = _("The directory of services. One in each language, under the home page.")
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ServicePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("service directory")
        verbose_name_plural = _("service directories")

    def get_context(self, request, *args, **kwargs):
        # Page's context, not IndexPage's: the directory paginates its filtered listing itself.
        context = Page.get_context(self, request, *args, **kwargs)
        form = ServiceFilterForm(request.GET or None)
        services = form.filter(self.listing())
        results = Paginator(services, self.PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            children=results,
            filter_form=form,
            query_string=query.urlencode(),
            hotlines=HotlinePage.objects.live()
            .filter(unrestricted())
            .filter(locale=self.locale, featured=True)
            .order_by(*HotlinePage.DISPLAY_ORDER),
        )
        return context

    def listing(self):
        return (
            ServicePage.objects.child_of(self)
            .live()
            .filter(unrestricted())
            .defer_streamfields()
            .select_related("provider")
            .prefetch_related("categories")
            .order_by("title")
        )


class ServicePage(WholeTranslationMixin, ServedPageMixin, VerifiedFacts, Availability, Page):
    page_description = _("One service people can use, with how to reach it, when, and what it costs.")
    parent_page_types = ["resources.ServiceIndexPage"]
    subpage_types = []
    serve_prefetch_related = ("categories", "languages")
    serve_select_related = ("provider",)

    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("provider"),
        help_text=_("The organisation that runs this service. Add it under Snippets › Organisations if it is new."),
    )
    summary = models.TextField(max_length=300, help_text=SUMMARY_HELP)
    categories = ParentalManyToManyField(
        ServiceCategory,
        related_name="services",
        verbose_name=_("categories"),
        help_text=_("Every kind of help this service gives. Readers filter the directory by these."),
    )
    cost = models.CharField(
        max_length=20,
        choices=Cost.choices,
        default=Cost.UNKNOWN,
        help_text=_("What a person pays. Choose “Ask about cost” if you do not know."),
    )
    cost_details = models.CharField(
        max_length=200, blank=True, help_text=_("Optional, e.g. “Free for anyone under 18”.")
    )
    eligibility = models.TextField(
        max_length=500,
        blank=True,
        verbose_name=_("who it serves"),
        help_text=_("Who can use it: ages, genders, where they live, anything they must bring. Blank means anyone."),
    )
    confidential = models.BooleanField(
        default=False,
        help_text=_("Tick if the service keeps who uses it private and does not share it without consent."),
    )
    confidentiality = models.CharField(
        max_length=300,
        blank=True,
        verbose_name=_("about confidentiality"),
        help_text=_("Optional: what is kept private and any limits, e.g. “Anonymous testing; no ID needed”."),
    )
    street_address = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Street and number, e.g. 52 Industrial Drive. Leave blank if it is private."),
    )
    locality = models.CharField(max_length=100, blank=True, verbose_name=_("city"), help_text=_("e.g. Wentzville."))
    region = models.CharField(
        max_length=2, blank=True, default="MO", verbose_name=_("state"), help_text=_("Two letters, e.g. MO.")
    )
    postal_code = models.CharField(
        max_length=10, blank=True, verbose_name=_("ZIP code"), help_text=_("Five digits, e.g. 63385.")
    )
    website = models.URLField(blank=True, help_text=_("The page about this service, starting with https://."))
    email = models.EmailField(blank=True, help_text=_("An address people can write to about this service."))
    how_to_access = models.TextField(
        max_length=600,
        blank=True,
        verbose_name=_("how to get help"),
        help_text=_("How to get there, book, walk in or be referred, in a few plain sentences."),
    )
    description = RichTextField(
        features=ANSWER_FEATURES,
        blank=True,
        help_text=_("Optional: more about the service, in short paragraphs."),
    )
    featured = models.BooleanField(
        default=False,
        verbose_name=_("show on the home page"),
        help_text=_("Tick to list this service among the featured services on the home page."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("provider"),
        FieldPanel("summary"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("text_number"),
                FieldPanel("website"),
                FieldPanel("email"),
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("locality"), FieldPanel("region"), FieldPanel("postal_code")]),
                FieldPanel("how_to_access"),
            ],
            heading=_("How to reach it"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("cost"), FieldPanel("cost_details")]),
                FieldPanel("eligibility"),
                FieldPanel("confidential"),
                FieldPanel("confidentiality"),
            ],
            heading=_("Who and what it costs"),
        ),
        *Availability.availability_panels,
        FieldPanel("description"),
        FieldPanel("featured"),
        VerifiedFacts.verification_panel,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("eligibility"),
        index.SearchField("description"),
        index.FilterField("cost"),
        index.FilterField("open_24_7"),
        index.FilterField("confidential"),
        index.RelatedFields("provider", [index.SearchField("name")]),
    ]
    override_translatable_fields = [
        SynchronizedField("phone", overridable=False),
        SynchronizedField("text_number", overridable=False),
        SynchronizedField("email", overridable=False),
        SynchronizedField("street_address", overridable=False),
        SynchronizedField("locality", overridable=False),
        SynchronizedField("region", overridable=False),
        SynchronizedField("postal_code", overridable=False),
        SynchronizedField("categories", overridable=False),
        SynchronizedField("languages", overridable=False),
        SynchronizedField("verification_source", overridable=False),
    ]

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        # The featured services (home page, resource card): found without reading every service.
        indexes = [models.Index(fields=["featured"], condition=models.Q(featured=True), name="service_featured")]

    @property
    def address(self):
        place = " ".join(part for part in [self.region, self.postal_code] if part)
        return ", ".join(part for part in [self.street_address, self.locality, place] if part)

    def structured_data(self, request):
        channel = {
            "@type": "ServiceChannel",
            "serviceUrl": self.website or request.build_absolute_uri(self.get_url(request)),
        }
        if self.phone:
            channel["servicePhone"] = {"@type": "ContactPoint", "telephone": self.phone}
        if self.street_address:
            channel["serviceLocation"] = {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": self.street_address,
                    "addressLocality": self.locality,
                    "addressRegion": self.region,
                    "postalCode": self.postal_code,
                    "addressCountry": "US",
                },
            }
        data = {
            "@context": "https://schema.org",
            "@type": "Service",
            "name": self.title,
            "description": self.summary,
            "url": request.build_absolute_uri(self.get_url(request)),
            "provider": {"@type": "Organization", "name": self.provider.name},
            "serviceType": [str(category) for category in self.categories.all()],
            "availableLanguage": self.schema_languages(),
            "availableChannel": channel,
            "hoursAvailable": self.schema_hours(),
        }
        if self.provider.website:
            data["provider"]["url"] = self.provider.website
        if self.cost == Cost.FREE:
            data["isAccessibleForFree"] = True
        return data

    @property
    def map_href(self):
        """A geo: link opens the phone's own map app; nothing is loaded from a map service."""
        return f"geo:0,0?q={quote_plus(self.address)}" if self.street_address else ""

    def clean(self):
        super().clean()
        errors = {}
        if not any([self.phone, self.text_number, self.website, self.email, self.street_address, self.how_to_access]):
            errors["phone"] = _(
                "Give at least one way to reach this service: a phone or text number, a website, an e-mail "
                "address, a street address, or how to get help or be referred."
            )
        if self.street_address and not self.locality:
            errors["locality"] = _("Add the city, so people can find the street address.")
        self.clean_availability(errors)
        self.clean_verification(errors)
        if errors:
            raise ValidationError(errors)


class HotlineIndexPage(IndexPage):
    page_description = _("“Get help now”: every hotline, emergency numbers first. One in each language.")
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.HotlinePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("hotlines index")
        verbose_name_plural = _("hotlines indexes")

    def listing(self):
        return (
            HotlinePage.objects.child_of(self)
            .live()
            .filter(unrestricted())
            .defer_streamfields()
            .prefetch_related("languages")
            .order_by(*HotlinePage.DISPLAY_ORDER)
        )


class HotlinePage(WholeTranslationMixin, ServedPageMixin, VerifiedFacts, Availability, Page):
    page_description = _("One line people can call or text, with what to expect when they do.")
    parent_page_types = ["resources.HotlineIndexPage"]
    subpage_types = []
    serve_prefetch_related = ("languages",)

    operator = models.CharField(
        max_length=200,
        verbose_name=_("who answers"),
        help_text=_("Who picks up, e.g. “Trained advocates” or “Police dispatchers”. Describe, do not advertise."),
    )
    summary = models.TextField(max_length=300, help_text=SUMMARY_HELP)
    phone_vanity = models.CharField(
        max_length=20,
        blank=True,
        verbose_name=_("number in letters"),
        help_text=_(
            "Only if the line advertises a number in letters, e.g. 866-371-TIPS. It must spell the number above."
        ),
    )
    tty = PhoneNumberField(
        blank=True,
        verbose_name=_("TTY"),
        help_text=_("For deaf or hard-of-hearing callers, e.g. 711 (relay). Leave blank if there is none."),
    )
    is_emergency = models.BooleanField(
        default=False,
        verbose_name=_("emergency line"),
        help_text=_("Tick only for lines to call when someone is in danger right now. They are always listed first."),
    )
    sort_order = models.PositiveSmallIntegerField(
        default=50,
        verbose_name=_("order"),
        help_text=_("Lines with smaller numbers come first (after emergency lines). 0 to 100."),
    )
    featured = models.BooleanField(
        default=False,
        verbose_name=_("show in “Get help now”"),
        help_text=_("Tick to show this line in the “Get help now” strip at the top of the home page."),
    )
    what_to_expect = RichTextField(
        features=ANSWER_FEATURES,
        blank=True,
        verbose_name=_("what happens when you call"),
        help_text=_("Plain steps: who answers, what they ask, what they do not ask, what happens next."),
    )
    confidentiality = models.CharField(
        max_length=300,
        blank=True,
        verbose_name=_("about confidentiality"),
        help_text=_("What is kept private and any limits, e.g. “You do not have to give your name”."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("operator"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("phone_vanity"), FieldPanel("text_number"), FieldPanel("tty")],
            heading=_("Numbers"),
        ),
        *Availability.availability_panels,
        FieldPanel("what_to_expect"),
        FieldPanel("confidentiality"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("is_emergency"), FieldPanel("sort_order")]), FieldPanel("featured")],
            heading=_("Where it is listed"),
        ),
        VerifiedFacts.verification_panel,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("operator"),
        index.SearchField("what_to_expect"),
        index.FilterField("is_emergency"),
        index.FilterField("open_24_7"),
    ]
    override_translatable_fields = [
        SynchronizedField("phone", overridable=False),
        SynchronizedField("phone_vanity", overridable=False),
        SynchronizedField("text_number", overridable=False),
        SynchronizedField("tty", overridable=False),
        SynchronizedField("languages", overridable=False),
        SynchronizedField("verification_source", overridable=False),
    ]

    # Emergency lines first, then the editors' order.
    DISPLAY_ORDER = ["-is_emergency", "sort_order", "title"]

    class Meta:
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")
        indexes = [models.Index(fields=["featured"], condition=models.Q(featured=True), name="hotline_featured")]

    def contact_point(self, request=None):
        """This line as a schema.org ContactPoint."""
        data = {
            "@type": "ContactPoint",
            "name": self.title,
            "description": self.summary,
            "contactType": "emergency" if self.is_emergency else "hotline",
            "areaServed": "US",
            "availableLanguage": self.schema_languages(),
            "hoursAvailable": self.schema_hours(),
        }
        if self.phone:
            data["telephone"] = self.phone
        if request is not None:
            data["url"] = request.build_absolute_uri(self.get_url(request))
        return data

    def structured_data(self, request):
        return {"@context": "https://schema.org", **self.contact_point(request)}

    def clean(self):
        super().clean()
        errors = {}
        if not (self.phone or self.text_number):
            errors["phone"] = _("Give a number to call, a number to text, or both.")
        if self.phone_vanity and not self.phone:
            errors["phone_vanity"] = _("Give the number in digits above as well.")
        elif self.phone_vanity and not vanity_matches(self.phone_vanity, self.phone):
            errors["phone_vanity"] = _("“%(vanity)s” does not spell the phone number above.") % {
                "vanity": self.phone_vanity
            }
        self.clean_availability(errors)
        self.clean_verification(errors)
        if errors:
            raise ValidationError(errors)


class UpdateIndexPage(IndexPage):
    page_description = _("The coalition's news, newest first. One in each language.")
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.UpdatePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("updates index")
        verbose_name_plural = _("updates indexes")

    def listing(self):
        return (
            UpdatePage.objects.child_of(self)
            .live()
            .filter(unrestricted())
            .defer_streamfields()
            .order_by("-date", "-pk")
        )


class UpdatePage(WholeTranslationMixin, ServedPageMixin, Page):
    page_description = _("A piece of coalition news: what happened or what changed, and when.")
    parent_page_types = ["resources.UpdateIndexPage"]
    subpage_types = []

    date = models.DateField(
        default=timezone.localdate, help_text=_("The date shown with the update. Newest come first.")
    )
    summary = models.TextField(max_length=300, help_text=SUMMARY_HELP)
    body = StreamField(StandardBodyBlock(), blank=True, help_text=_("The full update."))

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        # The latest updates (home page, feed, index) read from the newest, however many there are.
        indexes = [models.Index(fields=["-date"], name="update_date")]


class StandardPage(WholeTranslationMixin, ServedPageMixin, Page):
    page_description = _("A plain page, e.g. about the coalition or staying safe online.")
    parent_page_types = ["home.HomePage", "resources.StandardPage"]
    subpage_types = ["resources.StandardPage"]

    introduction = models.TextField(
        blank=True, max_length=600, help_text=_("Optional: the first paragraph, shown larger. Plain text.")
    )
    body = StreamField(StandardBodyBlock(), blank=True, help_text=_("The rest of the page."))

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
