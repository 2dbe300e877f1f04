"""Plain language in both languages: the reading level of a page's text against the site's target, in the page
editor's Checks panel, in the translation editor and in Reports › Reading level."""

import html
import re

import pytest
from textstat.textstat import textstatistics

from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from coalition.editorial.readability import MIN_WORDS, grade_for_ease, measure
from home.models import HomePage, SiteText
from resources.models import FaqIndexPage, FaqPage, StandardPage
from resources.readability import may_see_reading_level, page_pieces
from tests.utils import add_page_url, edit_page_url, log_in

REPORT_URL = "/admin/reading-level/"

ENGLISH = [
    "Call the hotline at any hour of the day or night.",
    "Trained advocates answer every call, and they listen to what you need before they suggest anything at all.",
    "You do not have to give your name.",
    "They can help you find a safe place to stay tonight, arrange transport, and connect you with legal services "
    "in your area.",
]
SPANISH = [
    "Llame a la línea de ayuda a cualquier hora del día o de la noche.",
    "Personal capacitado contesta cada llamada y escucha lo que usted necesita antes de sugerir algo.",
    "No tiene que dar su nombre.",
    "Pueden ayudarle a encontrar un lugar seguro donde quedarse esta noche, organizar el transporte y ponerle en "
    "contacto con servicios legales en su zona.",
]
# Written to be hard: long sentences of long words.
HARD_SENTENCE = (
    "Individuals experiencing exploitation may access comprehensive confidential support, including emergency "
    "accommodation, psychological counselling, legal representation and vocational rehabilitation, through the "
    "coalition's partner organisations, irrespective of immigration status."
)
HARD = [
    HARD_SENTENCE,
    "Eligibility determinations are undertaken individually, considering circumstances, vulnerabilities and "
    "documentation availability, and appropriate referrals are subsequently facilitated.",
    "Participation is voluntary.",
]
EASY = ["We are here to help you.", "Call us at any time.", "You can talk to us in English or Spanish.", *ENGLISH]


def words(count, word="word"):
    """A sentence of `count` words, starting with a capital."""
    return " ".join([word.capitalize()] + [word] * (count - 1)) + "."


# The measure


def test_english_is_measured_by_flesch_kincaid():
    """An English text gets textstat's Flesch–Kincaid grade, its words and sentences, and is within the target."""
    reading = measure(ENGLISH, "en")
    assert reading.grade == pytest.approx(6.36, abs=0.05)
    assert textstatistics().flesch_kincaid_grade(" ".join(ENGLISH)) == pytest.approx(reading.grade)
    assert (reading.words, reading.sentences, reading.ease) == (59, 4, None)
    assert reading.meets_target and not reading.above_target


def test_spanish_is_measured_by_fernandez_huerta_and_given_a_grade():
    """A Spanish text gets Fernández Huerta's reading ease, and the school grade his table gives it."""
    reading = measure(SPANISH, "es")
    assert reading.ease == pytest.approx(75.54, abs=0.05)
    assert reading.ease_label == "fairly easy"
    assert reading.grade == pytest.approx(6.45, abs=0.05)
    assert (reading.words, reading.sentences) == (60, 4)
    assert measure(SPANISH, "es-mx").ease == reading.ease


@pytest.mark.parametrize(
    ("ease", "grade"), [(120, 4), (100, 4), (95, 4.5), (75, 6.5), (70, 7), (65, 8), (60, 9), (40, 14), (-5, 18)]
)
def test_reading_ease_turns_into_a_grade_by_fernandez_huertas_table(ease, grade):
    """60 to 70 ("normal") is 7th or 8th grade: the site's target of 8 is an ease of 65."""
    assert grade_for_ease(ease) == pytest.approx(grade)


def test_a_short_text_is_too_short_to_measure():
    """Under MIN_WORDS words, no figure is given, and the page is neither within nor above the target."""
    reading = measure([words(MIN_WORDS - 1)], "en")
    assert reading.too_short and reading.grade is None
    assert reading.words == MIN_WORDS - 1
    assert not reading.meets_target and not reading.above_target
    assert not measure([words(MIN_WORDS)], "en").too_short


def test_a_language_without_a_measure_gets_none():
    """A language textstat has no measure for here (the site may add one) is not given English figures."""
    assert measure(ENGLISH, "fr") is None


def test_the_longest_sentences_are_named_longest_first():
    """At most three sentences over 20 words, longest first; a sentence of 20 words is left alone."""
    text = " ".join([words(22, "alpha"), words(30, "beta"), words(5), words(25, "gamma"), words(21, "delta")])
    reading = measure([text, words(20, "epsilon")], "en")
    assert [sentence.words for sentence in reading.long_sentences] == [30, 25, 22]
    assert reading.long_sentences[0].text.startswith("Beta beta")
    assert reading.longest_sentence == 30


def test_each_piece_ends_a_sentence():
    """A heading or list item without a full stop does not run into the next sentence."""
    heading = "What to do if you think that someone you know is being hurt or forced to work"
    paragraph = "Call the hotline and tell them what you saw."
    reading = measure([heading, paragraph], "en")
    assert reading.sentences == 2
    assert reading.long_sentences == ()
    glued = textstatistics().sentence_count(f"{heading}\n{paragraph}")
    assert glued == 1


def test_web_addresses_are_not_words():
    """A web address in the text is not counted as a very long word."""
    reading = measure(["Read more at https://www.example.org/a/very/long/address today."], "en")
    assert reading.words == 4


# A page's text


@pytest.mark.django_db
def test_a_pages_text_is_its_title_fields_rich_text_and_text_blocks(demo_site):
    """Title, introduction, each paragraph, heading and list item, a callout's title and text; no link name,
    source, web address or date."""
    index = FaqIndexPage.objects.get(locale__language_code="en")
    faq = FaqPage(
        title="Staying safe",
        slug="staying-safe",
        introduction="What to do when you feel unsafe.",
        body=[
            (
                "question",
                {
                    "question": "Who can I call?",
                    "answer": RichText("<p>Call 911 first.</p><ul><li>A friend</li><li>A hotline</li></ul>"),
                    "anchor": "who-to-call",
                    "sources": [{"name": "Revised Statutes of Missouri", "url": "https://revisor.mo.gov/"}],
                    "corrections": [
                        {
                            "date": "2025-01-02",
                            "note": "This answer gave the wrong number.",
                            "source": "Wentzville Police",
                            "url": "https://example.org/police",
                        }
                    ],
                },
            )
        ],
    )
    index.add_child(instance=faq)
    assert list(page_pieces(faq)) == [
        "Staying safe",
        "What to do when you feel unsafe.",
        "Who can I call?",
        "Call 911 first.",
        "A friend",
        "A hotline",
        "This answer gave the wrong number.",
    ]

    home = HomePage.objects.get(locale__language_code="en")
    page = StandardPage(
        title="About us",
        slug="about-us",
        body=[
            ("paragraph", RichText("<h2>Who we are</h2><p>Neighbours &amp; friends.<br/>Since 2019.</p>")),
            ("callout", {"title": "If you are in danger", "text": RichText("<p>Call 911.</p>")}),
        ],
    )
    home.add_child(instance=page)
    assert list(page_pieces(page)) == [
        "About us",
        "Who we are",
        "Neighbours & friends.",
        "Since 2019.",
        "If you are in danger",
        "Call 911.",
    ]


# Where editors see it


def published_page(title, slug, sentences):
    """A live English standard page whose introduction is `sentences`."""
    home = HomePage.objects.get(locale__language_code="en")
    page = StandardPage(title=title, slug=slug, introduction=" ".join(sentences))
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def hard_page(demo_site):
    return published_page("Our approach", "our-approach", HARD)


@pytest.fixture
def easy_page(demo_site):
    return published_page("Talk to us", "talk-to-us", EASY)


def member_of(group_name):
    user = get_user_model().objects.create_user(group_name.lower(), password="a-long-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def text_of(response):
    """The response's HTML on one line, with its entities as the characters they stand for."""
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.mark.django_db
def test_the_checks_panel_gives_the_reading_level_and_the_sentences_to_shorten(client, hard_page):
    """An editor sees the grade, the target, the verdict and the longest sentences of the page as last saved."""
    log_in(client, member_of("Editors"))
    response = client.get(edit_page_url(hard_page))
    assert response.status_code == 200
    body = text_of(response)
    section = body[body.index('class="coalition-plain-language"') :]
    grade = measure(page_pieces(hard_page), "en").grade
    assert f"Reads at about grade {grade:.1f}: above the site’s target of grade 8. Shorten these sentences:" in section
    assert "Grade 8" in section
    assert HARD_SENTENCE in section
    assert "Save a draft to measure your changes." in section


@pytest.mark.django_db
def test_the_checks_panel_measures_the_latest_draft(client, easy_page):
    """A saved draft is measured, not the published page."""
    log_in(client, member_of("Editors"))
    assert "within the target of grade 8." in text_of(client.get(edit_page_url(easy_page)))
    easy_page.introduction = " ".join(HARD)
    easy_page.save_revision()
    assert "above the site’s target of grade 8." in text_of(client.get(edit_page_url(easy_page)))


@pytest.mark.django_db
def test_a_new_page_is_asked_to_be_saved_first(client, demo_site):
    """A page not yet saved has no text to measure: the Checks panel asks for a draft."""
    log_in(client, member_of("Editors"))
    response = client.get(add_page_url(StandardPage, HomePage.objects.get(locale__language_code="en")))
    assert response.status_code == 200
    assert "Save a draft to measure how easy this page is to read." in text_of(response)


@pytest.mark.django_db
def test_the_checks_panel_of_a_snippet_has_no_reading_level(client, demo_site):
    """Site text has Wagtail's Checks panel too; it shows Wagtail's metrics and no reading level."""
    log_in(client, get_user_model().objects.create_superuser("admin", "", "pw"))
    site_text = SiteText.objects.get(locale__language_code="en")
    response = client.get(reverse(SiteText.snippet_viewset.get_url_name("edit"), args=[quote(site_text.pk)]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Content metrics" in body
    assert "Plain language" not in body


@pytest.mark.django_db
def test_the_translation_editor_gives_the_spanish_figures(client, demo_site):
    """A translator opening a Spanish page gets its Fernández Huerta ease and grade above the editor."""
    log_in(client, member_of("Translators"))
    english = FaqPage.objects.get(slug="community", locale__language_code="en")
    spanish = english.get_translation(Locale.objects.get(language_code="es"))
    response = client.get(edit_page_url(spanish))
    assert "wagtail_localize/admin/edit_translation.html" in [template.name for template in response.templates]
    body = text_of(response)
    reading = measure(page_pieces(spanish), "es")
    box = body[body.index("coalition-translation-reading") : body.index('class="js-translation-editor"')]
    assert "Plain language" in box
    assert f"{reading.ease:.0f} ({reading.ease_label})" in box
    assert f"Reads at about grade {reading.grade:.1f}" in box
    assert "Fernández Huerta" in box


@pytest.mark.django_db
def test_the_translation_editor_of_a_snippet_has_no_reading_level(client, demo_site):
    """Site text in the translation editor gets no reading level: only pages are measured."""
    log_in(client, get_user_model().objects.create_superuser("admin", "", "pw"))
    site_text = SiteText.objects.get(locale__language_code="es")
    response = client.get(reverse(SiteText.snippet_viewset.get_url_name("edit"), args=[quote(site_text.pk)]))
    assert response.templates[0].name == "wagtail_localize/admin/edit_translation.html"
    assert "Plain language" not in response.content.decode()


# The report


def report_rows(client):
    """The pages the report lists, in order, as the ids its title links point to."""
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<a href="/admin/pages/(\d+)/edit/"', response.content.decode())]


@pytest.mark.django_db
def test_the_report_lists_pages_above_the_target_hardest_first(client, hard_page, easy_page, settings):
    """Pages in both languages above the target, the hardest first, each linking to its editor; an easy page is
    not listed."""
    settings.READABILITY_TARGET_GRADE = 6
    log_in(client, member_of("Editors"))
    rows = report_rows(client)
    assert rows[0] == hard_page.pk
    assert easy_page.pk not in rows
    assert {page.locale.language_code for page in Page.objects.filter(pk__in=rows)} == {"en", "es"}
    body = text_of(client.get(REPORT_URL))
    grade = measure(page_pieces(hard_page), "en").grade
    assert re.search(rf"Our approach.*?English.*?{grade:.1f}", body)
    assert "Spanish" in body


@pytest.mark.django_db
def test_the_report_says_when_every_page_is_within_the_target(client, hard_page, settings):
    """With nothing above the target, the report says so."""
    settings.READABILITY_TARGET_GRADE = 40
    log_in(client, member_of("Moderators"))
    assert report_rows(client) == []
    assert "All pages are within the target" in text_of(client.get(REPORT_URL))


@pytest.mark.django_db
def test_translators_get_the_spanish_pages(client, hard_page, settings):
    """A translator may edit only Spanish pages, and is shown only those."""
    settings.READABILITY_TARGET_GRADE = 6
    log_in(client, member_of("Translators"))
    rows = report_rows(client)
    assert rows
    assert {page.locale.language_code for page in Page.objects.filter(pk__in=rows)} == {"es"}


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["Editors", "Moderators", "Translators"])
def test_the_report_is_for_those_who_edit_pages(client, demo_site, group):
    """Editors, moderators and translators find "Reading level" under Reports, and may open it."""
    user = member_of(group)
    assert may_see_reading_level(user)
    log_in(client, user)
    assert REPORT_URL in client.get("/admin/").content.decode()
    assert client.get(REPORT_URL).status_code == 200


@pytest.mark.django_db
def test_someone_who_edits_no_page_is_refused(client, demo_site):
    """An admin user with no page to edit is sent back to the dashboard, which offers no "Reading level"."""
    user = get_user_model().objects.create_user("reader", password="a-long-test-password")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    assert not may_see_reading_level(user)
    log_in(client, user)
    response = client.get(REPORT_URL, follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert REPORT_URL not in response.content.decode()
