"""`manage.py import_hsds`: services from another directory's Open Referral HSDS 3.0 data, as drafts for review.

The site's own /hsds/ export is the round trip's source: imported into a site with no services, approved by a
moderator and exported again, it gives the same JSON. The specification's examples (tests/fixtures/hsds-3.0/
examples) and a hand-made package with errors (tests/fixtures/hsds-import-errors) are the other sources.
"""

import copy
import io
import json
import tempfile
import zipfile

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.models import PageLogEntry, WorkflowState

from resources.hsds import importing
from resources.hsds.report import CHANGE, CREATE, DROPPED, INACTIVE, SKIP, UNCHANGED
from resources.models import DirectoryService, Organisation, ServicePage
from resources.needs_translation import needs_translation
from tests.browser import PASSWORD
from tests.hsds_tabular import write_package
from tests.test_translator_journey import person
from tests.utils import FIXTURES

pytestmark = pytest.mark.django_db

EXAMPLES = FIXTURES / "hsds-3.0" / "examples"


def export(client):
    """The site's services as another directory reads them: every field, every service, in English."""
    response = client.get(reverse("hsds:services"), {"full": "true", "per_page": 200})
    assert response.status_code == 200
    return response.json()


def comparable(data):
    """Services by id, without the moment they were last published (an import publishes them again)."""
    services = {}
    for service in data["contents"]:
        service = dict(service)
        service.pop("last_modified", None)
        services[service["id"]] = service
    return services


def write(folder, data, name="services.json"):
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def no_services():
    """A site with its tree and directory but no services or organisations: a coalition starting out."""
    ServicePage.objects.all().delete()
    Organisation.objects.all().delete()


@pytest.fixture
def moderator(roles):
    return person("mo", "Moderators", "Mo")


def approve_everything(moderator):
    """A moderator approves every service and organisation waiting in the workflow, as from the dashboard."""
    for state in WorkflowState.objects.active():
        state.current_task_state.approve(user=moderator)


@pytest.fixture
def demo_export(client, demo_site):
    """The demo's export, with opening hours on one service so that hours make the round trip too."""
    page = ServicePage.objects.get(slug="night-outreach-vans", locale__language_code="en")
    page.opening_hours = [
        {"type": "hours", "value": {"days": ["sat", "fri"], "opens": "21:00:00", "closes": "02:00:00"}},
        {"type": "hours", "value": {"days": ["mon", "wed"], "opens": "19:30:00", "closes": "23:00:00"}},
    ]
    page.save_revision().publish()
    return export(client)


def test_the_sites_own_export_makes_the_same_services_again(client, demo_export, moderator, tmp_path):
    """Imported into a site with no services and approved, the export gives the same services, organisations,
    phones, hours and languages, under the same ids."""
    source = write(tmp_path, demo_export)
    no_services()

    report = importing.run(source, "Demo 211", moderator)

    assert report.counts[CREATE] == len(demo_export["contents"]) == 16
    assert not [problem for outcome in report.outcomes for problem in outcome.problems]
    assert export(client)["contents"] == [], "nothing is live before a moderator approves it"
    approve_everything(moderator)
    again = comparable(export(client))
    assert again == comparable(demo_export)
    vans = next(service for service in again.values() if service["name"] == "Night outreach vans")
    assert [(item["byday"], item["opens_at"][:5]) for item in vans["schedules"]] == [
        ("FR,SA", "21:00"),
        ("MO,WE", "19:30"),
    ]


def test_running_the_same_import_again_changes_nothing(demo_export, moderator, tmp_path):
    source = write(tmp_path, demo_export)
    no_services()
    importing.run(source, "Demo 211", moderator)
    revisions = {page.pk: page.latest_revision_id for page in ServicePage.objects.all()}

    report = importing.run(source, "Demo 211", moderator)

    assert report.counts[UNCHANGED] == 16
    assert report.counts[CREATE] == report.counts[CHANGE] == 0
    assert {page.pk: page.latest_revision_id for page in ServicePage.objects.all()} == revisions


def test_the_sites_own_export_re_imported_over_itself_changes_nothing(demo_export, moderator, tmp_path):
    """Matched by id to the pages it came from: nothing to change, nothing new."""
    report = importing.run(write(tmp_path, demo_export), "Demo 211", moderator)
    assert report.counts[UNCHANGED] == 16, report.lines()


def imported(demo_export, moderator, tmp_path):
    """The demo's services imported and approved; the source and the page for the night outreach vans."""
    no_services()
    importing.run(write(tmp_path, demo_export), "Demo 211", moderator)
    approve_everything(moderator)
    source = copy.deepcopy(demo_export)
    vans = next(service for service in source["contents"] if service["name"] == "Night outreach vans")
    page = ServicePage.objects.get(translation_key=vans["id"])
    return source, vans, page


def test_a_changed_source_gives_a_draft_revision_for_review(demo_export, moderator, tmp_path):
    source, vans, page = imported(demo_export, moderator, tmp_path)
    live_phone = page.phone
    vans["phones"] = [{"id": "4b6a1f56-3f0e-4c39-9a55-0d0b6f1f2a01", "number": "(636) 327-5106", "type": "voice"}]
    vans["schedules"][0]["opens_at"] = "20:00-06:00"

    report = importing.run(write(tmp_path, source, "changed.json"), "Demo 211", moderator)

    [outcome] = report.of(CHANGE)
    assert outcome.title == "Night outreach vans"
    assert outcome.changes == ["phone number", "opening hours"]
    assert outcome.conflicts == []
    page.refresh_from_db()
    assert page.phone == live_phone, "readers still see the approved number"
    draft = page.get_latest_revision_as_object()
    assert draft.phone == "+16363275106"
    assert draft.opening_hours[0].value["opens"].strftime("%H:%M") == "20:00"
    assert WorkflowState.objects.for_instance(page).filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()
    history = PageLogEntry.objects.get(page=page, action=importing.LOG_ACTION, revision=page.latest_revision)
    assert history.message == "Drafted from Demo 211’s data: phone number, opening hours"
    approve_everything(moderator)
    page.refresh_from_db()
    assert page.phone == "+16363275106"


def test_an_editors_own_edit_is_kept_or_shown(demo_export, moderator, tmp_path):
    """An editor's change to a field the source did not change stays; one the source changed too is named in
    the report, and the revision before the import's keeps the editor's version."""
    source, vans, page = imported(demo_export, moderator, tmp_path)
    edited = page.get_latest_revision_as_object()
    edited.hours_note = "Vans out every night in winter."
    edited.summary = "An editor's better summary."
    editors_revision = edited.save_revision()
    vans["schedules"][0]["description"] = "Out from dusk."
    vans["schedules"][1]["description"] = "Out from dusk."
    vans["email"] = "vans@example.org"

    report = importing.run(write(tmp_path, source, "changed.json"), "Demo 211", moderator)

    [outcome] = report.of(CHANGE)
    assert outcome.changes == ["email", "more about hours"]
    assert outcome.conflicts == ["more about hours"]
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert draft.summary == "An editor's better summary."
    assert draft.hours_note == "Out from dusk."
    assert draft.email == "vans@example.org"
    assert editors_revision.as_object().hours_note == "Vans out every night in winter."
    lines = "\n".join(report.lines())
    assert "also changed by an editor (their version is in the revision before): more about hours" in lines


def test_a_service_the_source_drops_is_listed_not_deleted(demo_export, moderator, tmp_path):
    source, vans, page = imported(demo_export, moderator, tmp_path)
    source["contents"].remove(vans)

    report = importing.run(write(tmp_path, source, "smaller.json"), "Demo 211", moderator)

    [outcome] = report.of(DROPPED)
    assert (outcome.title, outcome.page_id) == ("Night outreach vans", page.pk)
    page.refresh_from_db()
    assert page.live
    # Another directory's import does not list it.
    other = importing.run(write(tmp_path, {"contents": []}, "other.json"), "Another 211", moderator)
    assert other.of(DROPPED) == []


def test_a_dry_run_saves_nothing_and_says_the_same(demo_export, moderator, tmp_path, mailoutbox):
    source = write(tmp_path, demo_export)
    no_services()

    dry = importing.run(source, "Demo 211", moderator, dry_run=True)

    assert ServicePage.objects.count() == Organisation.objects.count() == DirectoryService.objects.count() == 0
    assert mailoutbox == []
    assert dry.summary().startswith("Dry run, nothing saved: 16 new services")
    real = importing.run(source, "Demo 211", moderator)
    assert [(item.action, item.title) for item in real.outcomes] == [
        (item.action, item.title) for item in dry.outcomes
    ]


def test_new_services_and_organisations_wait_for_a_moderator(client, demo_export, moderator, tmp_path):
    checked = demo_export["contents"][0]
    checked["assured_date"] = "2026-11-30"
    source = write(tmp_path, demo_export)
    no_services()

    importing.run(source, "Demo 211", moderator)

    pages = ServicePage.objects.all()
    assert pages and not any(page.live for page in pages)
    assert not any(organisation.live for organisation in Organisation.objects.all())
    in_review = WorkflowState.objects.active().filter(status=WorkflowState.STATUS_IN_PROGRESS)
    assert in_review.count() == pages.count() + Organisation.objects.count()
    page = pages.get(translation_key=checked["id"])
    assert page.directory_service.source == "Demo 211"
    assert str(page.last_verified) == "2026-11-30"
    assert page.verification_source == "Demo 211 (imported from its Open Referral data)"
    assert client.get(f"/en/services/{page.slug}/").status_code == 404
    assert client.get(reverse("hsds:services")).json()["total_items"] == 0


def test_approved_imports_are_listed_for_translation(demo_export, moderator, tmp_path):
    """Spanish comes through the translators: an approved import is on their list, never machine-published."""
    no_services()
    importing.run(write(tmp_path, demo_export), "Demo 211", moderator)
    assert not ServicePage.objects.filter(locale__language_code="es").exists()
    approve_everything(moderator)
    waiting = {item.original.pk for item in needs_translation() if item.locale.language_code == "es"}
    assert set(ServicePage.objects.filter(locale__language_code="en").values_list("pk", flat=True)) <= waiting
    assert not ServicePage.objects.filter(locale__language_code="es").exists()


def test_the_specifications_json_example_imports(demo_site, moderator):
    report = importing.run(EXAMPLES / "service_full.json", "Example", moderator)

    [outcome] = report.of(CREATE)
    page = ServicePage.objects.get(pk=outcome.page_id).get_latest_revision_as_object()
    assert page.title == "Community Counselling"
    assert page.phone == "+441234234567"
    assert page.provider.name == "Example Organization Inc."
    assert [(block.value["days"], str(block.value["opens"])) for block in page.opening_hours] == [
        (["thu", "fri"], "10:00:00")
    ]
    assert [language.code for language in page.languages.all()] == ["ur"]
    assert str(page.last_verified) == "2005-01-01"
    warnings = {problem.field: problem.message for problem in outcome.warnings}
    assert warnings["state_province"] == "“MyState” is not a two-letter state: left out."


def test_an_organisations_services_import(demo_site, moderator):
    """organization_full.json: one organisation with its services."""
    report = importing.run(EXAMPLES / "organization_full.json", "Example", moderator)
    assert [outcome.title for outcome in report.of(CREATE)] == ["Community Counselling"]


def test_records_that_are_wrong_are_reported_and_the_rest_imported(demo_site, moderator, tmp_path):
    good = json.loads((EXAMPLES / "service_full.json").read_text())
    no_organisation = {"id": "0b6bd9d4-8a0b-4b48-9d57-7f0c4a1f2a10", "name": "Orphan", "status": "active"}
    bad_phone = {**copy.deepcopy(good), "id": "4b0d5f0c-0a3a-4f3b-8d1e-2f4f3a2b1c10", "name": "Bad phone"}
    bad_phone["phones"] = [{"id": "9a0d5f0c-0a3a-4f3b-8d1e-2f4f3a2b1c10", "number": "12", "type": "voice"}]
    not_hsds = {"id": "not-a-uuid", "name": "Broken", "status": "active"}
    no_name = {"id": "5c0d5f0c-0a3a-4f3b-8d1e-2f4f3a2b1c10", "status": "active"}
    closed = {**copy.deepcopy(good), "id": "6d0d5f0c-0a3a-4f3b-8d1e-2f4f3a2b1c10", "status": "defunct"}
    source = write(tmp_path, [good, no_organisation, bad_phone, not_hsds, no_name, closed, "text"])

    report = importing.run(source, "Example", moderator)

    assert [outcome.title for outcome in report.of(CREATE)] == ["Community Counselling"]
    assert [outcome.title for outcome in report.of(INACTIVE)] == ["Community Counselling"]
    problems = {outcome.where: [str(problem) for problem in outcome.errors] for outcome in report.of(SKIP)}
    assert problems == {
        "services.json, service 2": [
            "services.json, service 2, organization: No organisation: every service here says which organisation "
            "runs it."
        ],
        "services.json, service 3": [
            "services.json, service 3, phones[0].number: “12” is not a phone number we can dial. Write it as people "
            "dial it, for example 1-888-373-7888, (636) 327-5105 or +52 55 1234 5678, or a short code such as 911."
        ],
        "services.json, service 4": ["services.json, service 4, id: “not-a-uuid” is not an HSDS id (a UUID)."],
        "services.json, service 5": ["services.json, service 5, name: Required, and missing."],
        "services.json, service 7": ["services.json, service 7: This is not a service record."],
    }
    assert ServicePage.objects.filter(title__in=["Orphan", "Bad phone", "Broken"]).count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"contents": [', "This is not valid JSON: Expecting value at line 1, column 15."),
        (b'{"hello": "world"}', "No services found: give a list of services, a page of them (“contents”) or one"),
        (b"\xff\xfe", "The file is not text in UTF-8."),
    ],
)
def test_a_source_that_cannot_be_read_writes_nothing(demo_site, tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    before = ServicePage.objects.count()

    report = importing.run(path, "Broken")

    assert not report.valid and report.outcomes == []
    assert message in str(report.source_errors[0])
    assert report.summary() == "Nothing was imported: the file cannot be read as Open Referral (HSDS 3.0) data."
    assert ServicePage.objects.count() == before


def test_a_zip_that_points_outside_itself_is_refused(demo_site, tmp_path, monkeypatch):
    # Uploads are written and unpacked in folders under tmp_path/uploads/: "../../" from one is tmp_path.
    (tmp_path / "uploads").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "uploads"))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("../../escape.json", "[]")
    report = importing.run_upload("export.zip", archive.getvalue(), "Zip")
    assert [problem.message for problem in report.source_errors] == ["A file in the .zip points outside it."]
    assert not (tmp_path / "escape.json").exists()


def test_a_zip_of_json_files_imports(demo_site, moderator):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(EXAMPLES / "service_full.json", "export/service_full.json")
    report = importing.run_upload("export.zip", archive.getvalue(), "Zip", moderator, dry_run=True)
    assert [outcome.action for outcome in report.outcomes] == [CREATE]


def test_the_command_says_what_it_would_do_and_fails_on_a_bad_source(demo_site, tmp_path):
    out = io.StringIO()
    call_command("import_hsds", str(EXAMPLES / "service_full.json"), "--dry-run", "--directory", "Example", stdout=out)
    text = out.getvalue()
    assert text.startswith("Dry run, nothing saved: 1 new service, 0 changed, 0 unchanged, 0 not imported")
    assert "  - Community Counselling (service_full.json)" in text
    assert not ServicePage.objects.filter(title="Community Counselling").exists()

    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(CommandError):
        call_command("import_hsds", str(broken), stdout=io.StringIO())


def drafts():
    """Every imported service as its latest draft, in the form an import compares, by HSDS id."""
    return {
        str(page.translation_key): importing.page_values(page.get_latest_revision_as_object())
        for page in ServicePage.objects.filter(locale__language_code="en")
    }


def test_the_specifications_examples_import_in_both_forms_to_the_same_services(demo_site, moderator):
    no_services()
    json_report = importing.run(EXAMPLES / "service_full.json", "Example", moderator)
    from_json = drafts()
    no_services()
    csv_report = importing.run(EXAMPLES / "csv" / "datapackage.json", "Example", moderator)

    assert [outcome.action for outcome in json_report.outcomes] == [CREATE]
    assert [outcome.action for outcome in csv_report.outcomes] == [CREATE]
    assert drafts() == from_json
    assert [str(problem) for problem in csv_report.outcomes[0].warnings] == [
        str(problem).replace("service_full.json", "services.csv row 2") for problem in json_report.outcomes[0].warnings
    ]


def test_the_tabular_form_of_the_sites_export_makes_the_same_services(client, demo_export, moderator, tmp_path):
    package = write_package(demo_export["contents"], tmp_path / "package")
    no_services()

    report = importing.run(package, "Demo 211", moderator)

    assert report.counts[CREATE] == 16 and report.valid
    approve_everything(moderator)
    assert comparable(export(client)) == comparable(demo_export)
    again = importing.run(package, "Demo 211", moderator)
    assert again.counts[UNCHANGED] == 16


def test_a_package_with_errors_reports_each_and_imports_the_rest(demo_site, moderator):
    """tests/fixtures/hsds-import-errors (its README says what is wrong where)."""
    package = FIXTURES / "hsds-import-errors" / "datapackage.json"

    dry = importing.run(package, "Example 211", moderator, dry_run=True)

    assert dry.summary() == (
        "Dry run, nothing saved: 3 new services, 0 changed, 0 unchanged, 3 not imported, 0 no longer in the source."
    )
    assert [str(note) for note in dry.notes] == [
        "phones.csv row 7, service_id: “5e000000-0000-4000-8000-000000000099” matches no service in services.csv; "
        "the row is left out."
    ]
    errors = {outcome.where: [str(problem) for problem in outcome.errors] for outcome in dry.of(SKIP)}
    assert errors == {
        "services.csv row 4": [
            "services.csv row 4, phones[0].number: “555-CALL-NOW” is not a phone number we can dial. Write it as "
            "people dial it, for example 1-888-373-7888, (636) 327-5105 or +52 55 1234 5678, or a short code such as "
            "911."
        ],
        "services.csv row 6": ["services.csv row 6, name: Required, and missing."],
        "services.csv row 7": ["services.csv row 7, minimum_age: “twelve” is not a number."],
    }
    [circle] = [outcome for outcome in dry.of(CREATE) if outcome.title == "Example Conversation Circle"]
    assert [str(problem) for problem in circle.warnings] == [
        "services.csv row 5, languages[1]: “Klingonese” is not a language this site knows: left out."
    ]
    assert ServicePage.objects.filter(title__startswith="Example ").count() == 0

    report = importing.run(package, "Example 211", moderator)

    assert [outcome.action for outcome in report.outcomes] == [outcome.action for outcome in dry.outcomes]
    pantry = ServicePage.objects.get(title="Example Weekly Food Pantry")
    assert not pantry.live
    assert pantry.locality == "Wentzville" and pantry.region == "MO" and pantry.postal_code == "63385"
    assert [language.code for language in pantry.languages.all()] == ["en", "es"]
    assert pantry.cost == "free"
    assert [(block.value["days"], str(block.value["opens"])) for block in pantry.opening_hours] == [
        (["tue", "thu"], "09:00:00"),
        (["sat"], "10:00:00"),
    ]


def test_reviewers_get_one_email_for_the_whole_import(demo_export, moderator, tmp_path, mailoutbox):
    """Not Wagtail's two e-mails for each of 16 services and their organisations: one, listing them."""
    other = get_user_model().objects.create_user("lu", email="lu@example.org", password=PASSWORD, first_name="Lu")
    other.groups.add(Group.objects.get(name="Moderators"))
    moderator.email = "mo@example.org"
    moderator.save()
    no_services()

    importing.run(write(tmp_path, demo_export), "Demo 211", moderator)

    [mail] = mailoutbox
    assert mail.to == ["lu@example.org"]
    assert mail.subject == "32 items from Demo 211 to review"
    assert "Hello Lu,\n\nMo imported services from Demo 211." in mail.body.replace("  ", " ")
    assert "- Night outreach vans" in mail.body
    assert mail.body.endswith("Review them from your dashboard: http://127.0.0.1:8000/admin/")
    # Wagtail's own e-mails are back for the next submission made in the editor.
    page = ServicePage.objects.get(title="Night outreach vans")
    WorkflowState.objects.for_instance(page).get().cancel(user=moderator)
    page.get_workflow().start(page, moderator)
    assert len(mailoutbox) == 2


def test_an_upload_larger_than_one_request_imports_is_refused_with_advice(demo_site):
    services = [
        {"id": f"00000000-0000-4000-8000-{number:012}", "name": "x", "status": "active"} for number in range(3)
    ]
    report = importing.run_upload("big.json", json.dumps(services).encode(), "Big", limit=2)
    assert [str(problem) for problem in report.source_errors] == [
        "big.json: This file has 3 services, more than the 2 imported here at once. Split it into smaller files, or "
        "ask whoever runs the site to import it with manage.py import_hsds."
    ]


def test_a_second_service_with_the_same_id_is_refused_not_imported_over_the_first(demo_site, moderator, tmp_path):
    first = json.loads((EXAMPLES / "service_full.json").read_text())
    second = {**copy.deepcopy(first), "name": "Same id, other name"}
    report = importing.run(write(tmp_path, [first, second]), "Example", moderator)
    assert [(outcome.action, outcome.title) for outcome in report.outcomes] == [
        (CREATE, "Community Counselling"),
        (SKIP, "Same id, other name"),
    ]
    assert [str(problem) for problem in report.outcomes[1].errors] == [
        "services.json, service 2, id: This id is already used by a service above."
    ]
    page = ServicePage.objects.get(translation_key=first["id"])
    assert page.get_latest_revision_as_object().title == "Community Counselling"
