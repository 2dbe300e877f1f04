"""The screenshots in docs/editors.md, retaken from the running admin so the pictures stay current.

Each picture is taken after checking that what the guide tells the reader to look for is on screen,
so a change in the admin fails here before it leaves the guide out of date.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Locale

from home.models import HomePage
from resources.models import FaqPage, HotlinePage, ServicePage, UpdatePage
from tests.browser import PASSWORD
from tests.hsds_tabular import zipped_errors_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
NEW_SENTENCE = "Ask us for a printed copy of this page."
# Wait for short animations (a menu opening, a message sliding in); long-running decorations are left alone.
SETTLE = """() => Promise.all(
    document.getAnimations()
        .filter((animation) => animation.effect.getComputedTiming().endTime < 2000)
        .map((animation) => animation.finished.catch(() => null))
)"""


def shoot(page, name):
    """Save what the window shows now, once menus have finished opening, as docs/images/<name>.png."""
    page.evaluate(SETTLE)
    IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=IMAGES / f"{name}.png", full_page=False)


def scroll_to_top(locator):
    """Scroll the editor (the form scrolls, not the window) until `locator` is just under its sticky header."""
    locator.evaluate("(element) => element.scrollIntoView({block: 'start'})")


def english(model, slug):
    return model.objects.get(slug=slug, locale__language_code="en")


def test_screenshots_for_the_editors_guide(admin_browser, roles, settings, tmp_path):
    """Every screen the editors' guide shows looks as the guide describes it, and its picture is retaken."""
    # As the coalition runs the site: no machine translation unless it is switched on.
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    users = get_user_model()
    coordinator = users.objects.create_superuser("coordinator", "", PASSWORD, first_name="Dana", last_name="Moderator")
    volunteer = users.objects.create_user("volunteer", password=PASSWORD, first_name="Rosa", last_name="Editor")
    volunteer.groups.add(Group.objects.get(name="Editors"))
    home = HomePage.objects.get(locale__language_code="en")
    faq = english(FaqPage, "law-and-police")
    spanish_faq = english(FaqPage, "health-and-safety").get_translation(Locale.objects.get(language_code="es"))

    # An editor sends a questions page for review: the menu under "Save draft".
    editor = admin_browser("volunteer")
    editor.goto(f"/admin/pages/{faq.pk}/edit/")
    editor.get_by_role("button", name="More actions").click()
    submit = editor.get_by_role("button", name="Submit to Moderators approval")
    expect(submit).to_be_visible()
    expect(editor.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    shoot(editor, "submit-for-review")
    submit.click()
    expect(editor.get_by_text("is sent for review")).to_be_visible()

    # The moderator's dashboard: facts waiting to be checked, and the page waiting for review.
    moderator = admin_browser("coordinator")
    expect(moderator.get_by_role("heading", name="Facts to check")).to_be_visible()
    expect(moderator.get_by_text(re.compile(r"\d+ services need their facts checked\."))).to_be_visible()
    expect(moderator.get_by_role("heading", name="Awaiting your review")).to_be_visible()
    expect(moderator.get_by_text(faq.title, exact=True)).to_be_visible()
    shoot(moderator, "dashboard")

    # The page explorer: the English home page and its sections.
    moderator.goto(f"/admin/pages/{home.pk}/")
    for section in ["Get help now", "Questions and answers", "Services", "Coalition updates"]:
        expect(moderator.get_by_role("link", name=section, exact=True)).to_be_visible()
    shoot(moderator, "page-explorer")

    # A question block in the questions page editor, with the buttons that move it up and down.
    moderator.goto(f"/admin/pages/{english(FaqPage, 'community').pk}/edit/")
    block = moderator.locator("[data-streamfield-child]").filter(has=moderator.locator(".question-block")).nth(1)
    # The answer's rich-text editor changes the block's height when it starts.
    expect(block.locator("[contenteditable=true]")).to_be_visible()
    scroll_to_top(block.locator(".w-panel__header").first)
    expect(block.get_by_role("textbox", name="Question")).to_have_value("What community resources combat trafficking?")
    expect(block.get_by_role("checkbox", name="Show on the home page")).to_be_in_viewport()
    expect(block.locator("label.w-field__label")).to_have_text(
        [
            "Question*",
            "Answer*",
            "Link name",
            "Show on the home page",
            "Where this answer comes from",
            "Source*",
            "Web address",
            "Corrections",
            "Corrected on*",
            "What changed*",
            "Source*",
            "Source's web address",
        ]
    )
    for button in ["Move up", "Move down"]:
        expect(block.get_by_role("button", name=button).first).to_be_visible()
    shoot(moderator, "faq-question-block")

    # The top of a service.
    moderator.goto(f"/admin/pages/{english(ServicePage, 'sti-testing-and-syringe-exchange').pk}/edit/")
    expect(moderator.get_by_role("heading", name="Provider")).to_be_visible()
    expect(moderator.get_by_text("St. Charles County Health Department")).to_be_visible()
    expect(moderator.get_by_role("heading", name="Categories")).to_be_visible()
    shoot(moderator, "service-editor")

    # A picture on an update: the image, what it shows, and the decoration tick box.
    moderator.goto(f"/admin/pages/{english(UpdatePage, 'checking-every-listing').pk}/edit/")
    scroll_to_top(moderator.get_by_role("heading", name="Picture").first)
    expect(moderator.get_by_text("Coffee on a wooden table")).to_be_visible()
    alt_text = moderator.get_by_role("textbox", name=re.compile("What the picture shows"))
    expect(alt_text).to_have_value("A cup of coffee on a saucer, on a wooden table.")
    expect(moderator.get_by_role("checkbox", name=re.compile("only decoration"))).to_be_in_viewport()
    shoot(moderator, "picture-panel")

    # The checks of a page above the reading level the site aims at, with the sentences to shorten.
    moderator.goto(f"/admin/pages/{faq.pk}/edit/")
    moderator.get_by_role("button", name="Toggle checks").click()
    checks = moderator.locator("[data-side-panel='checks']")
    expect(checks.get_by_text("Shorten these sentences:")).to_be_visible()
    checks.get_by_text("Plain language", exact=True).scroll_into_view_if_needed()
    shoot(moderator, "plain-language")
    # Wagtail opens the side panel last used on every page: closed, as the later pictures expect.
    moderator.get_by_role("button", name="Toggle checks").click()

    # A hotline number with a digit missing is refused when the draft is saved.
    moderator.goto(f"/admin/pages/{english(HotlinePage, 'wentzville-police-tip-line').pk}/edit/")
    moderator.fill("input[name=phone]", "636-327-510")
    with moderator.expect_navigation():
        moderator.get_by_role("button", name="Save draft").click()
    moderator.wait_for_load_state("networkidle")
    error = moderator.get_by_text("“636-327-510” is not a phone number we can dial.")
    expect(error).to_be_visible()
    scroll_to_top(moderator.get_by_role("heading", name="Numbers"))
    expect(moderator.get_by_text("Number in letters", exact=True)).to_be_visible()
    shoot(moderator, "hotline-number-error")

    # A change published on the English page waits in the Spanish page's translation editor,
    # and the Spanish page cannot be published until it is translated.
    english_faq = english(FaqPage, "health-and-safety")
    english_faq.introduction += " " + NEW_SENTENCE
    english_faq.save_revision(user=coordinator).publish(user=coordinator)
    moderator.goto(f"/admin/pages/{spanish_faq.pk}/edit/")
    expect(moderator.get_by_role("link", name="Download PO file")).to_be_visible()
    expect(moderator.get_by_role("button", name="Upload PO file")).to_be_visible()
    scroll_to_top(moderator.get_by_text("Download PO file and input translations offline").first)
    expect(moderator.get_by_text(spanish_faq.title, exact=True).first).to_be_in_viewport()
    waiting = moderator.locator("li").filter(has_text=NEW_SENTENCE).last
    expect(waiting.get_by_role("button", name="Translate")).to_be_in_viewport()
    shoot(moderator, "translation-editor")
    moderator.get_by_role("button", name="Publish in Español").click()
    expect(moderator.get_by_text("still has 1 untranslated string. Translate it before publishing.")).to_be_visible()

    # A translator finds the page in "Needs translation" and has Save draft and Submit for review.
    translator = users.objects.create_user("translator", password=PASSWORD, first_name="Tomás", last_name="Translator")
    translator.groups.add(Group.objects.get(name="Translators"))
    translating = admin_browser("translator")
    expect(translating.locator("#needs-translation-content")).to_contain_text("One page needs translating.")
    translating.get_by_role("link", name="See them all in “Needs translation”").click()
    row = translating.get_by_role("row").filter(has_text=english_faq.title)
    expect(row).to_contain_text("1 string to translate")
    shoot(translating, "needs-translation")
    row.get_by_role("link", name=re.compile(r"^Continue translating")).click()
    translating.wait_for_url(f"**/admin/pages/{spanish_faq.pk}/edit/")
    expect(translating.get_by_role("button", name="Submit for review")).to_be_visible()
    expect(translating.get_by_role("button", name="Save draft")).to_be_visible()
    waiting = translating.locator("li").filter(has_text=NEW_SENTENCE).last
    scroll_to_top(waiting)
    shoot(translating, "translator-editor")

    # The "Facts to check" report, oldest first.
    moderator.goto("/admin/facts/")
    expect(moderator.get_by_role("heading", name="Facts to check")).to_be_visible()
    hotline = moderator.get_by_role("link", name="National Human Trafficking Hotline", exact=True)
    row = moderator.get_by_role("row").filter(has=hotline)
    expect(row.get_by_text("Never")).to_be_visible()
    check = row.get_by_role("link", name="Mark as checked today")
    expect(check).to_be_visible()
    shoot(moderator, "facts-to-check")

    # Marking one as checked: the source is asked for, then the row leaves the report.
    check.click()
    expect(moderator.get_by_text("These facts have never been checked.")).to_be_visible()
    moderator.get_by_label("Checked against").fill("Called the hotline, 26 November")
    shoot(moderator, "mark-as-checked")
    moderator.get_by_role("button", name="Mark as checked today").click()
    expect(moderator.get_by_text("“National Human Trafficking Hotline” marked as checked today.")).to_be_visible()
    expect(hotline).to_have_count(0)

    # The alert banner snippet.
    moderator.goto("/admin/snippets/home/alertbanner/add/")
    moderator.get_by_role("textbox", name="Message").fill(
        "Cold-weather shelter open tonight from 7 pm at First Baptist Church."
    )
    for label in ["Link", "Show from", "Show until"]:
        expect(moderator.get_by_role("heading", name=label)).to_be_visible()
    expect(moderator.get_by_role("button", name="Save")).to_be_visible()
    shoot(moderator, "alert-banner")

    # Services from the 211: the dry run's report, a problem named by its row and field.
    package = zipped_errors_package(tmp_path / "united-way-211.zip")
    moderator.goto("/admin/")
    moderator.get_by_role("link", name="Import from a directory").click()
    moderator.get_by_role("textbox", name=re.compile("^Directory name")).fill("United Way 211")
    moderator.get_by_label("File").set_input_files(package)
    moderator.get_by_role("button", name="Check the file").click()
    expect(moderator.locator("#import-summary")).to_contain_text("Dry run, nothing saved: 3 new services")
    expect(moderator.get_by_role("button", name="Import 3 services")).to_be_visible()
    problem = moderator.get_by_role("row").filter(has_text="Example Utility Bill Help")
    expect(problem).to_contain_text("services.csv row 4")
    expect(problem).to_contain_text("is not a phone number we can dial")
    moderator.get_by_role("heading", name=re.compile("^New, becomes a draft for review")).scroll_into_view_if_needed()
    shoot(moderator, "import-from-a-directory")
