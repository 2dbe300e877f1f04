"""Pictures and files, clicked as people meet them (#18).

An editor uploads a photo to a service page, is shown by Wagtail's accessibility checker in the preview that
"IMG_2041" is no alt text, writes a real one, and links a PDF flyer from an update's text; a moderator approves
both; a translator gives the alt text and the link's words in Spanish. Readers on a phone, in both languages,
get the photo as a resized copy (AVIF first, width and height set, lazy below the first screen) and never the
original, and download the flyer, told its type and size first. Signed in, the editor finds Wagtail's user bar
on the live page; readers never get it.
"""

import re

import pytest
from playwright.sync_api import expect

from django.test import Client

from wagtail.models import Locale

from resources.models import ServicePage, UpdatePage
from tests.test_editor_journey import approve_from_dashboard, submit_for_review
from tests.test_pictures import phone_photo
from tests.test_restricted_pages_journey import accessible, watch_for_errors
from tests.test_translator_journey import person, translate_every_string

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALT = "The clinic's green front door, beside the pharmacy."
FLYER_TEXT = "Print the winter flyer."
SPANISH = {
    ALT: "La puerta verde de la clínica, al lado de la farmacia.",
    # wagtail-localize shows the link inside the sentence as <a id="a1">…</a>; the translator keeps it around
    # the Spanish words.
    "Every page of this site, and every button, can now be read in Spanish. Use the language link at the top of "
    'any page. Print <a id="a1">the winter flyer</a>.': "Ahora puede leer en español todas las páginas de este "
    "sitio y todos sus botones. Use el enlace de idioma que aparece en la parte superior de cualquier página. "
    'Imprima <a id="a1">el volante de invierno</a>.',
}


@pytest.fixture
def people(roles):
    return {
        "editor": person("rosa", "Editors", "Rosa"),
        "moderator": person("mo", "Moderators", "Mo"),
        "translator": person("tina", "Translators", "Tina"),
    }


@pytest.fixture
def files(tmp_path):
    """A phone photo (with its camera's location) and a PDF flyer, as an editor has them on their computer."""
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(phone_photo())
    flyer = tmp_path / "winter-flyer.pdf"
    flyer.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"%" * 40_000 + b"\n")
    return {"photo": photo, "flyer": flyer}


def choose_uploaded_file(page, chooser_button, path):
    """A chooser's Upload tab: pick the file, Upload; Wagtail then chooses it."""
    chooser_button.click()
    modal = page.locator(".modal")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("input[type=file]").set_input_files(str(path))
    # Wagtail fills the title from the file's name; Upload before that would be refused.
    expect(modal.get_by_role("textbox", name="Title")).to_have_value(path.stem)
    modal.get_by_role("button", name="Upload").click()
    expect(modal).to_be_hidden(timeout=20_000)  # a large photo takes a moment to store


def checks_panel(page):
    page.get_by_role("button", name="Toggle checks").click()
    return page.locator("[data-side-panel='checks']")


def test_an_editor_adds_a_photo_and_a_flyer_and_readers_in_both_languages_get_them(
    admin_browser, people, files, phone, settings
):
    # The test database (SQLite in memory) has one connection for every thread of the live server: Wagtail's
    # autosave, twice a second, beside the preview's requests, would meet "database table is locked".
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    service = ServicePage.objects.get(slug="sti-testing-and-syringe-exchange", locale__language_code="en")
    update = UpdatePage.objects.get(slug="site-now-in-spanish", locale__language_code="en")
    spanish = Locale.objects.get(language_code="es")

    # The editor uploads the photo from the service page's Picture panel. The camera's file name is no alt text,
    # and Wagtail's checker in the preview says so; a real description clears it.
    editor = admin_browser("rosa")
    editor.goto(f"/admin/pages/{service.pk}/edit/")
    picture = editor.locator("[data-contentpath='image']").first
    choose_uploaded_file(editor, picture.get_by_role("button", name="Choose an image"), files["photo"])
    expect(picture).to_contain_text("IMG_2041")
    alt_text = editor.get_by_role("textbox", name=re.compile("What the picture shows"))
    alt_text.fill("IMG_2041.jpg")
    checks = checks_panel(editor)
    # The checker runs once the preview has loaded: slow on a busy machine.
    expect(checks).to_contain_text("Image alt text has inappropriate pattern", timeout=30_000)
    alt_text.fill(ALT)
    editor.get_by_role("button", name="Toggle preview").click()
    checks = checks_panel(editor)
    expect(checks).not_to_contain_text("Image alt text has inappropriate pattern", timeout=30_000)
    expect(checks.locator("[data-content-checker-count]")).to_have_text("0", timeout=30_000)
    editor.get_by_role("button", name="Toggle checks").click()  # Wagtail would open it again on the next page
    submit_for_review(editor)

    # In an update's text, the editor links the words "the winter flyer" to the PDF, uploaded from the chooser.
    editor.goto(f"/admin/pages/{update.pk}/edit/")
    text = editor.locator("[data-contentpath='body'] [contenteditable='true']").first
    text.click()
    editor.keyboard.press("Control+End")
    editor.keyboard.type(" " + FLYER_TEXT)
    editor.keyboard.press("ArrowLeft")
    for _letter in "the winter flyer":
        editor.keyboard.press("Shift+ArrowLeft")
    choose_uploaded_file(editor, editor.get_by_role("button", name="Document"), files["flyer"])
    expect(text.locator("[data-draftail-trigger]", has_text="the winter flyer")).to_have_count(1)
    expect(editor.locator("input[name='body-0-value']")).to_have_value(re.compile('"type": ?"DOCUMENT"'))
    submit_for_review(editor)

    # A moderator approves both; English readers see them at once.
    moderator = admin_browser("mo")
    approve_from_dashboard(moderator, service.title)
    approve_from_dashboard(moderator, update.title)

    # The translator gives the alt text and the changed paragraph in Spanish; the moderator approves.
    translator = admin_browser("tina")
    for english in (service, update):
        translation = english.get_translation(spanish)
        translator.goto(f"/admin/pages/{translation.pk}/edit/")
        translate_every_string(translator, SPANISH)
        translator.get_by_role("button", name="Submit for review").click()
        expect(translator.locator(".messages")).to_contain_text("is submitted for review")
        moderator.goto("/admin/")
        approve_from_dashboard(moderator, translation.title)

    for language, alt in (("en", ALT), ("es", SPANISH[ALT])):
        # The photo, below the first screen of the service page: a resized copy, AVIF first, lazy, sized.
        errors = watch_for_errors(phone)
        phone.goto(service.get_translation(Locale.objects.get(language_code=language)).url)
        accessible(phone)  # before scrolling: the sticky header would then cover the menu, as axe sees it
        photo = phone.get_by_role("img", name=alt)
        expect(photo).to_have_attribute("loading", "lazy")
        assert photo.get_attribute("width") and photo.get_attribute("height")
        sources = phone.locator("picture source")
        expect(sources.first).to_have_attribute("type", "image/avif")
        photo.scroll_into_view_if_needed()
        expect(photo).to_have_js_property("complete", True, timeout=15_000)
        loaded = photo.evaluate("img => img.currentSrc")
        assert re.search(r"/media/images/IMG_2041[^/]*\.avif$", loaded), loaded
        html = phone.content()
        assert "original_images" not in html and "IMG_2041.jpg" not in html
        assert photo.evaluate("img => img.naturalWidth") <= 800
        assert errors == []

        # The flyer: a link that says it is a PDF and its size, and downloads it.
        phone.goto(update.get_translation(Locale.objects.get(language_code=language)).url)
        link_text = "the winter flyer" if language == "en" else "el volante de invierno"
        flyer = phone.get_by_role("link", name=link_text)
        after = flyer.evaluate("a => getComputedStyle(a, '::after').content")
        assert re.fullmatch(r'" \(PDF, 39[.,]\d\sKB\)"', after), after
        expect(flyer).to_have_attribute("data-file", re.compile(r"^PDF, 39[.,]\d\sKB$"))
        with phone.expect_download() as download:
            flyer.click()
        # Named as uploaded (storage adds a suffix when an earlier test left a file of that name).
        assert re.fullmatch(r"winter-flyer(_\w+)?\.pdf", download.value.suggested_filename)

    # No reader gets the user bar, fresh or from the page cache; the signed-in editor does, on the live page.
    for _twice in range(2):
        assert "wagtail-userbar" not in Client().get(service.url).content.decode()
    errors = watch_for_errors(editor)
    editor.goto(service.url)
    expect(editor.locator("wagtail-userbar")).to_have_count(1)
    editor.locator("wagtail-userbar").get_by_role("button", name="View Wagtail quick actions").click()
    expect(editor.locator("wagtail-userbar").get_by_role("menuitem", name="Edit this page")).to_be_visible()
    assert errors == []
    assert "wagtail-userbar" not in Client().get(service.url).content.decode()
