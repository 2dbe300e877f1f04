"""Template tags for what editors see on the site itself: `{% load editor_tags %}`."""

from django import template
from django.conf import settings

from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_userbar(context):
    """Wagtail's user bar, with its accessibility checker, in previews and for signed-in editors.

    Readers never carry a session cookie, so for them the user is never looked up: the page stays free of the
    session (no `Vary: Cookie`, nothing that would keep it from the page cache), and the page cache, which
    keeps only requests without that cookie, never holds a page with the bar.
    """
    request = context.get("request")
    if request is None:
        return ""
    if not getattr(request, "is_preview", False) and settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    return wagtailuserbar(context)
