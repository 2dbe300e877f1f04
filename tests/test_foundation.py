import subprocess
import sys

import polib
import pytest

from django.conf import settings
from django.core.management import call_command

from wagtail.models import Page, Site
from wagtail_localize.models import StringTranslation, Translation

from home.demo import load_demo_content
from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_english_home_page_is_served_at_root(client, demo_site):
    """A reader at / gets the English home page, marked as English."""
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Wentzville Coalition Against Trafficking" in html


def test_spanish_home_page_is_served_under_es(client, demo_site):
    """A reader at /es/ gets the Spanish home page, marked as Spanish, with Spanish interface strings."""
    response = client.get("/es/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Coalición de Wentzville contra la Trata de Personas" in html
    assert "Saltar al contenido principal" in html


def test_url_alone_decides_language(client, demo_site):
    """A browser asking for Spanish still gets English at / and no redirect."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_readers_get_no_cookies(client, demo_site):
    """Neither language sets a cookie for an anonymous reader."""
    for path in ["/", "/es/"]:
        response = client.get(path)
        assert response.cookies == {}, path


def test_each_home_page_links_to_the_other_language(client, demo_site):
    """The switcher on each home page links to the other language's home page."""
    english = client.get("/").content.decode()
    spanish = client.get("/es/").content.decode()
    assert '<a href="/es/" hreflang="es" lang="es">Español</a>' in english
    assert '<a href="/" hreflang="en" lang="en">English</a>' in spanish


def test_spanish_home_page_is_a_localize_translation(demo_site):
    """Editors find the Spanish home page in wagtail-localize, with every string translated."""
    english = HomePage.objects.get(locale__language_code="en")
    spanish = english.get_translation(english.get_translations().get().locale)
    translation = Translation.objects.get(source__object_id=english.translation_key, target_locale=spanish.locale)
    total, translated = translation.get_progress()
    assert total == translated > 0
    assert StringTranslation.objects.filter(locale=spanish.locale).exists()
    assert spanish.slug == "inicio"
    assert spanish.live


def test_loading_demo_content_twice_changes_nothing(demo_site):
    """A second run of load_demo_content creates, updates and translates nothing."""
    pages = list(Page.objects.values_list("id", "title", "slug", "live", "latest_revision_id").order_by("id"))
    report = load_demo_content()
    assert not report.changed
    assert report.untranslated == []
    assert list(Page.objects.values_list("id", "title", "slug", "live", "latest_revision_id").order_by("id")) == pages
    assert Site.objects.get().root_page.specific_class is HomePage


def test_load_demo_content_command_says_when_nothing_changed(demo_site, capsys):
    """The command tells the person running it that the demo content was already there."""
    call_command("load_demo_content")
    assert "already up to date" in capsys.readouterr().out


def test_local_admin_is_created_once(settings, capsys):
    """`make run` creates one admin account, prints its password once, and later only says where to log in."""
    from django.contrib.auth import get_user_model

    settings.DEBUG = True
    call_command("ensure_local_admin")
    first = capsys.readouterr().out
    call_command("ensure_local_admin")
    second = capsys.readouterr().out
    assert "password:" in first and "/admin/" in first
    assert "password:" not in second and "/admin/" in second
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_production_settings_refuse_to_start_without_a_secret_key():
    """Production settings stop with a clear message instead of running with a guessable secret."""
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "coalition.settings.production", "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_every_interface_string_has_a_spanish_translation():
    """The Spanish interface catalogue leaves nothing in English and nothing marked fuzzy."""
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/es/LC_MESSAGES/django.po"))
    assert len(catalogue) > 0
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


def test_redis_url_switches_the_cache_to_redis():
    """With REDIS_URL set, the site's cache lives in Redis, so several app processes share it."""
    import os
    import socket

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail("CI needs Redis on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")
    script = (
        "import django; django.setup();"
        "from django.core.cache import caches; from django.core.cache.backends.redis import RedisCache;"
        "cache = caches['default']; cache.set('foundation-check', 'shared', 30);"
        "print(isinstance(cache, RedisCache), cache.get('foundation-check'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "coalition.settings.test", "REDIS_URL": url},
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["True", "shared"], result.stderr
