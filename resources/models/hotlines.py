from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..blocks import ANSWER_FEATURES
from ..phone import PhoneNumberField, vanity_matches
from .base import SUMMARY_HELP, Availability, BasePage, IndexPage, PageQuerySet, VerifiedFacts


class HotlinePageQuerySet(PageQuerySet):
    def in_display_order(self):
        return self.order_by(*HotlinePage.DISPLAY_ORDER)

    def featured(self):
        """The lines editors chose for "Get help now", emergency lines first."""
        return self.visible().filter(featured=True).in_display_order()

    def emergency(self):
        """The lines editors mark as emergency lines, in their order: they lead the first screen of the home page
        and of the hotline pages (templates/includes/call_now.html)."""
        return self.visible().filter(is_emergency=True).in_display_order()


class HotlineIndexPage(IndexPage):
    page_description = _("“Get help now”: every hotline, emergency numbers first. One in each language.")
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.HotlinePage"]
    max_count_per_parent = 1
    # The admin lists the lines as readers see them (HotlinePage.DISPLAY_ORDER, named from the Page side) until an
    # editor sorts by a column. Wagtail orders by whatever this holds, though it documents only its columns' names.
    admin_default_ordering = ["-hotlinepage__is_emergency", "hotlinepage__sort_order", "title"]

    class Meta:
        verbose_name = _("hotlines index")
        verbose_name_plural = _("hotlines indexes")

    def listing(self):
        return (
            HotlinePage.objects.child_of(self)
            .visible()
            .defer_streamfields()
            .prefetch_related("languages")
            .in_display_order()
        )


class HotlinePage(VerifiedFacts, Availability, BasePage):
    page_description = _("One line people can call or text, with what to expect when they do.")
    parent_page_types = ["resources.HotlineIndexPage"]
    subpage_types = []
    serve_prefetch_related = ("languages",)

    operator = models.CharField(
        max_length=200,
        verbose_name=_("who answers"),
        help_text=_("Who picks up, e.g. “Trained advocates” or “Police dispatchers”. Describe, do not advertise."),
    )
    summary = models.TextField(max_length=300, verbose_name=_("summary"), help_text=SUMMARY_HELP)
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
        help_text=_(
            "Tick only for lines to call when someone is in danger right now. They are always listed first, and "
            "the first two get call and text buttons at the top of the home page and of every hotline page, "
            "under the emergency number."
        ),
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

    objects = PageManager.from_queryset(HotlinePageQuerySet)()

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
            data["url"] = self.get_full_url(request)
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
