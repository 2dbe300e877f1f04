"""The seed becomes the demo site, in English and in Spanish, as `make run` shows it."""

import html
import json
import re

import polib
import pytest

from django.conf import settings
from django.contrib.auth import get_user_model

from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from home.demo import PO_DIR, load_demo_content
from resources.models import FaqPage, HotlinePage, ServicePage
from tests.utils import log_in, seed_questions

pytestmark = pytest.mark.django_db


def text_of(response):
    return html.unescape(response.content.decode())


def live_pages(language):
    return Page.objects.live().filter(depth__gt=1, locale__language_code=language).specific()


def first_revision(page):
    return page.revisions.order_by("created_at", "pk").first().as_object()


def test_every_seed_question_and_paragraph_is_kept_in_the_first_revision(demo_site):
    """All 13 questions, and every answer paragraph word for word, are each FAQ page's first revision.

    The live answers are corrected where the seed is wrong (tests/test_facts.py); the coalition's own
    words stay in the page's history, where an editor can compare them."""
    first = "".join(
        html.unescape(json.dumps(list(first_revision(page).body.raw_data), ensure_ascii=False))
        for page in FaqPage.objects.filter(locale__language_code="en")
    )
    questions = seed_questions()
    assert len(questions) == 13
    for question, paragraphs in questions:
        assert question in first
        for paragraph in paragraphs:
            assert paragraph in first


def test_every_seed_question_is_on_the_english_site(client, demo_site):
    """Every question is live, and every paragraph the facts did not correct is live word for word."""
    from home.demo.content import FAQ_CORRECTIONS

    pages = "".join(text_of(client.get(page.url)) for page in FaqPage.objects.filter(locale__language_code="en"))
    for question, paragraphs in seed_questions():
        assert question in pages
        if question not in FAQ_CORRECTIONS:
            for paragraph in paragraphs:
                assert paragraph in pages


def test_every_seed_question_has_a_spanish_version(client, demo_site):
    """Each question is on a Spanish FAQ page in Spanish, with its whole live answer translated."""
    from home.demo.content import FAQ_CORRECTIONS

    catalogue = {entry.msgid: entry.msgstr for entry in polib.pofile(str(PO_DIR / "faq_es.po"))}
    pages = "".join(text_of(client.get(page.url)) for page in FaqPage.objects.filter(locale__language_code="es"))
    for question, paragraphs in seed_questions():
        assert catalogue[question] != question
        assert catalogue[question] in pages
        for paragraph in FAQ_CORRECTIONS.get(question, {}).get("answer", paragraphs):
            assert catalogue[paragraph] in pages
        assert question not in pages


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_demo_page_renders_in_both_languages(client, demo_site, language):
    """Every live page answers 200 with the page's own language on <html>, and sets no cookie."""
    pages = list(live_pages(language))
    assert len(pages) >= 35
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert f'<html lang="{language}">' in response.content.decode(), page.url
        assert response.cookies == {}, page.url


def test_english_and_spanish_sites_have_the_same_pages(demo_site):
    """Every English page has a live Spanish translation, with a Spanish slug where the slug has words."""
    english = list(live_pages("en"))
    for page in english:
        spanish = page.get_translation(page.get_translations().get(locale__language_code="es").locale)
        assert spanish.live, page.url
        if not page.slug.isdigit() and page.slug not in {"crimestoppers"}:
            assert spanish.slug != page.slug, page.url
    assert live_pages("es").count() == len(english)


def test_nothing_is_left_untranslated(demo_site):
    """Every string of every Spanish page and of the site text has a Spanish translation."""
    assert demo_site.untranslated == []
    incomplete = []
    for translation in Translation.objects.filter(target_locale__language_code="es"):
        total, done = translation.get_progress()
        if total != done:
            incomplete.append((str(translation.source), total - done))
    assert incomplete == []


def test_spanish_pages_open_in_the_localize_editor(client, demo_site):
    """An editor opening a Spanish page in the admin gets wagtail-localize's editor with the Spanish strings in it."""
    log_in(client, get_user_model().objects.create_superuser("admin", "", "pw"))
    english = FaqPage.objects.get(slug="getting-help", locale__language_code="en")
    spanish = english.get_translation(english.get_translations().get().locale)
    response = client.get(f"/admin/pages/{spanish.pk}/edit/")
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [template.name for template in response.templates]
    props = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode()).group(1)
    strings = json.dumps(json.loads(html.unescape(props)), ensure_ascii=False)
    assert spanish.questions[0]["question"] in strings


def test_loading_twice_adds_no_revisions(demo_site):
    """A second run of the loader saves nothing: no page, no revision, no translation changes."""
    revisions = Revision.objects.count()
    pages = Page.objects.count()
    report = load_demo_content()
    assert not report.changed
    assert (Revision.objects.count(), Page.objects.count()) == (revisions, pages)


def hotline(slug):
    return HotlinePage.objects.get(slug=slug, locale__language_code="en")


def test_every_number_in_the_seed_has_a_hotline_page(demo_site):
    """911, the national hotline and its text line, the police line and CrimeStoppers all have pages."""
    numbers = {page.phone for page in HotlinePage.objects.filter(locale__language_code="en")}
    texts = {page.text_number for page in HotlinePage.objects.filter(locale__language_code="en")}
    seed = "".join(line for pair in seed_questions() for line in [pair[0], *pair[1]])
    for written in re.findall(r"\d{3}-\d{3}-\d{4}|1-\d{3}-\d{3}-\d{4}|\d{3}-\d{3}-[A-Z]{4}", seed):
        from resources.phone import normalise

        assert normalise(written) in numbers, written
    assert "911" in numbers
    assert "233733" in texts


def test_national_hotline_follows_the_checked_facts(demo_site):
    """The seed's “Missouri Safe House hotline” is the national line, as FACTS.md says, and stays unverified."""
    page = hotline("national-human-trafficking-hotline")
    assert page.title == "National Human Trafficking Hotline"
    assert (page.phone, page.text_number, page.tty) == ("+18883737888", "233733", "711")
    assert page.open_24_7
    assert {language.code for language in page.languages.all()} == {"en", "es"}
    assert page.last_verified is None
    assert "Polaris" not in page.summary


def test_crimestoppers_keeps_its_letters_beside_the_digits(client, demo_site):
    """866-371-TIPS is shown beside the number it spells, and the link dials the digits."""
    page = hotline("crimestoppers")
    assert page.phone == "+18663718477"
    body = client.get(page.url).content.decode()
    assert "866-371-TIPS" in body
    assert 'href="tel:+18663718477"' in body


def test_spanish_hotline_has_the_same_number(demo_site):
    """A hotline's numbers are the same in Spanish: they are synchronised, never translated."""
    english = hotline("national-human-trafficking-hotline")
    spanish = english.get_translation(english.get_translations().get().locale)
    assert (spanish.phone, spanish.text_number, spanish.tty) == (english.phone, english.text_number, english.tty)
    assert spanish.title != english.title


def test_services_follow_the_checked_facts(demo_site):
    """MOCSA is listed as serving Kansas City and The Covering House as a referral home for girls 12 to 18."""
    mocsa = ServicePage.objects.get(slug="mocsa-legal-advocates", locale__language_code="en")
    assert "Kansas City" in mocsa.eligibility
    assert mocsa.last_verified is None
    covering = ServicePage.objects.get(slug="covering-house-residential-programme", locale__language_code="en")
    assert "12 to 18" in covering.eligibility
    assert "referral" in covering.how_to_access
    assert not covering.street_address


def test_each_organisation_in_the_seed_has_a_service(demo_site):
    """Every organisation or programme the seed names has a service page."""
    providers = set(ServicePage.objects.filter(locale__language_code="en").values_list("provider__name", flat=True))
    for name in [
        "St. Charles County Health Department",
        "Bridgeway Behavioral Health",
        "The Covering House",
        "MOCSA",
        "Workforce Solutions",
        "Wentzville Human Trafficking Task Force",
        "Wentzville School District",
        "Wentzville Community Club",
        "Neighbors United",
        "Heartland Church",
        "Wentzville Ministerial Alliance",
        "Crossroads Community Church",
        "St. Charles Community College",
        "Wentzville Police Department",
    ]:
        assert name in providers


def visible_text(response):
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r'<nav class="language-switcher".*?</nav>', " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_spanish_pages_show_no_english_interface_strings(client, demo_site):
    """No button, label or heading from the templates stays in English on a Spanish page."""
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/es/LC_MESSAGES/django.po"))
    template_strings = [
        entry.msgid
        for entry in catalogue
        if any(path.startswith("templates/") for path, _line in entry.occurrences)
        and "%(" not in entry.msgid
        and entry.msgid != entry.msgstr
    ]
    assert "Skip to main content" in template_strings
    leaks = {}
    for page in live_pages("es"):
        text = visible_text(client.get(page.url))
        found = [msgid for msgid in template_strings if re.search(rf"(?<!\w){re.escape(msgid)}(?!\w)", text)]
        if found:
            leaks[page.url] = found
    assert leaks == {}
