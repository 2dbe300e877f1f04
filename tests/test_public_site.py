"""What a reader on a phone meets on every page type, in English and Spanish (Chromium, 390×844)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from wagtail.models import Page

from home.models import DEFAULT_QUICK_EXIT_URL
from resources.models import HotlinePage, ServicePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
NEUTRAL_PAGE = "<!DOCTYPE html><html lang='en'><title>Weather</title><p>Weather"


def page_of_each_type(language):
    """The first live page of each page type in `language`, plus the pages that are not Wagtail pages."""
    urls = {}
    for page in Page.objects.live().filter(locale__language_code=language, depth__gt=1).order_by("path").specific():
        urls.setdefault(type(page).__name__, page.url)
    urls["ResourceCard"] = "/resource-card/" if language == "en" else "/es/tarjeta-de-recursos/"
    return urls


@pytest.fixture
def reader(chromium, live_server, demo_site):
    """A phone whose requests never leave the machine: the quick-exit site is answered by a stub."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, base_url=live_server.url
    )
    outside, exits = [], []

    def guard(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith("data:"):
            route.continue_()
        elif url.startswith(DEFAULT_QUICK_EXIT_URL):
            exits.append(url)
            route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.exits = exits
    yield page
    context.close()
    assert outside == [], f"requests left the site: {outside}"
    assert errors == [], f"console errors: {errors}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_type_passes_axe(reader, language):
    """axe-core finds no WCAG 2.2 AA or best-practice violation on any page type."""
    failures = {}
    for name, url in page_of_each_type(language).items():
        response = reader.goto(url)
        assert response.status == 200, url
        results = Axe().run(reader, options=AXE_OPTIONS)
        if results.violations_count:
            failures[name] = results.generate_report()
    assert failures == {}, "\n".join(f"{name}:\n{report}" for name, report in failures.items())


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_type_has_quick_exit_meta_and_alternates(reader, language):
    """Each page has the exit button, the right lang, a description, Open Graph tags, canonical and hreflang."""
    for name, url in page_of_each_type(language).items():
        reader.goto(url)
        assert reader.locator("html").get_attribute("lang") == language, name
        assert reader.locator(".quick-exit").is_visible(), name
        for selector in [
            'meta[name="description"]',
            'meta[property="og:title"]',
            'meta[property="og:description"]',
            'link[rel="canonical"]',
            'link[hreflang="en"]',
            'link[hreflang="es"]',
            'link[hreflang="x-default"]',
        ]:
            assert reader.locator(selector).count() == 1, f"{name}: {selector}"
        canonical = reader.locator('link[rel="canonical"]').get_attribute("href")
        assert canonical.endswith(url), name


def test_quick_exit_button_blanks_the_page_and_leaves(reader):
    """A tap on Quick exit hides the page at once and replaces it with the neutral site."""
    reader.goto("/get-help-now/")
    reader.locator(".quick-exit").click()
    reader.wait_for_url(f"{DEFAULT_QUICK_EXIT_URL}**")
    assert reader.exits
    assert "Weather" in reader.content()


def test_shift_three_times_leaves(reader):
    """Pressing Shift three times leaves the site, as the GOV.UK pattern does."""
    reader.goto("/questions/getting-help/")
    for _ in range(3):
        reader.keyboard.press("Shift")
    reader.wait_for_url(f"{DEFAULT_QUICK_EXIT_URL}**")


def test_another_key_between_shifts_resets_the_count(reader):
    """Shift, Shift, a letter, Shift does not leave: only three Shifts in a row count."""
    reader.goto("/questions/getting-help/")
    for key in ["Shift", "Shift", "a", "Shift"]:
        reader.keyboard.press(key)
    reader.wait_for_timeout(300)
    assert reader.url.endswith("/questions/getting-help/")
    assert reader.exits == []


def test_coming_back_shows_the_page_again(reader):
    """If the browser restores the page from its back-forward cache, the blank overlay is gone."""
    reader.goto("/")
    reader.evaluate(
        """() => {
            document.body.classList.add('exiting');
            window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));
        }"""
    )
    assert not reader.evaluate("document.body.classList.contains('exiting')")
    assert reader.locator("h1").is_visible()


def test_quick_exit_works_without_javascript(chromium, live_server, demo_site):
    """With JavaScript off the button is a plain link to the neutral site that sends no referrer."""
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    link = page.locator(".quick-exit")
    assert link.get_attribute("href") == DEFAULT_QUICK_EXIT_URL
    assert set(link.get_attribute("rel").split()) == {"nofollow", "noreferrer"}
    context.close()


def test_quick_exit_stays_on_screen_and_is_not_printed(reader):
    """On a phone the button stays at the top while scrolling, and printing leaves it out."""
    reader.goto("/questions/getting-help/")
    reader.mouse.wheel(0, 5000)
    reader.wait_for_timeout(200)
    box = reader.locator(".quick-exit").bounding_box()
    assert box is not None and 0 <= box["y"] < 100
    assert box["height"] >= 44
    reader.emulate_media(media="print")
    assert not reader.locator(".quick-exit").is_visible()


def test_language_switcher_lands_on_the_same_page(reader):
    """The switcher leads to this page's own translation and back, not to the other home page."""
    english = ServicePage.objects.get(slug="night-outreach-vans", locale__language_code="en")
    spanish = english.get_translation(english.get_translations().get().locale)
    reader.goto(english.url)
    reader.locator('.language-switcher a[hreflang="es"]').click()
    reader.wait_for_url(f"**{spanish.url}")
    assert reader.locator("html").get_attribute("lang") == "es"
    assert reader.locator("h1").inner_text() == spanish.title
    reader.locator('.language-switcher a[hreflang="en"]').click()
    reader.wait_for_url(f"**{english.url}")
    assert reader.locator("h1").inner_text() == english.title


def test_language_switcher_on_the_resource_card(reader):
    """The resource card, which is not a Wagtail page, switches to its own Spanish address."""
    reader.goto("/resource-card/")
    reader.locator('.language-switcher a[hreflang="es"]').click()
    reader.wait_for_url("**/es/tarjeta-de-recursos/")
    assert reader.locator("h1").inner_text() == "Tarjeta de recursos"


def test_hotline_buttons_call_and_text_the_right_numbers(reader):
    """On the national hotline page the buttons dial +18883737888 and text 233733, and the numbers are shown."""
    hotline = HotlinePage.objects.get(slug="national-human-trafficking-hotline", locale__language_code="en")
    for page in [hotline, hotline.get_translation(hotline.get_translations().get().locale)]:
        reader.goto(page.url)
        assert reader.locator('main a[href="tel:+18883737888"]').first.inner_text().endswith("(888) 373-7888")
        assert reader.locator('main a[href="sms:233733"]').first.inner_text().endswith("233733")
        assert reader.locator('main a[href="tel:711"]').count() == 1


def test_pages_fit_a_320_pixel_screen(chromium, live_server, demo_site):
    """At 320 px wide (or 640 px at 200% zoom) nothing needs sideways scrolling."""
    context = chromium.new_context(viewport={"width": 320, "height": 640}, base_url=live_server.url)
    page = context.new_page()
    for url in page_of_each_type("es").values():
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
    context.close()


TOUCH_TARGETS = """() => Array.from(document.querySelectorAll('a[href], button')).filter((el) => {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') return false;
    if (el.classList.contains('skip-link')) return false;
    // A link inside a sentence is exempt, as in WCAG 2.5.5.
    const parent = el.parentElement;
    const inline = ['P', 'LI', 'DD'].includes(parent.tagName) && parent.textContent.trim() !== el.textContent.trim();
    return !inline && box.height < 44;
}).map((el) => `${el.outerHTML.slice(0, 80)} (${Math.round(el.getBoundingClientRect().height)} px)`)"""


@pytest.mark.parametrize("language", ["en", "es"])
def test_touch_targets_are_at_least_44_pixels(reader, language):
    """Every button and every link that stands on its own is at least 44 px tall on a phone."""
    small = {}
    for name, url in page_of_each_type(language).items():
        reader.goto(url)
        found = reader.evaluate(TOUCH_TARGETS)
        if found:
            small[name] = found
    assert small == {}
