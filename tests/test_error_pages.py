"""Error pages a reader may meet still show the emergency numbers, in the reader's language."""

import pytest

from django.test import RequestFactory
from django.utils import translation

from home.views import server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [("/no-such-page/", "en", "Page not found"), ("/es/no-existe/", "es", "Página no encontrada")],
)
def test_missing_page_shows_help_lines(client, demo_site, path, lang, heading):
    """A 404 says the page is missing, in the reader's language, and offers 911 and the hotline."""
    response = client.get(path)
    assert response.status_code == 404
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert heading in body
    assert 'href="tel:911"' in body
    assert 'href="tel:+18883737888"' in body


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "Sorry, something went wrong"), ("es", "Lo sentimos, algo salió mal")]
)
def test_server_error_page_needs_no_database(django_assert_num_queries, lang, heading):
    """The 500 page is built without a single query and still gives the numbers to call and text."""
    request = RequestFactory().get("/")
    with translation.override(lang), django_assert_num_queries(0):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{lang}">' in body
    assert heading in body
    assert 'href="tel:911"' in body
    assert 'href="tel:+18883737888"' in body
    assert 'href="sms:233733"' in body


def test_resource_card_lists_every_hotline_in_spanish(client, demo_site):
    """The printable card in Spanish lists each hotline by its Spanish name with its number."""
    from resources.models import HotlinePage

    body = client.get("/es/tarjeta-de-recursos/").content.decode()
    for hotline in HotlinePage.objects.filter(locale__language_code="es"):
        assert hotline.title in body
    assert "Tarjeta de recursos" in body
    assert 'href="tel:911"' in body


def test_a_long_list_of_hotlines_ends_the_card_with_where_to_find_the_rest(client, demo_site):
    """A card, not a directory: with more hotlines than fit, it shows the first twelve, emergency lines
    first, and the address of the hotline list; with fewer, every one and no such line."""
    from home.demo.bulk import add_content
    from home.views import CARD_HOTLINES
    from resources.models import HotlineIndexPage, HotlinePage

    body = client.get("/resource-card/").content.decode()
    assert body.count('<li class="hotline') == HotlinePage.objects.filter(locale__language_code="en").count()
    assert "More hotlines" not in body

    add_content(hotlines=CARD_HOTLINES)
    for path, language, words in [
        ("/resource-card/", "en", "More hotlines"),
        ("/es/tarjeta-de-recursos/", "es", "Más líneas"),
    ]:
        body = client.get(path).content.decode()
        assert body.count('<li class="hotline') == CARD_HOTLINES
        assert 'href="tel:911"' in body
        index = HotlineIndexPage.objects.get(locale__language_code=language)
        assert f'{words}: <a href="http://localhost{index.url}">' in body
