"""Only administrators delete or move pages; moderators unpublish; editors and translators do neither, wherever
they look and whatever address they type (docs/editors.md, part 10)."""

import html
import json
import re

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Locale, Page, PagePermissionTester, get_page_models
from wagtail_localize.operations import TranslationCreator

from coalition.editorial import roles as role_rules
from resources.models import FaqIndexPage, FaqPage, HotlinePage
from tests.utils import log_in

pytestmark = pytest.mark.django_db

ACTIONS = {"Delete", "Move", "Unpublish"}
# Where each action can be offered at all: Wagtail's footer holds Unpublish only; the translation editor
# (every synced Spanish page opens in it) offers Delete and Unpublish, and never Move.
PLACES = {
    "listing": ACTIONS,
    "header": ACTIONS,
    "footer": {"Unpublish"},
    "translation editor": {"Delete", "Unpublish"},
}
TRANSLATION_EDITOR = {"Delete": "canDelete", "Unpublish": "canUnpublish"}
REFUSED = "Sorry, you do not have permission to access this area."
# What each person may do to each kind of page; anything else is neither offered nor done.
ALLOWED = {
    ("Administrator", "live"): {"Delete", "Move", "Unpublish"},
    ("Administrator", "draft"): {"Delete", "Move"},
    ("Moderators", "live"): {"Unpublish"},
}
ROLES = ["Administrator", "Editors", "Moderators", "Translators"]
KINDS = [("en", "live"), ("en", "draft"), ("es", "live"), ("es", "draft")]


@pytest.fixture
def people(roles):
    """Someone in each group, and an administrator."""
    users = get_user_model().objects
    found = {"Administrator": users.create_superuser("coordinator", "", "a-long-test-password")}
    for group in ["Editors", "Moderators", "Translators"]:
        found[group] = users.create_user(group.lower(), password="a-long-test-password")
        found[group].groups.add(Group.objects.get(name=group))
    return found


@pytest.fixture
def pages(people):
    """A live hotline and a new, never published, questions page written by an editor, each in English and in
    Spanish."""
    owner = people["Editors"]
    english_live = HotlinePage.objects.filter(locale__language_code="en", live=True).first()
    index = FaqIndexPage.objects.get(locale__language_code="en")
    english_draft = index.add_child(
        instance=FaqPage(title="Safety planning", slug="safety-planning", live=False, owner=owner)
    )
    english_draft.save_revision(user=owner)
    spanish = Locale.objects.get(language_code="es")
    TranslationCreator(owner, [spanish]).create_translations(english_draft)
    return {
        ("en", "live"): english_live,
        ("en", "draft"): english_draft,
        ("es", "live"): english_live.get_translation(spanish),
        ("es", "draft"): english_draft.get_translation(spanish),
    }


def labels(element):
    """Which of Delete, Move and Unpublish the links and buttons inside `element` say."""
    if element is None:
        return set()
    return {link.get_text(" ", strip=True) for link in element.find_all(["a", "button"])} & ACTIONS


def offered(client, page):
    """The actions on `page` its listing row's "More" menu offers, then those of the page editor's header and
    footer, or of the translation editor's menus."""
    places = {}
    listing = BeautifulSoup(
        client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])).content, "html.parser"
    )
    row = next((row for row in listing.find_all("tr") if row.find("a", href=f"/admin/pages/{page.pk}/edit/")), None)
    places["listing"] = labels(row)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    if response.status_code != 200:
        return {**places, "header": set(), "footer": set()}
    props = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode())
    if props:
        perms = json.loads(html.unescape(props.group(1)))["perms"]
        places["translation editor"] = {name for name, key in TRANSLATION_EDITOR.items() if perms[key]}
        return places
    editor = BeautifulSoup(response.content, "html.parser")
    places["header"] = labels(editor.find("header"))
    places["footer"] = labels(editor.find("footer"))
    return places


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("language,kind", KINDS)
def test_each_role_is_offered_only_what_it_may_do(client, people, pages, role, language, kind):
    """The listing's "More" menu, the page header's "Actions" menu and the editor's footer (or the translation
    editor's menus) offer Delete, Move and Unpublish to exactly those allowed them."""
    log_in(client, people[role])
    places = offered(client, pages[language, kind])
    allowed = ALLOWED.get((role, kind), set())
    assert places == {place: allowed & PLACES[place] for place in places}
    assert ("translation editor" in places) == (language == "es")


def where_it_is(page):
    """The page's parent and whether it is live; None once it is deleted."""
    page = Page.objects.filter(pk=page.pk).first()
    return page and (page.get_parent().pk, page.live)


def forced_urls(page, destination):
    return {
        "delete": reverse("wagtailadmin_pages:delete", args=[page.pk]),
        "move": reverse("wagtailadmin_pages:move", args=[page.pk]),
        "move_confirm": reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk]),
        "unpublish": reverse("wagtailadmin_pages:unpublish", args=[page.pk]),
    }


def other_language_section(page):
    """Where a move could take the page: the same section in the other language, the only other place its
    type may live."""
    parent = page.get_parent()
    return parent.get_translations().get()


@pytest.mark.parametrize("role", ["Editors", "Moderators", "Translators"])
@pytest.mark.parametrize("language,kind", KINDS)
def test_typing_the_address_is_refused_and_changes_nothing(client, people, pages, role, language, kind):
    """GET and POST to a page's delete, move and unpublish addresses are refused with a message, never a server
    error, and the page stays where it was, live or not as it was."""
    page = pages[language, kind]
    log_in(client, people[role])
    before = where_it_is(page)
    destination = other_language_section(page)
    for action, url in forced_urls(page, destination).items():
        if action == "unpublish" and "Unpublish" in ALLOWED.get((role, kind), set()):
            continue
        for method in (client.get, client.post):
            response = method(url, {"new_parent_page": destination.pk}, follow=True)
            assert response.redirect_chain, f"{action}: {method.__name__} was not refused"
            assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home"), (action, method)
            assert REFUSED in response.content.decode(), (action, method)
            assert where_it_is(page) == before, (action, method)


@pytest.mark.parametrize("role", ["Editors", "Moderators", "Translators"])
@pytest.mark.parametrize("language,kind", KINDS)
def test_bulk_actions_are_refused_and_change_nothing(client, people, pages, role, language, kind):
    """Selecting the page in a listing and choosing Delete, Move or Unpublish shows that it may not be done,
    with no button to go ahead; posting anyway is refused with a message, and nothing changes."""
    page = pages[language, kind]
    log_in(client, people[role])
    before = where_it_is(page)
    destination = other_language_section(page)
    listing = reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    for action, verb, button, refusal in [
        ("delete", "delete", "Yes, delete", "Only an administrator can delete pages, so nothing was deleted."),
        ("move", "move", "Yes, move these pages", "Only an administrator can move pages, so nothing was moved."),
        (
            "unpublish",
            "unpublish",
            "Yes, unpublish",
            "You may not unpublish any of these pages, so nothing was unpublished.",
        ),
    ]:
        if action == "unpublish" and "Unpublish" in ALLOWED.get((role, kind), set()):
            continue
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + f"?id={page.pk}&next={listing}"
        confirmation = html.unescape(client.get(url).content.decode())
        assert f"You don't have permission to {verb} this page" in confirmation, action
        assert button not in confirmation, action
        response = client.post(url, {"chooser": destination.pk}, follow=True)
        assert response.redirect_chain[0][0] == listing, action
        assert refusal in response.content.decode(), action
        assert where_it_is(page) == before, action


def test_an_administrator_can_still_delete_and_move(client, people, pages):
    """The rule takes nothing from administrators: the move view opens, and a page is deleted."""
    page = pages["en", "draft"]
    log_in(client, people["Administrator"])
    assert (
        "Select a new parent for this page."
        in client.get(reverse("wagtailadmin_pages:move", args=[page.pk])).content.decode()
    )
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert where_it_is(page) is None


def test_a_moderator_unpublishes_a_live_page(client, people, pages):
    """Unpublishing stays with moderators: the confirmation is offered and the page goes offline."""
    page = pages["en", "live"]
    log_in(client, people["Moderators"])
    url = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
    assert "Yes, unpublish it" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert where_it_is(page) == (page.get_parent().pk, False)


def test_the_dashboard_offers_reviews_to_moderators_only(client, people, pages):
    """A page sent for review is in the moderator's "Awaiting your review" panel, with Approve; editors and
    translators get no such panel."""
    page = pages["en", "draft"]
    page.get_workflow().start(page, people["Editors"])
    log_in(client, people["Moderators"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in dashboard and "Safety planning" in dashboard and ">Approve<" in dashboard
    for role in ["Editors", "Translators"]:
        log_in(client, people[role])
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Awaiting your review" not in dashboard, role
        assert ">Approve<" not in dashboard, role


def test_every_page_type_answers_with_the_sites_rules(people):
    """No page type chooses its own permission tester, and Wagtail's own method still gives the tester the
    site's rules extend: an upgrade that changes either fails here."""
    overriding = [model for model in get_page_models() if "permissions_for_user" in vars(model)]
    assert overriding == [Page]
    assert Page.permissions_for_user is role_rules.permissions_for_user
    page = HotlinePage.objects.first()
    user = people["Moderators"]
    assert type(role_rules.WAGTAILS_OWN(page, user)) is PagePermissionTester
    assert isinstance(page.permissions_for_user(user), role_rules.RolePermissionTester)


def test_copy_is_offered_only_to_those_who_may_add_a_page(client, people, pages):
    """A translator, who may add no page anywhere, is not offered Copy (it led to a form refusing every place)."""

    def listing_offers_copy(page):
        listing = BeautifulSoup(
            client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])).content, "html.parser"
        )
        row = next(row for row in listing.find_all("tr") if row.find("a", href=f"/admin/pages/{page.pk}/edit/"))
        return "Copy" in {link.get_text(" ", strip=True) for link in row.find_all(["a", "button"])}

    log_in(client, people["Translators"])
    assert not listing_offers_copy(pages["es", "live"])
    assert client.get(reverse("wagtailadmin_pages:copy", args=[pages["es", "live"].pk])).status_code in (302, 403)
    log_in(client, people["Editors"])
    assert listing_offers_copy(pages["en", "live"])
