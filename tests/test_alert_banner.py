"""Editors switch on a short site-wide notice for a while, in both languages."""

import datetime
import re

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.models import Locale
from wagtail.users.models import UserProfile

from home.models import AlertBanner
from resources.models import StandardPage, UpdatePage
from tests.utils import log_in

pytestmark = pytest.mark.django_db

MESSAGE = "Cold-weather shelter open tonight from 7 pm."
SPANISH = "Refugio por frío abierto esta noche desde las 7 p. m."


def alert(starts=-1, ends=1, locale="en", message=MESSAGE):
    now = timezone.now()
    return AlertBanner.objects.create(
        message=message,
        locale=Locale.objects.get(language_code=locale),
        starts_at=now + datetime.timedelta(hours=starts),
        ends_at=now + datetime.timedelta(hours=ends),
    )


def test_notice_shows_while_it_is_on(client, demo_site):
    """A notice running now is on every page; one that has not started or has ended is not."""
    alert()
    assert MESSAGE in client.get("/").content.decode()
    assert MESSAGE in client.get("/services/").content.decode()
    AlertBanner.objects.all().delete()
    alert(starts=1, ends=2, message="Not yet")
    alert(starts=-3, ends=-1, message="Already over")
    body = client.get("/").content.decode()
    assert "Not yet" not in body and "Already over" not in body


def test_spanish_readers_get_the_translation(client, demo_site):
    """The Spanish site shows the Spanish translation of the notice."""
    english = alert()
    spanish = english.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.message = SPANISH
    spanish.save()
    body = client.get("/es/").content.decode()
    assert SPANISH in body and MESSAGE not in body


def test_untranslated_notice_still_reaches_spanish_readers(client, demo_site):
    """Until it is translated, the English notice shows on Spanish pages, marked as English."""
    alert()
    body = client.get("/es/").content.decode()
    assert MESSAGE in body
    assert 'class="site-alert" aria-label="Aviso" lang="en"' in body


def test_notice_must_end_after_it_starts(demo_site):
    """An end time before the start time is refused on the end field."""
    notice = AlertBanner(
        message=MESSAGE,
        locale=Locale.get_default(),
        starts_at=timezone.now(),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as caught:
        notice.full_clean()
    assert "ends_at" in caught.value.message_dict


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_notice_never_covers_the_quick_exit_button(phone, demo_site):
    """With a notice showing, the quick-exit button is still the element under a tap, at the top and after scrolling."""
    alert(message="A long notice " * 12)
    phone.goto("/")
    for scroll in (0, 2000):
        phone.mouse.wheel(0, scroll)
        phone.wait_for_timeout(100)
        on_top = phone.evaluate(
            """() => {
                const button = document.querySelector('.quick-exit');
                const box = button.getBoundingClientRect();
                return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) === button;
            }"""
        )
        assert on_top


def linked_alert(page, locale="en"):
    notice = alert(locale=locale)
    notice.link = page
    notice.save()
    return notice


def details_link(body):
    """The alert's link as the reader gets it: (tag, text), or None."""
    aside = re.search(r'<aside class="site-alert".*?</aside>', body, re.S)
    link = aside and re.search(r"(<a [^>]*>)(.*?)</a>", aside.group())
    return link and (link.group(1), link.group(2))


def test_the_link_leads_to_the_page_in_the_readers_language(client, demo_site):
    """A notice linking to the safety page links English readers to it and Spanish readers to its translation."""
    safety = StandardPage.objects.get(slug="stay-safe-online", locale__language_code="en")
    spanish_safety = safety.get_translation(Locale.objects.get(language_code="es"))
    english = linked_alert(safety)
    spanish = english.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.message = SPANISH
    spanish.save()
    assert details_link(client.get("/").content.decode()) == (f'<a href="{safety.url}">', "Details")
    assert details_link(client.get("/es/").content.decode()) == (f'<a href="{spanish_safety.url}">', "Detalles")


def test_a_page_not_yet_translated_is_linked_in_english_and_says_so(client, demo_site):
    """When the linked page has no Spanish version yet, Spanish readers get the English page, named as English."""
    update = UpdatePage.objects.filter(locale__language_code="en").live().first()
    update.get_translation(Locale.objects.get(language_code="es")).delete()
    linked_alert(update)
    tag, text = details_link(client.get("/es/").content.decode())
    assert (tag, text) == (f'<a href="{update.url}" lang="es" hreflang="en">', "Detalles (en inglés)")


def test_no_link_to_a_page_readers_cannot_open(client, demo_site):
    """A notice linking to an unpublished page shows its message without a link."""
    update = UpdatePage.objects.filter(locale__language_code="en").live().first()
    linked_alert(update)
    update.unpublish()
    body = client.get("/").content.decode()
    assert MESSAGE in body and details_link(body) is None


def test_the_list_of_notices_says_when_each_runs_and_whether_it_shows_now(client, demo_site, admin_user):
    """Editors see each notice's start, end and whether readers see it now (never while it is a draft), in English
    and Spanish."""
    alert(message="Now on")
    alert(starts=2, ends=3, message="Tomorrow only")
    alert(starts=-3, ends=-2, message="Yesterday only")
    AlertBanner.objects.filter(pk=alert(message="Still a draft").pk).update(live=False)
    log_in(client, admin_user)

    rows = {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr.*?</tr>", client.get("/admin/snippets/home/alertbanner/").content.decode(), re.S)
    }
    for message, status in (
        ("Now on", "Showing now"),
        ("Tomorrow only", "Starts later"),
        ("Yesterday only", "Ended"),
        ("Still a draft", "Not published"),
    ):
        assert any(row.startswith(message) and status in row for row in rows), (message, rows)

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "es"
    profile.save()
    body = client.get("/admin/snippets/home/alertbanner/").content.decode()
    for words in ("Mostrar desde", "Lo ven los lectores", "Se muestra ahora", "Empieza más tarde", "Terminado"):
        assert words in body, words
