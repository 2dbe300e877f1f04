"""Translators see what changed, never publish half a page, and can work offline or with a machine."""

import html
import os
import subprocess
import sys

import polib
import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override

from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation

from resources.models import ServicePage
from resources.publishing import IncompleteTranslation
from tests.utils import log_in, without_nonces

pytestmark = pytest.mark.django_db

NEW_SUMMARY = "Vans with naloxone, wound care and warm socks, every night."


@pytest.fixture
def service():
    return ServicePage.objects.get(slug="night-outreach-vans", locale__language_code="en")


@pytest.fixture
def translator(client):
    user = get_user_model().objects.create_user("translator", password="a-long-test-password")
    user.groups.add(Group.objects.get(name="Translators"))
    log_in(client, user)
    return user


def spanish_of(page):
    return page.get_translation(page.get_translations().get().locale)


def translation_of(page):
    return Translation.objects.get(source__object_id=page.translation_key, target_locale__language_code="es")


def change_english(page):
    page.summary = NEW_SUMMARY
    page.save_revision().publish()


def test_changed_english_page_shows_its_spanish_translation_out_of_date(client, demo_site, service):
    """Publishing a change in English makes the Spanish translation wait for one new string; Spanish readers still see the old text."""
    spanish_before = client.get(spanish_of(service).url).content.decode()
    with override("en"):
        assert translation_of(service).get_status_display() == "Up to date"
        change_english(service)
        translation = translation_of(service)
        total, done = translation.get_progress()
        assert done == total - 1
        assert translation.get_status_display() == "Waiting for translations"
    assert without_nonces(client.get(spanish_of(service).url).content) == without_nonces(spanish_before)


def test_half_translated_spanish_page_cannot_be_published(
    client, demo_site, service, translator, django_capture_on_commit_callbacks
):
    """Publishing from the translation editor with a string still in English is refused and the live page keeps its Spanish."""
    change_english(service)
    admin = get_user_model().objects.create_superuser("moderator-admin", "", "pw")
    log_in(client, admin)
    spanish = spanish_of(service)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[spanish.pk]), {"action": "publish"}, follow=True
        )
    assert "still has 1 untranslated string. Translate it before publishing." in html.unescape(
        response.content.decode()
    )
    assert NEW_SUMMARY not in client.get(spanish.url).content.decode()


@pytest.fixture
def moderator(client):
    user = get_user_model().objects.create_user("moderator", password="a-long-test-password")
    user.groups.add(Group.objects.get(name="Moderators"))
    log_in(client, user)
    return user


def test_sync_with_publish_immediately_keeps_a_half_translated_page_as_a_draft(
    client, demo_site, service, moderator, django_capture_on_commit_callbacks
):
    """ "Sync translated pages" with "Publish immediately" tells the moderator why the Spanish page was not
    published, and Spanish readers keep the whole Spanish page."""
    change_english(service)
    spanish = spanish_of(service)
    spanish_before = client.get(spanish.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:update_translations", args=[translation_of(service).source_id]),
            {"publish_translations": "on"},
            follow=True,
        )
    assert response.status_code == 200
    assert "The Spanish version was not published: 1 string still needs translating." in html.unescape(
        response.content.decode()
    )
    assert without_nonces(client.get(spanish.url).content) == without_nonces(spanish_before)


def test_no_path_publishes_a_half_translated_page(client, demo_site, service):
    """Whatever asks (a workflow approval, a scheduled publish), a Spanish revision with English fallbacks is refused."""
    change_english(service)
    spanish = spanish_of(service)
    spanish.summary = NEW_SUMMARY
    revision = spanish.save_revision()
    with pytest.raises(IncompleteTranslation, match="1 untranslated string"):
        revision.publish()
    assert NEW_SUMMARY not in client.get(spanish.url).content.decode()


def test_numbers_reach_a_live_translation_that_waits_for_new_text(client, demo_site, service):
    """When the English text and a number change together, Spanish readers get the new number at once and
    keep the Spanish text until it is translated."""
    service.summary = NEW_SUMMARY
    service.phone = "+16365550123"
    service.save_revision().publish()
    body = html.unescape(client.get(spanish_of(service).url).content.decode())
    assert "(636) 555-0123" in body
    assert NEW_SUMMARY not in body


def test_translator_cannot_replace_a_translation_with_the_english_page(client, demo_site, service, translator):
    """ "Convert to alias page" would publish English to Spanish readers: a translator is refused and told why."""
    spanish = spanish_of(service)
    spanish_before = client.get(spanish.url).content.decode()
    response = client.post(reverse("wagtail_localize:convert_to_alias", args=[spanish.pk]), follow=True)
    assert "Only a moderator can replace a translation with the original page." in html.unescape(
        response.content.decode()
    )
    spanish.refresh_from_db()
    assert spanish.alias_of_id is None
    assert without_nonces(client.get(spanish.url).content) == without_nonces(spanish_before)


def test_translator_downloads_and_uploads_a_po_file(client, demo_site, service, translator):
    """A translator downloads the page's strings as a PO file, translates offline and uploads it back."""
    change_english(service)
    translation = translation_of(service)
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    entry = next(entry for entry in po if entry.msgid == NEW_SUMMARY)
    assert entry.msgstr == ""
    entry.msgstr = "Camionetas con naloxona, curaciones y calcetines, cada noche."
    upload = SimpleUploadedFile("translation.po", str(po).encode(), content_type="text/x-gettext-translation")
    response = client.post(reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload})
    assert response.status_code == 302
    total, done = translation_of(service).get_progress()
    assert done == total


def test_machine_translation_fills_missing_strings_with_the_configured_service(client, demo_site, service, translator):
    """With a machine translator configured (the dummy one in tests), one click fills the missing string."""
    change_english(service)
    translation = translation_of(service)
    response = client.post(reverse("wagtail_localize:machine_translate", args=[translation.pk]))
    assert response.status_code == 302
    total, done = translation_of(service).get_progress()
    assert done == total


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "None"),
        ({"DEEPL_AUTH_KEY": "key:fx"}, "wagtail_localize.machine_translators.deepl.DeepLTranslator"),
        (
            {"LIBRETRANSLATE_URL": "http://127.0.0.1:5000"},
            "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        ),
    ],
)
def test_machine_translation_is_off_unless_configured(environment, expected):
    """Production settings turn DeepL or LibreTranslate on only when their environment variables are set."""
    script = (
        "from django.conf import settings; import django; django.setup();"
        "print((getattr(settings, 'WAGTAILLOCALIZE_MACHINE_TRANSLATOR', None) or {}).get('CLASS'))"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEEPL_AUTH_KEY", "LIBRETRANSLATE_URL"}}
    env.update(environment, DJANGO_SETTINGS_MODULE="coalition.settings.production", SECRET_KEY="x")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == expected, result.stderr


def test_admin_speaks_spanish_to_an_editor_who_chooses_it(client, demo_site):
    """An editor whose preferred language is Spanish gets Wagtail's admin in Spanish, field help included."""
    editor = get_user_model().objects.create_user("editora", password="a-long-test-password")
    editor.groups.add(Group.objects.get(name="Editors"))
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "es"
    profile.save()
    log_in(client, editor)
    body = client.get(
        reverse("wagtailadmin_pages:edit", args=[ServicePage.objects.filter(locale__language_code="en").first().pk])
    ).content.decode()
    assert 'lang="es"' in body
    assert "Publicar" in body or "Guardar borrador" in body
    assert "Marque esta casilla" in body


def test_a_new_phone_number_reaches_the_spanish_page_at_once(client, demo_site):
    """Changing a number in English and publishing updates the live Spanish page straight away; its Spanish text stays."""
    from resources.models import HotlinePage

    hotline = HotlinePage.objects.get(slug="wentzville-police-tip-line", locale__language_code="en")
    spanish = hotline.get_translation(hotline.get_translations().get().locale)
    spanish_title = spanish.title
    hotline.phone = "636-639-2181"
    hotline.summary = "A new English summary that translators have not seen yet."
    hotline.save_revision().publish()
    body = html.unescape(client.get(spanish.url).content.decode())
    assert 'href="tel:+16366392181"' in body
    assert spanish_title in body
    assert "A new English summary" not in body
