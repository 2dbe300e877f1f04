from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from coalition.accounts import two_factor
from coalition.ops import health, uploads
from home import chrome, restrictions
from home import views as home_views
from resources.feeds import UpdatesFeed

urlpatterns = [
    # The second sign-in step, for every account that can sign in (members of restricted pages too, who have
    # no admin access), so it is not among Wagtail's admin addresses, which only admin users may open.
    path("admin/", include(two_factor.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view and pattern, with no caching of a document in a private collection.
    re_path(r"^documents/(\d+)/(.*)$", uploads.serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    # Of the uploads, only image renditions have an address of their own; never originals or documents.
    path(f"{settings.MEDIA_URL.lstrip('/')}images/<path:path>", uploads.serve_rendition, name="rendition"),
    # Open Referral HSDS 3.0: one address for every language (?lang=es), so other directories can import.
    path("hsds/", include("resources.hsds.urls")),
    path("sitemap.xml", home_views.sitemap_index, name="sitemap"),
    path("sitemap-<int:section>.xml", home_views.sitemap, name="sitemap_section"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    # For load balancers and monitors (coalition/ops/health.py): one address, whatever the language.
    path("healthz", health.healthz, name="healthz"),
]

# English lives at /, Spanish under /es/: the path alone picks the language.
urlpatterns += i18n_patterns(
    path(_("resource-card/"), home_views.resource_card, name="resource_card"),
    path(_("search/"), home_views.search, name="search"),
    path(_("updates/feed/"), UpdatesFeed(), name="updates_feed"),
    # Wagtail's names for where a restricted page's form posts and where a members' page sends readers;
    # before the page route, which would otherwise answer these addresses with a 404.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        restrictions.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("_util/login/", restrictions.members_only, name="wagtailcore_login"),
    # Wagtail's serve view, given the page found in a few queries (home/chrome.py); the same
    # pattern, so Wagtail's own pattern below still reverses page URLs and serves its utilities.
    re_path(wagtail_urls.serve_pattern, chrome.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
