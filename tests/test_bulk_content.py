"""More content for benchmarks (home/demo/bulk.py): published in English and Spanish as editors publish it."""

import html

import pytest

from wagtail.models import Locale

from home.demo.bulk import add_content, current_counts
from resources.models import FaqPage, ServiceIndexPage

pytestmark = pytest.mark.django_db


def test_add_content_publishes_that_many_pages_each_with_a_live_spanish_translation(demo_site):
    """3 services, 12 questions, 2 updates and 1 hotline more, all live in English and in Spanish."""
    before = current_counts()
    pages = add_content(services=3, questions=12, updates=2, hotlines=1, featured_services=1, featured_questions=2)
    after = current_counts()

    added = {kind: after[kind] - before[kind] for kind in ("services", "questions", "updates", "hotlines")}
    assert added == {"services": 3, "questions": 12, "updates": 2, "hotlines": 1}
    assert after["featured"]["services"] - before["featured"]["services"] == 1
    assert after["featured"]["questions"] - before["featured"]["questions"] == 2
    assert len(pages) == 3 + 3 + 2 + 1  # 12 questions on three FAQ pages: 5, 5 and 2
    spanish = Locale.objects.get(language_code="es")
    for page in pages:
        translation = page.get_translation(spanish).specific
        assert page.live and translation.live
        assert translation.title != page.title
    faq = next(page for page in pages if isinstance(page, FaqPage))
    spanish_faq = faq.get_translation(spanish).specific
    assert [q["question"][:1] for q in spanish_faq.questions] == ["¿"] * len(faq.questions)


def test_new_services_are_listed_in_the_directory_in_both_languages(client, demo_site):
    """The English directory lists the new services by their English titles, the Spanish one by their Spanish ones."""
    pages = add_content(services=3)
    spanish = Locale.objects.get(language_code="es")

    english_directory = html.unescape(client.get(ServiceIndexPage.objects.get(locale__language_code="en").url).text)
    spanish_directory = html.unescape(client.get(ServiceIndexPage.objects.get(locale=spanish).url).text)

    for page in pages:
        assert page.title in english_directory
        assert page.get_translation(spanish).title in spanish_directory
