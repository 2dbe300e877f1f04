"""The Open Referral HSDS 3.0 API at /hsds/, checked against the official schemas in tests/fixtures/hsds-3.0."""

import datetime
import re
import uuid

import pytest

from django.urls import reverse

from wagtail.models import PageViewRestriction

from resources.models import HotlinePage, ServicePage
from tests.hsds_schemas import assert_valid, envelope_validator, validator
from tests.utils import counting_queries

pytestmark = pytest.mark.django_db

DEMO_SERVICES = 16


def get_json(client, name, *args, **params):
    response = client.get(reverse(f"hsds:{name}", args=args), params)
    assert response.status_code == 200, response.content
    return response.json()


def english(slug):
    return ServicePage.objects.get(slug=slug, locale__language_code="en")


def spanish(page):
    return page.get_translation(page.get_translations().get().locale)


def ids_in(data):
    """Every `id` anywhere in a record, by the path that leads to it."""
    found = {}

    def walk(value, path):
        if isinstance(value, dict):
            for key, child in value.items():
                if key == "id":
                    found[path] = child
                walk(child, f"{path}/{key}")
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, f"{path}/{index}")

    walk(data, "")
    return found


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(
    ("full", "item_schema"), [("false", "service_list.json"), ("true", "service_with_definitions.json")]
)
def test_service_list_is_valid_hsds(client, demo_site, lang, full, item_schema):
    """The service list is an OpenAPI page envelope whose every item is valid against the compiled HSDS schema."""
    data = get_json(client, "services", lang=lang, full=full)
    assert_valid(envelope_validator(), data)
    items = validator(f"compiled/{item_schema}")
    for item in data["contents"]:
        assert_valid(items, item)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_service_detail_is_valid_hsds(client, demo_site, lang):
    """Each demo service's detail is valid against compiled/service_with_definitions.json, ids are UUIDs."""
    schema = validator("compiled/service_with_definitions.json")
    for page in ServicePage.objects.filter(locale__language_code="en"):
        data = get_json(client, "service", page.translation_key, lang=lang)
        assert_valid(schema, data)
        assert all(uuid.UUID(value) for value in ids_in(data).values())


@pytest.mark.parametrize("lang", ["en", "es"])
def test_organizations_are_valid_hsds(client, demo_site, lang):
    """The organisation list matches compiled/organization_list.json, and a detail organization.json plus services."""
    data = get_json(client, "organizations", lang=lang)
    assert_valid(envelope_validator(), data)
    assert data["total_items"] == 16
    for item in data["contents"]:
        assert_valid(validator("compiled/organization_list.json"), item)

    detail = get_json(client, "organization", data["contents"][0]["id"], lang=lang)
    services = detail.pop("services")
    assert_valid(validator("organization.json"), detail)
    assert services
    for item in services:
        assert_valid(validator("compiled/service_list.json"), item)
        assert item["organization_id"] == detail["id"]


def test_all_demo_services_are_listed_by_their_translation_key(client, demo_site):
    """All 16 demo services are listed once, each with its English page's translation key as its id."""
    data = get_json(client, "services", per_page=200)
    assert data["total_items"] == DEMO_SERVICES
    assert data["size"] == DEMO_SERVICES
    keys = {str(page.translation_key) for page in ServicePage.objects.filter(locale__language_code="en")}
    ids = [item["id"] for item in data["contents"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == keys


def test_spanish_request_returns_spanish_texts_for_the_same_ids(client, demo_site):
    """With lang=es the same ids carry the Spanish titles, cost labels and category terms."""
    english_list = get_json(client, "services", per_page=200)["contents"]
    spanish_list = get_json(client, "services", per_page=200, lang="es")["contents"]
    assert [item["id"] for item in spanish_list] == [item["id"] for item in english_list]

    names = {item["name"]: item["id"] for item in spanish_list}
    vans = english("night-outreach-vans")
    assert names["Camionetas nocturnas de alcance comunitario"] == str(vans.translation_key)
    assert "Night outreach vans" not in names

    police = get_json(client, "service", english("wentzville-police-department").translation_key, lang="es")
    assert police["name"] == "Departamento de Policía de Wentzville"
    assert police["fees_description"] == "Gratis"
    assert police["cost_options"][0]["option"] == "Gratis"
    assert police["languages"] == [{**police["languages"][0], "code": "en", "name": "inglés"}]
    assert police["attributes"][0]["taxonomy_term"]["language"] == "es"
    assert police["attributes"][0]["taxonomy_term"]["code"] == "reporting"
    assert police["schedules"][0]["description"] == "En 2019 la recepción abría día y noche. Llame antes de ir."


def test_spanish_falls_back_to_english_without_a_live_translation(client, demo_site):
    """A service whose Spanish page is unpublished keeps its id in the Spanish list, with English texts."""
    vans = english("night-outreach-vans")
    spanish(vans).unpublish()

    items = {item["id"]: item for item in get_json(client, "services", lang="es")["contents"]}
    assert len(items) == DEMO_SERVICES
    assert items[str(vans.translation_key)]["name"] == "Night outreach vans"
    assert items[str(vans.translation_key)]["fees_description"] == "Gratis"
    police = english("wentzville-police-department")
    assert items[str(police.translation_key)]["name"] == "Departamento de Policía de Wentzville"


def test_ids_stay_the_same_after_the_english_page_is_edited_and_republished(client, demo_site):
    """Editing and republishing a service changes its text but none of its ids, in either language."""
    page = english("wentzville-police-department")
    before = {lang: get_json(client, "service", page.translation_key, lang=lang) for lang in ["en", "es"]}

    page.summary = "Report trafficking at the front desk, day or night."
    page.save_revision().publish()

    after = {lang: get_json(client, "service", page.translation_key, lang=lang) for lang in ["en", "es"]}
    assert after["en"]["description"] == "Report trafficking at the front desk, day or night."
    for lang in ["en", "es"]:
        assert ids_in(after[lang]) == ids_in(before[lang])
    assert ids_in(after["en"]) == ids_in(after["es"])
    assert len(set(ids_in(after["en"]).values())) > 5


def test_unpublished_and_private_services_disappear(client, demo_site):
    """An unpublished or password-protected service, and an organisation left with none, are no longer served."""
    vans = english("night-outreach-vans")
    covering = english("covering-house-residential-programme")
    vans.unpublish()
    PageViewRestriction.objects.create(page=covering, restriction_type=PageViewRestriction.PASSWORD, password="x")

    data = get_json(client, "services", per_page=200)
    assert data["total_items"] == DEMO_SERVICES - 2
    listed = {item["id"] for item in data["contents"]}
    assert str(vans.translation_key) not in listed
    assert str(covering.translation_key) not in listed
    for page in [vans, covering]:
        response = client.get(reverse("hsds:service", args=[page.translation_key]))
        assert response.status_code == 404
        assert response.json()["status"] == 404

    organisations = get_json(client, "organizations", per_page=200)
    assert str(vans.provider.uuid) not in {item["id"] for item in organisations["contents"]}
    assert organisations["total_items"] == 16 - 2
    assert client.get(reverse("hsds:organization", args=[vans.provider.uuid])).status_code == 404


@pytest.mark.parametrize("name", ["services", "organizations"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page": "abc"}, "“page” must be a whole number from 1 upwards, not “abc”."),
        ({"page": "0"}, "“page” must be a whole number from 1 upwards, not “0”."),
        ({"page": "-2"}, "“page” must be a whole number from 1 upwards, not “-2”."),
        ({"page": "1.5"}, "“page” must be a whole number from 1 upwards, not “1.5”."),
        ({"page": ""}, "“page” must be a whole number from 1 upwards, not “”."),
        ({"page": "9" * 5000}, f"“page” must be a whole number from 1 upwards, not “{'9' * 40}”."),
        ({"per_page": "-1"}, "“per_page” must be a whole number from 1 to 200, not “-1”."),
        ({"per_page": "0"}, "“per_page” must be a whole number from 1 to 200, not “0”."),
        ({"per_page": "201"}, "“per_page” must be a whole number from 1 to 200, not “201”."),
        ({"lang": "fr"}, "“lang” must be one of en, es, not “fr”."),
    ],
)
def test_bad_query_parameters_give_a_json_400(client, demo_site, name, query, message):
    """A page, per_page or lang that is not allowed gets a JSON 400 saying what is allowed, never a 500."""
    response = client.get(reverse(f"hsds:{name}"), query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": 400, "message": message}


@pytest.mark.parametrize("page", ["2", "999999", "9" * 30])
def test_a_page_past_the_last_is_empty(client, demo_site, page):
    """A page number past the last page answers 200 with no contents and empty set to true."""
    data = get_json(client, "services", page=page, per_page=16)
    assert data == {
        "total_items": DEMO_SERVICES,
        "total_pages": 1,
        "page_number": int(page),
        "size": 0,
        "first_page": False,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_five_per_page_gives_four_pages_covering_every_service(client, demo_site):
    """With per_page=5 the 16 services come in 4 pages of 5, 5, 5 and 1, each service once."""
    pages = [get_json(client, "services", page=number, per_page=5) for number in range(1, 5)]
    assert [page["total_pages"] for page in pages] == [4] * 4
    assert [page["size"] for page in pages] == [5, 5, 5, 1]
    assert [(page["first_page"], page["last_page"]) for page in pages] == [
        (True, False),
        (False, False),
        (False, False),
        (False, True),
    ]
    ids = [item["id"] for page in pages for item in page["contents"]]
    assert len(set(ids)) == DEMO_SERVICES


def test_hotlines_are_not_services(client, demo_site):
    """The national hotline is not in /hsds/services, and its translation key is not a service id."""
    hotline = HotlinePage.objects.get(slug="national-human-trafficking-hotline", locale__language_code="en")
    data = get_json(client, "services", per_page=200)
    assert "National Human Trafficking Hotline" not in {item["name"] for item in data["contents"]}
    assert str(hotline.translation_key) not in {item["id"] for item in data["contents"]}
    assert client.get(reverse("hsds:service", args=[hotline.translation_key])).status_code == 404


@pytest.mark.parametrize("name", ["service", "organization"])
@pytest.mark.parametrize("bad_id", ["nope", "123", str(uuid.UUID(int=0)), "e7d116ee-a770-4a5a-aec2"])
def test_unknown_or_malformed_ids_give_a_json_404(client, demo_site, name, bad_id):
    """An id that is not a UUID, or no live record's, gets a JSON 404."""
    response = client.get(reverse(f"hsds:{name}", args=[bad_id]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert bad_id in response.json()["message"]


def test_responses_are_json_cached_for_five_minutes(client, demo_site):
    """Lists and details are sent as application/json, cacheable by anyone for 300 seconds, in the asked language."""
    page = english("wentzville-police-department")
    for url in [
        reverse("hsds:services"),
        reverse("hsds:service", args=[page.translation_key]),
        reverse("hsds:organizations"),
        reverse("hsds:organization", args=[page.provider.uuid]),
    ]:
        response = client.get(url, {"lang": "es"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response["Cache-Control"] == "public, max-age=300"
        assert response["Content-Language"] == "es"
    assert client.post(reverse("hsds:services")).status_code == 405


def test_police_department_maps_to_hsds_fields(client, demo_site):
    """The police department's phone, 24/7 lobby, street address, free cost and check date map to HSDS fields,
    once an editor has confirmed the lobby hours (the demo's come from 2019, so it is neither 24/7 nor checked)."""
    page = english("wentzville-police-department")
    ServicePage.objects.filter(pk=page.pk).update(
        open_24_7=True, hours_note="The lobby is open 24/7.", last_verified=datetime.date(2026, 11, 1)
    )
    data = get_json(client, "service", page.translation_key)
    service_id = str(page.translation_key)

    assert data["name"] == "Wentzville Police Department"
    assert data["status"] == "active"
    assert data["assured_date"] == "2026-11-01"
    assert "assurer_email" not in data
    assert data["organization"] == {
        "id": str(page.provider.uuid),
        "name": "Wentzville Police Department",
        "description": "Wentzville Police Department",
    }
    assert [(phone["type"], phone["number"]) for phone in data["phones"]] == [("voice", "+16363275105")]
    [schedule] = data["schedules"]
    assert schedule["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    assert re.fullmatch(r"00:00[+-]\d\d:00", schedule["opens_at"])
    assert re.fullmatch(r"23:59[+-]\d\d:00", schedule["closes_at"])
    assert schedule["description"] == "Open 24 hours a day, 7 days a week. The lobby is open 24/7."
    [address] = data["service_at_locations"][0]["location"]["addresses"]
    assert {key: address[key] for key in ["address_1", "city", "state_province", "postal_code", "country"]} == {
        "address_1": "1019 Schroeder Creek Blvd",
        "city": "Wentzville",
        "state_province": "MO",
        "postal_code": "63385",
        "country": "US",
    }
    assert address["location_id"] == data["service_at_locations"][0]["location_id"]
    assert data["fees_description"] == "Free"
    assert [(option["amount"], option["option"]) for option in data["cost_options"]] == [(0, "Free")]
    assert [attribute["taxonomy_term"]["name"] for attribute in data["attributes"]] == [
        "Reporting and law enforcement"
    ]
    assert {value for path, value in ids_in(data).items() if path.startswith("/phones")} == {
        str(uuid.uuid5(page.translation_key, "phone:voice"))
    }
    assert all(item["service_id"] == service_id for item in data["phones"] + data["schedules"] + data["languages"])


def test_covering_house_gives_its_website_eligibility_and_no_address(client, demo_site):
    """A service at a confidential address has no location; its website, eligibility and access text are kept."""
    data = get_json(client, "service", english("covering-house-residential-programme").translation_key)
    assert data["url"] == "https://thecoveringhouse.org/"
    assert data["eligibility_description"].startswith("Girls about 12 to 18")
    assert data["application_process"].startswith("By referral, not walk-in.")
    assert data["fees_description"] == "Ask about cost"
    assert data["service_at_locations"] == []
    assert data["cost_options"] == []
    assert data["organization"]["website"] == "https://thecoveringhouse.org/"
    assert [attribute["taxonomy_term"]["code"] for attribute in data["attributes"]] == [
        "counselling",
        "exit-programmes",
        "housing",
        "youth",
    ]


def test_rich_text_description_and_languages_note_become_plain_text(client, demo_site):
    """The rich-text description follows the summary as plain text, and the languages note is the interpretation text."""
    page = english("night-outreach-vans")
    page.description = "<p>Kits are <b>free</b>.</p><ul><li>Naloxone</li><li>Bandages</li></ul>"
    page.languages_note = "A volunteer speaks some Spanish."
    page.save_revision().publish()

    data = get_json(client, "service", page.translation_key)
    assert data["description"] == f"{page.summary}\n\nKits are free. Naloxone Bandages"
    assert data["interpretation_services"] == "A volunteer speaks some Spanish."


def test_opening_hours_become_weekly_schedules(client, demo_site):
    """Each opening-hours row becomes a weekly schedule with RFC 5545 days in week order and the hours note."""
    page = english("night-outreach-vans")
    page.opening_hours = [
        {"type": "hours", "value": {"days": ["sat", "fri"], "opens": "21:00:00", "closes": "02:00:00"}},
        {"type": "hours", "value": {"days": ["mon", "wed"], "opens": "19:30:00", "closes": "23:00:00"}},
    ]
    page.save_revision().publish()

    schedules = get_json(client, "service", page.translation_key)["schedules"]
    assert [(item["byday"], item["opens_at"][:5], item["closes_at"][:5]) for item in schedules] == [
        ("FR,SA", "21:00", "02:00"),
        ("MO,WE", "19:30", "23:00"),
    ]
    assert {item["description"] for item in schedules} == {"At night."}
    assert {item["freq"] for item in schedules} == {"WEEKLY"}
    assert len({item["id"] for item in schedules}) == 2


# Count, page (view restrictions checked inside them); then the Spanish texts and, in full,
# categories and languages.
@pytest.mark.parametrize(
    ("lang", "full", "expected"), [("en", "false", 2), ("es", "false", 3), ("en", "true", 4), ("es", "true", 5)]
)
def test_list_queries_do_not_grow_with_page_size(client, demo_site, lang, full, expected):
    """A list of 16 services runs as few queries as a list of 2."""
    counts = []
    for per_page in [2, 16]:
        with counting_queries() as queries:
            get_json(client, "services", per_page=per_page, lang=lang, full=full)
        counts.append(len(queries))
    assert counts == [expected, expected]
