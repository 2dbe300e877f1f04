"""What the Needs translation list tells each role, what "Translate" makes, and the Spanish page's web address."""

import datetime
import html

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.operations import translate_object

from home.models import AlertBanner, HomePage
from resources.localize import SAVE_DRAFT, SUBMIT_FOR_REVIEW
from resources.models import StandardPage
from tests.utils import log_in

pytestmark = pytest.mark.django_db


def member_of(group_name):
    user = get_user_model().objects.create_user(group_name.lower(), password="a-long-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def spanish():
    return Locale.objects.get(language_code="es")


@pytest.fixture
def new_page():
    home = HomePage.objects.get(locale__language_code="en")
    page = StandardPage(title="Winter shelters", slug="winter-shelters", introduction="Where to sleep warm tonight.")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def translate_strings(page, locale, translations):
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)
    for segment in translation.source.stringsegment_set.select_related("string", "context"):
        if segment.string.data in translations:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                context=segment.context,
                locale=locale,
                defaults={"data": translations[segment.string.data]},
            )
    return translation


def shown(response):
    return html.unescape(response.content.decode())


def test_the_demo_site_has_nothing_to_translate(client, demo_site):
    log_in(client, member_of("Translators"))
    assert "Everything is translated." in shown(client.get(reverse("wagtailadmin_home")))
    assert "Everything is translated." in shown(client.get(reverse("needs_translation:report")))


def test_the_list_and_panel_are_for_those_who_may_translate(client, demo_site, new_page):
    """Translators get the panel; editors and moderators the list (in Reports) but not the panel."""
    for group, panel in (("Translators", True), ("Editors", False), ("Moderators", False)):
        log_in(client, member_of(group))
        dashboard = shown(client.get(reverse("wagtailadmin_home")))
        assert ("One page needs translating." in dashboard) is panel, group
        assert "Winter shelters" in shown(client.get(reverse("needs_translation:report"))), group
    nobody = get_user_model().objects.create_user("nobody", password="a-long-test-password")
    nobody.user_permissions.add(
        *Group.objects.get(name="Translators").permissions.exclude(codename="submit_translation")
    )
    log_in(client, nobody)
    assert client.get(reverse("needs_translation:report")).status_code in (302, 403)


def test_translate_makes_a_spanish_draft_and_opens_it(client, demo_site, new_page, spanish):
    log_in(client, member_of("Translators"))
    content_type = ContentType.objects.get_for_model(new_page)
    url = reverse("needs_translation:start", args=[content_type.pk, new_page.pk, "es"])
    assert client.get(url).status_code == 405, "making a page needs a POST"
    response = client.post(url)
    translated = new_page.get_translation(spanish)
    assert response.url == reverse("wagtailadmin_pages:edit", args=[translated.pk])
    assert not translated.live
    # Asking again opens the same draft rather than making another.
    assert client.post(url).url == response.url
    row = shown(client.get(reverse("needs_translation:report")))
    assert "2 strings to translate" in row


@pytest.mark.parametrize(
    "args",
    [
        ("content type", 999999, "1", "es"),
        ("not translatable", "user", "1", "es"),
        ("missing page", "page", "999999", "es"),
        ("unknown language", "page", "new", "xx"),
    ],
)
def test_bad_translate_addresses_are_refused_without_a_server_error(client, demo_site, new_page, args):
    log_in(client, member_of("Translators"))
    _name, kind, object_id, language = args
    content_type_id = {
        "user": ContentType.objects.get_for_model(get_user_model()).pk,
        "page": ContentType.objects.get_for_model(new_page).pk,
    }.get(kind, kind)
    object_id = new_page.pk if object_id == "new" else object_id
    response = client.post(reverse("needs_translation:start", args=[content_type_id, object_id, language]))
    assert response.status_code in (302, 403, 404)
    assert not new_page.get_translations().exists()


def test_alert_banners_still_to_show_are_listed_and_ended_ones_are_not(client, demo_site, spanish):
    now = timezone.now()
    AlertBanner.objects.create(
        message="Cold-weather shelter open tonight.", starts_at=now, ends_at=now + datetime.timedelta(hours=8)
    )
    AlertBanner.objects.create(
        message="Last winter's shelter notice.",
        starts_at=now - datetime.timedelta(days=90),
        ends_at=now - datetime.timedelta(days=89),
    )
    log_in(client, member_of("Translators"))
    listing = shown(client.get(reverse("needs_translation:report")))
    assert "Cold-weather shelter open tonight." in listing
    assert "Last winter's shelter notice." not in listing
    assert "One snippet (site text or alert banner) needs translating." in shown(
        client.get(reverse("wagtailadmin_home"))
    )


def test_the_spanish_address_comes_from_the_spanish_title_until_published_then_stays(
    client, demo_site, new_page, spanish, django_capture_on_commit_callbacks
):
    translate_object(new_page, [spanish])
    translation = translate_strings(
        new_page,
        spanish,
        {"Winter shelters": "Refugios de invierno", "Where to sleep warm tonight.": "Dónde dormir caliente."},
    )
    log_in(client, member_of("Translators"))
    translated = new_page.get_translation(spanish)
    client.post(reverse("wagtailadmin_pages:edit", args=[translated.pk]), {"action": SAVE_DRAFT})
    translated.refresh_from_db()
    assert translated.slug == "refugios-de-invierno"

    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    assert client.get("/es/refugios-de-invierno/").status_code == 200

    # A new title after publishing leaves the address readers may have saved.
    translate_strings(new_page, spanish, {"Winter shelters": "Albergues de invierno"})
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    translated.refresh_from_db()
    assert (translated.title, translated.slug) == ("Albergues de invierno", "refugios-de-invierno")


def test_a_translated_address_is_the_translators(client, demo_site, new_page, spanish):
    translate_object(new_page, [spanish])
    translation = translate_strings(new_page, spanish, {"Winter shelters": "Refugios", "winter-shelters": "albergues"})
    translation.save_target(publish=False)
    assert new_page.get_translation(spanish).slug == "albergues"


def test_submit_for_review_enters_the_moderators_workflow(client, demo_site, new_page, spanish):
    translate_object(new_page, [spanish])
    translate_strings(
        new_page,
        spanish,
        {"Winter shelters": "Refugios de invierno", "Where to sleep warm tonight.": "Dónde dormir caliente."},
    )
    log_in(client, member_of("Translators"))
    translated = new_page.get_translation(spanish)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[translated.pk]), {"action": SUBMIT_FOR_REVIEW}, follow=True
    )
    assert "is submitted for review" in shown(response)
    translated.refresh_from_db()
    state = translated.current_workflow_state
    assert state.status == state.STATUS_IN_PROGRESS
    assert not translated.live

    # Sent again while waiting: the moderators see the new version; nothing else starts.
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[translated.pk]), {"action": SUBMIT_FOR_REVIEW}, follow=True
    )
    assert response.status_code == 200
    assert translated.workflow_states.count() == 1


def test_a_draft_of_a_live_translation_leaves_readers_the_published_page(
    client, demo_site, new_page, spanish, django_capture_on_commit_callbacks
):
    translate_object(new_page, [spanish])
    translation = translate_strings(
        new_page,
        spanish,
        {"Winter shelters": "Refugios de invierno", "Where to sleep warm tonight.": "Dónde dormir caliente."},
    )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    translated = new_page.get_translation(spanish)
    translate_strings(new_page, spanish, {"Where to sleep warm tonight.": "Un borrador sin revisar."})

    log_in(client, member_of("Translators"))
    client.post(reverse("wagtailadmin_pages:edit", args=[translated.pk]), {"action": SAVE_DRAFT})
    page = shown(client.get(translated.url))
    assert "Dónde dormir caliente." in page
    assert "Un borrador sin revisar." not in page
    translated.refresh_from_db()
    assert translated.has_unpublished_changes
    assert translated.get_latest_revision_as_object().introduction == "Un borrador sin revisar."


def test_a_translator_who_works_in_spanish_gets_it_all_in_spanish(client, demo_site, new_page, spanish):
    from wagtail.users.models import UserProfile

    translator = member_of("Translators")
    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = "es"
    profile.save()
    log_in(client, translator)
    dashboard = shown(client.get(reverse("wagtailadmin_home")))
    assert "Por traducir" in dashboard and "Una página necesita traducción." in dashboard
    listing = shown(client.get(reverse("needs_translation:report")))
    assert "Aún sin traducir" in listing and "Traducir" in listing
    content_type = ContentType.objects.get_for_model(new_page)
    editor = client.post(reverse("needs_translation:start", args=[content_type.pk, new_page.pk, "es"]), follow=True)
    page = shown(editor)
    assert "Enviar a revisión" in page and "Guardar borrador" in page
    translated = new_page.get_translation(spanish)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[translated.pk]), {"action": SUBMIT_FOR_REVIEW}, follow=True
    )
    assert "aún le faltan 2 textos por traducir" in shown(response)
