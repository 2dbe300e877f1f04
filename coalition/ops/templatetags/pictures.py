"""Template tags for pictures (coalition/ops/images.py): `{% load pictures %}`."""

from django import template

from coalition.caching.sites import absolute_url

from ..images import ResponsivePicture, preview_rendition

register = template.Library()


@register.simple_tag
def page_picture(image, alt, lazy=True):
    """A <picture> of renditions for `image`: lazy unless it is on the page's first screen (lazy=False)."""
    if image is None:
        return ""
    return ResponsivePicture(image, alt, lazy=lazy)


@register.simple_tag(takes_context=True)
def link_preview_image(context, image):
    """What link previews show for `image` (og:image): its rendition's absolute address, width and height."""
    if image is None:
        return None
    rendition = preview_rendition(image)
    return {
        "url": absolute_url(context["request"], rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }
