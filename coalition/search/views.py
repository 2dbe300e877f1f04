"""The site search: pages in the reader's language that match the words."""

import re
import unicodedata
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from .summary import summary_expression

SEARCH_MAX_LENGTH = 100
RESULTS_PER_PAGE = 10


def clean_query(raw):
    """The search as typed (control characters removed, cut to a length a search engine handles),
    and the words to look for: letters and digits only, lower case, so no character can be read as
    search-engine syntax."""
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw)
    text = " ".join(text.split())
    shortened = len(text) > SEARCH_MAX_LENGTH
    text = text[:SEARCH_MAX_LENGTH]
    words = " ".join(word.lower() for word in re.findall(r"[^\W_]+", text))
    return text, words, shortened


def search(request, locale_id=None):
    """Pages in `locale_id` (by default the active language's) that match the words. The words are never
    stored or logged."""
    query, words, shortened = clean_query(request.GET.get("q", ""))
    results_page = None
    if words:
        if locale_id is None:
            locale_id = Locale.get_active().pk
        # The search backend takes plain field filters only, hence .public() (one query) here.
        pages = Page.objects.live().public().filter(locale_id=locale_id).exclude(depth__lte=1)
        paginator = Paginator(pages.search(words, operator="and"), RESULTS_PER_PAGE)
        results_page = paginator.get_page(request.GET.get("page"))
        # The summaries of this result page only, in one query whatever the page types.
        found = (
            Page.objects.filter(pk__in=[page.pk for page in results_page])
            .annotate(summary=summary_expression())
            .in_bulk()
        )
        results_page.object_list = [found[page.pk] for page in results_page if page.pk in found]
    notice = (
        _("Your search was shortened to %(count)s characters.") % {"count": SEARCH_MAX_LENGTH} if shortened else ""
    )
    context = {"query": query, "results": results_page, "notice": notice, "query_string": urlencode({"q": query})}
    return render(request, "search/search.html", context)
