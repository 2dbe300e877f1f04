"""Editors find the hotlines and services whose facts need checking, and mark them as checked in one step."""

import csv
import datetime
import html
import io
import re

import openpyxl
import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import formats, timezone, translation

from wagtail.models import GroupPagePermission, Locale
from wagtail.users.models import UserProfile

from home.demo import content
from home.models import HomePage
from resources.models import HotlineIndexPage, HotlinePage, ServicePage
from tests.utils import edit_page_url, log_in

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/facts/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SOURCE = "Called the hotline on the day"


def english(model, slug):
    return model.objects.get(slug=slug, locale__language_code="en")


def spanish(page):
    return page.get_translation(Locale.objects.get(language_code="es"))


def checked_url(page):
    return f"/admin/facts/{page.pk}/checked/"


def report_rows(client):
    """The pages the report lists, in order, as the ids its title links point to."""
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<a href="/admin/pages/(\d+)/edit/"', response.content.decode())]


def date_text(date, language):
    with translation.override(language):
        return formats.date_format(date, "DATE_FORMAT")


def download(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def editor(client, demo_site):
    log_in(client, get_user_model().objects.create_superuser("editor", "editor@example.org", "pw"))
    return client


@pytest.fixture
def recent_demo_checks(settings):
    """However long ago the demo's facts were checked, count those checks as recent."""
    settings.VERIFICATION_MAX_AGE_DAYS = (timezone.localdate() - content.FACTS_CHECKED).days + 30


@pytest.fixture
def hotline(demo_site):
    """The demo's never-checked National Human Trafficking Hotline, in English."""
    return english(HotlinePage, "national-human-trafficking-hotline")


def staff_client(client, username, *page_permissions):
    """A logged-in admin user whose only page permissions are `page_permissions` on the hotlines section."""
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    group = Group.objects.create(name=username)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in page_permissions:
        GroupPagePermission.objects.create(
            group=group,
            page=HotlineIndexPage.objects.get(locale__language_code="en"),
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    user.groups.add(group)
    log_in(client, user)
    return client


def test_report_lists_unchecked_records_never_checked_first(editor, recent_demo_checks, hotline):
    """Never-checked hotlines and services come first, then the oldest check; recent checks are not listed."""
    mocsa = english(ServicePage, "mocsa-legal-advocates")
    emergency = english(HotlinePage, "911")
    old = timezone.localdate() - datetime.timedelta(days=400)
    HotlinePage.objects.filter(pk=english(HotlinePage, "crimestoppers").pk).update(last_verified=old)

    rows = report_rows(editor)

    assert hotline.pk in rows and mocsa.pk in rows
    assert emergency.pk not in rows
    assert english(HotlinePage, "national-human-trafficking-hotline-text").pk not in rows
    assert rows[-1] == english(HotlinePage, "crimestoppers").pk
    body = editor.get(REPORT_URL).content.decode()
    assert "Never" in body
    assert date_text(old, "en") in body
    assert checked_url(hotline) in body


def test_report_lists_checks_older_than_the_setting(editor, settings):
    """A check exactly VERIFICATION_MAX_AGE_DAYS old still counts; one a day older is listed again."""
    settings.VERIFICATION_MAX_AGE_DAYS = 180
    today = timezone.localdate()
    on_the_limit, too_old = english(HotlinePage, "911"), english(HotlinePage, "crimestoppers")
    HotlinePage.objects.filter(pk=on_the_limit.pk).update(last_verified=today - datetime.timedelta(days=180))
    HotlinePage.objects.filter(pk=too_old.pk).update(last_verified=today - datetime.timedelta(days=181))

    rows = report_rows(editor)

    assert too_old.pk in rows
    assert on_the_limit.pk not in rows


def test_demo_checks_are_listed_once_older_than_the_setting(editor, settings):
    """The records the demo checked on 2026-11-01 appear once the allowed age is shorter than their age."""
    emergency = english(HotlinePage, "911")
    age = (timezone.localdate() - content.FACTS_CHECKED).days

    settings.VERIFICATION_MAX_AGE_DAYS = age
    assert emergency.pk not in report_rows(editor)

    settings.VERIFICATION_MAX_AGE_DAYS = age - 1
    assert emergency.pk in report_rows(editor)


def test_csv_export_lists_the_unchecked_records(editor, recent_demo_checks, hotline):
    """The CSV download has a heading row and one row per record, with its type, "Never" and its live address."""
    response = editor.get(REPORT_URL, {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    body = download(response)
    assert body.startswith("\ufeff".encode()), "Excel needs the byte-order mark to read UTF-8"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Title", "Type", "Last verified", "Checked against", "Live page"]
    by_title = {row[0]: row for row in rows[1:]}
    assert by_title["National Human Trafficking Hotline"] == [
        "National Human Trafficking Hotline",
        "Hotline",
        "Never",
        "",
        f"http://testserver{hotline.url}",
    ]
    assert by_title["Legal advocates for survivors"][1] == "Service"
    assert "Emergency: 911" not in by_title


def test_csv_cells_never_run_as_formulas(editor, hotline):
    """What an editor typed as the source of a check, however it starts, opens in a spreadsheet as text."""
    HotlinePage.objects.filter(pk=hotline.pk).update(
        last_verified=datetime.date(2020, 1, 1), verification_source='=HYPERLINK("http://x.example","call")'
    )
    rows = list(csv.reader(io.StringIO(download(editor.get(REPORT_URL, {"export": "csv"})).decode("utf-8-sig"))))
    by_title = {row[0]: row for row in rows[1:]}
    assert by_title["National Human Trafficking Hotline"][3] == '\'=HYPERLINK("http://x.example","call")'


def test_xlsx_export_is_a_spreadsheet_of_the_unchecked_records(editor, recent_demo_checks):
    """The XLSX download is an Excel workbook whose rows name the unchecked records."""
    response = editor.get(REPORT_URL, {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(download(response))).active
    titles = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert titles[0] == "Title"
    assert "National Human Trafficking Hotline" in titles
    assert "Legal advocates for survivors" in titles


def test_dashboard_counts_hotlines_and_services_to_check(editor, recent_demo_checks):
    """The dashboard says how many hotlines and services need checking and links to the report."""
    hotlines = sum(1 for hotline in content.HOTLINES if "last_verified" not in hotline)
    services = sum(1 for service in content.SERVICES if "last_verified" not in service)

    body = editor.get("/admin/").content.decode()

    assert f"{hotlines} hotlines need their facts checked." in body
    assert f"{services} services need their facts checked." in body
    assert f'href="{REPORT_URL}"' in body


def test_dashboard_says_all_is_checked_when_nothing_is_due(editor, settings):
    """With every record checked today, the dashboard panel says so instead of counting."""
    settings.VERIFICATION_MAX_AGE_DAYS = 180
    for model in (HotlinePage, ServicePage):
        model.objects.update(last_verified=timezone.localdate(), verification_source=SOURCE)

    body = editor.get("/admin/").content.decode()

    assert "All up to date: every hotline and service was checked in the last 180 days." in body
    assert "need their facts checked" not in body
    assert report_rows(editor) == []
    assert "All up to date" in editor.get(REPORT_URL).content.decode()


def test_translators_are_not_told_facts_they_cannot_check_are_up_to_date(client, demo_site, recent_demo_checks):
    """Facts are checked on the English pages, which a translator cannot edit: their dashboard and reports menu
    leave "Facts to check" out rather than say "all up to date" while some are due."""
    translator = get_user_model().objects.create_user("translator", "translator@example.org", "pw")
    translator.groups.add(Group.objects.get(name="Translators"))
    log_in(client, translator)

    body = client.get("/admin/").content.decode()

    assert "All up to date" not in body and "Facts to check" not in body
    assert client.get(REPORT_URL).status_code in (302, 403)


def test_mark_as_checked_form_is_prefilled_with_the_current_source(editor):
    """The confirmation form offers the source the page was last checked against."""
    emergency = english(HotlinePage, "911")

    response = editor.get(checked_url(emergency))

    assert response.status_code == 200
    assert f'name="source" value="{html.escape(emergency.verification_source)}"' in response.content.decode()


def test_mark_as_checked_publishes_the_date_in_english_and_spanish(
    editor, recent_demo_checks, hotline, django_capture_on_commit_callbacks
):
    """One click sets today's date and the source on both languages, and readers see "Checked on" that date."""
    today = timezone.localdate()
    assert "These details have not been checked yet." in editor.get(hotline.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(checked_url(hotline), {"source": SOURCE, "next": REPORT_URL})

    assert response.status_code == 302
    assert response["Location"] == REPORT_URL
    hotline.refresh_from_db()
    translated = spanish(hotline)
    assert (hotline.last_verified, hotline.verification_source) == (today, SOURCE)
    assert (translated.last_verified, translated.verification_source) == (today, SOURCE)
    assert not hotline.has_unpublished_changes and not translated.has_unpublished_changes
    assert f"Checked on {date_text(today, 'en')}" in editor.get(hotline.url).content.decode()
    assert f"Verificado el {date_text(today, 'es')}" in editor.get(translated.url).content.decode()
    report = editor.get(REPORT_URL).content.decode()
    assert "“National Human Trafficking Hotline” marked as checked today." in report
    assert hotline.pk not in report_rows(editor)


def test_empty_source_is_refused_and_nothing_changes(editor, hotline):
    """Without a source the form says what is missing, and the page keeps its old date and revisions."""
    revisions = hotline.revisions.count()

    response = editor.post(checked_url(hotline), {"source": "   "})

    assert response.status_code == 200
    assert "Say what the facts were checked against." in response.content.decode()
    hotline.refresh_from_db()
    assert hotline.last_verified is None
    assert hotline.revisions.count() == revisions


def test_user_who_cannot_edit_the_page_is_refused(client, demo_site, hotline):
    """A staff user without page permissions gets 403 from the action, and neither the report nor the panel."""
    staff = staff_client(client, "reader")

    assert staff.get(checked_url(hotline)).status_code == 403
    assert staff.post(checked_url(hotline), {"source": SOURCE}).status_code == 403
    response = staff.get(REPORT_URL, follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert "Sorry, you do not have permission to access this area." in response.content.decode()
    assert "Facts to check" not in response.content.decode()
    hotline.refresh_from_db()
    assert hotline.last_verified is None


def test_editor_who_cannot_publish_saves_a_draft(client, demo_site, hotline, django_capture_on_commit_callbacks):
    """An editor without publish permission gets a draft with today's date, is told so, and readers see no change."""
    editor = staff_client(client, "volunteer", "change_page")

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(checked_url(hotline), {"source": SOURCE}, follow=True)

    page_html = response.content.decode()
    assert "“National Human Trafficking Hotline” marked as checked today." in page_html
    assert "You may not publish this page, so the check is saved in a draft" in page_html
    hotline.refresh_from_db()
    draft = hotline.get_latest_revision_as_object()
    assert hotline.has_unpublished_changes
    assert (draft.last_verified, draft.verification_source) == (timezone.localdate(), SOURCE)
    assert "These details have not been checked yet." in client.get(hotline.url).content.decode()
    assert "Verificado el" not in client.get(spanish(hotline).url).content.decode()


def test_mark_as_checked_keeps_other_unpublished_changes_as_a_draft(
    editor, hotline, django_capture_on_commit_callbacks
):
    """Someone's unpublished edit is neither published with the check nor lost: it stays in the draft."""
    draft = hotline.get_latest_revision_as_object()
    draft.summary = "A draft summary nobody has published yet."
    draft.save_revision()

    with django_capture_on_commit_callbacks(execute=True):
        editor.post(checked_url(hotline), {"source": SOURCE})

    live_html = editor.get(hotline.url).content.decode()
    assert f"Checked on {date_text(timezone.localdate(), 'en')}" in live_html
    assert "A draft summary nobody has published yet." not in live_html
    hotline.refresh_from_db()
    latest = hotline.get_latest_revision_as_object()
    assert hotline.has_unpublished_changes
    assert latest.summary == "A draft summary nobody has published yet."
    assert latest.last_verified == timezone.localdate()


def test_action_is_offered_on_hotline_and_service_pages_only(editor, hotline):
    """The page header and the page listing's "More" menu offer the action on hotlines and services, not the home page."""
    service = english(ServicePage, "mocsa-legal-advocates")
    home = HomePage.objects.get(locale__language_code="en")

    for page in (hotline, service):
        assert checked_url(page) in editor.get(edit_page_url(page)).content.decode()
        listing = editor.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
        assert checked_url(page) in listing.content.decode()
    assert not re.search(r"/admin/facts/\d+/checked/", editor.get(edit_page_url(home)).content.decode())


def test_action_for_a_page_without_facts_is_not_found(editor):
    """The home page has no facts to check, so the action answers 404."""
    home = HomePage.objects.get(locale__language_code="en")

    assert editor.get(checked_url(home)).status_code == 404


def test_dashboard_panel_speaks_spanish_to_a_spanish_admin(editor, recent_demo_checks):
    """An editor whose admin language is Spanish reads the panel in Spanish."""
    profile = UserProfile.get_for_user(get_user_model().objects.get(username="editor"))
    profile.preferred_language = "es"
    profile.save()

    body = editor.get("/admin/").content.decode()

    assert "Datos por verificar" in body
    hotlines = sum(1 for hotline in content.HOTLINES if "last_verified" not in hotline)
    assert f"{hotlines} líneas de ayuda necesitan que se verifiquen sus datos." in body


def test_page_locked_by_someone_else_is_not_marked(editor, hotline):
    """A page another editor has locked keeps its facts, and the form says who holds the lock."""
    someone = get_user_model().objects.create_user("someone", "someone@example.org", "pw")
    HotlinePage.objects.filter(pk=hotline.pk).update(locked=True, locked_by=someone, locked_at=timezone.now())

    response = editor.post(checked_url(hotline), {"source": SOURCE})

    assert response.status_code == 200
    assert "was locked</b> by <b>someone</b>" in response.content.decode()
    hotline.refresh_from_db()
    assert hotline.last_verified is None
