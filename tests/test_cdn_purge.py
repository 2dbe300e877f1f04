"""With a CDN in front, pages may be kept there as long as in the page cache, and every change a reader
could notice tells the CDN which addresses to drop (coalition/caching/purge.py)."""

import json
import subprocess
import sys

import pytest

from django.test import override_settings

from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Locale, Page

from home.models import SiteSettings
from resources.models import FaqPage, ServicePage, StandardPage
from tests.servers import REPO, production_env


def english(model, **filters):
    return model.objects.live().filter(locale__language_code="en", **filters).order_by("path").first()


class RecordingBackend(BaseBackend):
    """A CDN purge backend that remembers what it was asked to purge."""

    purged = []

    def purge(self, url):
        RecordingBackend.purged.append(url)


PURGE_SETTINGS = {"test": {"BACKEND": "tests.test_cdn_purge.RecordingBackend"}}


@override_settings(WAGTAILFRONTENDCACHE=PURGE_SETTINGS)
def test_with_a_cdn_purge_configured_the_cdn_may_keep_pages_as_long_as_the_cache(client, demo_site):
    """With a purge backend, pages say the CDN may keep them for the page cache's lifetime (s-maxage)."""
    for outcome in ("miss", "hit"):
        response = client.get("/")
        assert response["X-Cache"] == outcome
        directives = dict(
            part.strip().partition("=")[::2] for part in response["Cache-Control"].split(",") if "=" in part
        )
        assert response["Cache-Control"].startswith("public")
        assert directives["max-age"] == "60"
        assert 590 <= int(directives["s-maxage"]) <= 600


@override_settings(WAGTAILFRONTENDCACHE=PURGE_SETTINGS)
def test_publishing_purges_the_page_its_translations_and_listings_from_the_cdn_after_commit(
    demo_site, django_capture_on_commit_callbacks
):
    """The CDN is told to drop the page in both languages, its index, both home pages and the listings."""
    service = english(ServicePage, featured=True)
    spanish = service.get_translation(Locale.objects.get(language_code="es"))
    RecordingBackend.purged.clear()
    with django_capture_on_commit_callbacks() as after_commit:
        service.save_revision().publish()
    assert f"http://localhost{spanish.url}" not in RecordingBackend.purged
    for callback in after_commit:
        callback()
    for url in [
        service.url,
        spanish.url,
        service.get_parent().url,
        spanish.get_parent().url,
        "/",
        "/es/",
        "/sitemap.xml",
        "/sitemap-1.xml",
        "/updates/feed/",
        "/es/novedades/feed/",
        "/hsds/services",
        "/hsds/services?lang=es",
    ]:
        assert f"http://localhost{url}" in RecordingBackend.purged, url


@override_settings(WAGTAILFRONTENDCACHE=PURGE_SETTINGS)
def test_a_move_purges_the_old_and_the_new_address(demo_site, django_capture_on_commit_callbacks):
    """Moving a page purges the address it had and the one it has now."""
    safety = english(StandardPage, slug="stay-safe-online")
    about = english(StandardPage, slug="about")
    RecordingBackend.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        safety.move(about, pos="last-child")
    assert "http://localhost/stay-safe-online/" in RecordingBackend.purged
    assert "http://localhost/about/stay-safe-online/" in RecordingBackend.purged


@override_settings(WAGTAILFRONTENDCACHE=PURGE_SETTINGS)
def test_a_deletion_purges_its_address_and_a_site_wide_change_every_page(
    demo_site, django_capture_on_commit_callbacks
):
    """Deleting a page purges its address; a new emergency number, shown on every page, purges them all."""
    faq = english(FaqPage)
    address = f"http://localhost{faq.url}"
    RecordingBackend.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        faq.delete()
    assert address in RecordingBackend.purged

    RecordingBackend.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        settings = SiteSettings.objects.get()
        settings.emergency_number = "112"
        settings.save()
    every_page = {f"http://localhost{page.url}" for page in Page.objects.live().filter(depth__gt=1)}
    assert len(every_page) > 50
    assert every_page <= set(RecordingBackend.purged)


@pytest.mark.parametrize(
    "environment, expected",
    [
        ({}, {}),
        ({"FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081"}, {"http": "HTTPBackend"}),
        ({"CLOUDFLARE_API_TOKEN": "token", "CLOUDFLARE_ZONE_ID": "zone"}, {"cloudflare": "CloudflareBackend"}),
        ({"CLOUDFRONT_DISTRIBUTION_ID": "E2EXAMPLE"}, {"cloudfront": "CloudfrontBackend"}),
    ],
)
def test_cdn_purge_is_off_unless_configured(environment, expected):
    """Production settings configure a purge backend only for the CDN whose environment variables are set."""
    script = (
        "import json, django; django.setup(); from django.conf import settings;"
        "print(json.dumps({name: backend['BACKEND'].rpartition('.')[2]"
        " for name, backend in settings.WAGTAILFRONTENDCACHE.items()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=production_env(**environment), capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected
