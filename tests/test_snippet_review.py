"""What readers see on every page (site text, alert banners, organisations) goes through the same review as pages:
an editor's change reaches readers, the HSDS API included, only once a moderator approves it; a moderator may
publish an urgent banner at once; translators change the Spanish versions only; the site settings, which Wagtail
cannot keep drafts of, are for moderators (#16, item 4)."""

import datetime
import html
import importlib
import re

import pytest

from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import DraftStateMixin, Locale, Page, WorkflowMixin, WorkflowPage, get_page_models
from wagtail.snippets.models import get_snippet_models
from wagtail.test.utils.form_data import rich_text
from wagtail_localize.models import Translation, TranslationSource

from coalition.caching.invalidation import REVISION_BOOKKEEPING
from coalition.editorial import snippets as snippet_rules
from home.models import AlertBanner, SiteSettings, SiteText
from resources.localize import SAVE_DRAFT, SUBMIT_FOR_REVIEW
from resources.models import Organisation, ServicePage
from resources.publishing import saving_drafts
from tests.test_needs_translation import translate_strings
from tests.utils import log_in

pytestmark = pytest.mark.django_db

NOTICE = "Cold-weather shelter open tonight from 7 pm."
SPANISH_NOTICE = "Refugio por frío abierto esta noche desde las 7 p. m."
NEW_NOTE = "If someone checks your phone, the Quick exit button takes you to a weather page."
NEW_SPANISH_NOTE = "Si alguien revisa su teléfono, el botón Salida rápida le lleva a una página del tiempo."
READER_SURFACES = ("home", "resources")


def member_of(group_name):
    user = get_user_model().objects.create_user(group_name.lower(), password="a-long-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor():
    return member_of("Editors")


@pytest.fixture
def moderator():
    return member_of("Moderators")


@pytest.fixture
def translator():
    return member_of("Translators")


def url(obj_or_model, view, *args):
    viewset = obj_or_model.snippet_viewset
    return reverse(viewset.get_url_name(view), args=args)


def edit_url(obj):
    return url(obj, "edit", quote(obj.pk))


def text_of(response):
    return html.unescape(response.content.decode())


def reader(path="/"):
    """What an anonymous reader gets, through the page cache like any reader."""
    response = Client().get(path)
    assert response.status_code == 200, path
    return text_of(response)


def hsds(path):
    response = Client().get(path, {"per_page": 200})
    assert response.status_code == 200, path
    return response.json()["contents"]


def admin_time(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def banner_form(message=NOTICE, **extra):
    now = timezone.now()
    return {
        "message": message,
        "link": "",
        "starts_at": admin_time(now - datetime.timedelta(minutes=5)),
        "ends_at": admin_time(now + datetime.timedelta(hours=12)),
        **extra,
    }


def site_text_form(site_text, **changes):
    values = {"site_name": site_text.site_name, "safety_note": site_text.safety_note, **changes}
    return {**values, "footer": rich_text(site_text.footer)}


def approve(client, moderator, obj):
    """The moderator's Approve in the dashboard's "Awaiting your review" panel."""
    obj.refresh_from_db()
    task_state = obj.current_workflow_task_state
    assert task_state is not None, f"{obj} is not waiting for review"
    log_in(client, moderator)
    response = client.post(
        url(obj, "workflow_action", quote(obj.pk), "approve", task_state.pk), {"next": reverse("wagtailadmin_home")}
    )
    assert response.status_code == 302
    obj.refresh_from_db()


def messages_of(response):
    return [html.unescape(str(message)) for message in response.context["messages"]]


def english_site_text():
    return SiteText.objects.get(locale__language_code="en")


def spanish_site_text():
    return SiteText.objects.get(locale__language_code="es")


# Editors draft, moderators approve


def test_an_editors_new_banner_reaches_readers_only_once_a_moderator_approves_it(client, demo_site, editor, moderator):
    """An editor's banner, submitted for review, is on no page until a moderator approves it; then on every page."""
    log_in(client, editor)
    response = client.post(url(AlertBanner, "add") + "?locale=en", banner_form(**{"action-submit": "1"}))
    assert response.status_code == 302
    banner = AlertBanner.objects.get()
    assert not banner.live and banner.workflow_in_progress
    assert NOTICE not in reader("/") and NOTICE not in reader("/services/")

    approve(client, moderator, banner)
    assert banner.live
    assert NOTICE in reader("/") and NOTICE in reader("/services/")


def test_an_editors_renamed_organisation_reaches_the_directory_and_the_api_only_once_approved(
    client, demo_site, editor, moderator
):
    """An editor's rename leaves the service page, the directory and the HSDS organisations and services with the
    published name until a moderator approves it."""
    service = ServicePage.objects.get(slug="night-outreach-vans", locale__language_code="en")
    organisation = service.provider
    old_name, new_name = organisation.name, "Wentzville Night Outreach Team"
    for path in (service.url, service.get_parent().url):
        assert old_name in reader(path)

    log_in(client, editor)
    data = {"name": new_name, "website": organisation.website, "email": organisation.email, "action-submit": "1"}
    assert client.post(edit_url(organisation), data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == old_name and organisation.has_unpublished_changes

    def names_readers_get():
        organisations = {item["id"]: item["name"] for item in hsds("/hsds/organizations")}
        services = {item["id"]: item["organization"]["name"] for item in hsds("/hsds/services")}
        page = reader(service.url)
        return organisations[str(organisation.uuid)], services[str(service.translation_key)], page

    in_api, in_service_record, page = names_readers_get()
    assert (in_api, in_service_record) == (old_name, old_name)
    assert old_name in page and new_name not in page
    assert new_name not in reader(service.get_parent().url)

    approve(client, moderator, organisation)
    in_api, in_service_record, page = names_readers_get()
    assert (in_api, in_service_record) == (new_name, new_name)
    assert new_name in page and new_name in reader(service.get_parent().url)


def test_an_editors_change_to_the_site_text_reaches_readers_only_once_approved(client, demo_site, editor, moderator):
    """The safety note an editor rewrites stays the published one on every page until a moderator approves it."""
    site_text = english_site_text()
    log_in(client, editor)
    response = client.post(
        edit_url(site_text), site_text_form(site_text, safety_note=NEW_NOTE, **{"action-submit": "1"})
    )
    assert response.status_code == 302
    assert NEW_NOTE not in reader("/") and site_text.safety_note in reader("/")

    approve(client, moderator, site_text)
    assert NEW_NOTE in reader("/") and NEW_NOTE in reader("/about/")


def test_a_moderator_publishes_an_urgent_banner_at_once(client, demo_site, moderator):
    """Publish, in the moderator's own editor, puts the banner on every page at once, with no review."""
    log_in(client, moderator)
    response = client.post(url(AlertBanner, "add") + "?locale=en", banner_form(**{"action-publish": "1"}))
    assert response.status_code == 302
    banner = AlertBanner.objects.get()
    assert banner.live and not banner.workflow_in_progress
    assert NOTICE in reader("/") and NOTICE in reader("/es/")


def test_an_editor_previews_a_banner_as_readers_will_see_it(client, demo_site, editor):
    """The banner's Preview shows its message in the site's notice bar, and when it will show, before anyone
    publishes it; the site text's shows the new safety note."""
    log_in(client, editor)
    preview = url(AlertBanner, "preview_on_add") + "?locale=en"
    assert client.post(preview, banner_form()).json()["is_valid"]
    response = client.get(preview)
    assert response.status_code == 200
    body = text_of(response)
    assert 'class="site-alert"' in body and NOTICE in body
    assert "Once it is published, readers see this notice" in body
    assert not AlertBanner.objects.exists()

    site_text = english_site_text()
    preview = url(site_text, "preview_on_edit", quote(site_text.pk))
    assert client.post(preview, site_text_form(site_text, safety_note=NEW_NOTE)).json()["is_valid"]
    assert NEW_NOTE in text_of(client.get(preview)) and NEW_NOTE not in reader("/")


def test_editors_cannot_publish_and_moderators_can(client, demo_site, editor, moderator, translator):
    """The groups' permissions say who publishes site text, banners and organisations: moderators only. An editor's
    Publish, typed into the form, saves a draft readers do not see."""
    for model in (SiteText, AlertBanner, Organisation):
        codename = f"{model._meta.app_label}.publish_{model._meta.model_name}"
        assert moderator.has_perm(codename), codename
        assert not editor.has_perm(codename) and not translator.has_perm(codename), codename
    log_in(client, editor)
    form = client.get(url(AlertBanner, "add") + "?locale=en").content.decode()
    assert "action-submit" in form and "action-publish" not in form
    client.post(url(AlertBanner, "add") + "?locale=en", banner_form(**{"action-publish": "1"}))
    assert not AlertBanner.objects.get().live
    assert NOTICE not in reader("/")


def test_an_editor_may_delete_a_draft_banner_but_not_one_readers_see(client, demo_site, editor):
    """Deleting a notice readers see would change every page without review: the editor is told so; a draft of
    their own goes."""
    now = timezone.now()
    times = {"starts_at": now - datetime.timedelta(hours=1), "ends_at": now + datetime.timedelta(hours=1)}
    showing = AlertBanner.objects.create(message=NOTICE, **times)
    draft = AlertBanner.objects.create(message="A draft nobody sees.", live=False, **times)
    log_in(client, editor)
    response = client.post(url(showing, "delete", quote(showing.pk)), follow=True)
    assert response.status_code == 200
    assert any("readers see it now" in message for message in messages_of(response))
    assert AlertBanner.objects.filter(pk=showing.pk).exists() and NOTICE in reader("/")
    response = client.post(url(draft, "delete", quote(draft.pk)))
    assert response.status_code == 302 and not AlertBanner.objects.filter(pk=draft.pk).exists()


def test_a_never_published_organisation_is_shown_to_no_reader(client, demo_site):
    """A service whose organisation is still a draft shows no organisation name, on its page or in the API."""
    service = ServicePage.objects.get(slug="night-outreach-vans", locale__language_code="en")
    draft = Organisation.objects.create(name="Not Yet Approved Outreach", live=False)
    ServicePage.objects.filter(pk=service.pk).update(provider=draft)
    assert draft.name not in reader(service.url)
    assert draft.name not in reader(service.get_parent().url)
    assert draft.name not in reader("/resource-card/")
    record = next(item for item in hsds("/hsds/services") if item["id"] == str(service.translation_key))
    assert "organization" not in record and "organization_id" not in record
    assert str(draft.uuid) not in {item["id"] for item in hsds("/hsds/organizations")}


# Translators change the Spanish versions only


@pytest.mark.parametrize("kind", ["banner", "site text"])
def test_a_translator_cannot_change_the_english_banner_or_safety_note(client, demo_site, translator, kind):
    """Opening or posting the English version sends the translator back to the list with a message; nothing
    changes, and nothing is a server error."""
    if kind == "banner":
        now = timezone.now()
        original = AlertBanner.objects.create(
            message=NOTICE, starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
        )
        data = banner_form(message="Changed by a translator", **{"action-submit": "1"})
    else:
        original = english_site_text()
        data = site_text_form(original, safety_note="Changed by a translator")
    log_in(client, translator)
    response = client.get(edit_url(original), follow=True)
    assert response.redirect_chain == [(url(original, "list"), 302)]
    assert "You can change only the translations of" in " ".join(messages_of(response))
    response = client.post(edit_url(original), data)
    assert response.status_code == 302 and response.url == url(original, "list")
    response = client.post(url(original, "delete", quote(original.pk)))
    assert response.status_code in (302, 403)
    before = {"banner": NOTICE, "site text": english_site_text().safety_note}[kind]
    assert before in reader("/") and "Changed by a translator" not in reader("/")
    assert type(original).objects.filter(pk=original.pk, live=True).exists()
    assert not original.revisions.exists()


def test_a_translators_spanish_safety_note_reaches_spanish_readers_once_approved(
    client, demo_site, translator, moderator
):
    """In wagtail-localize's editor the translator changes the Spanish safety note and submits it: Spanish readers
    keep the published note (the page cache untouched) until a moderator approves it."""
    english, spanish = english_site_text(), spanish_site_text()
    published_note = spanish.safety_note
    translate_strings(english, spanish.locale, {english.safety_note: NEW_SPANISH_NOTE})
    assert published_note in reader("/es/")
    log_in(client, translator)
    page = client.get(edit_url(spanish))
    assert page.status_code == 200 and SUBMIT_FOR_REVIEW in page.content.decode()
    response = client.post(edit_url(spanish), {"action": SUBMIT_FOR_REVIEW}, follow=True)
    assert "is submitted for review" in " ".join(messages_of(response))
    spanish.refresh_from_db()
    assert spanish.live and spanish.safety_note == published_note and spanish.workflow_in_progress
    assert Client().get("/es/")["X-Cache"] == "hit"
    assert published_note in reader("/es/")

    approve(client, moderator, spanish)
    assert spanish.safety_note == NEW_SPANISH_NOTE
    assert NEW_SPANISH_NOTE in reader("/es/") and NEW_SPANISH_NOTE not in reader("/")


def test_the_translation_editor_of_a_snippet_in_review_has_wagtails_snippet_status_panel(
    client, demo_site, translator, moderator
):
    """Contract with wagtail-localize and Wagtail (resources/templatetags/resources_tags.py): wagtail-localize gives a
    snippet Wagtail's plain status panel, which fails to render once the snippet waits for review; ours is
    Wagtail's own snippet panel, linking to the same comparison as Wagtail's snippet editor. A translator gets our
    footer, a moderator wagtail-localize's."""
    english, spanish = english_site_text(), spanish_site_text()
    translate_strings(english, spanish.locale, {english.safety_note: NEW_SPANISH_NOTE})
    log_in(client, translator)
    client.post(edit_url(spanish), {"action": SUBMIT_FOR_REVIEW})
    spanish.refresh_from_db()
    compare = url(spanish, "revisions_compare", quote(spanish.pk), "live", spanish.latest_revision_id)
    for person, ours in ((translator, True), (moderator, False)):
        log_in(client, person)
        response = client.get(edit_url(spanish))
        assert response.status_code == 200
        assert response.templates[0].name == "wagtail_localize/admin/edit_translation.html"
        page = response.content.decode()
        assert compare in page and "In Moderation" in page
        assert (SUBMIT_FOR_REVIEW in page) is ours


def test_a_translators_spanish_banner_reaches_spanish_readers_once_approved(client, demo_site, translator, moderator):
    """From Needs translation, the translator makes the Spanish banner (a draft: Spanish readers keep the English
    one), translates and submits it; a moderator approves it and Spanish readers get it."""
    now = timezone.now()
    english = AlertBanner.objects.create(
        message=NOTICE, starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
    )
    spanish_locale = Locale.objects.get(language_code="es")
    log_in(client, translator)
    content_type = ContentType.objects.get_for_model(AlertBanner)
    response = client.post(reverse("needs_translation:start", args=[content_type.pk, english.pk, "es"]))
    spanish = english.get_translation(spanish_locale)
    assert response.url == edit_url(spanish)
    assert not spanish.live and spanish.live_revision is None
    translate_strings(english, spanish_locale, {NOTICE: SPANISH_NOTICE})
    client.post(edit_url(spanish), {"action": SAVE_DRAFT})
    assert SPANISH_NOTICE not in reader("/es/") and NOTICE in reader("/es/")
    listing = text_of(client.get(reverse("needs_translation:report")))
    assert "Translated, not yet submitted for review" in listing

    client.post(edit_url(spanish), {"action": SUBMIT_FOR_REVIEW})
    assert SPANISH_NOTICE not in reader("/es/")
    approve(client, moderator, spanish)
    assert spanish.live
    assert SPANISH_NOTICE in reader("/es/") and NOTICE not in reader("/es/") and NOTICE in reader("/")


def test_syncing_translations_publishes_them_only_for_a_moderator(client, demo_site, editor, translator, moderator):
    """wagtail-localize's "Sync translated snippets" with "Publish immediately" would publish the Spanish site text
    for anyone who may ask for translations: an editor or translator is told only a moderator can."""
    english, spanish = english_site_text(), spanish_site_text()
    source = TranslationSource.objects.get(object_id=english.translation_key, locale=english.locale)
    translate_strings(english, spanish.locale, {english.safety_note: NEW_SPANISH_NOTE})
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    for person in (editor, translator):
        log_in(client, person)
        response = client.post(sync, {"publish_translations": "on"}, follow=True)
        assert response.status_code == 200
        assert any("only a moderator can publish it" in message for message in messages_of(response))
        assert NEW_SPANISH_NOTE not in reader("/es/")
    log_in(client, moderator)
    client.post(sync, {"publish_translations": "on"})
    assert NEW_SPANISH_NOTE in reader("/es/")


def test_saving_a_draft_of_a_live_spanish_banner_leaves_it_on_the_site(demo_site):
    """Contract with wagtail-localize: its save_target(publish=False) marks a snippet not live and saves it; inside
    saving_drafts() (resources/publishing.py) the live row stays as readers see it and the draft is a revision."""
    now = timezone.now()
    english = AlertBanner.objects.create(
        message=NOTICE, starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
    )
    spanish = english.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.message = SPANISH_NOTICE
    spanish.save()
    source, _created = TranslationSource.get_or_create_from_instance(english)
    translation = Translation.objects.create(source=source, target_locale=spanish.locale, enabled=True)
    translate_strings(english, spanish.locale, {NOTICE: "Un borrador que nadie ve todavía."})
    with saving_drafts():
        translation.save_target(publish=False)
    spanish.refresh_from_db()
    assert spanish.live and spanish.message == SPANISH_NOTICE and spanish.has_unpublished_changes
    assert spanish.get_latest_revision_as_object().message == "Un borrador que nadie ve todavía."
    assert SPANISH_NOTICE in reader("/es/")

    # Without the block, wagtail-localize does what the mixin guards against: this test fails if it stops.
    translate_strings(english, spanish.locale, {NOTICE: "Otro borrador."})
    translation.save_target(publish=False)
    spanish.refresh_from_db()
    assert not spanish.live and spanish.message == "Otro borrador."


# The page cache: publishing empties it, saving a draft does not


def test_saving_a_draft_leaves_the_page_cache_and_publishing_or_unpublishing_empties_it(
    client, demo_site, editor, moderator
):
    """A draft of the live site text (saved or submitted) keeps cached pages; publishing it, and unpublishing a
    banner, render them afresh."""
    now = timezone.now()
    banner = AlertBanner.objects.create(
        message=NOTICE, starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
    )
    site_text = english_site_text()
    readers = Client()
    readers.get("/")
    assert readers.get("/")["X-Cache"] == "hit"

    log_in(client, editor)
    client.post(edit_url(site_text), site_text_form(site_text, safety_note=NEW_NOTE))
    client.post(edit_url(site_text), site_text_form(site_text, safety_note=NEW_NOTE, **{"action-submit": "1"}))
    draft = AlertBanner.objects.create(
        message="A draft nobody sees.",
        live=False,
        **{"starts_at": now - datetime.timedelta(hours=1), "ends_at": now + datetime.timedelta(hours=1)},
    )
    draft.delete()
    assert readers.get("/")["X-Cache"] == "hit"

    approve(client, moderator, english_site_text())
    assert readers.get("/")["X-Cache"] == "miss"
    assert NEW_NOTE in text_of(readers.get("/"))

    assert readers.get("/")["X-Cache"] == "hit"
    log_in(client, moderator)
    assert client.post(url(banner, "unpublish", quote(banner.pk))).status_code == 302
    assert readers.get("/")["X-Cache"] == "miss"
    assert NOTICE not in text_of(readers.get("/"))


def test_revision_bookkeeping_is_what_wagtail_saves_with_a_draft(demo_site):
    """Contract with Wagtail: saving a revision of a live snippet writes only REVISION_BOOKKEEPING on its row
    (coalition/caching/invalidation.py leaves the caches alone for that save)."""
    from django.db.models.signals import post_save

    seen = []

    def record(sender, instance, update_fields=None, **kwargs):
        if sender is SiteText:
            seen.append(update_fields)

    post_save.connect(record)
    try:
        english_site_text().save_revision()
    finally:
        post_save.disconnect(record)
    assert seen and all(fields is not None and set(fields) <= REVISION_BOOKKEEPING for fields in seen)


# Settings, the registries and the migration


def test_only_moderators_and_administrators_change_the_site_settings(client, demo_site, editor, translator):
    """Wagtail keeps no drafts of a setting, so only moderators may change one; an editor or translator who opens
    the settings is turned away."""
    assert member_of("Moderators").has_perm("home.change_sitesettings")
    settings_url = reverse("wagtailsettings:edit", args=["home", "sitesettings"])
    for person in (editor, translator):
        assert not person.has_perm("home.change_sitesettings")
        log_in(client, person)
        assert client.get(settings_url).status_code in (302, 403)


def models_readers_see():
    """Every snippet and setting, and every model of the site's own apps that a page type points at."""
    found = {*get_snippet_models(), *settings_registry}
    for page_model in get_page_models():
        for field in page_model._meta.get_fields():
            related = field.related_model if field.is_relation and field.concrete else None
            if related is not None and related._meta.app_label in READER_SURFACES and not issubclass(related, Page):
                found.add(related)
    return found


def test_every_model_readers_see_is_reviewed_or_closed_to_editors_and_translators(demo_site):
    """A snippet or setting added later must either keep drafts under the pages' workflow, or be one that editors
    and translators cannot change or delete (languages, categories and the site settings are such)."""
    root_workflow = WorkflowPage.objects.get(page__depth=1).workflow
    groups = {name: Group.objects.get(name=name) for name in ("Editors", "Translators")}
    for model in models_readers_see():
        if issubclass(model, DraftStateMixin):
            assert issubclass(model, WorkflowMixin), model
            assert model.get_default_workflow() == root_workflow, model
            continue
        content_type = ContentType.objects.get_for_model(model)
        codenames = [f"{action}_{model._meta.model_name}" for action in ("change", "delete")]
        for name, group in groups.items():
            granted = Permission.objects.filter(group=group, content_type=content_type, codename__in=codenames)
            assert not granted.exists(), (model, name, list(granted))
    assert {SiteText, AlertBanner, Organisation} <= {m for m in models_readers_see() if issubclass(m, DraftStateMixin)}
    assert SiteSettings in models_readers_see()


def test_rows_readers_saw_before_the_migration_stay_published_with_a_first_revision(client, demo_site):
    """The data migration leaves every existing row live, with a first revision as its published version and a
    first-published date, so the admin lists it as live; running it again changes nothing."""
    Organisation.objects.update(live_revision=None, latest_revision=None, first_published_at=None)
    key = ("home", "0011_review_snippets_readers_see")
    migration = importlib.import_module("home.migrations." + key[1])
    state = MigrationLoader(connection).project_state(key)
    migration.review_snippets(state.apps, None)
    migration.review_snippets(state.apps, None)
    for organisation in Organisation.objects.all():
        assert organisation.live and not organisation.has_unpublished_changes
        assert organisation.live_revision_id == organisation.latest_revision_id is not None
        assert organisation.first_published_at is not None
        assert organisation.revisions.count() == 1
        assert organisation.live_revision.as_object().name == organisation.name
    admin = get_user_model().objects.create_superuser("root", "", "a-long-test-password")
    log_in(client, admin)
    listing = text_of(client.get(url(Organisation, "list")))
    assert len(re.findall(r">\s*live\s*<", listing)) == Organisation.objects.count()
    assert not re.search(r">\s*(draft|live \+ draft)\s*<", listing)


def test_the_translator_rule_reads_page_permissions(demo_site, editor, moderator, translator):
    """Who may change an English snippet is who may change an English page: the rule in coalition/editorial/."""
    assert snippet_rules.may_change_default_language(editor)
    assert snippet_rules.may_change_default_language(moderator)
    assert not snippet_rules.may_change_default_language(translator)
