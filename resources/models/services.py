from urllib.parse import quote_plus

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..blocks import ANSWER_FEATURES
from ..choices import Cost
from ..forms import ServiceFilterForm
from .base import SUMMARY_HELP, Availability, BasePage, IndexPage, PageImage, PageQuerySet, VerifiedFacts
from .hotlines import HotlinePage
from .snippets import Organisation, ServiceCategory


class ServicePageQuerySet(PageQuerySet):
    def featured(self):
        """The services editors chose for the home page and the resource card, with what a card shows."""
        return self.visible().filter(featured=True).defer_streamfields().select_related("provider").order_by("title")


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
            hotlines=HotlinePage.objects.featured().filter(locale=self.locale),
        )
        return context

    def listing(self):
        return (
            ServicePage.objects.child_of(self)
            .visible()
            .defer_streamfields()
            .select_related("provider")
            .prefetch_related("categories")
            .order_by("title")
        )


class ServicePage(VerifiedFacts, Availability, PageImage, BasePage):
    page_description = _("One service people can use, with how to reach it, when, and what it costs.")
    parent_page_types = ["resources.ServiceIndexPage"]
    subpage_types = []
    serve_prefetch_related = ("categories", "languages")
    serve_select_related = ("provider", "image")

    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("provider"),
        help_text=_("The organisation that runs this service. Add it under Snippets › Organisations if it is new."),
    )
    summary = models.TextField(max_length=300, verbose_name=_("summary"), help_text=SUMMARY_HELP)
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
        verbose_name=_("cost"),
        help_text=_("What a person pays. Choose “Ask about cost” if you do not know."),
    )
    cost_details = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("cost details"),
        help_text=_("Optional, e.g. “Free for anyone under 18”."),
    )
    eligibility = models.TextField(
        max_length=500,
        blank=True,
        verbose_name=_("who it serves"),
        help_text=_("Who can use it: ages, genders, where they live, anything they must bring. Blank means anyone."),
    )
    confidential = models.BooleanField(
        default=False,
        verbose_name=_("confidential"),
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
        verbose_name=_("street address"),
        help_text=_("Street and number, e.g. 52 Industrial Drive. Leave blank if it is private."),
    )
    locality = models.CharField(max_length=100, blank=True, verbose_name=_("city"), help_text=_("e.g. Wentzville."))
    region = models.CharField(
        max_length=2, blank=True, default="MO", verbose_name=_("state"), help_text=_("Two letters, e.g. MO.")
    )
    postal_code = models.CharField(
        max_length=10, blank=True, verbose_name=_("ZIP code"), help_text=_("Five digits, e.g. 63385.")
    )
    website = models.URLField(
        blank=True, verbose_name=_("website"), help_text=_("The page about this service, starting with https://.")
    )
    email = models.EmailField(
        blank=True, verbose_name=_("email"), help_text=_("An address people can write to about this service.")
    )
    how_to_access = models.TextField(
        max_length=600,
        blank=True,
        verbose_name=_("how to get help"),
        help_text=_("How to get there, book, walk in or be referred, in a few plain sentences."),
    )
    description = RichTextField(
        features=ANSWER_FEATURES,
        blank=True,
        verbose_name=_("description"),
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
        PageImage.image_panel,
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

    objects = PageManager.from_queryset(ServicePageQuerySet)()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        # The featured services (home page, resource card): found without reading every service.
        indexes = [models.Index(fields=["featured"], condition=models.Q(featured=True), name="service_featured")]

    @property
    def published_provider(self):
        """The organisation as readers may see it: its published version, or None while it has never been published
        (or was unpublished). A draft rename lives in a revision; the row keeps the published name."""
        return self.provider if self.provider.live else None

    @property
    def address(self):
        place = " ".join(part for part in [self.region, self.postal_code] if part)
        return ", ".join(part for part in [self.street_address, self.locality, place] if part)

    def structured_data(self, request):
        channel = {
            "@type": "ServiceChannel",
            "serviceUrl": self.website or self.get_full_url(request),
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
            "url": self.get_full_url(request),
            "serviceType": [str(category) for category in self.categories.all()],
            "availableLanguage": self.schema_languages(),
            "availableChannel": channel,
            "hoursAvailable": self.schema_hours(),
        }
        if provider := self.published_provider:
            data["provider"] = {"@type": "Organization", "name": provider.name}
            if provider.website:
                data["provider"]["url"] = provider.website
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
        self.clean_image(errors)
        if errors:
            raise ValidationError(errors)
