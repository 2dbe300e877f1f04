"""Uploaded images and documents: what editors may upload, and how uploads reach readers.

Documents are always served by Wagtail's document view (WAGTAILDOCS_SERVE_METHOD = "serve_view"), which
checks the collection's privacy on every download. Of the files under MEDIA_ROOT (or in the bucket), only
image renditions, the resized copies pages show, have an address of their own: originals can carry the
camera's location in their EXIF data, and documents must go through the privacy check.
"""

import io
import os
import posixpath
import zipfile

import willow
from PIL import Image as PILImage
from PIL import ImageOps

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from wagtail.documents import get_document_model
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.rich_text import DocumentLinkHandler as WagtailDocumentLinkHandler
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.images.forms import BaseImageForm

RENDITION_CONTENT_TYPES = {
    "avif": "image/avif",
    "gif": "image/gif",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
# A rendition's name changes whenever its image or focal point does, so browsers may keep it a while.
RENDITION_MAX_AGE = 30 * 24 * 60 * 60


def _head(file, size):
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _zip_members(file):
    """The names inside a zip file (read from its directory, nothing unpacked), or None if it is not one."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = {info.filename: info for info in archive.infolist()}
            mimetype = members.get("mimetype")
            # OpenDocument files name their type in a small first member, stored uncompressed.
            if mimetype is not None and mimetype.file_size < 100:
                members["mimetype"] = archive.read("mimetype")
            return members
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    finally:
        file.seek(0)


def _is_pdf(file):
    return _head(file, 5) == b"%PDF-"


def _is_office_zip(folder):
    def check(file):
        members = _zip_members(file)
        return members is not None and "[Content_Types].xml" in members and any(n.startswith(folder) for n in members)

    return check


def _is_odt(file):
    members = _zip_members(file)
    return members is not None and members.get("mimetype") == b"application/vnd.oasis.opendocument.text"


def _is_text(file):
    head = _head(file, 64 * 1024)
    # UTF-16 text (Windows "Unicode" text) starts with a byte-order mark and is full of zero bytes.
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head


# What a file with each allowed extension (WAGTAILDOCS_EXTENSIONS) must plainly look like inside.
DOCUMENT_CONTENT_CHECKS = {
    "pdf": _is_pdf,
    "docx": _is_office_zip("word/"),
    "xlsx": _is_office_zip("xl/"),
    "odt": _is_odt,
    "txt": _is_text,
    "csv": _is_text,
}


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE), refusing a file whose contents plainly are not
    what its name says, such as a web page renamed .pdf. Wagtail checks the extension and the size."""

    def clean_file(self):
        file = self.cleaned_data["file"]
        if isinstance(file, UploadedFile):
            extension = os.path.splitext(file.name)[1][1:].lower()
            check = DOCUMENT_CONTENT_CHECKS.get(extension)
            if check is not None and not check(file):
                raise ValidationError(
                    _(
                        "This file is not really a .%(extension)s file: what is inside does not match its name. "
                        "Open it in the program that made it, save or export it as .%(extension)s, "
                        "and upload that copy."
                    ),
                    code="content_does_not_match_extension",
                    params={"extension": extension},
                )
        return file


# What a photo can say about where, when and by whom it was taken, in Pillow's names for it: EXIF (GPS position,
# camera serial number, owner's name), XMP (the same again, as XML) and IPTC (Photoshop's block).
PHOTO_METADATA = ("exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment")
SAVE_OPTIONS = {"JPEG": {"quality": 95}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}


def without_metadata(upload):
    """The uploaded picture without its metadata, or the upload itself when it has none (a GIF is left alone).

    Wagtail's copies for pages keep a JPEG's or PNG's EXIF data, location included, and any copy of an image
    has an address anyone could guess from another's; so the location is taken out before anything is kept.
    The picture is turned the way the camera held it first, as the EXIF data said, and keeps its colour profile.
    """
    upload.seek(0)
    picture = PILImage.open(upload)
    if picture.format not in SAVE_OPTIONS or not any(key in picture.info for key in PHOTO_METADATA):
        upload.seek(0)
        return upload
    upright = ImageOps.exif_transpose(picture)
    options = dict(SAVE_OPTIONS[picture.format])
    if picture.format == "JPEG" and upright is picture:
        # Not turned: the same compression as the camera's, so the picture loses nothing more.
        options = {"quality": "keep", "subsampling": "keep"}
    if icc_profile := picture.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if picture.format == "WEBP" and picture.info.get("lossless"):
        options = {"lossless": True}
    output = io.BytesIO()
    upright.save(output, picture.format, **options)
    stripped = SimpleUploadedFile(upload.name, output.getvalue(), content_type=getattr(upload, "content_type", None))
    # What Wagtail's image field put on the upload it checked, for the form's later steps.
    stripped.image = willow.Image.open(stripped)
    return stripped


class ImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE), for every upload (Images, choosers, several at once):
    the file is kept without what it says about where it was taken (`without_metadata`)."""

    def clean_file(self):
        file = self.cleaned_data["file"]
        if isinstance(file, UploadedFile):
            file = without_metadata(file)
        return file


def serve_document(request, document_id, document_filename):
    """Wagtail's document view; a document in a private collection is kept by no cache, shared or not, and a
    cache that keeps a public one asks the site again before each use, so a collection made private later
    stops serving copies."""
    response = wagtail_serve_document(request, document_id, document_filename)
    document = get_document_model().objects.select_related("collection").get(pk=document_id)
    if document.collection.get_view_restrictions().exists():
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, no_cache=True)
    return response


@require_safe
def serve_rendition(request, path):
    """An image rendition from the uploads' storage (MEDIA_ROOT/images/ or the bucket), and nothing else."""
    name = posixpath.normpath(path)
    content_type = RENDITION_CONTENT_TYPES.get(posixpath.splitext(name)[1][1:].lower())
    if name.startswith(("/", "..")) or content_type is None:
        raise Http404
    try:
        file = default_storage.open(f"images/{name}")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(file, content_type=content_type)
    patch_cache_control(response, public=True, max_age=RENDITION_MAX_AGE)
    return response


def describe_document(document):
    """What a reader on prepaid data wants to know before tapping a download: "PDF, 240 KB"."""
    kind = document.file_extension.upper() or gettext("File")
    size = document.get_file_size()
    if size is None:
        return kind
    return gettext("%(kind)s, %(size)s") % {"kind": kind, "size": filesizeformat(size)}


class DocumentLinkHandler(WagtailDocumentLinkHandler):
    """Wagtail's rich-text link to a document, saying its type and size (data-file, which the stylesheet shows
    after the link's text in brackets). Registered in wagtail_hooks.py after Wagtail's own."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            format_html('<a href="{}" data-file="{}">', document.url, describe_document(document))
            if document
            else "<a>"
            for document in cls.get_many(attrs_list)
        ]
