"""A person in danger can call or text from the first screen: on the home page and on every hotline page, in
English and Spanish, on the smallest phones, the quick exit, a button that calls 911 and the call and text
buttons of the lines editors mark as emergency lines are all on screen without scrolling."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from django.test import Client

from home.models import SiteSettings
from resources.models import HotlineIndexPage, HotlinePage
from tests.test_editor_journey import add_child_page, approve_from_dashboard, submit_for_review
from tests.test_translator_journey import person, translate_every_string

# Phone widths at the shortest screen the site is made for: passing at 568 px tall, a page passes on any taller one.
SIZES = [(320, 568), (360, 568), (390, 568), (414, 568)]

# The part of an element a reader can see and tap: inside the viewport and not under anything else.
ON_FIRST_SCREEN = """(element) => {
    const box = element.getBoundingClientRect();
    const inside = box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
        && box.right <= window.innerWidth && box.bottom <= window.innerHeight;
    const hit = inside && document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return {inside, uncovered: Boolean(hit) && element.contains(hit), bottom: Math.round(box.bottom)};
}"""


def first_screen_pages(language):
    """The home page, the hotlines page and every hotline page in `language`."""
    hotlines = HotlinePage.objects.live().filter(locale__language_code=language).order_by("path")
    home = "/" if language == "en" else "/es/"
    return [home, hotlines.first().get_parent().url, *(hotline.url for hotline in hotlines)]


def expected_buttons(language):
    """The hrefs a reader must reach at once: 911, then every number of the emergency lines, in their order."""
    hrefs = ["tel:911"]
    for hotline in HotlinePage.objects.emergency().filter(locale__language_code=language):
        for number, href in ((hotline.phone, "tel:"), (hotline.text_number, "sms:")):
            if number and f"{href}{number}" not in hrefs:
                hrefs.append(f"{href}{number}")
    return hrefs


def first_screen(path):
    """(the call and text buttons at the top of the page as (href, label), the rest of the page after them)."""
    html = Client().get(path).content.decode()
    found = re.search(r'<section class="call-now".*?</section>', html, re.S)
    if found is None:
        return [], html
    buttons = re.findall(r'<a class="button[^"]*" href="([^"]+)">([^<]+)</a>', found.group())
    return buttons, html[found.end() :]


def hrefs(path):
    return [href for href, _label in first_screen(path)[0]]


def line(slug, **values):
    """Change the English hotline at `slug` and publish it, as a moderator's approval does."""
    hotline = HotlinePage.objects.get(slug=slug, locale__language_code="en")
    for name, value in values.items():
        setattr(hotline, name, value)
    hotline.save_revision().publish()


@pytest.mark.django_db
def test_911_then_the_emergency_lines_lead_the_home_and_hotline_pages_in_both_languages(demo_site):
    for path in ("/", "/es/", "/get-help-now/", "/es/ayuda-inmediata/", "/get-help-now/wentzville-police-tip-line/"):
        assert hrefs(path) == ["tel:911", "tel:+18883737888", "sms:233733"], path
    buttons, rest = first_screen("/es/")
    assert [label for _href, label in buttons] == [
        "Llamar al 911",
        "Llamar al (888) 373-7888",
        "Enviar mensaje de texto al 233733",
    ]
    # The home page's title and introduction come after the buttons, not before them.
    assert "<h1>" in rest and 'class="introduction"' in rest
    # Other pages keep their first screen for their own content.
    for path in ("/questions/", "/es/servicios/", "/about/"):
        assert hrefs(path) == [], path


@pytest.mark.django_db
def test_the_first_screen_follows_the_editors_emergency_flag_and_order(demo_site):
    # A line marked as an emergency line, ordered before the national hotline, leads after 911 in both languages
    # (the flag and the order are the same in every language: publishing the English page brings the Spanish one).
    line("wentzville-police-tip-line", is_emergency=True, sort_order=5)
    for path in ("/", "/es/", "/get-help-now/national-human-trafficking-hotline/"):
        assert hrefs(path) == ["tel:911", "tel:+16366392180", "tel:+18883737888", "sms:233733"], path

    # At most two lines under 911, so that the last button still fits a small phone's first screen.
    line("crimestoppers", is_emergency=True, sort_order=1)
    assert hrefs("/") == ["tel:911", "tel:+18663718477", "tel:+16366392180"]

    # A line no longer marked leaves the first screen; a number already shown is not shown twice (the 911 page,
    # the text line of the national hotline).
    line("crimestoppers", is_emergency=False)
    line("wentzville-police-tip-line", is_emergency=False)
    line("national-human-trafficking-hotline", is_emergency=False)
    line("national-human-trafficking-hotline-text", is_emergency=True)
    assert hrefs("/es/") == ["tel:911", "sms:233733"]


@pytest.mark.django_db
def test_the_first_screen_calls_the_sites_emergency_number(demo_site):
    settings = SiteSettings.objects.get()
    settings.emergency_number = "112"
    settings.save()
    assert hrefs("/")[0] == "tel:112"
    assert first_screen("/es/")[0][0] == ("tel:112", "Llamar al 112")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("width,height", SIZES)
def test_quick_exit_911_and_the_national_hotline_are_on_the_first_screen(
    chromium, live_server, demo_site, language, width, height
):
    context = chromium.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
    )
    page = context.new_page()
    hrefs = expected_buttons(language)
    # The demo's national hotline is an emergency line: its call and text buttons lead with 911.
    assert hrefs == ["tel:911", "tel:+18883737888", "sms:233733"]
    off_screen = {}
    for url in first_screen_pages(language):
        page.goto(url)
        targets = {"quick exit": page.locator(".quick-exit")}
        for href in hrefs:
            targets[href] = page.locator(f'.call-now a[href="{href}"]')
        for name, locator in targets.items():
            assert locator.count() == 1, (url, name)
            found = locator.evaluate(ON_FIRST_SCREEN)
            if not (found["inside"] and found["uncovered"]):
                off_screen.setdefault(url, []).append(f"{name} (bottom at {found['bottom']} px)")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
    context.close()
    assert off_screen == {}


GUIDE_IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_first_screens_shown_in_the_editors_guide(chromium, live_server, demo_site):
    """The home page's first screen on the smallest phone (320 × 568) and a common one (390 × 844), in both
    languages, retaken for docs/editors.md (section 4) whenever the tests run."""
    for width, height in ((320, 568), (390, 844)):
        context = chromium.new_context(
            viewport={"width": width, "height": height}, is_mobile=True, has_touch=True, base_url=live_server.url
        )
        page = context.new_page()
        for language, home in (("en", "/"), ("es", "/es/")):
            page.goto(home)
            found = page.locator('.call-now a[href="sms:233733"]').evaluate(ON_FIRST_SCREEN)
            assert found["inside"] and found["uncovered"], (width, language)
            page.screenshot(path=GUIDE_IMAGES / f"first-screen-{width}-{language}.png")
        context.close()


# The focused element: its class, where it leads, and the part of the page it is in.
FOCUSED = """() => {
    const element = document.activeElement;
    const part = element.closest('.site-header, .call-now, .top-bar, main');
    return [element.className, element.getAttribute('href'), part ? part.className || part.tagName : null];
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_keyboard_reaches_the_quick_exit_first_then_the_call_buttons(chromium, live_server, demo_site, language):
    """Tab from the top: the skip link, then the quick exit (the skip link that leaves, the site's name, the
    button), then the call and text buttons, then the safety note."""
    context = chromium.new_context(viewport={"width": 320, "height": 568}, base_url=live_server.url)
    page = context.new_page()
    home = "/" if language == "en" else "/es/"
    page.goto(home)
    order = []
    for _press in range(8):
        page.keyboard.press("Tab")
        order.append(page.evaluate(FOCUSED))
    context.close()
    quick_exit = order[1][1]
    assert order[:4] == [
        ["skip-link", "#main", None],
        ["skip-link", quick_exit, "site-header"],
        ["", home, "site-header"],
        ["quick-exit", quick_exit, "site-header"],
    ]
    assert order[4:7] == [
        ["button", "tel:911", "call-now"],
        ["button", "tel:+18883737888", "call-now"],
        ["button button--secondary", "sms:233733", "call-now"],
    ]
    assert order[7][2] == "top-bar"


CRISIS_LINE = {
    "Coalition crisis line": "Línea de crisis de la coalición",
    "Coalition advocates": "Defensores de la coalición",
    "Talk or text with someone who can help you leave, tonight.": (
        "Hable o escriba con alguien que puede ayudarle a salir, esta noche."
    ),
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_puts_a_new_emergency_line_on_the_first_screen_in_both_languages(
    chromium, live_server, admin_browser, roles
):
    """An editor adds a line marked as an emergency line, ordered before the national hotline; a moderator approves
    it; English readers on a 320 × 568 phone can call and text it without scrolling, Spanish readers once a
    translator has put it into Spanish and a moderator has approved that."""
    person("rosa", "Editors", "Rosa")
    person("mo", "Moderators", "Mo")
    person("tina", "Translators", "Tina")

    editor = admin_browser("rosa")
    add_child_page(editor, HotlineIndexPage.objects.get(locale__language_code="en"))
    editor.wait_for_url("**/admin/pages/add/resources/hotlinepage/**")
    editor.locator("#id_title").fill("Coalition crisis line")
    editor.get_by_role("textbox", name=re.compile(r"^Who answers")).fill("Coalition advocates")
    editor.get_by_role("textbox", name=re.compile(r"^Summary")).fill(
        "Talk or text with someone who can help you leave, tonight."
    )
    editor.get_by_role("textbox", name=re.compile(r"^Phone number")).fill("(636) 555-0142")
    editor.get_by_role("textbox", name=re.compile(r"^Text \(SMS\) number")).fill("(636) 555-0142")
    editor.get_by_role("checkbox", name=re.compile(r"^Emergency line")).check()
    editor.get_by_role("spinbutton", name=re.compile(r"^Order")).fill("5")
    submit_for_review(editor)
    assert hrefs("/") == ["tel:911", "tel:+18883737888", "sms:233733"], "nothing changes before the review"

    moderator = admin_browser("mo")
    approve_from_dashboard(moderator, "Coalition crisis line")
    crisis = ["tel:+16365550142", "sms:+16365550142"]
    assert hrefs("/") == ["tel:911", *crisis, "tel:+18883737888", "sms:233733"]
    # Spanish readers never get an English line: theirs waits for its translation.
    assert hrefs("/es/") == ["tel:911", "tel:+18883737888", "sms:233733"]

    translator = admin_browser("tina")
    translator.goto("/admin/needs-translation/")
    row = translator.get_by_role("row").filter(has_text="Coalition crisis line")
    row.get_by_role("button", name=re.compile(r"^Translate\W+Coalition crisis line")).click()
    translator.wait_for_url("**/admin/pages/*/edit/")
    translate_every_string(translator, CRISIS_LINE)
    translator.get_by_role("button", name="Submit for review").click()
    expect(translator.locator(".messages")).to_contain_text("is submitted for review")
    moderator.goto("/admin/")
    approve_from_dashboard(moderator, "Línea de crisis de la coalición")

    context = chromium.new_context(
        viewport={"width": 320, "height": 568}, is_mobile=True, has_touch=True, base_url=live_server.url
    )
    phone = context.new_page()
    for home in ("/", "/es/"):
        phone.goto(home)
        for href in ["tel:911", *crisis, "tel:+18883737888"]:
            found = phone.locator(f'.call-now a[href="{href}"]').evaluate(ON_FIRST_SCREEN)
            assert found["inside"] and found["uncovered"], (home, href, found["bottom"])
    context.close()
