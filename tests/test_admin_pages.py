"""Editors create every page type through the Wagtail admin, and bad input is refused kindly."""

import pytest

from django.contrib.auth import get_user_model

from home.models import HomePage
from resources.models import (
    FaqIndexPage,
    FaqPage,
    HotlineIndexPage,
    HotlinePage,
    Language,
    Organisation,
    ServiceCategory,
    ServiceIndexPage,
    ServicePage,
    StandardPage,
    UpdateIndexPage,
    UpdatePage,
)
from tests.utils import add_page_url, log_in, page_form_data, question_block, rich_text

pytestmark = pytest.mark.django_db

PUBLISH = {"action-publish": "action-publish"}


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    log_in(client, user)
    return client


@pytest.fixture
def home(demo_site):
    return HomePage.objects.get(locale__language_code="en")


def section(model):
    return model.objects.get(locale__language_code="en")


def post_page(client, model, parent, data):
    return client.post(add_page_url(model, parent), {**data, **PUBLISH})


def hotline_data(**overrides):
    fields = {
        "title": "Youth crisis line",
        "slug": "youth-crisis-line",
        "operator": "Trained counsellors",
        "summary": "For anyone under 25 who needs to talk.",
        "phone": "1-800-273-8255",
        "phone_vanity": "",
        "text_number": "",
        "tty": "",
        "open_24_7": "on",
        "hours_note": "",
        "languages_note": "",
        "what_to_expect": rich_text("<p>A counsellor answers.</p>"),
        "confidentiality": "",
        "sort_order": "40",
        "last_verified": "",
        "verification_source": "",
    }
    fields.update(overrides)
    return page_form_data(
        fields, streams={"opening_hours": []}, many={"languages": [Language.objects.get(code="en").pk]}
    )


def service_data(**overrides):
    fields = {
        "title": "Food pantry",
        "slug": "food-pantry",
        "provider": str(Organisation.objects.get(name="Wentzville Ministerial Alliance").pk),
        "summary": "Groceries for anyone who needs them.",
        "cost": "free",
        "cost_details": "",
        "eligibility": "",
        "confidentiality": "",
        "street_address": "",
        "locality": "",
        "region": "MO",
        "postal_code": "",
        "phone": "(636) 555-0134",
        "text_number": "",
        "website": "",
        "email": "",
        "how_to_access": "",
        "hours_note": "",
        "languages_note": "",
        "description": rich_text(""),
        "last_verified": "",
        "verification_source": "",
    }
    fields.update(overrides)
    many = {
        "categories": [ServiceCategory.objects.get(slug="food-basics").pk],
        "languages": [Language.objects.get(code="en").pk],
        # A multiple-choice block posts one value per ticked box.
        "opening_hours-0-value-days": ["wed", "mon"],
    }
    streams = {"opening_hours": [("hours", {"opens": "09:00", "closes": "13:00"})]}
    return page_form_data(fields, streams=streams, many=many)


def test_editor_creates_a_faq_page_with_questions(editor, home):
    """A FAQ page made in the admin shows each question with its permalink."""
    data = page_form_data(
        {"title": "Shelter", "slug": "shelter", "introduction": "Where to sleep tonight."},
        streams={
            "body": [
                question_block("Where can I sleep tonight?", "<p>Call the hotline.</p>"),
                question_block("Can I bring my children?", "<p>Ask when you call.</p>", anchor="children"),
            ]
        },
    )
    response = post_page(editor, FaqPage, section(FaqIndexPage), data)
    assert response.status_code == 302
    page = FaqPage.objects.get(slug="shelter")
    assert [q["anchor"] for q in page.questions] == ["where-can-i-sleep-tonight", "children"]
    html = editor.get(page.url).content.decode()
    assert 'id="where-can-i-sleep-tonight"' in html
    assert 'href="#children"' in html


def test_editor_creates_a_hotline_and_the_number_is_stored_in_e164(editor, home):
    """A hotline typed as 1-800-273-8255 is stored as +18002738255 and offered as a tap-to-call link."""
    response = post_page(editor, HotlinePage, section(HotlineIndexPage), hotline_data())
    assert response.status_code == 302
    page = HotlinePage.objects.get(slug="youth-crisis-line")
    assert page.phone == "+18002738255"
    assert 'href="tel:+18002738255"' in editor.get(page.url).content.decode()


def test_invalid_phone_number_is_refused_on_the_field_and_input_is_kept(editor, home):
    """A number nobody can dial is refused on the field, nothing is saved, and the rest of the form is kept."""
    response = post_page(editor, HotlinePage, section(HotlineIndexPage), hotline_data(phone="636-327-510"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a phone number we can dial" in html
    assert "For anyone under 25 who needs to talk." in html
    assert not HotlinePage.objects.filter(slug="youth-crisis-line").exists()


def test_vanity_letters_that_spell_another_number_are_refused(editor, home):
    """866-371-TIPS beside a different number is refused on the letters field."""
    response = post_page(editor, HotlinePage, section(HotlineIndexPage), hotline_data(phone_vanity="866-371-TIPS"))
    assert response.status_code == 200
    assert "does not spell the phone number above" in response.content.decode()


def test_hotline_needs_a_number_to_call_or_text(editor, home):
    """A hotline with neither a phone nor a text number is refused."""
    response = post_page(editor, HotlinePage, section(HotlineIndexPage), hotline_data(phone=""))
    assert response.status_code == 200
    assert "Give a number to call, a number to text, or both." in response.content.decode()


def test_short_codes_are_accepted_for_text_lines(editor, home):
    """A text-only line with the short code 233733 is saved."""
    response = post_page(
        editor, HotlinePage, section(HotlineIndexPage), hotline_data(phone="", text_number="233733", open_24_7="")
    )
    assert response.status_code == 302
    assert HotlinePage.objects.get(slug="youth-crisis-line").text_number == "233733"


def test_editor_creates_a_service_with_hours(editor, home):
    """A service made in the admin shows its category, hours and tap-to-call link."""
    response = post_page(editor, ServicePage, section(ServiceIndexPage), service_data())
    assert response.status_code == 302
    page = ServicePage.objects.get(slug="food-pantry")
    html = editor.get(page.url).content.decode()
    assert "Food and basic needs" in html
    assert "Monday, Wednesday" in html
    assert 'href="tel:+16365550134"' in html


def test_service_without_any_way_to_reach_it_is_refused(editor, home):
    """A service with no phone, text, website, e-mail, address or referral route is refused."""
    response = post_page(editor, ServicePage, section(ServiceIndexPage), service_data(phone=""))
    assert response.status_code == 200
    assert "Give at least one way to reach this service" in response.content.decode()
    assert not ServicePage.objects.filter(slug="food-pantry").exists()


def test_service_without_a_title_keeps_the_rest_of_the_form(editor, home):
    """An empty required field is reported and what the editor typed stays on the form."""
    response = post_page(editor, ServicePage, section(ServiceIndexPage), service_data(title=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Groceries for anyone who needs them." in html


def test_verification_date_needs_a_source(editor, home):
    """Marking facts as checked without saying against what is refused."""
    response = post_page(editor, HotlinePage, section(HotlineIndexPage), hotline_data(last_verified="2026-11-02"))
    assert response.status_code == 200
    assert "Say what the facts were checked against." in response.content.decode()


def test_editor_creates_an_update(editor, home):
    """An update made in the admin shows its date and text."""
    data = page_form_data(
        {"title": "Winter shelter open", "slug": "winter-shelter", "date": "2026-11-25", "summary": "Open nightly."},
        streams={"body": [("paragraph", rich_text("<p>Doors open at 7pm.</p>"))]},
    )
    response = post_page(editor, UpdatePage, section(UpdateIndexPage), data)
    assert response.status_code == 302
    html = editor.get(UpdatePage.objects.get(slug="winter-shelter").url).content.decode()
    assert "Doors open at 7pm." in html
    assert 'datetime="2026-11-25"' in html


def test_editor_creates_a_standard_page_with_a_callout(editor, home):
    """A standard page made in the admin shows its highlighted box."""
    data = page_form_data(
        {"title": "Volunteer", "slug": "volunteer", "introduction": "Join us."},
        streams={
            "body": [("callout", {"title": "Training first", "text": rich_text("<p>Every volunteer trains.</p>")})]
        },
    )
    response = post_page(editor, StandardPage, home, data)
    assert response.status_code == 302
    html = editor.get(StandardPage.objects.get(slug="volunteer").url).content.decode()
    assert "Training first" in html and "Every volunteer trains." in html


def test_editor_creates_a_home_page_for_a_new_site(editor, demo_site):
    """A home page can be created at the top of the tree, with its introduction."""
    from wagtail.models import Page

    data = page_form_data({"title": "O'Fallon Coalition", "slug": "ofallon", "introduction": "Help in O'Fallon."})
    response = post_page(editor, HomePage, Page.get_first_root_node(), data)
    assert response.status_code == 302
    assert HomePage.objects.get(slug="ofallon").introduction == "Help in O'Fallon."


@pytest.mark.parametrize("model", [FaqIndexPage, HotlineIndexPage, ServiceIndexPage, UpdateIndexPage])
def test_index_pages_can_be_created_under_a_new_home_page(editor, demo_site, model):
    """Each section index can be created from admin form data under a home page that lacks one."""
    from wagtail.models import Page

    root = Page.get_first_root_node()
    second_home = root.add_child(instance=HomePage(title="Second site", slug="second-site"))
    data = page_form_data({"title": "Section", "slug": "section", "introduction": "Intro."})
    response = post_page(editor, model, second_home, data)
    assert response.status_code == 302
    assert model.objects.child_of(second_home).get().introduction == "Intro."
