"""Pictures as readers get them: resized copies (renditions) in modern formats, never the uploaded original.

An original can carry the camera's location and is often several megabytes; a rendition is made by Wagtail
from it, without its EXIF data, at the widths a phone needs. Each picture is a <picture> with AVIF and WebP
sources and a JPEG (or PNG, for a logo that may be transparent) fallback, its width and height set so nothing
moves when it arrives. Renditions are served from /media/images/ (uploads.serve_rendition).
"""

from django.utils.functional import cached_property

from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

# CSS pixels of the page's column: .wrap in static/css/site.css is 42rem wide, less 1rem padding each side.
SIZES = "(min-width: 42rem) 40rem, calc(100vw - 2rem)"
# A phone of 360–430 CSS pixels at 2–3 device pixels a CSS pixel wants 720–1290; 800 is sharp enough there and,
# in AVIF, small enough for the page budget (60 KB with its picture; docs/performance.md).
WIDTHS = (400, 800)
MODERN_FORMATS = ("avif", "webp")
# What link previews (og:image) get: one JPEG every service reads, at the size they ask for.
PREVIEW_FILTER = "max-1200x630|format-jpeg"


class ResponsivePicture:
    """The renditions of one image for a page, and its <picture> element."""

    def __init__(self, image, alt, lazy=True):
        self.image = image
        self.alt = alt
        self.lazy = lazy

    @property
    def fallback_format(self):
        # A PNG or GIF may be a transparent logo: JPEG would turn its background black.
        return "png" if self.image.file.name.lower().endswith((".png", ".gif")) else "jpeg"

    def filter_specs(self):
        # Never wider than the original: Wagtail does not enlarge, and two copies of one width are not a srcset.
        widths = sorted({min(width, self.image.width) for width in WIDTHS})
        return [
            f"format-{format}|width-{width}" for format in (*MODERN_FORMATS, self.fallback_format) for width in widths
        ]

    @cached_property
    def renditions(self):
        """Each filter spec's rendition, made the first time a page shows the picture and kept by Wagtail."""
        return get_renditions_or_not_found(self.image, self.filter_specs())

    def __html__(self):
        attrs = {"alt": self.alt, "sizes": SIZES, "decoding": "async"}
        if self.lazy:
            attrs["loading"] = "lazy"
        else:
            # On the first screen it is likely the largest thing there: fetched before anything else.
            attrs["fetchpriority"] = "high"
        return Picture(self.renditions, attrs).__html__()

    __str__ = __html__


def preview_rendition(image):
    """The rendition link previews show (og:image)."""
    return get_renditions_or_not_found(image, [PREVIEW_FILTER])[PREVIEW_FILTER]
