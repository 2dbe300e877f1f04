"""What readers are told is true and says where it comes from, in both languages (#17).

The seed's wrong facts (see tests/fixtures/seed and docs/editorial.md) are corrected in the live answers,
each with a dated correction note naming its source; the seed's words stay in each page's first revision
(tests/test_demo_content.py)."""

import html
import re

import pytest

from django.core.exceptions import ValidationError

from wagtail.models import Locale, Page

from home.demo import content
from resources.blocks import FaqBodyBlock
from resources.models import FaqPage, HotlinePage, ServicePage

pytestmark = pytest.mark.django_db

# What the seed said wrongly, in either language. None of it may reach a reader except inside a correction note.
WRONG_CLAIMS = {
    "the Missouri Safe House name for the national hotline": r"Safe House",
    "a Polaris-run local hotline": r"Polaris",
    "the definitions section as the offence": r"567\.010",
    "a class A misdemeanor": r"(?i)\bclass A\b|\bclase A\b",
    "a year in jail and a $2,000 fine": r"\$2,000|\b1 (?:year|año)\b",
    "felonies with mandatory minimums": r"(?i)mandatory minimum|mínimas obligatorias",
    "a 24-month programme near Wentzville": r"(?i)24[- ]month|24 meses",
    "unsourced statistics": r"\b(?:38|62|74|22|9) ?%",
    "The Covering House for adults, with GED and job training": r"(?i)GED assistance|ayuda para obtener el GED",
}


def reader_html(response):
    """The page as a reader's browser gets it, less the correction notes (which may quote what was wrong)."""
    body = response.content.decode()
    return html.unescape(re.sub(r'<p class="correction">.*?</p>', " ", body, flags=re.S))


def card(body, url):
    """A card on a list page: from its link to the end of its list of facts."""
    start = body.index(f'<a href="{url}">')
    return body[start : body.index("</ul>", start)]


def live(language):
    return Page.objects.live().filter(depth__gt=1, locale__language_code=language).specific()


def spanish(page):
    return page.get_translation(Locale.objects.get(language_code="es"))


def faq(slug, language="en"):
    english = FaqPage.objects.get(slug=slug, locale__language_code="en")
    return english if language == "en" else spanish(english)


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_page_tells_a_reader_a_wrong_fact(client, demo_site, language):
    """Every live page, the home page's featured answers among them, is free of the seed's wrong claims."""
    found = []
    for page in live(language):
        text = reader_html(client.get(page.url))
        found += [(page.url, claim) for claim, pattern in WRONG_CLAIMS.items() if re.search(pattern, text)]
    assert found == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_mocsa_is_always_named_with_kansas_city(client, demo_site, language):
    """Wherever a reader meets MOCSA, its page or its card says it serves Kansas City, not St. Charles County."""
    mocsa = ServicePage.objects.get(slug="mocsa-legal-advocates", locale__language_code="en").get_translation(
        Locale.objects.get(language_code=language)
    )
    for page in live(language):
        text = reader_html(client.get(page.url))
        if "MOCSA" in text:
            assert "Kansas City" in text, page.url
    assert "Kansas City" in card(reader_html(client.get(mocsa.get_parent().url)), mocsa.url)


@pytest.mark.parametrize(
    "language, under_18",
    [("en", "Anyone under 18 is treated as a victim of abuse"), ("es", "Toda persona menor de 18 años es tratada")],
)
def test_the_law_answer_says_what_the_statute_says(client, demo_site, language, under_18):
    """The law page cites section 567.020, a class B misdemeanor, and tells young readers they are victims."""
    text = reader_html(client.get(faq("law-and-police", language).url))
    assert "567.020" in text
    assert re.search(r"class B misdemeanor|delito menor de clase B", text)
    assert under_18 in text


@pytest.mark.parametrize(
    "language, label, source",
    [
        ("en", "Corrected on Dec. 1, 2026:", "Source:"),
        ("es", "Corregido el 1 de diciembre de 2026:", "Fuente:"),
    ],
)
def test_corrections_are_shown_dated_and_sourced_under_the_answer(client, demo_site, language, label, source):
    """Each corrected answer has its notes under it: the date, what changed, and a link to the source."""
    body = client.get(faq("law-and-police", language).url).content.decode()
    notes = re.findall(r'<p class="correction">(.*?)</p>', body, flags=re.S)
    assert len(notes) == 2
    for note in notes:
        assert label in html.unescape(note)
        assert source in note
        assert 'href="https://revisor.mo.gov/' in note
    # The old, wrong figure is named only there.
    assert "567.010" in notes[0]


def test_every_correction_note_is_translated(demo_site):
    """Every correction and source on an English questions page has its own Spanish words on the Spanish page."""
    corrected = 0
    for english in FaqPage.objects.live().filter(locale__language_code="en"):
        translated = {child.id: child.value for child in spanish(english).body}
        for child in english.body:
            theirs = translated[child.id]
            assert len(theirs["corrections"]) == len(child.value["corrections"])
            for ours, their in zip(child.value["corrections"], theirs["corrections"], strict=True):
                assert their["note"] and their["note"] != ours["note"]
                assert their["date"] == ours["date"]
                corrected += 1
            for ours, their in zip(child.value["sources"], theirs["sources"], strict=True):
                assert their["url"] == ours["url"]
    assert corrected == sum(len(item["corrections"]) for item in content.FAQ_CORRECTIONS.values())


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_figure_has_a_source_or_says_it_has_none(client, demo_site, language):
    """Under each live answer, the "no published source" notice shows exactly when it gives a figure and names no
    source (in the demo, none does: its unsourced figures were taken out)."""
    questions = 0
    for page in FaqPage.objects.live().filter(locale__language_code=language):
        body = client.get(page.url).content.decode()
        for question in page.questions:
            section = re.search(rf'<section class="question" id="{question.anchor_id}".*?</section>', body, re.S)
            assert section, (page.url, question.anchor_id)
            assert ('class="unsourced"' in section.group(0)) == bool(question.unsourced_figures), page.url
            questions += 1
    assert questions == sum(len(topic["questions"]) for topic in content.FAQ_TOPICS)


def test_an_answer_with_an_unsourced_figure_is_marked_for_readers(client, demo_site):
    """An editor's answer giving a figure with no source shows readers that the figure has none."""
    page = faq("health-and-safety")
    page.body.append(
        ("question", {"question": "How many?", "answer": "<p>About 40% of them.</p>", "anchor": "how-many"})
    )
    page.save_revision().publish()

    body = html.unescape(client.get(page.url).content.decode())

    assert "The figures in this answer have no published source that we could check." in body


def test_an_unsourced_figure_cannot_go_on_the_home_page(demo_site):
    """Ticking “Show on the home page” for an answer with an unsourced figure is refused, naming the figure."""
    block = FaqBodyBlock()
    value = block.to_python(
        [
            {
                "type": "question",
                "value": {"question": "How many?", "answer": "<p>About 40% of them.</p>", "featured": True},
            }
        ]
    )
    with pytest.raises(ValidationError) as refused:
        block.clean(value)
    assert "40%" in str(refused.value.as_json_data())

    value[0].value["sources"] = (
        block.child_blocks["question"]
        .child_blocks["sources"]
        .to_python([{"name": "County health report, 2025", "url": ""}])
    )
    block.clean(value)


@pytest.mark.parametrize(
    "language, anchor",
    [
        ("en", "is-prostitution-illegal-in-wentzville"),
        ("es", "es-ilegal-la-prostitucion-en-wentzville"),
    ],
)
def test_question_links_read_in_the_readers_language(client, demo_site, language, anchor):
    """A question's link name is Spanish on the Spanish page; the English one is unchanged."""
    body = client.get(faq("law-and-police", language).url).content.decode()
    assert f'id="{anchor}"' in body
    assert f'href="#{anchor}"' in body


def test_a_translated_link_name_is_made_a_valid_link(demo_site):
    """Whatever a translator types as a link name becomes lower-case letters, digits and hyphens."""
    from wagtail_localize.segments import StringSegmentValue

    block = FaqBodyBlock().child_blocks["question"].child_blocks["anchor"]
    assert block.get_translatable_segments("who-can-help") == [StringSegmentValue("", "who-can-help")]
    restored = block.restore_translated_segments("who-can-help", [StringSegmentValue("", "¿Quién puede ayudar?")])
    assert restored == "quien-puede-ayudar"
    assert block.restore_translated_segments("who-can-help", [StringSegmentValue("", "¿?")]) == "who-can-help"


@pytest.mark.parametrize(
    "language, note",
    [
        ("en", "Interpreters are available: say which language you speak."),
        ("es", "Hay intérpretes"),
    ],
)
def test_911_says_interpreters_are_available_on_its_card(client, demo_site, language, note):
    """On the home page and the hotlines list, 911's card says in the reader's language that interpreters help."""
    emergency = HotlinePage.objects.get(slug="911", locale__language_code="en").get_translation(
        Locale.objects.get(language_code=language)
    )
    home = Page.objects.get(depth=2, locale=emergency.locale)
    for url in (home.url, emergency.get_parent().url):
        body = html.unescape(client.get(url).content.decode())
        assert note in card(body, emergency.url), url


@pytest.mark.parametrize(
    "language, unchecked", [("en", "Details not checked yet"), ("es", "Datos sin verificar todavía")]
)
def test_featured_cards_say_when_details_are_not_checked(client, demo_site, language, unchecked):
    """Each unchecked service or hotline on the home page says so on its card, as its own page does."""
    home = Page.objects.get(depth=2, locale__language_code=language)
    body = html.unescape(client.get(home.url).content.decode())
    featured = list(ServicePage.objects.live().filter(locale=home.locale, featured=True))
    featured += list(HotlinePage.objects.live().filter(locale=home.locale, featured=True))
    assert featured
    for record in featured:
        assert (unchecked in card(body, record.url)) == (record.last_verified is None), record.url


def test_records_are_marked_checked_only_for_what_their_source_supports(demo_site):
    """The police records rest on a 2020 newsletter and 2019 lobby hours: not marked checked, nor open 24/7."""
    for model, slug in [
        (HotlinePage, "wentzville-police-non-emergency"),
        (HotlinePage, "wentzville-police-tip-line"),
        (ServicePage, "wentzville-police-department"),
    ]:
        record = model.objects.get(slug=slug, locale__language_code="en")
        assert record.last_verified is None, slug
        assert not record.open_24_7, slug
        assert "2020" in record.verification_source, slug


@pytest.mark.parametrize(
    "language, exit_url", [("en", "https://www.bbc.co.uk/weather"), ("es", "https://weather.com/es-US/")]
)
def test_quick_exit_lands_somewhere_in_the_readers_language(client, demo_site, language, exit_url):
    """The quick-exit links lead to a neutral page in the reader's language (the site text's own)."""
    home = Page.objects.get(depth=2, locale__language_code=language)
    body = client.get(home.url).content.decode()
    assert body.count(f'href="{exit_url}"') == 2


def test_quick_exit_falls_back_to_the_sites_neutral_page(client, demo_site):
    """A language whose site text gives no quick-exit page uses the one in site settings."""
    from home.models import SiteText

    SiteText.objects.filter(locale__language_code="es").update(quick_exit_url="")
    home = Page.objects.get(depth=2, locale__language_code="es")
    assert client.get(home.url).content.decode().count('href="https://www.bbc.co.uk/weather"') == 2
