from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from wagtail.models import Locale

from coalition.caching.sites import absolute_url

from .models import UpdateIndexPage, UpdatePage


class Updates(NamedTuple):
    """What the feed is made from: the updates index in the URL's language (or None), and the feed's own
    addresses on the site's configured host."""

    index: UpdateIndexPage | None
    link: str
    feed_url: str


class UpdatesFeed(Feed):
    """The coalition's updates as an Atom feed, one per language (the URL's language).

    Every address in it is on the site's configured host (Site.root_url), as the page cache keeps one feed
    for every spelling of the Host (coalition/caching/sites.py): Django's would name the Host as sent.
    """

    feed_type = Atom1Feed

    def get_object(self, request):
        index = UpdateIndexPage.objects.visible().filter(locale=Locale.get_active()).first()
        link = absolute_url(request, index.get_url(request) if index else "/")
        return Updates(index, link, absolute_url(request, request.path))

    def title(self, updates):
        return updates.index.title if updates.index else _("Coalition updates")

    def link(self, updates):
        return updates.link

    def feed_url(self, updates):
        return updates.feed_url

    def subtitle(self, updates):
        return updates.index.introduction if updates.index else ""

    def items(self, updates):
        if updates.index is None:
            return UpdatePage.objects.none()
        return UpdatePage.objects.child_of(updates.index).newest()[:20]

    def item_title(self, update):
        return update.title

    def item_description(self, update):
        return update.summary

    def item_link(self, update):
        return update.full_url

    def item_pubdate(self, update):
        return update.first_published_at

    def item_updateddate(self, update):
        return update.last_published_at
