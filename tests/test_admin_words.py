"""The admin speaks the words editors use, in English and Spanish: the Promote tab, Wagtail's own misleading words,
the time zone beside every date and time, the coalition's guide in the Help menu, and listings in the site's order."""

import html
import re
from pathlib import Path

import polib
import pytest

import django
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

import wagtail
import wagtail_localize
from wagtail.admin.panels import get_edit_handler
from wagtail.contrib.settings.registry import registry
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models
from wagtail.users.models import UserProfile

from resources.models import HotlineIndexPage, HotlinePage, ServicePage
from tests.utils import edit_page_url, log_in, page_form_data

pytestmark = pytest.mark.django_db

LOCALE = settings.BASE_DIR / "locale"
WORD_LISTS = ("home/admin_words.py", "home/wagtail_spanish.py")
SCHEDULE = ("go_live_at", "expire_at")


def text_of(response):
    """What the page says, tags left out and entities decoded."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def admin_user(username="coordinator", language="en", group=None):
    if group:
        user = get_user_model().objects.create_user(username, password="a-long-test-password")
        user.groups.add(Group.objects.get(name=group))
    else:
        user = get_user_model().objects.create_superuser(username, "", "a-long-test-password")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def hotline(demo_site):
    return HotlinePage.objects.get(slug="national-human-trafficking-hotline", locale__language_code="en")


def spanish_of(page):
    return page.get_translation(page.get_translations().get().locale)


# The Promote tab


def test_promote_tab_speaks_of_the_web_address_and_search_results_in_english(client, hotline):
    """The slug, title tag and meta description are the web address and the title and description in search
    results, with this site's own address as the example."""
    log_in(client, admin_user())
    text = text_of(client.get(edit_page_url(hotline)))
    for label in ["Address and search", "Web address", "Title in search results", "Description in search results"]:
        assert label in text
    assert "The last part of this page's address: /get-help-now/ national-human-trafficking-hotline /" in text
    for word in ["Slug", "Title tag", "Meta description", "Promote", "domain.com"]:
        assert word not in text


def test_promote_tab_speaks_of_the_web_address_and_search_results_in_spanish(client, hotline):
    """An editor who chose Spanish reads the same fields in Spanish, with the Spanish site's address."""
    log_in(client, admin_user(language="es"))
    text = text_of(client.get(edit_page_url(hotline)))
    for label in ["Dirección y búsqueda", "Dirección web", "Título en los resultados de búsqueda", "Resumen"]:
        assert label in text
    assert "/es/ayuda-inmediata/ linea-nacional-contra-la-trata /" in text
    for word in ["Marquilla", "Etiqueta título", "Descripción meta", "Promocionar", "Summary"]:
        assert word not in text


def test_every_page_type_has_the_plain_promote_tab(client, demo_site):
    """Each page type, the home page too, shows "Web address" and never Wagtail's "Slug"."""
    log_in(client, admin_user())
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.filter(locale__language_code="en").first()
        text = text_of(client.get(edit_page_url(page)))
        assert "Web address" in text, model
        assert "Slug" not in text, model


# Wagtail's own words


def test_wagtails_misleading_words_are_reworded_in_english(client, demo_site):
    """ "Add child page", "Sync translated pages", "Convert to alias page", "Locales" and "Sign in to Wagtail" say
    what they do."""
    service = ServicePage.objects.get(slug="night-outreach-vans", locale__language_code="en")
    sign_in = client.get(reverse("wagtailadmin_login")).content.decode()
    assert re.search(r"<title>(.*?)</title>", sign_in).group(1) == "Sign in - Coalition admin"
    assert re.search(r"<h1>(.*?)</h1>", sign_in).group(1) == "Sign in to edit the site"

    log_in(client, admin_user())
    explorer = client.get(reverse("wagtailadmin_explore", args=[service.get_parent().pk])).content.decode()
    assert 'aria-label="Add a page inside this one"' in explorer
    assert "Add child page" not in explorer
    editor = text_of(client.get(edit_page_url(service)))
    assert "Update translations" in editor
    assert "Sync translated pages" not in editor

    # The translation editor's menu is made by wagtail-localize's JavaScript, from this catalogue.
    translation_editor = client.get(reverse("wagtail_localize:javascript_catalog")).content.decode()
    assert '"Convert to alias page": "Discard translation and show the original"' in translation_editor
    spanish = spanish_of(service)
    confirm = text_of(client.get(reverse("wagtail_localize:convert_to_alias", args=[spanish.pk])))
    assert "Discard this translation and show the content of 'Night outreach vans' (English) instead?" in confirm

    dashboard = text_of(client.get(reverse("wagtailadmin_home")))
    assert "Site languages" in dashboard
    assert '"Locales"' not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_live_reads_as_published_in_spanish(client, demo_site):
    """In Spanish a page's status is "publicada", not Wagtail's "Ver en vivo" ("watch live")."""
    log_in(client, admin_user(language="es"))
    hotlines = HotlineIndexPage.objects.get(locale__language_code="en")
    text = text_of(client.get(reverse("wagtailadmin_explore", args=[hotlines.pk])))
    assert "publicada" in text
    assert "Ver en vivo" not in text
    assert (
        "Añadir una página dentro de esta"
        in client.get(reverse("wagtailadmin_explore", args=[hotlines.pk])).content.decode()
    )


def test_validation_banner_is_in_spanish(client, hotline):
    """Saving a page with a mistake tells a Spanish-speaking editor so in Spanish, not in Wagtail's English."""
    log_in(client, admin_user(language="es"))
    data = page_form_data(
        {
            "title": "",
            "slug": hotline.slug,
            "operator": hotline.operator,
            "summary": hotline.summary,
            "phone": hotline.phone,
            "sort_order": "10",
        },
        streams={"opening_hours": []},
    )
    text = text_of(client.post(edit_page_url(hotline), data, follow=True))
    assert "No se pudo guardar la página porque algunos campos tienen errores." in text
    assert "could not be saved" not in text


# The time zone


@pytest.mark.parametrize(
    ("language", "zone"),
    [("en", "Date and time in Missouri (Central time)."), ("es", "Fecha y hora en Misuri (hora central).")],
)
def test_publishing_schedule_names_the_time_zone(client, hotline, language, zone):
    """The go-live and expiry dates and times say they are Missouri time."""
    log_in(client, admin_user(language=language))
    text = text_of(client.get(edit_page_url(hotline)))
    assert text.count(zone) == 2


def test_alert_banner_times_name_the_time_zone(client, demo_site):
    """The alert banner's start and end say they are Missouri time."""
    log_in(client, admin_user())
    text = text_of(client.get(reverse("wagtailsnippets_home_alertbanner:add")))
    assert "When the notice first appears, in Missouri (Central time)." in text
    assert "When it disappears by itself, in Missouri (Central time)." in text


def test_every_date_and_time_field_in_the_admin_is_one_of_those():
    """The admin's forms hold no other date-and-time field than the schedule's and the alert banner's, checked above."""
    models = [*get_page_models(), *get_snippet_models(), *registry]
    fields = {
        (model._meta.label, name)
        for model in models
        if model is not Page
        for name, field in (model.get_edit_handler() if model in get_page_models() else get_edit_handler(model))
        .get_form_class()
        .base_fields.items()
        if isinstance(field, forms.DateTimeField)
    }
    schedule = {(model._meta.label, name) for model in get_page_models() if model is not Page for name in SCHEDULE}
    assert fields == schedule | {("home.AlertBanner", "starts_at"), ("home.AlertBanner", "ends_at")}


def test_time_zone_named_is_the_one_the_editor_works_in(client, hotline):
    """Should an editor's profile hold another zone, the label names that zone: it never says Missouri wrongly."""
    user = admin_user()
    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = "America/New_York"
    profile.save()
    log_in(client, user)
    assert text_of(client.get(edit_page_url(hotline))).count("Date and time in America/New_York.") == 2


# The editors' guide


def test_help_menu_opens_the_coalitions_guide_with_its_pictures(client, demo_site):
    """Help › Coalition editors' guide opens docs/editors.md inside the admin, every picture loading from the site."""
    log_in(client, admin_user(group="Editors"))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"label": "Coalition editors\' guide"' in dashboard
    assert "guide.wagtail.org" not in dashboard
    response = client.get(reverse("editors_guide"))
    page = response.content.decode()
    text = text_of(response)
    assert "Coalition editors' guide" in text
    assert "1. Logging in and finding your way" in text
    assert 'href="#8-checking-facts"' in page and 'id="8-checking-facts"' in page
    pictures = re.findall(r'<img src="([^"]+)" alt="([^"]*)"', page)
    assert len(pictures) == len(list((settings.BASE_DIR / "docs" / "images").glob("*.png")))
    for src, alt in pictures:
        picture = client.get(src)
        assert picture.status_code == 200 and picture["Content-Type"] == "image/png", src
        assert alt
    assert not re.search(r'(src|href)="(https?:)?//', page[page.index('class="editors-guide"') :])
    assert "This guide is only in English" not in text


def test_guide_says_it_is_in_english_to_a_spanish_speaking_editor(client, demo_site):
    """In the Spanish admin the guide opens with one sentence saying it exists only in English."""
    log_in(client, admin_user(language="es"))
    text = text_of(client.get(reverse("editors_guide")))
    assert "Por ahora esta guía solo está en inglés: todavía no hay versión en español." in text
    assert "Guía de la coalición para editores" in text


def test_guide_and_its_pictures_need_signing_in(client, demo_site):
    """Someone not signed in is sent to sign in, and gets neither the guide nor a picture; nor any other file."""
    for url in [reverse("editors_guide"), reverse("editors_guide_image", args=["dashboard.png"])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    log_in(client, admin_user())
    for name in ["editors.md", "..%2Fsettings.md", "missing.png"]:
        assert client.get(f"{reverse('editors_guide')}images/{name}", follow=True).status_code == 404


# Listings


def listed_titles(response):
    """The titles of the pages a page listing shows, top to bottom."""
    return [
        html.unescape(title)
        for title in re.findall(r'<span id="page_\d+_title">\s*([^<]+?)\s*<', response.content.decode())
    ]


def test_hotlines_are_listed_in_the_sites_order(client, demo_site):
    """The admin lists the hotlines as readers see them (emergency lines, then the editors' order), not by the
    last change; a column header still sorts by that column."""
    hotlines = HotlineIndexPage.objects.get(locale__language_code="en")
    moved = HotlinePage.objects.get(slug="crimestoppers", locale__language_code="en")
    moved.sort_order = 5
    moved.save_revision().publish()
    log_in(client, admin_user())
    readers_order = [line.title for line in hotlines.listing()]
    assert readers_order[:3] == [
        "Emergency: 911",
        "National Human Trafficking Hotline",
        "St. Louis Regional CrimeStoppers",
    ]
    assert listed_titles(client.get(reverse("wagtailadmin_explore", args=[hotlines.pk]))) == readers_order
    by_title = client.get(reverse("wagtailadmin_explore", args=[hotlines.pk]), {"ordering": "title"})
    assert listed_titles(by_title) == sorted(readers_order)


def test_facts_to_check_counts_hotlines_and_services(client, demo_site):
    """The report counts what it lists, "hotlines and services", not "pages", in English and Spanish."""
    log_in(client, admin_user())
    text = text_of(client.get(reverse("facts:report")))
    assert re.search(r"\b\d+ hotlines and services\b", text)
    assert not re.search(r"\b\d+ pages\b", text)
    profile = UserProfile.get_for_user(get_user_model().objects.get(username="coordinator"))
    profile.preferred_language = "es"
    profile.save()
    assert re.search(r"\b\d+ líneas de ayuda y servicios\b", text_of(client.get(reverse("facts:report"))))


# The catalogues behind the words


def wagtails_msgids():
    """Every msgid of Wagtail's and wagtail-localize's own (English) catalogues."""
    found = set()
    for package in (wagtail, wagtail_localize):
        for catalogue in Path(package.__file__).parent.rglob("locale/en/LC_MESSAGES/django.po"):
            found.update((entry.msgctxt, entry.msgid) for entry in polib.pofile(str(catalogue)))
    return found


def ours(language, domain="django"):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.po"))


def test_every_reworded_string_is_still_wagtails():
    """Each of Wagtail's strings our catalogues reword or translate is still one of Wagtail's, so it still applies."""
    wagtails = wagtails_msgids()
    listed = [
        entry
        for entry in ours("es")
        if entry.occurrences and all(path in WORD_LISTS for path, _line in entry.occurrences)
    ]
    assert len(listed) > 300
    assert [entry.msgid for entry in listed if (entry.msgctxt, entry.msgid) not in wagtails] == []
    spanish = {(entry.msgctxt, entry.msgid) for entry in listed}
    assert [entry.msgid for entry in ours("en") if (entry.msgctxt, entry.msgid) not in spanish] == []
    assert [entry.msgid for entry in ours("en") if not entry.translated()] == []


# Screens the site does not have: Wagtail's API tokens (no API is installed), its upgrade notice (the update check
# is off), and the dashboard's link to Wagtail's own guide (templates/wagtailadmin/home/account_summary.html).
NOT_SHOWN = re.compile(r"api_tokens|models/api\.py|api/v3|API token|upgrade_notification|home/account_summary\.html")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_wagtails_admin_has_spanish_for_every_string(domain):
    """No string of the Wagtail apps the site installs, in their templates and Python or in their JavaScript, is left
    in English in the Spanish admin."""
    spanish = set()
    folders = [Path(django.__file__).parent / "conf", *(Path(config.path) for config in apps.get_app_configs())]
    for folder in folders:
        for catalogue in folder.glob(f"locale/es/LC_MESSAGES/{domain}.mo"):
            spanish.update((entry.msgctxt, entry.msgid) for entry in polib.mofile(str(catalogue)))
    spanish.update((entry.msgctxt, entry.msgid) for entry in ours("es", domain) if entry.translated())
    missing = []
    for config in apps.get_app_configs():
        if not config.name.startswith("wagtail"):
            continue
        for catalogue in Path(config.path).glob(f"locale/en/LC_MESSAGES/{domain}.po"):
            for entry in polib.pofile(str(catalogue)):
                where = " ".join(path for path, _line in entry.occurrences) + " " + entry.msgid
                if (entry.msgctxt, entry.msgid) not in spanish and not NOT_SHOWN.search(where):
                    missing.append(f"{config.name}: {entry.msgid}")
    assert missing == []


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_translations_keep_their_placeholders(language, domain):
    """A translation uses only the placeholders its English has, so filling them in can never fail."""
    wrong = []
    for entry in ours(language, domain):
        english = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if set(PLACEHOLDER.findall(text)) - english:
                wrong.append(entry.msgid)
    assert wrong == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_page_editor_links_to_no_other_host(client, hotline, language):
    """Wagtail's content checks panel linked to guide.wagtail.org; its explanation stays, in both languages."""
    log_in(client, admin_user(language=language))
    page = client.get(edit_page_url(hotline)).content.decode()
    outside = re.findall(r'(?:href|src)="((?:https?:)?//[^"]*)"', page)
    assert outside == [], outside
    expected = "Readability" if language == "en" else "Legibilidad"
    assert expected in html.unescape(page)
