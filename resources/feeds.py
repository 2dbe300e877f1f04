from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from wagtail.models import Locale

from .models import UpdateIndexPage, UpdatePage


class UpdatesFeed(Feed):
    """The coalition's updates as an Atom feed, one per language (the URL's language)."""

    feed_type = Atom1Feed

    def get_object(self, request):
        return UpdateIndexPage.objects.visible().filter(locale=Locale.get_active()).first()

    def title(self, index):
        return index.title if index else _("Coalition updates")

    def link(self, index):
        return index.url if index else "/"

    def subtitle(self, index):
        return index.introduction if index else ""

    def items(self, index):
        if index is None:
            return UpdatePage.objects.none()
        return UpdatePage.objects.child_of(index).newest()[:20]

    def item_title(self, update):
        return update.title

    def item_description(self, update):
        return update.summary

    def item_link(self, update):
        return update.url

    def item_pubdate(self, update):
        return update.first_published_at

    def item_updateddate(self, update):
        return update.last_published_at
