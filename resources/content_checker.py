"""Find phone numbers nobody can dial and internal links that lead nowhere, across the whole site.

`manage.py check_content` runs this. It reads every published page in every language, the site
settings and the snippets. Models are found by their fields (phone, rich text, StreamField, URL,
page chooser, plain text), not by name, so new page types are checked without changes here.
External links are only collected: nothing here makes a network request.
"""

import re
from dataclasses import asdict, dataclass, replace
from html import unescape
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import models
from django.http import Http404, HttpRequest
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import capfirst

from wagtail import blocks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, Site, TranslatableMixin
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs
from wagtail.snippets.models import get_snippet_models

from .phone import PhoneNumberField, bad_phone_numbers, dialling_error

ALL_LANGUAGES = "All languages"
# Base page fields an editor writes; the others (slug, url_path, ...) are Wagtail's own.
PAGE_TEXT_FIELDS = {"title", "seo_title", "search_description"}

# Tags that end a line of text, so numbers in neighbouring paragraphs are not read as one.
_BREAKING_TAG = re.compile(r"<(?:/?(?:p|h[1-6]|li|ul|ol|div|blockquote)|br)\b[^>]*>", re.IGNORECASE)


def rich_text_to_text(html):
    return unescape(strip_tags(_BREAKING_TAG.sub("\n", html or "")))


def block_label(block):
    label = str(block.label or block.name)
    return label[:1].lower() + label[1:]


def walk_blocks(block, raw, path):
    """(leaf block, raw value, path of labels) for every leaf in a block's stored JSON."""
    if isinstance(block, blocks.StreamBlock):
        for position, item in enumerate(raw or [], start=1):
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                yield from walk_blocks(child, item.get("value"), [*path, f"{block_label(child)} {position}"])
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            value = raw.get(name) if isinstance(raw, dict) else None
            yield from walk_blocks(child, value, [*path, block_label(child)])
    elif isinstance(block, blocks.ListBlock):
        for position, item in enumerate(raw or [], start=1):
            value = item["value"] if isinstance(item, dict) and "id" in item and "value" in item else item
            yield from walk_blocks(block.child_block, value, [*path, f"{block_label(block.child_block)} {position}"])
    else:
        yield block, raw, path


def checked_fields(model):
    """The fields of `model` an editor fills that can hold a number or a link."""
    fields = []
    for field in model._meta.concrete_fields:
        if field.model is Page and field.name not in PAGE_TEXT_FIELDS:
            continue
        if isinstance(field, models.ForeignKey):
            if issubclass(field.related_model, Page) and not field.remote_field.parent_link:
                fields.append(field)
        elif isinstance(field, PhoneNumberField | RichTextField | StreamField | models.URLField) or (
            isinstance(field, models.CharField | models.TextField)
            and field.editable
            and not field.choices
            and not isinstance(field, models.SlugField | models.EmailField)
        ):
            fields.append(field)
    return fields


@dataclass(frozen=True)
class Place:
    """Where something is, as an editor would go and find it."""

    language: str
    title: str
    admin_url: str
    field: str = ""
    draft: bool = False

    def __str__(self):
        language = f"{self.language} (latest draft)" if self.draft else self.language
        return f"{language}, “{self.title}” ({self.admin_url}), {self.field}"

    def as_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class Problem:
    place: Place
    value: str
    message: str

    def __str__(self):
        return f"{self.place}: {self.message}"

    def as_dict(self):
        return {**self.place.as_dict(), "value": self.value, "message": self.message}


@dataclass(frozen=True)
class ExternalLink:
    place: Place
    url: str

    def __str__(self):
        return f"{self.place}: {self.url}"

    def as_dict(self):
        return {**self.place.as_dict(), "url": self.url}


class ContentChecker:
    """Checks the site once; read `problems`, `external_links` and the counts afterwards."""

    def __init__(self, drafts=False):
        self.drafts = drafts
        self.problems = []
        self.external_links = []
        self.pages_checked = 0
        self.others_checked = 0
        self._seen = set()
        self._pages = {}
        self._documents = {}
        self._url_finder = AdminURLFinder()
        self._languages = {locale.pk: locale.get_display_name() for locale in Locale.objects.all()}
        self._sites = {site.pk: site for site in Site.objects.select_related("root_page")}
        self._default_site = next((site for site in self._sites.values() if site.is_default_site), None)
        self._own_hosts = {site.hostname for site in self._sites.values()}
        # Longest first, so a page belongs to the innermost site root (or translated root) above it.
        self._root_paths = sorted(Site.get_site_root_paths(), key=lambda root: len(root.root_path), reverse=True)

    def run(self):
        self.check_pages()
        self.check_settings()
        self.check_snippets()
        return self

    def check_pages(self):
        pages = Page.objects.exclude(depth=1).order_by("path")
        if not self.drafts:
            pages = pages.live()
        for page in pages.specific():
            self.pages_checked += 1
            place = Place(self._languages.get(page.locale_id, ""), page.title, self._url_finder.get_edit_url(page))
            site = self._site_for(page)
            fields = checked_fields(type(page))
            if page.live:
                self.check_instance(page, fields, place, site)
            if self.drafts and page.has_unpublished_changes:
                draft = page.get_latest_revision_as_object()
                self.check_instance(draft, fields, replace(place, title=draft.title, draft=True), site)

    def check_settings(self):
        for model in settings_registry:
            for setting in model.objects.all():
                self.others_checked += 1
                site = setting.site if isinstance(setting, BaseSiteSetting) else self._default_site
                title = capfirst(model._meta.verbose_name)
                if isinstance(setting, BaseSiteSetting):
                    title = f"{title} for {site.site_name or site.hostname}"
                place = Place(ALL_LANGUAGES, title, self._url_finder.get_edit_url(setting))
                self.check_instance(setting, checked_fields(model), place, site)

    def check_snippets(self):
        for model in get_snippet_models():
            for snippet in model.objects.all():
                # A snippet with drafts keeps its published content in the row itself.
                if getattr(snippet, "live", True) is False:
                    continue
                self.others_checked += 1
                language = ALL_LANGUAGES
                if isinstance(snippet, TranslatableMixin):
                    language = self._languages.get(snippet.locale_id, "")
                title = f"{capfirst(model._meta.verbose_name)}: {snippet}"
                place = Place(language, title, self._url_finder.get_edit_url(snippet))
                self.check_instance(snippet, checked_fields(model), place, self._default_site)

    def check_instance(self, instance, fields, place, site):
        for field in fields:
            field_place = replace(place, field=str(field.verbose_name))
            value = field.value_from_object(instance)
            if isinstance(field, PhoneNumberField):
                if value and (error := dialling_error(value)):
                    self.report(field_place, value, error)
            elif isinstance(field, RichTextField):
                self.check_rich_text(value, field_place, site)
            elif isinstance(field, StreamField):
                self.check_stream(field.stream_block, list(value.raw_data), field_place, site)
            elif isinstance(field, models.URLField):
                self.check_link(value, field_place, site)
            elif isinstance(field, models.ForeignKey):
                if value is not None:
                    self.check_page_link(value, field_place)
            else:
                self.check_text(value, field_place)

    def check_stream(self, stream_block, raw, place, site):
        for block, value, path in walk_blocks(stream_block, raw, [place.field]):
            block_place = replace(place, field=" › ".join(path))
            if isinstance(block, blocks.RichTextBlock | blocks.RawHTMLBlock):
                self.check_rich_text(value, block_place, site)
            elif isinstance(block, blocks.PageChooserBlock):
                if value is not None:
                    self.check_page_link(value, block_place)
            elif isinstance(block, DocumentChooserBlock):
                if value is not None:
                    self.check_document_link(value, block_place)
            elif isinstance(block, blocks.URLBlock):
                self.check_link(value, block_place, site)
            elif isinstance(block, blocks.CharBlock | blocks.TextBlock):
                self.check_text(value, block_place)

    def check_rich_text(self, html, place, site):
        """Links as Wagtail stores them (<a linktype="page" id="3">, <a href="...">), then the text."""
        for match in FIND_A_TAG.finditer(html or ""):
            attrs = extract_attrs(match.group(1))
            linktype = attrs.get("linktype")
            if linktype == "page":
                self.check_page_link(attrs.get("id"), place)
            elif linktype == "document":
                self.check_document_link(attrs.get("id"), place)
            elif linktype is None and "href" in attrs:
                self.check_link(attrs["href"], place, site)
        self.check_text(rich_text_to_text(html), place)

    def check_text(self, text, place):
        for number, error in bad_phone_numbers(text):
            self.report(place, number, error)

    def check_link(self, url, place, site):
        url = (url or "").strip()
        if not url or url.startswith("#"):
            return
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in ("tel", "sms"):
            number = unquote(parts.path).split(";")[0]
            if not number or dialling_error(number):
                self.report(
                    place,
                    url,
                    f"The phone link “{url}” does not dial a real number. Write it as {scheme}: followed by "
                    f"the number, for example {scheme}:+18883737888.",
                )
        elif scheme in ("http", "https") and parts.hostname in self._own_hosts:
            self.check_path(url, place, site)
        elif scheme in ("http", "https", "ftp") or url.startswith("//"):
            self.add_external_link(place, url)
        elif not scheme and url.startswith("/"):
            self.check_path(url, place, site)
        elif not scheme:
            self.report(
                place,
                url,
                f"The link “{url}” is neither a full web address (starting with https://) "
                "nor an address on this site (starting with /).",
            )

    def check_path(self, url, place, site):
        """Follow an address on this site the way Django and Wagtail would serve it, without a request."""
        path = unquote(urlsplit(url).path) or "/"
        language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
        with translation.override(language):
            match = self._resolve(path)
            found = match is not None
            if found and match.url_name == "wagtail_serve" and site is not None:
                components = [part for part in match.args[0].split("/") if part]
                try:
                    site.root_page.localized.specific.route(HttpRequest(), components)
                except Http404:
                    found = False
            elif found and match.url_name == "wagtaildocs_serve":
                found = self._document(match.args[0])
        if not found:
            self.report(
                place,
                url,
                f"The link “{url}” leads to a “Page not found” error. Choose the page with the page "
                "chooser instead, so the link follows the page if it moves.",
            )

    def _site_for(self, page):
        for root in self._root_paths:
            if page.url_path.startswith(root.root_path):
                return self._sites.get(root.site_id, self._default_site)
        return self._default_site

    def _resolve(self, path):
        try:
            return resolve(path)
        except Resolver404:
            if settings.APPEND_SLASH and not path.endswith("/"):
                return self._resolve(path + "/")
            return None

    def check_page_link(self, page_id, place):
        page = self._page(page_id)
        if page is None:
            self.report(
                place,
                f"page {page_id}",
                f"Links to a page that no longer exists (page id {page_id}). Choose the page again, "
                "or remove the link.",
            )
        elif not page.live:
            self.report(
                place,
                f"page {page_id}",
                f"Links to “{page.title}” ({self._url_finder.get_edit_url(page)}), which is not published. "
                "Publish that page, or link to another one.",
            )

    def check_document_link(self, document_id, place):
        if not self._document(document_id):
            self.report(
                place,
                f"document {document_id}",
                f"Links to a document that no longer exists (document id {document_id}). Choose the "
                "document again, or remove the link.",
            )

    def _page(self, page_id):
        try:
            page_id = int(page_id)
        except (TypeError, ValueError):
            return None
        if page_id not in self._pages:
            self._pages[page_id] = Page.objects.filter(pk=page_id).first()
        return self._pages[page_id]

    def _document(self, document_id):
        try:
            document_id = int(document_id)
        except (TypeError, ValueError):
            return False
        if document_id not in self._documents:
            self._documents[document_id] = get_document_model().objects.filter(pk=document_id).exists()
        return self._documents[document_id]

    def report(self, place, value, message):
        # A draft repeats most of the published page: say each problem once.
        key = ("problem", place.admin_url, place.field, value, message)
        if key not in self._seen:
            self._seen.add(key)
            self.problems.append(Problem(place, str(value), str(message)))

    def add_external_link(self, place, url):
        key = ("link", place.admin_url, place.field, url)
        if key not in self._seen:
            self._seen.add(key)
            self.external_links.append(ExternalLink(place, url))
