"""Pictures and document links as readers get them (#18): resized copies only, in modern formats, sized, lazy
below the first screen, described in each language; link previews; the type and size of a linked document;
Wagtail's user bar for signed-in editors and previews only, never for readers or in the page cache."""

import io
import re

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Locale

from resources.blocks import StandardBodyBlock
from resources.models import ServicePage, StandardPage, UpdatePage
from tests.utils import log_in, pdf

pytestmark = pytest.mark.django_db

LOCATION_TAG = 0x8825  # EXIF GPSInfo


def phone_photo(size=(1600, 1000)):
    """A phone photo as uploaded: JPEG, with detail (a photo's weight, roughly) and, in its EXIF data, the place
    it was taken (Wentzville)."""
    exif = PILImage.Exif()
    exif[LOCATION_TAG] = {1: "N", 2: (38.0, 48.0, 43.0), 3: "W", 4: (90.0, 51.0, 7.0)}
    buffer = io.BytesIO()
    PILImage.effect_mandelbrot(size, (-2.2, -1.2, 1.0, 1.2), 100).convert("RGB").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def photo(name="IMG_2041.jpg"):
    """That photo as an image in Wagtail, stored as it came."""
    return Image.objects.create(title="Clinic door", file=ContentFile(phone_photo(), name=name))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def service_with_photo(demo_site, media):
    service = ServicePage.objects.get(slug="sti-testing-and-syringe-exchange", locale__language_code="en")
    service.image = photo()
    service.image_alt_text = "The clinic's green front door."
    service.save_revision().publish()
    return service


def soup(path, client=None):
    response = (client or Client()).get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def media_addresses(page):
    return {
        address.split()[0]
        for element in page.select("img, source")
        for attribute in ("src", "srcset")
        for address in (element.get(attribute) or "").split(",")
        if address.strip()
    }


@pytest.mark.parametrize(
    "path, alt",
    [
        ("/updates/checking-every-listing/", "A cup of coffee on a saucer, on a wooden table."),
        ("/es/novedades/verificando-cada-servicio/", "Una taza de café con su plato, sobre una mesa de madera."),
    ],
)
def test_the_demo_update_shows_its_photo_as_resized_copies_in_each_language(client, demo_site, path, alt):
    page = soup(path, client)
    picture = page.select_one("main picture")
    sources = picture.select("source")
    assert [source["type"] for source in sources] == ["image/avif", "image/webp"]
    image = picture.select_one("img")
    assert image["alt"] == alt
    assert image["width"] == "400" and image["height"] == "266", "the shape is known before the picture arrives"
    assert "loading" not in image.attrs and image["fetchpriority"] == "high", "on the first screen: not lazy"
    assert re.fullmatch(r"\S+ 400w, \S+ 600w", image["srcset"]), "never wider than the 600-pixel original"
    for address in media_addresses(page):
        assert address.startswith("/media/images/"), address
        response = client.get(address)
        assert response.status_code == 200 and response["Content-Type"].startswith("image/")
    assert "original_images" not in str(page)


def test_a_photo_below_the_first_screen_is_lazy_and_never_the_original(client, service_with_photo):
    page = soup(service_with_photo.url, client)
    image = page.select_one("main picture img")
    assert image["loading"] == "lazy" and image["decoding"] == "async"
    assert image["alt"] == "The clinic's green front door."
    assert image["sizes"] == "(min-width: 42rem) 40rem, calc(100vw - 2rem)"
    assert re.fullmatch(r"\S+\.jpg 400w, \S+\.jpg 800w", image["srcset"])
    original = service_with_photo.image.file
    assert original.name not in str(page) and "original_images" not in str(page)
    assert client.get(original.url).status_code == 404, "the uploaded file has no address"


def test_an_uploaded_photo_is_kept_without_the_place_it_was_taken(client, demo_site, media, django_user_model):
    """Uploaded through the admin, a phone photo loses its EXIF data (the location among it) before it is kept:
    no copy of it, whatever its address, can tell where it was taken. It stays the way up the camera held it."""
    sideways = photo()
    with sideways.open_file() as file:
        data = file.read()
    assert LOCATION_TAG in PILImage.open(io.BytesIO(data)).getexif(), "the photo does carry a location"
    log_in(client, django_user_model.objects.create_superuser("ed", "ed@example.org", "e" * 20))
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("IMG_2041.jpg", data), "collection": Collection.get_first_root_node().pk},
    )
    assert response.json()["success"] is True
    kept = Image.objects.get(pk=response.json()["image_id"])
    with kept.open_file() as file:
        original = PILImage.open(io.BytesIO(file.read()))
    assert not original.getexif() and "exif" not in original.info
    assert (kept.width, kept.height) == (1600, 1000) and kept.file_size == kept.file.size
    service = ServicePage.objects.get(slug="sti-testing-and-syringe-exchange", locale__language_code="en")
    service.image, service.image_alt_text = kept, "The clinic's green front door."
    service.save_revision().publish()
    for address in [*media_addresses(soup(service.url, Client())), kept.get_rendition("max-165x165").url]:
        copy = PILImage.open(io.BytesIO(b"".join(Client().get(address).streaming_content)))
        assert LOCATION_TAG not in copy.getexif() and not copy.info.get("exif"), address


def test_a_decorative_photo_has_empty_alt_text(client, service_with_photo):
    service_with_photo.image_alt_text = ""
    service_with_photo.image_decorative = True
    service_with_photo.save_revision().publish()
    image = soup(service_with_photo.url, client).select_one("main picture img")
    assert image["alt"] == ""


def test_a_photo_needs_alt_text_or_to_be_called_decoration(demo_site, media):
    service = ServicePage.objects.get(slug="sti-testing-and-syringe-exchange", locale__language_code="en")
    service.image = photo()
    with pytest.raises(ValidationError) as refused:
        service.full_clean()
    assert refused.value.message_dict["image_alt_text"] == [
        "Say what the picture shows, or tick “the picture is only decoration” if it adds nothing."
    ]
    service.image_decorative = True
    service.full_clean()
    # A picture between paragraphs: Wagtail's own rule.
    block = StandardBodyBlock()
    value = block.to_python([{"type": "image", "value": {"image": service.image.pk, "alt_text": ""}}])
    with pytest.raises(ValidationError):
        block.clean(value)


def test_a_picture_between_paragraphs_is_resized_and_lazy(client, demo_site, media):
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    image = photo()
    about.body = [
        *[(child.block_type, child.value) for child in about.body],
        ("image", {"image": image, "alt_text": "Volunteers at the spring clean-up.", "decorative": False}),
    ]
    about.save_revision().publish()
    picture = soup(about.url, client).select("main picture")[-1]
    assert picture.select_one("img")["alt"] == "Volunteers at the spring clean-up."
    assert picture.select_one("img")["loading"] == "lazy"
    assert [source["type"] for source in picture.select("source")] == ["image/avif", "image/webp"]


def test_link_previews_show_the_photo_at_an_absolute_address(client, demo_site):
    head = soup("/updates/checking-every-listing/", client).head
    image = head.select_one('meta[property="og:image"]')["content"]
    assert re.fullmatch(r"http://localhost/media/images/coffee\w*\.max-1200x630\.format-jpeg\.jpg", image)
    assert head.select_one('meta[property="og:image:width"]')["content"] == "600"
    assert head.select_one('meta[property="og:image:alt"]')["content"].startswith("A cup of coffee")
    assert soup("/updates/site-now-in-spanish/", client).head.select_one('meta[property="og:image"]') is None


@pytest.mark.parametrize("language, described", [("en", r"PDF, 40\.\d KB"), ("es", r"PDF, 40,\d KB")])
def test_a_link_to_a_document_says_its_type_and_size(client, demo_site, media, language, described):
    flyer = Document.objects.create(title="Winter flyer", file=ContentFile(pdf() + b"%" * 40_900, name="flyer.pdf"))
    english = UpdatePage.objects.get(slug="site-now-in-spanish", locale__language_code="en")
    update = english.get_translation(Locale.objects.get(language_code=language))
    update.body = [("paragraph", f'<p>Print <a linktype="document" id="{flyer.pk}">the flyer</a>.</p>')]
    update.save_revision().publish()
    link = soup(update.url, client).select_one("main a[data-file]")
    assert link["href"] == f"/documents/{flyer.pk}/flyer.pdf"
    assert re.fullmatch(described, link["data-file"].replace("\xa0", " "))
    assert client.get(link["href"])["Content-Disposition"].startswith("attachment")


def test_readers_never_get_the_user_bar_and_signed_in_editors_do(client, demo_site, django_user_model):
    path = "/updates/checking-every-listing/"
    for _fresh_then_cached in range(2):
        response = Client().get(path)
        assert b"wagtail-userbar" not in response.content
        assert "Cookie" not in response.get("Vary", ""), "readers' pages never depend on a session"
    log_in(client, django_user_model.objects.create_superuser("ed", "ed@example.org", "e" * 20))
    assert b"<wagtail-userbar>" in client.get(path).content
    assert b"wagtail-userbar" not in Client().get(path).content, "the editor's page was not kept for readers"


def test_the_preview_has_the_user_bar_and_its_accessibility_checker(client, rf, demo_site, django_user_model):
    """Wagtail's preview of a page as the signed-in editor sees it (the Checks panel runs its checker in it)."""
    log_in(client, django_user_model.objects.create_superuser("ed", "ed@example.org", "e" * 20))
    session = client.cookies["sessionid"].value
    request = rf.get("/admin/", HTTP_COOKIE=f"sessionid={session}")
    update = UpdatePage.objects.get(slug="checking-every-listing", locale__language_code="en")
    preview = update.make_preview_request(request)
    assert preview.status_code == 200
    assert b"<wagtail-userbar>" in preview.content and b"checker-axe-configuration" in preview.content


def test_a_new_picture_reaches_the_translation_with_its_translated_alt_text(demo_site, media):
    """Publishing English copies numbers and hours to the Spanish page at once, but not a new picture, whose
    Spanish alt text the translator has yet to write: the Spanish page keeps its picture until then."""
    service = ServicePage.objects.get(slug="sti-testing-and-syringe-exchange", locale__language_code="en")
    spanish = service.get_translation(Locale.objects.get(language_code="es"))
    service.image = photo()
    service.image_alt_text = "The clinic's green front door."
    service.save_revision().publish()
    spanish.refresh_from_db()
    assert spanish.image is None and spanish.live
