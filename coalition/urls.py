from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Open Referral HSDS 3.0: one address for every language (?lang=es), so other directories can import.
    path("hsds/", include("resources.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# English lives at /, Spanish under /es/: the path alone picks the language.
urlpatterns += i18n_patterns(
    path(_("resource-card/"), home_views.resource_card, name="resource_card"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
