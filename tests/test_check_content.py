"""`manage.py check_content`: undiallable numbers and broken internal links are reported, nothing is fetched."""

import copy
import json
import re
import socket
import urllib.request
import uuid
from io import StringIO

import pytest

from django.core.management import call_command
from django.db import connection

from wagtail.models import Locale, Page

from home.models import SiteSettings
from resources.models import FaqIndexPage, FaqPage, ServicePage, StandardPage, UpdatePage
from resources.phone import bad_phone_numbers

pytestmark = pytest.mark.django_db


def check_content(*args):
    """Run the command as cron would; return its exit status and what it printed."""
    out = StringIO()
    try:
        call_command("check_content", *args, stdout=out)
    except SystemExit as exited:
        return exited.code, out.getvalue()
    return 0, out.getvalue()


def english(model, slug):
    return model.objects.get(slug=slug, locale__language_code="en")


def add_paragraph(page, html):
    """Publish `page` with one more text block at the end of its body; return the block's position."""
    body = copy.deepcopy(list(page.body.raw_data))
    body.append({"type": "paragraph", "value": html, "id": str(uuid.uuid4())})
    page.body = body
    page.save_revision().publish()
    return len(body)


def set_answer(page, position, html):
    """Publish `page` with the answer of its question at `position` (from 1) replaced."""
    body = copy.deepcopy(list(page.body.raw_data))
    body[position - 1]["value"]["answer"] = html
    page.body = body
    page.save_revision().publish()


def problem_lines(output):
    """Every line but the summary (without --external)."""
    return output.splitlines()[:-1]


def test_demo_site_has_no_problems(demo_site):
    """The demo site in both languages passes: exit status 0 and a summary that says so."""
    pages = Page.objects.live().exclude(depth=1).count()

    status, output = check_content()

    assert status == 0, output
    [summary] = output.splitlines()
    assert re.fullmatch(
        rf"No problems in {pages} pages and \d+ site settings and snippets; "
        r"\d+ external links not listed \(see them with --external\), none visited\.",
        summary,
    )


def test_undiallable_number_in_faq_answer_is_reported_with_page_and_block(demo_site):
    """A FAQ answer saying “call 636-327-510” is reported once, with language, page, edit link, block and number."""
    page = english(FaqPage, "community")
    set_answer(page, 3, "<p>For youth programmes call 636-327-510 after school.</p>")

    status, output = check_content()

    assert status == 1
    [line] = problem_lines(output)
    assert line.startswith(
        f"English, “Reporting, prevention and community” (/admin/pages/{page.pk}/edit/), "
        "questions › question 3 › answer: “636-327-510” is not a phone number we can dial."
    )
    assert output.splitlines()[-1].startswith("1 problem in ")


def test_spanish_pages_are_checked_too(demo_site):
    """A bad number on a Spanish page is reported under Español, at the Spanish page's own edit link."""
    page = english(FaqPage, "community").get_translation(Locale.objects.get(language_code="es"))
    set_answer(page, 2, "<p>Llame al 636-327-510.</p>")

    status, output = check_content()

    assert status == 1
    [line] = problem_lines(output)
    assert line.startswith(f"Español, “{page.title}” (/admin/pages/{page.pk}/edit/), questions › question 2 › answer")
    assert "636-327-510" in line


@pytest.mark.parametrize("how", ["unpublished", "deleted"])
def test_link_to_a_page_that_is_no_longer_published_is_reported(demo_site, how):
    """A rich text link to a page that was then unpublished or deleted is reported where the link is."""
    about = english(StandardPage, "about")
    update = english(UpdatePage, "checking-every-listing")
    position = add_paragraph(about, f'<p>Read <a linktype="page" id="{update.pk}">how we check listings</a>.</p>')
    assert check_content()[0] == 0

    if how == "unpublished":
        update.unpublish()
        expected = (
            f"Links to “We are checking every listing” (/admin/pages/{update.pk}/edit/), which is not published."
        )
    else:
        update_id = update.pk
        Page.objects.filter(translation_key=update.translation_key).delete()
        expected = f"Links to a page that no longer exists (page id {update_id})."
    status, output = check_content()

    assert status == 1
    [line] = problem_lines(output)
    assert line.startswith(f"English, “About the coalition” (/admin/pages/{about.pk}/edit/), body › text {position}: ")
    assert expected in line


def test_addresses_on_this_site_are_followed_through_the_page_tree(demo_site):
    """A typed address of a real page (English or Spanish) passes; one that leads nowhere is reported."""
    about = english(StandardPage, "about")
    spanish_faqs = FaqIndexPage.objects.get(locale__language_code="es")
    add_paragraph(
        about,
        f'<p><a href="/questions/community/">Questions</a>, <a href="{spanish_faqs.url}">preguntas</a>, '
        '<a href="/questions/community">no slash</a>, <a href="/search/?q=help">search</a>, '
        '<a href="/questions/no-such-topic/">a typo</a>, <a href="www.example.org">no scheme</a>.</p>',
    )

    status, output = check_content()

    assert status == 1
    lines = problem_lines(output)
    assert len(lines) == 2, output
    assert "The link “/questions/no-such-topic/” leads to a “Page not found” error." in lines[0]
    assert "The link “www.example.org” is neither a full web address" in lines[1]


def test_garbage_tel_link_is_reported(demo_site):
    """A tel: link that dials nothing is reported with the link as written."""
    service = english(ServicePage, "night-outreach-vans")
    service.description = '<p><a href="tel:call-the-van">Call the van</a> or text <a href="sms:233733">us</a>.</p>'
    service.save_revision().publish()

    status, output = check_content()

    assert status == 1
    [line] = problem_lines(output)
    assert line.startswith(f"English, “Night outreach vans” (/admin/pages/{service.pk}/edit/), description: ")
    assert "The phone link “tel:call-the-van” does not dial a real number." in line


def test_vanity_number_in_text_is_not_reported(demo_site):
    """866-371-TIPS in text, and a tel: link with the same number in letters, are valid numbers."""
    update = english(UpdatePage, "checking-every-listing")
    add_paragraph(update, '<p>Tips: 866-371-TIPS or <a href="tel:1-866-371-TIPS">call CrimeStoppers</a>.</p>')

    status, output = check_content()

    assert status == 0, output


def test_bad_stored_phone_number_in_site_settings_is_reported(demo_site):
    """A stored number that no longer parses (written by raw SQL or an old import) is caught."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {SiteSettings._meta.db_table} SET emergency_number = %s", ["91"])

    status, output = check_content()

    assert status == 1
    [line] = problem_lines(output)
    assert line.startswith(
        "All languages, “Site settings for Wentzville Coalition” (/admin/settings/home/sitesettings/"
    )
    assert "emergency number: “91” is not a phone number we can dial." in line


def test_external_links_are_listed_without_a_network_request(demo_site, monkeypatch):
    """--external lists each external link with its place; no connection is opened to look at any of them."""

    def refuse(*args, **kwargs):
        raise AssertionError("check_content tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    about = english(StandardPage, "about")
    position = add_paragraph(about, '<p>See <a href="https://www.example.org/dead-link">the report</a>.</p>')

    status, output = check_content("--external")

    assert status == 0
    assert (
        f"  English, “About the coalition” (/admin/pages/{about.pk}/edit/), body › text {position}: https://www.example.org/dead-link"
        in output
    )
    assert "quick exit goes to: https://www.bbc.co.uk/weather" in output
    assert "website: https://thecoveringhouse.org/" in output
    assert output.splitlines()[-1].endswith(" external links listed above, none visited.")


def test_drafts_are_checked_only_when_asked(demo_site):
    """A bad number in an unpublished draft is left alone by default and reported with --drafts."""
    page = english(FaqPage, "law-and-police")
    body = copy.deepcopy(list(page.body.raw_data))
    body[0]["value"]["answer"] = "<p>Call 555-0100-99999.</p>"
    page.body = body
    page.save_revision()

    assert check_content()[0] == 0
    status, output = check_content("--drafts")

    assert status == 1
    [line] = problem_lines(output)
    assert line.startswith(f"English (latest draft), “The law and the police” (/admin/pages/{page.pk}/edit/)")
    assert "questions › question 1 › answer: “555-0100-99999” is not a phone number we can dial." in line


def test_json_output_for_machines(demo_site):
    """--format json gives every problem's place, value and message, and still exits with 1."""
    page = english(FaqPage, "community")
    set_answer(page, 3, "<p>Call 636-327-510.</p>")

    status, output = check_content("--format", "json")

    assert status == 1
    report = json.loads(output)
    assert report["pages_checked"] == Page.objects.live().exclude(depth=1).count()
    assert report["problems"] == [
        {
            "language": "English",
            "title": "Reporting, prevention and community",
            "admin_url": f"/admin/pages/{page.pk}/edit/",
            "field": "questions › question 3 › answer",
            "draft": False,
            "value": "636-327-510",
            "message": report["problems"][0]["message"],
        }
    ]
    assert {"https://thecoveringhouse.org/", "https://www.bbc.co.uk/weather"} <= {
        link["url"] for link in report["external_links"]
    }


@pytest.mark.parametrize(
    "text",
    [
        "Call 1-888-373-7888, (636) 639-2180, 636.639.2180 or +52 55 1234 5678 at any hour.",
        "CrimeStoppers (866-371-TIPS) or text 233733; in an emergency call 911.",
        "Under RSMo 567.010 and ordinance 210.340, up to 1 year and $2,000 fines, 1,000 feet from I-70.",
        "Open 24/7 since 2026-11-20, for girls about 12 to 18, at 52 Industrial Drive, MO 63385.",
        "Call +1 888 373 7888 24 hours a day.",
    ],
)
def test_text_without_bad_numbers_passes(text):
    """Real numbers, short codes, statute numbers, amounts, roads and dates are not mistaken for bad numbers."""
    assert list(bad_phone_numbers(text)) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("call 636-327-510 now", "636-327-510"),
        ("call (636) 327-51055.", "(636) 327-51055"),
        ("call 327-5105", "327-5105"),
        ("call 123-456-7890", "123-456-7890"),
        ("call +52 55 1234", "+52 55 1234"),
        ("call +1 636 327 510 today", "+1 636 327 510"),
    ],
)
def test_text_with_a_bad_number_is_caught(text, number):
    """A number with digits missing or extra, or no area code, is found and refused."""
    assert [found for found, _message in bad_phone_numbers(text)] == [number]
