from collections import defaultdict
from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.utils import translation

from wagtail.models import Page

from resources.serving import unrestricted


class PageSitemap(Sitemap):
    """Every live page once per language, each with its hreflang alternates, from one query."""

    i18n = True
    alternates = True
    x_default = True

    def __init__(self, request=None):
        self.request = request

    @cached_property
    def translations(self):
        groups = defaultdict(dict)
        pages = (
            Page.objects.live().filter(unrestricted()).filter(depth__gt=1).select_related("locale").order_by("path")
        )
        for page in pages:
            groups[page.translation_key][page.locale.language_code] = page
        return groups

    def items(self):
        return list(self.translations)

    def get_languages_for_item(self, item):
        return [code for code in self._languages() if code in self.translations[item]]

    def location(self, item):
        return self.translations[item][translation.get_language()].get_url(request=self.request)

    def lastmod(self, item):
        # Django calls lastmod without the entry's language; a page may be live in one language only.
        return max(
            (page.last_published_at for page in self.translations[item].values() if page.last_published_at),
            default=None,
        )
