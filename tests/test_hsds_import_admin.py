"""“Import from a directory” in the admin: who may use it, what a moderator reads before importing, what importing
makes (drafts awaiting review), and that a file is imported once."""

import html
import io
import json
import re
import uuid
import zipfile

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.users.models import UserProfile

from resources.hsds.admin_views import MAX_FILE_SIZE
from resources.models import DirectoryImport, DirectoryService, ServicePage
from tests.utils import log_in

pytestmark = pytest.mark.django_db

INDEX = reverse("directory_import:index")
SOURCE = "United Way 211"
NAMESPACE = uuid.UUID("0b3e9a5e-1f0c-4a61-8a5f-4c1d2b7e9f10")
ORGANISATION = {
    "id": str(uuid.uuid5(NAMESPACE, "organisation")),
    "name": "Lincoln County Community Pantry",
    "description": "A food pantry run by volunteers.",
}


def service(name, **fields):
    """One service as a 211 sends it (HSDS 3.0, with its organisation)."""
    return {
        "id": str(uuid.uuid5(NAMESPACE, name)),
        "name": name,
        "status": "active",
        "description": f"{name}, for anyone in Lincoln County.",
        "organization": ORGANISATION,
        **fields,
    }


# Two new services and one whose e-mail address is not one: the last cannot be imported.
SERVICES = [
    service("Evening food pantry", phones=[{"id": str(uuid.uuid5(NAMESPACE, "phone")), "number": "636-555-0142"}]),
    service("Free tax help", url="https://example.org/tax-help"),
    service("Diaper bank", email="diapers at pantry"),
]


def directory_json(services=SERVICES):
    return json.dumps(services).encode()


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def shown(response):
    """The page's text as a person reads it: entities decoded, runs of white space as one space."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def text(response):
    """What a person reads on the page: its text without tags, runs of white space as one space."""
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def row_of(response, title):
    """The text of the report's table row about the service `title`."""
    soup = BeautifulSoup(response.content, "html.parser")
    (row,) = [row for row in soup.select("tbody tr") if title in row.get_text()]
    return " ".join(row.get_text(" ").split())


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def member_of(group_name, username=None):
    user = get_user_model().objects.create_user(username or group_name.lower(), password="a-long-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def moderator(client, roles):
    user = member_of("Moderators", "mo")
    log_in(client, user)
    return user


def check(client, data=None, name="services.json", source=SOURCE, **kwargs):
    """Upload a file and click “Check the file”."""
    file = upload(name, directory_json() if data is None else data)
    return client.post(INDEX, {"source": source, "file": file}, **kwargs)


@pytest.mark.parametrize("group", ["Editors", "Translators"])
def test_editors_and_translators_get_wagtails_permission_denied_everywhere(client, roles, group):
    """Neither the menu item, the page, a report nor an import is theirs: each answers Wagtail's “permission denied”."""
    record = DirectoryImport.objects.create(source=SOURCE, file_name="services.json", data=directory_json())
    log_in(client, member_of(group))
    assert "Import from a directory" not in shown(client.get(reverse("wagtailadmin_home")))
    report_url = reverse("directory_import:report", args=[record.pk])
    for response in (
        client.get(INDEX, follow=True),
        check(client, follow=True),
        client.get(report_url, follow=True),
        client.post(report_url, follow=True),
        client.get(reverse("directory_import:report", args=[record.pk + 1]), follow=True),
    ):
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
        assert "Sorry, you do not have permission to access this area." in text(response)
    record.refresh_from_db()
    assert record.imported_at is None
    assert DirectoryImport.objects.count() == 1
    assert not DirectoryService.objects.exists()


def test_moderators_find_it_in_the_menu_with_the_name_they_used_last_time(client, moderator):
    """The menu has “Import from a directory”; its form is prefilled with the directory named at the last upload."""
    dashboard = shown(client.get(reverse("wagtailadmin_home")))
    assert "Import from a directory" in dashboard and INDEX in dashboard
    page = client.get(INDEX)
    assert page.status_code == 200
    assert "nothing goes live until a moderator approves each service" in shown(page)
    assert page.context["form"]["source"].value() == ""
    assert "No file has been uploaded yet." in shown(page)

    DirectoryImport.objects.create(source="Old 211", file_name="old.json", data=b"[]")
    DirectoryImport.objects.create(source=SOURCE, file_name="services.json", data=b"[]")
    page = client.get(INDEX)
    assert page.context["form"]["source"].value() == SOURCE
    assert "old.json" in shown(page) and "services.json" in shown(page)


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("services.csv", b"id,name\n", "“services.csv” is neither a .json nor a .zip file."),
        ("services.json", b"", "The submitted file is empty."),
        ("services.zip", b"PK" + b"\0" * (MAX_FILE_SIZE - 1), "the largest file that can be imported is 20.0 MB."),
    ],
)
def test_a_file_of_another_kind_or_too_big_is_a_form_error(client, moderator, name, data, error):
    """Not .json or .zip, empty or over 20 MB: the form says so, and nothing is saved."""
    response = check(client, data, name=name)
    assert response.status_code == 200
    assert error in shown(response)
    assert not DirectoryImport.objects.exists()


def test_the_directory_name_is_required(client, moderator):
    """A file without the directory's name is refused: every service it brings is recorded with that name."""
    response = check(client, source="")
    assert response.status_code == 200
    assert response.context["form"].errors["source"] == ["This field is required."]
    assert not DirectoryImport.objects.exists()


def test_checking_a_file_shows_what_importing_would_do_and_saves_nothing_else(client, moderator):
    """The dry run's report: the summary, each service by what would happen, the record and field of each error."""
    response = check(client)
    record = DirectoryImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("directory_import:report", args=[record.pk])
    assert (record.source, record.file_name, record.uploaded_by, record.imported_at) == (
        SOURCE,
        "services.json",
        moderator,
        None,
    )
    assert bytes(record.data) == directory_json()
    assert not ServicePage.objects.filter(title__in=["Evening food pantry", "Free tax help", "Diaper bank"]).exists()

    report = client.get(response.url)
    page = text(report)
    assert "Dry run, nothing saved: 2 new services, 0 changed, 0 unchanged, 1 not imported" in page
    assert "New, becomes a draft for review (2)" in page
    assert "Not imported: fix the source (1)" in page
    # The importer's own words follow (resources/hsds/importing.py): here, only where and which field.
    assert row_of(report, "Diaper bank").startswith("Diaper bank services.json, service 3 Error: Field “email”: ")
    assert row_of(report, "Free tax help") == "Free tax help services.json, service 2"
    # Not yet pages: nothing to link to.
    assert not BeautifulSoup(report.content, "html.parser").select("table a")
    assert "Import 2 services" in page


def test_importing_makes_drafts_awaiting_review_linked_from_the_report(client, moderator):
    """Import: the new services are drafts in the moderators' workflow, each linked to its editor from the report."""
    report_url = check(client).url
    response = client.post(report_url)
    assert response.status_code == 302 and response.url == report_url
    assert messages_of(response) == [
        "Imported: 2 new services, 0 changed, 0 unchanged, 1 not imported, 0 no longer in the source."
    ]
    record = DirectoryImport.objects.get()
    assert record.imported_at is not None
    for title in ("Evening food pantry", "Free tax help"):
        draft = ServicePage.objects.get(title=title)
        assert not draft.live
        assert draft.workflow_in_progress
        assert draft.directory_service.source == SOURCE
    assert not ServicePage.objects.filter(title="Diaper bank").exists()

    response = client.get(report_url)
    page = shown(response)
    assert "Imported: 2 new services" in page
    draft = ServicePage.objects.get(title="Evening food pantry")
    assert f'<a href="{reverse("wagtailadmin_pages:edit", args=[draft.pk])}">Evening food pantry</a>' in page
    assert page.count("Draft, awaiting review") == 2
    assert f'href="{reverse("wagtailadmin_home")}"' in page
    assert "Import 2 services" not in page


def test_a_file_is_imported_once(client, moderator):
    """A second click (or a second moderator) imports nothing: a message says the file was imported already."""
    report_url = check(client).url
    client.post(report_url)
    imported = ServicePage.objects.filter(directory_service__isnull=False)
    revisions = {page.pk: page.revisions.count() for page in imported}
    assert len(revisions) == 2

    log_in(client, member_of("Moderators", "another"))
    response = client.post(report_url, follow=True)
    assert "This file was already imported (" in shown(response)
    assert {page.pk: page.revisions.count() for page in imported} == revisions
    assert ServicePage.objects.filter(title="Evening food pantry").count() == 1


def test_a_file_that_cannot_be_read_says_what_to_fix_and_offers_no_import(client, moderator):
    """Not JSON: the report says why, offers to upload again, and has no Import button; a POST imports nothing."""
    response = check(client, b'[{"id": "1", "name": "Broken"', name="broken.json")
    report = client.get(response.url)
    page = text(report)
    assert "Nothing was imported: the file cannot be read as Open Referral (HSDS 3.0) data." in page
    assert "Error: broken.json: This is not valid JSON" in page
    assert "Nothing can be imported from this file." in page
    assert "Upload the file again" in page
    assert not BeautifulSoup(report.content, "html.parser").select("main form button")

    response = client.post(response.url, follow=True)
    assert "There is nothing to import from this file." in shown(response)
    assert DirectoryImport.objects.get().imported_at is None


def test_a_zip_of_json_files_is_read_too(client, moderator):
    """A .zip of the directory's JSON files is checked like the JSON itself."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("services.json", directory_json(SERVICES[:1]))
    response = check(client, buffer.getvalue(), name="from-211.zip")
    page = shown(client.get(response.url))
    assert "Dry run, nothing saved: 1 new service," in page
    assert "Import 1 service" in page


def test_past_imports_list_who_when_and_what(client, moderator):
    """Below the form, each upload: when, by whom, the directory, the file (linked to its report), what it did."""
    report_url = check(client).url
    client.post(report_url)
    check(client, name="again.json")
    response = client.get(INDEX)
    rows = BeautifulSoup(response.content, "html.parser").select("main tbody tr")
    cells = [[" ".join(cell.get_text(" ").split()) for cell in row.select("td")] for row in rows]
    assert [row[1:4] for row in cells] == [["mo", SOURCE, "again.json"], ["mo", SOURCE, "services.json"]]
    assert cells[0][4:] == [
        "Not imported",
        "Dry run, nothing saved: 0 new services, 0 changed, 2 unchanged, 1 not imported, 0 no longer in the source.",
    ]
    assert (
        cells[1][5] == "Imported: 2 new services, 0 changed, 0 unchanged, 1 not imported, 0 no longer in the source."
    )
    assert rows[1].select_one("a")["href"] == report_url


def test_a_later_file_shows_the_sources_changes_an_editors_changes_and_what_it_no_longer_lists(client, moderator):
    """The second import's dry run: the changed fields, those an editor changed too, and services gone from the
    source, each linked to its page."""
    client.post(check(client, directory_json(SERVICES[:2])).url)
    pantry = ServicePage.objects.get(title="Evening food pantry")
    draft = pantry.get_latest_revision_as_object()
    draft.summary = "Groceries on Tuesday and Thursday evenings."
    draft.save_revision(user=member_of("Editors"))

    changed = [{**SERVICES[0], "description": "Groceries for any family, on weekday evenings."}]
    report = client.get(check(client, directory_json(changed)).url)
    page = text(report)
    assert "Dry run, nothing saved: 0 new services, 1 changed, 0 unchanged, 0 not imported, 1 no longer" in page
    assert row_of(report, "Evening food pantry") == (
        "Evening food pantry Draft, awaiting review services.json, service 1 summary Also changed on this site "
        "since the last import: summary. The draft takes the directory’s version; this site’s is in the revision "
        "before it."
    )
    links = BeautifulSoup(report.content, "html.parser").select("table a")
    assert {link.get_text(): link["href"] for link in links} == {
        "Evening food pantry": reverse("wagtailadmin_pages:edit", args=[pantry.pk]),
        "Free tax help": reverse("wagtailadmin_pages:edit", args=[ServicePage.objects.get(title="Free tax help").pk]),
    }
    assert "No longer in the source: review it (nothing was deleted) (1)" in page
    assert "Import 1 service" in page


def test_a_moderator_working_in_spanish_reads_both_pages_in_spanish(client, moderator):
    """The form, the report (its dates in Spanish style) and the Import button speak Spanish."""
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "es"
    profile.save()
    response = check(client)
    assert response.status_code == 302
    report = client.get(response.url)
    page = text(report)
    assert '<html lang="es"' in report.content.decode()
    assert "Prueba, no se guardó nada: 2 servicios nuevos, 0 con cambios, 0 sin cambios, 1 sin importar" in page
    assert row_of(report, "Diaper bank").startswith("Diaper bank services.json, servicio 3 Error: Campo “email”: ")
    assert "Importar 2 servicios" in page
    assert re.search(r"Subido: \d+ de \w+ de \d{4}, \d+(:\d\d)? [ap]\. m\., por mo", page)
    index = text(client.get(INDEX))
    assert "Importar de un directorio" in index and "Revisar el archivo" in index
