"""The sitemap: an index (/sitemap.xml) of sections (/sitemap-1.xml, ...), so that no request reads every
page of a large site.

Section n lists the live pages whose ids are in the nth run of SECTION_IDS ids, each page once, with the
addresses of its live translations as hreflang alternates. The number of sections comes from the largest
page id (one indexed lookup), and each section from two indexed queries, however many pages there are.
A run of ids with no live page in it (pages deleted or never published) is an empty section.
"""

from collections import defaultdict
from functools import cached_property
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from wagtail.models import Page

from coalition.caching.sites import root_url
from resources.serving import visible

# Page ids per section: with a translation for each page, about 100 pages in each language.
SECTION_IDS = 200


def listed_pages():
    """Every page the sitemap lists: live, not restricted, below the root."""
    return visible(Page.objects.all()).filter(depth__gt=1)


def section_count():
    """How many sections the sitemap has."""
    largest = Page.objects.aggregate(largest=Max("pk"))["largest"] or 0
    return max(1, -(-largest // SECTION_IDS))


class PageSitemap(Sitemap):
    """One section: its pages in id order, each with its translations as alternates (en, es, x-default)."""

    def __init__(self, request=None, section=1):
        self.request = request
        self.section = section

    @cached_property
    def pages(self):
        start = (self.section - 1) * SECTION_IDS
        return list(
            listed_pages().filter(pk__gt=start, pk__lte=start + SECTION_IDS).select_related("locale").order_by("pk")
        )

    def items(self):
        return self.pages

    @cached_property
    def translations(self):
        """{translation key: {language code: live page}} for this section's pages."""
        keys = {page.translation_key for page in self.pages}
        groups = defaultdict(dict)
        for page in listed_pages().filter(translation_key__in=keys).select_related("locale"):
            groups[page.translation_key][page.locale.language_code] = page
        return groups

    def location(self, page):
        return page.get_url(request=self.request)

    @cached_property
    def root(self):
        """The site's configured address (Site.root_url): Django's view would give the Host as sent."""
        return urlsplit(root_url(self.request))

    def get_protocol(self, protocol=None):
        return self.root.scheme

    def get_domain(self, site=None):
        return self.root.netloc

    def lastmod(self, page):
        return page.last_published_at

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's entries, with each page's translations as alternates, as Django's own i18n sitemaps
        give them (which would need every page of the group in the same section)."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        root = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            group = self.translations[url["item"].translation_key]
            url["alternates"] = [
                {"lang_code": code, "location": root + self.location(group[code])}
                for code, _name in settings.LANGUAGES
                if code in group
            ]
            if settings.LANGUAGE_CODE in group:
                default = group[settings.LANGUAGE_CODE]
                url["alternates"].append({"lang_code": "x-default", "location": root + self.location(default)})
        return urls
