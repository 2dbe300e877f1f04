"""Uploads: what editors may upload, and how images and documents reach readers (coalition/ops/uploads.py)."""

import io
import re
import zipfile

import pytest
from PIL import Image as PILImage

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from tests.utils import log_in, pdf, png

pytestmark = pytest.mark.django_db

TEN_MB = 10 * 1024 * 1024
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>document.location='https://example.com/'</script></body></html>"


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else None)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document/>"})


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def admin_client(client, media):
    log_in(client, get_user_model().objects.create_superuser("uploader", "uploader@example.org", "u" * 20))
    return client


def upload(client, kind, name, content):
    """What Wagtail's "Add images" or "Add documents" uploader gets back for one file: JSON with success or
    the error message the editor sees under the file."""
    response = client.post(
        reverse(f"wagtail{kind}:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200
    return response.json()


def test_an_svg_image_is_refused_with_the_formats_allowed(admin_client):
    """An SVG (which can carry a script) is refused, and the editor is told which formats are allowed; renamed
    .png, it is refused as an SVG."""
    result = upload(admin_client, "images", "logo.svg", SVG)
    assert result["success"] is False
    assert "Not a supported image format. Supported formats: GIF, JPG, JPEG, PNG, WEBP." in result["error_message"]
    result = upload(admin_client, "images", "logo.png", SVG)
    assert result["success"] is False
    assert "Not a valid .png image. The extension does not match the file format (svg)" in result["error_message"]
    assert not Image.objects.filter(title__startswith="logo.").exists()


def test_an_image_is_accepted_and_one_over_ten_megabytes_is_refused(admin_client):
    """A PNG is added to the library; the same picture padded past 10 MB is refused with its size."""
    assert upload(admin_client, "images", "flyer.png", png())["success"] is True
    result = upload(admin_client, "images", "huge.png", png() + b"\0" * TEN_MB)
    assert result["success"] is False
    assert "This file is too big (10.0\xa0MB). Maximum filesize 10.0\xa0MB." in result["error_message"]
    assert list(Image.objects.filter(title__in=["flyer.png", "huge.png"]).values_list("title", flat=True)) == [
        "flyer.png"
    ]


@pytest.mark.parametrize(
    "name, content",
    [("leaflet.pdf", pdf()), ("form.docx", DOCX), ("budget.xlsx", XLSX), ("notes.odt", ODT)]
    + [("list.csv", "name,phone\nLínea,911\n".encode()), ("readme.txt", b"Plain words.\n")],
    ids=["pdf", "docx", "xlsx", "odt", "csv", "txt"],
)
def test_real_documents_of_each_allowed_kind_are_accepted(admin_client, name, content):
    """A file that is what its name says is added to the documents, as uploaded."""
    result = upload(admin_client, "docs", name, content)
    assert result["success"] is True, result
    document = Document.objects.get(pk=result["doc_id"])
    with document.file.open() as file:
        assert file.read() == content


@pytest.mark.parametrize(
    "name, content",
    [("leaflet.pdf", HTML), ("form.docx", HTML), ("form.docx", zipped({"page.html": HTML}))]
    + [("budget.xlsx", DOCX), ("notes.odt", DOCX), ("readme.txt", png())],
    ids=["web-page-as-pdf", "web-page-as-docx", "zip-as-docx", "docx-as-xlsx", "docx-as-odt", "picture-as-txt"],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(admin_client, name, content):
    """A web page renamed .pdf, a zip of anything renamed .docx, a Word file renamed .xlsx or .odt, a picture
    renamed .txt: refused, with what to do about it."""
    extension = name.rsplit(".", 1)[1]
    result = upload(admin_client, "docs", name, content)
    assert result["success"] is False
    assert f"This file is not really a .{extension} file" in result["error_message"]
    assert f"save or export it as .{extension}" in result["error_message"]
    assert not Document.objects.filter(title=name).exists()


def test_a_document_over_twenty_megabytes_and_a_program_are_refused(admin_client):
    """The limit is 20 MB; extensions outside the list (a program, a web page) are refused by name."""
    result = upload(admin_client, "docs", "scan.pdf", pdf() + b"\n" * (2 * TEN_MB))
    assert result["success"] is False
    assert "This file is too big (20.0\xa0MB). Maximum filesize 20.0\xa0MB." in result["error_message"]
    for name in ("setup.exe", "page.html", "logo.svg"):
        result = upload(admin_client, "docs", name, HTML)
        assert result["success"] is False
        assert "File extension" in result["error_message"] and "is not allowed" in result["error_message"]


def test_replacing_a_document_s_file_is_checked_too(admin_client):
    """The single-document editor refuses a disguised file as the uploader does, and keeps the old file."""
    document = Document.objects.create(title="Leaflet", file=ContentFile(pdf(), name="leaflet.pdf"))
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Leaflet", "file": SimpleUploadedFile("leaflet.pdf", HTML), "collection": document.collection_id},
    )
    assert response.status_code == 200
    assert "This file is not really a .pdf file" in response.content.decode()
    document.refresh_from_db()
    with document.file.open() as file:
        assert file.read() == pdf()


def document_in(collection, name="leaflet.pdf", content=None):
    """A document as the admin saves one, with its size and hash (the download's ETag)."""
    document = Document(
        title=name,
        file=ContentFile(content or pdf(), name=name),
        collection=collection or Collection.get_first_root_node(),
    )
    document._set_document_file_metadata()
    document.save()
    return document


def assert_downloaded_safely(response, name, content):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert re.search(r'filename="?([^";]+)', response["Content-Disposition"]).group(1) == name
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    "name, content", [("leaflet.pdf", pdf()), ("readme.txt", b"<p>Plain words.</p>\n")], ids=["pdf", "txt"]
)
def test_a_document_downloads_as_an_attachment_that_can_run_nothing(client, media, name, content):
    """A reader's browser is told to save the document, not show it (a PDF included), to run nothing from
    it and not to guess its type; the site's own page policy does not replace that."""
    document = document_in(None, name, content)
    assert document.url == f"/documents/{document.pk}/{name}"
    assert_downloaded_safely(client.get(document.url), name, content)


def test_a_kept_copy_of_a_document_is_not_served_once_its_collection_is_private(client, media):
    """A cache may keep a public document but must ask the site before each use ("not modified" while it
    is public); once its collection is made private, the answer is the sign-in page, not the copy."""
    collection = Collection.get_first_root_node().add_child(name="Public for now")
    document = document_in(collection)
    first = client.get(document.url)
    assert first["Cache-Control"] == "no-cache"
    assert client.get(document.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    again = client.get(document.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 302
    assert "no-store" in again["Cache-Control"]


@pytest.fixture
def private_collection(media):
    return Collection.get_first_root_node().add_child(name="Partners only")


def test_a_password_protected_document_asks_for_the_password_and_is_never_kept(client, private_collection):
    """Without the password a reader gets the password form, not the file; with it, the file, marked so
    that neither the browser nor any shared cache keeps a copy."""
    restriction = CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.PASSWORD, password="s3cret"
    )
    document = document_in(private_collection)
    asked = client.get(document.url)
    assert asked.status_code == 200
    assert 'name="password"' in asked.content.decode()
    assert b"%PDF" not in asked.content
    assert "no-store" in asked["Cache-Control"]
    client.post(
        reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk]),
        {"password": "s3cret", "return_url": document.url},
    )
    response = client.get(document.url)
    assert_downloaded_safely(response, "leaflet.pdf", pdf())
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_document_for_signed_in_people_is_served_only_to_them(client, private_collection):
    """An anonymous reader is sent to sign in; a signed-in editor gets the file, never kept by a cache."""
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = document_in(private_collection, "minutes.pdf")
    response = client.get(document.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    editor = get_user_model().objects.create_user("editor-docs", "editor-docs@example.org", "e" * 20)
    editor.groups.add(Group.objects.get(name="Editors"))
    log_in(client, editor)
    response = client.get(document.url)
    assert_downloaded_safely(response, "minutes.pdf", pdf())
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_only_image_renditions_have_a_media_address(client, private_collection):
    """With DEBUG off, as in production: a resized image is served from /media/images/ and kept a month by
    browsers; the original upload (which can carry the camera's location) and documents, even public
    ones, have no /media/ address, however the path is written."""
    assert not settings.DEBUG
    image = Image.objects.create(title="Flyer", file=ContentFile(png(), name="flyer.png"))
    rendition = image.get_rendition("fill-20x20")
    public_document = document_in(None, "public.pdf")
    private_document = document_in(private_collection, "private.pdf")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert rendition.url.startswith("/media/images/flyer.")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age=2592000" in response["Cache-Control"]
    assert PILImage.open(io.BytesIO(b"".join(response.streaming_content))).size == (20, 20)

    for name in (image.file.name, public_document.file.name, private_document.file.name):
        assert default_storage.exists(name)
        for path in (f"/media/{name}", f"/media/images/../{name}", f"/media/images/%2e%2e/{name}"):
            assert client.get(path).status_code == 404, path
    assert client.get("/media/images/").status_code == 404
    for path in ("/media/images/no-such-file.png", "/media/images/flyer%00.png", "/media/images/flyer.png/"):
        assert client.get(path).status_code == 404, path
