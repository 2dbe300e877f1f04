import re

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError, StructValue
from wagtail.images.blocks import ImageBlock

from .choices import Weekday

# "document-link": a link to an uploaded leaflet or flyer, downloaded through Wagtail's document view, which
# checks its collection's privacy. Pictures go in their own block (PictureBlock), not inside rich text:
# wagtail-localize offers a rich-text image's alt text to no translator, so Spanish readers would hear English.
ANSWER_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
BODY_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


# A figure a reader might take as a measured fact: a percentage, in English or Spanish.
FIGURE = re.compile(r"\d[\d.,]*\s?%|\b(?:per ?cent|por ciento)\b", re.IGNORECASE)


def figures_in(html):
    return FIGURE.findall(strip_tags(html or ""))


class QuestionValue(StructValue):
    @property
    def anchor_id(self):
        return self.get("anchor") or slugify(self.get("question"))[:80]

    @property
    def unsourced_figures(self):
        """Figures in the answer when it names no source: readers are told so under the answer."""
        if self.get("sources"):
            return []
        return figures_in(self.get("answer").source if self.get("answer") else "")


class LinkNameBlock(blocks.RegexBlock):
    """A question's link name (#link-name), translated like its question so Spanish links read in Spanish.

    wagtail-localize offers a block's text for translation when the block says how
    (`get_translatable_segments`); a translation is made a valid link name whatever the translator typed,
    and an untranslated one keeps the English name, so a link someone shared keeps working."""

    def get_translatable_segments(self, value):
        from wagtail_localize.segments import StringSegmentValue

        return [StringSegmentValue("", value)] if value else []

    def restore_translated_segments(self, value, segments):
        translated = segments[0].render_text() if segments else ""
        return slugify(translated)[:80] or value


class SourceBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        max_length=200,
        label=_("Source"),
        help_text=_("Who published it, and its title, e.g. “Revised Statutes of Missouri, section 567.020”."),
    )
    url = blocks.URLBlock(
        required=False,
        label=_("Web address"),
        help_text=_("Optional: where readers can read the source themselves."),
    )

    class Meta:
        icon = "link"
        label = _("Source")


class CorrectionBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Corrected on"), help_text=_("The day the answer was corrected."))
    note = blocks.TextBlock(
        max_length=600,
        label=_("What changed"),
        help_text=_("What the answer said before and what is true instead, in a sentence or two."),
    )
    source = blocks.CharBlock(
        max_length=200,
        label=_("Source"),
        help_text=_("Where the correct fact comes from, e.g. “National Human Trafficking Hotline”."),
    )
    url = blocks.URLBlock(
        required=False,
        label=_("Source's web address"),
        help_text=_("Optional: where readers can check the source."),
    )

    class Meta:
        icon = "edit"
        label = _("Correction")


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(
        max_length=200,
        label=_("Question"),
        help_text=_("Write it as a reader would ask it, ending with a question mark. At most 200 characters."),
    )
    answer = blocks.RichTextBlock(
        features=ANSWER_FEATURES,
        label=_("Answer"),
        help_text=_("The full answer. Short paragraphs read best on a phone; use lists for steps."),
    )
    anchor = LinkNameBlock(
        regex=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        required=False,
        max_length=80,
        label=_("Link name"),
        help_text=_(
            "The end of this question's permalink (#link-name). Leave it blank and one is made from the "
            "question when you save; keep it once people may have shared the link. Lower-case letters, "
            "digits and hyphens."
        ),
        error_messages={"invalid": _("Use only lower-case letters, digits and single hyphens, e.g. who-can-help.")},
    )
    featured = blocks.BooleanBlock(
        required=False,
        label=_("Show on the home page"),
        help_text=_("Tick to list this question among the featured questions on the home page."),
    )
    sources = blocks.ListBlock(
        SourceBlock(),
        default=[],
        label=_("Where this answer comes from"),
        help_text=_(
            "The published sources of the answer's facts. An answer that gives a figure, such as a percentage, "
            "without a source is marked for readers as having none, and cannot be shown on the home page."
        ),
    )
    corrections = blocks.ListBlock(
        CorrectionBlock(),
        default=[],
        label=_("Corrections"),
        help_text=_(
            "When you correct a fact in the answer, say here what changed, when, and the source. Readers see "
            "each correction under the answer; the earlier wording stays in the page's history."
        ),
    )

    class Meta:
        icon = "help"
        label = _("Question")
        template = "blocks/question_block.html"
        value_class = QuestionValue
        form_classname = "struct-block question-block"

    def clean(self, value):
        value = super().clean(value)
        figures = value.unsourced_figures if value.get("featured") else []
        if figures:
            raise StructBlockValidationError(
                block_errors={
                    "featured": ValidationError(
                        _(
                            "This answer gives figures (%(figures)s) without a source, so it cannot be shown on "
                            "the home page. Add where they come from under “Where this answer comes from”, or "
                            "take them out."
                        ),
                        params={"figures": ", ".join(figures)},
                    )
                }
            )
        return value


class FaqBodyBlock(blocks.StreamBlock):
    question = QuestionBlock()

    class Meta:
        min_num = 1

    def clean(self, value):
        """Give every question a unique link name, so permalinks stay stable from the first save."""
        value = super().clean(value)
        seen = set()
        errors = {}
        for index, child in enumerate(value):
            anchor = child.value.get("anchor")
            if not anchor:
                base = slugify(child.value.get("question"))[:70] or "question"
                anchor, suffix = base, 2
                while anchor in seen:
                    anchor, suffix = f"{base}-{suffix}", suffix + 1
                child.value["anchor"] = anchor
            elif anchor in seen:
                errors[index] = StructBlockValidationError(
                    block_errors={
                        "anchor": ValidationError(
                            _("Another question on this page already uses the link name “%(anchor)s”."),
                            params={"anchor": anchor},
                        )
                    }
                )
            seen.add(anchor)
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=120, label=_("Title"), help_text=_("A few words, e.g. “If you are in danger”.")
    )
    text = blocks.RichTextBlock(
        features=ANSWER_FEATURES, label=_("Text"), help_text=_("One or two short paragraphs, shown in a box.")
    )

    class Meta:
        icon = "warning"
        label = _("Highlighted box")
        template = "blocks/callout_block.html"


class StandardBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=BODY_FEATURES,
        label=_("Text"),
        help_text=_("Paragraphs, headings, lists and links. Start headings at level 2."),
        template="blocks/paragraph_block.html",
    )
    callout = CalloutBlock()
    # Wagtail's own block: alt text required unless "Image is decorative" is ticked, and translated by
    # wagtail-localize with the rest of the page.
    image = ImageBlock(
        label=_("Picture"),
        help_text=_(
            "A photo or logo between paragraphs. Alt text: what the picture shows that matters here, in a short "
            "sentence (“The clinic's green front door, beside the pharmacy”), not “image of” or the file's name. "
            "Tick “Image is decorative” only if it adds nothing a reader needs."
        ),
        template="blocks/image_block.html",
        icon="image",
    )


class OpeningHoursValue(StructValue):
    @property
    def day_labels(self):
        chosen = set(self.get("days") or [])
        return [label for value, label in Weekday.choices if value in chosen]


class OpeningHoursBlock(blocks.StructBlock):
    days = blocks.MultipleChoiceBlock(
        choices=Weekday.choices,
        label=_("Days"),
        help_text=_("Tick every day these hours apply to."),
    )
    opens = blocks.TimeBlock(label=_("Opens"), help_text=_("Local time in Missouri."))
    closes = blocks.TimeBlock(
        label=_("Closes"), help_text=_("If it closes after midnight, give the time on the next morning.")
    )

    class Meta:
        icon = "time"
        label = _("Opening hours")
        template = "blocks/opening_hours_block.html"
        value_class = OpeningHoursValue

    def clean(self, value):
        value = super().clean(value)
        if value.get("opens") and value.get("opens") == value.get("closes"):
            raise StructBlockValidationError(
                block_errors={
                    "closes": ValidationError(
                        _("Opening and closing times are the same. For round-the-clock help tick “Open 24/7”.")
                    )
                }
            )
        return value


class OpeningHoursStreamBlock(blocks.StreamBlock):
    hours = OpeningHoursBlock()
