"""What empties the page cache is read from Wagtail's registries, so no model that pages show can be forgotten
(coalition/caching/invalidation.py)."""

import pytest

from taggit.models import Tag
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import CollectionViewRestriction, Locale, PageViewRestriction, Site
from wagtail.snippets.models import get_snippet_models

from coalition.caching.invalidation import site_wide_models
from home.models import AlertBanner, SiteSettings, SiteText
from resources.models import Language, Organisation, ServiceCategory


def cached(client, path="/"):
    client.get(path)
    response = client.get(path)
    assert response["X-Cache"] == "hit"


@pytest.fixture
def tag_registered_as_snippet():
    """Tag registered the way wagtail_hooks.py's register_snippet() adds to the registry, taken away after."""
    snippets = get_snippet_models()
    snippets.append(Tag)
    yield Tag
    snippets.remove(Tag)


def test_every_model_pages_show_is_found_in_the_registries():
    """Every snippet and setting, what page types point at, sites, locales, restrictions, images, documents."""
    found = site_wide_models()
    for model in (SiteSettings, SiteText, AlertBanner, Organisation, Language, ServiceCategory):
        assert model in found, model
    for model in (Site, Locale, PageViewRestriction, CollectionViewRestriction):
        assert model in found, model
    assert set(get_snippet_models()) | set(settings_registry) <= found


def test_saving_a_snippet_registered_later_empties_the_page_cache(client, demo_site, tag_registered_as_snippet):
    """A snippet model added to the site after start-up needs no list kept by hand: saving one renders pages afresh."""
    cached(client)
    Tag.objects.create(name="night outreach", slug="night-outreach")
    assert client.get("/")["X-Cache"] == "miss"


def test_a_model_pages_do_not_show_leaves_the_page_cache_alone(client, demo_site):
    """The same save, when Tag is not a snippet: the page stays cached, so the test above can fail."""
    cached(client)
    Tag.objects.create(name="night outreach", slug="night-outreach")
    assert client.get("/")["X-Cache"] == "hit"


def test_renaming_an_organisation_shows_on_cached_pages(client, demo_site):
    """An organisation (a snippet a service points at) renamed shows at once on its service's cached page."""
    organisation = Organisation.objects.filter(services__live=True).order_by("name").first()
    service = organisation.services.filter(live=True, locale__language_code="en").first()
    cached(client, service.url)
    organisation.name = "Renamed Clinic of Wentzville"
    organisation.save()
    assert "Renamed Clinic of Wentzville" in client.get(service.url).content.decode()
