"""A page's words as readers meet them, measured by coalition/editorial/readability.py, and the "Reading level"
report of the live pages above the site's target.

The text is what wagtail-localize translates (`get_translatable_fields`): the title, plain text fields, rich text
and StreamFields, in the order of the model's fields, so a new page type is measured without being listed here.
Language-neutral values (phone numbers, addresses, dates, web addresses) are synchronised, not translated, and
so left out. Inside a StreamField only text blocks count: a rich text block gives each paragraph, list item
and heading as a piece of its own; link names, dates, choices and web addresses are not text blocks.

The report is for everyone who may edit pages (editors, moderators, translators), and lists the pages each may
edit: a translator sees the Spanish pages. It measures the published text of every live page on each request:
for the demo site's 70 pages, about 0.15 s and 21 queries (bench/readability.py), plus one or two seconds the
first time a process measures English (coalition/editorial/readability.py).
"""

import html
import math
import re

from django.conf import settings
from django.db import models
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import blocks
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import PageReportView
from wagtail.blocks.struct_block import StructValue
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.permissions import policy_registry
from wagtail_localize.fields import TranslatableField, get_translatable_fields

from coalition.editorial.readability import is_measured, measure
from coalition.languages import language_name

# Translated, yet not the page's prose: its web address, copies of the summary for search engines, and a
# picture's alt text (heard in place of the picture, and written as a description).
SKIPPED_FIELDS = {"slug", "seo_title", "search_description", "image_alt_text"}
# Blocks that name a published source: a citation's title is not ours to shorten.
SKIPPED_BLOCKS = {"sources", "source"}

# Where one piece of rich text ends and another begins: paragraphs, headings, list items, line breaks.
RICH_TEXT_BREAK = re.compile(r"<(?:/?(?:p|h[1-6]|li|ul|ol|blockquote)\b[^>]*|br\s*/?)>", re.IGNORECASE)


def rich_text_pieces(source):
    """The paragraphs, headings and list items of rich text (as stored), as plain text."""
    for chunk in RICH_TEXT_BREAK.split(source or ""):
        text = html.unescape(strip_tags(chunk)).strip()
        if text:
            yield text


def block_pieces(block, value):
    """The text in a StreamField block's value, in reading order."""
    if isinstance(block, blocks.RichTextBlock):
        yield from rich_text_pieces(value.source if value else "")
    elif isinstance(block, blocks.CharBlock | blocks.TextBlock):
        if value:
            yield value
    elif isinstance(block, blocks.StreamBlock):
        for child in value or []:
            yield from block_pieces(child.block, child.value)
    elif isinstance(block, blocks.ListBlock):
        for item in value or []:
            yield from block_pieces(block.child_block, item)
    elif isinstance(block, blocks.StructBlock) and isinstance(value, StructValue):
        # Wagtail's ImageBlock is a StructBlock whose value is the image: its alt text is skipped like a
        # page's (SKIPPED_FIELDS).
        for name, child in block.child_blocks.items():
            if name not in SKIPPED_BLOCKS:
                yield from block_pieces(child, value.get(name))


def page_pieces(page):
    """The pieces of text a reader meets on `page` (a specific page), in the order of its fields."""
    model = type(page)
    for translatable in get_translatable_fields(model):
        if not isinstance(translatable, TranslatableField) or translatable.field_name in SKIPPED_FIELDS:
            continue
        field = translatable.get_field(model)
        value = translatable.get_value(page)
        if isinstance(field, StreamField):
            yield from block_pieces(field.stream_block, value)
        elif isinstance(field, RichTextField):
            yield from rich_text_pieces(value)
        elif isinstance(field, models.TextField | models.CharField) and value:
            yield value


def page_reading(page, language_code=None):
    """The figures for a specific page, in its locale's language unless told; None for a language not measured."""
    return measure(page_pieces(page), language_code or page.locale.language_code)


def saved_version(page):
    """`page` as last saved: its latest revision, a draft included; the editor's form may hold unsaved changes."""
    return Page.objects.get(pk=page.pk).get_latest_revision_as_object()


def live_readings(pages):
    """The live pages of `pages` in a language with a measure, hardest first, each with its figures as `reading`.

    The pages are loaded whole, one query per page type (`specific()`): their StreamFields are what is measured.
    """
    languages = {locale.pk: locale.language_code for locale in Locale.objects.all()}
    measured = []
    for page in pages.live().filter(depth__gt=1).specific():
        language_code = languages[page.locale_id]
        if is_measured(language_code):
            page.reading = page_reading(page, language_code)
            measured.append(page)
    return sorted(measured, key=lambda page: -math.inf if page.reading.too_short else page.reading.grade, reverse=True)


def page_policy():
    return policy_registry.get_by_type(Page)


def may_see_reading_level(user):
    """Whether `user` may edit any page: editors, moderators and translators (the report's menu item)."""
    return user.has_perm("wagtailadmin.access_admin") and page_policy().user_has_permission(user, "change")


def above_target(user):
    """The live pages `user` may edit that read above the site's target, hardest first."""
    pages = page_policy().instances_user_has_permission_for(user, "change")
    return [page for page in live_readings(pages) if page.reading.above_target]


def ease_text(page):
    reading = page.reading
    return "" if reading.ease is None else f"{floatformat(reading.ease, 0)} ({reading.ease_label})"


class ReadingLevelPaginator(WagtailPaginator):
    """Counts the report's rows as what they are: pages above the target."""

    @cached_property
    def items_count_label(self):
        return ngettext("%(count)s page above the target", "%(count)s pages above the target", self.count) % {
            "count": self.count
        }


class ReadingLevelView(PageReportView):
    page_title = _("Reading level")
    header_icon = "glasses"
    index_url_name = "reading_level:report"
    # Wagtail's plain report results render the `columns` below as a table.
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    permission_required = "change"
    paginate_by = 100
    paginator_class = ReadingLevelPaginator
    list_export = []

    columns = [
        TitleColumn(
            "title",
            label=_("Title"),
            accessor="get_admin_display_title",
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ),
        Column("language", label=_("Language"), accessor=lambda page: capfirst(language_name(page.reading.language))),
        Column("grade", label=_("Reading grade"), accessor=lambda page: floatformat(page.reading.grade, 1)),
        Column("ease", label=_("Reading ease"), accessor=ease_text),
        Column("words", label=_("Words"), accessor=lambda page: page.reading.words),
        Column(
            "longest",
            label=_("Longest sentence"),
            accessor=lambda page: (
                ngettext("%(count)s word", "%(count)s words", page.reading.longest_sentence)
                % {"count": page.reading.longest_sentence}
            ),
        ),
    ]

    def get_queryset(self):
        # A list, not a queryset: the figures are worked out in Python, and the rows are sorted by them.
        return above_target(self.request.user)

    @property
    def no_results_message(self):
        return _(
            "All pages are within the target: every live page you may edit reads at grade %(target)s or below."
        ) % {"target": floatformat(settings.READABILITY_TARGET_GRADE)}
