from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import chrome, guide
from .alerts import seconds_until_alert_changes
from .models import AlertBanner
from .sitemaps import section_count


@hooks.register("page_cache_max_age")
def until_an_alert_banner_changes(request, generation):
    """No page is kept past the moment an alert banner starts or ends (coalition/caching/)."""
    return seconds_until_alert_changes(request, generation)


@hooks.register("page_cache_sites")
def sites_as_the_chrome_reads_them(request, generation):
    """Every Site, for the page cache to find the request's site (coalition/caching/sites.py): the rows the chrome
    reads for the page anyway, so a page rendered cold needs no query more."""
    return chrome.sites_for_page_cache(request, generation)


@hooks.register("page_cache_listing_urls")
def sitemap_urls(site):
    """The sitemap index and each section, for the CDN purge (coalition/caching/purge.py)."""
    root = site.root_url
    return [root + reverse("sitemap")] + [
        root + reverse("sitemap_section", args=[number]) for number in range(1, section_count() + 1)
    ]


@hooks.register("register_admin_urls")
def register_editors_guide_urls():
    return [
        path("guide/", guide.EditorsGuideView.as_view(), name="editors_guide"),
        path("guide/images/<str:name>", guide.guide_image, name="editors_guide_image"),
    ]


@hooks.register("register_help_menu_item")
def register_editors_guide_menu_item():
    return MenuItem(_("Coalition editors' guide"), reverse("editors_guide"), name="coalition-guide", icon_name="help")


@hooks.register("construct_help_menu")
def leave_out_wagtails_own_guides(request, menu_items):
    """Wagtail's "Editor Guide" and "What's new in Wagtail" describe Wagtail in general, on another host: the
    coalition's guide above describes this site."""
    menu_items[:] = [
        item for item in menu_items if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]


class AlertBannerViewSet(SnippetViewSet):
    """The list of notices says when each runs, in Missouri time, and whether readers see it now."""

    model = AlertBanner
    list_display = [
        "message",
        "starts_at",
        "ends_at",
        Column("status", label=_("Readers see it"), accessor="status"),
    ]
    ordering = ["-starts_at"]


register_snippet(AlertBannerViewSet)
