"""The editors' guide (docs/editors.md) inside the admin, opened from its Help menu: the Markdown as HTML with
its pictures from docs/images/, behind the admin's sign-in like every admin URL. Nothing comes from another host.

It lives in home/ because it documents the whole site (pages, snippets, roles), and its menu item sits beside
the admin's other site-wide words in home/wagtail_hooks.py.
"""

import re

from markdown_it import MarkdownIt

from django.conf import settings
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

DOCS = settings.BASE_DIR / "docs"
IMAGES = DOCS / "images"
IMAGE_NAME = re.compile(r"[a-z0-9-]+\.png")


def guide_path(language):
    """docs/editors.<language>.md if the guide has been translated, else the English docs/editors.md."""
    translated = DOCS / f"editors.{language}.md"
    return (translated, language) if translated.is_file() else (DOCS / "editors.md", "en")


def anchor(heading):
    """The id GitHub gives a heading, which the guide's own table of contents links to."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def render(markdown):
    """The guide as HTML: headings with their anchors, pictures from the admin's address for them.

    The document's own title is left out: the admin's header names the page. Raw HTML in the Markdown is not
    passed through.
    """
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = parser.parse(markdown)
    if tokens and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        tokens = tokens[3:]
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            token.attrSet("id", anchor(tokens[index + 1].content))
        for child in token.children or []:
            if child.type == "image":
                name = str(child.attrGet("src")).removeprefix("images/")
                child.attrSet("src", reverse("editors_guide_image", args=[name]))
    return parser.renderer.render(tokens, parser.options, {})


class EditorsGuideView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "home/admin/editors_guide.html"
    page_title = _("Coalition editors' guide")
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        path, language = guide_path(get_language())
        # Safe: the HTML is made from the repository's own guide, with raw HTML in it switched off.
        guide = mark_safe(render(path.read_text(encoding="utf-8")))  # nosec B308 B703
        return super().get_context_data(guide=guide, guide_language=language, **kwargs)


def guide_image(request, name):
    """One of the guide's pictures, e.g. dashboard.png; nothing else from the disk."""
    path = IMAGES / name
    if not IMAGE_NAME.fullmatch(name) or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
