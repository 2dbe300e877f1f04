"""The demo site: the Wentzville coalition's content in English, translated into Spanish.

English pages are written from `content.py`. Spanish goes through wagtail-localize's own
machinery (translation source, string translations imported from the PO files beside this
module, then `save_target`), so every Spanish page can be edited in the localize editor.
Running the loader twice changes nothing the second time.
"""

import uuid
from dataclasses import dataclass, field
from pathlib import Path

import polib

from django.core.files import File
from django.db import transaction

from wagtail.fields import StreamField
from wagtail.images.models import Image
from wagtail.models import Collection, Locale, Page, Revision, Site
from wagtail_localize.models import Translation, TranslationSource

from home.models import HomePage, SiteSettings, SiteText
from resources.models import (
    FaqIndexPage,
    FaqPage,
    HotlineIndexPage,
    HotlinePage,
    Language,
    Organisation,
    ServiceCategory,
    ServiceIndexPage,
    ServicePage,
    StandardPage,
    UpdateIndexPage,
    UpdatePage,
)

from . import content

PO_DIR = Path(__file__).resolve().parent
IMAGE_DIR = PO_DIR / "images"
# Block ids are derived from the content, so re-running the loader keeps them (and their translations).
BLOCK_NAMESPACE = uuid.UUID("5b0c3a55-7a86-4a8e-9f0e-3c2f1f4b8e01")


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    translated: list = field(default_factory=list)
    untranslated: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.translated)


def load_catalogue():
    """Spanish strings keyed by (context, English) and by English alone, from every PO file here."""
    by_context, by_text = {}, {}
    for po_path in sorted(PO_DIR.glob("*.po")):
        for entry in polib.pofile(str(po_path)):
            if not entry.msgstr or entry.obsolete:
                continue
            if entry.msgctxt:
                by_context[(entry.msgctxt, entry.msgid)] = entry.msgstr
            else:
                by_text[entry.msgid] = entry.msgstr
    return by_context, by_text


def block_id(*parts):
    return str(uuid.uuid5(BLOCK_NAMESPACE, "/".join(parts)))


def stream(page_slug, blocks):
    """Raw StreamField data with stable ids from (type, value) pairs."""
    return [
        {"type": block_type, "value": value, "id": block_id(page_slug, str(index))}
        for index, (block_type, value) in enumerate(blocks)
    ]


def faq_body(questions, corrected=True):
    """A questions page's body: the seed's words, or (`corrected`) the live answers with their corrections."""
    body = []
    for question, paragraphs, anchor, featured in questions:
        value = {
            "question": question,
            "answer": "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
            "anchor": anchor,
            "featured": featured,
            "sources": [],
            "corrections": [],
        }
        correction = content.FAQ_CORRECTIONS.get(question) if corrected else None
        if correction:
            value["answer"] = "".join(f"<p>{paragraph}</p>" for paragraph in correction["answer"])
            value["sources"] = list_value(correction.get("sources", []), question, "source")
            value["corrections"] = list_value(
                [{"date": content.CORRECTED.isoformat(), **item} for item in correction["corrections"]],
                question,
                "correction",
            )
        body.append({"type": "question", "value": value, "id": block_id("question", question)})
    return body


def list_value(items, *path):
    """A ListBlock's raw data with stable item ids (wagtail-localize keys translations by them); a source or a
    correction without a web address has an empty one."""
    return [
        {"type": "item", "value": {"url": "", **item}, "id": block_id(*path, str(index))}
        for index, item in enumerate(items)
    ]


class DemoLoader:
    def __init__(self):
        self.report = Report()
        self.catalogue = load_catalogue()
        self.english = Locale.objects.get_or_create(language_code="en")[0]
        self.spanish = Locale.objects.get_or_create(language_code="es")[0]
        self.pages = []
        self.changed = set()

    @transaction.atomic
    def run(self):
        home = self.ensure_home_page()
        self.ensure_site_text()

        hotlines = self.upsert_page(home, HotlineIndexPage, content.HOTLINE_INDEX)
        for hotline in content.HOTLINES:
            self.upsert_page(hotlines, HotlinePage, self.resolve(hotline))

        faqs = self.upsert_page(home, FaqIndexPage, content.FAQ_INDEX)
        for topic in content.FAQ_TOPICS:
            values = {key: value for key, value in topic.items() if key != "questions"}
            # The seed's words are the first revision; the corrected answers are published over them.
            self.upsert_page(
                faqs,
                FaqPage,
                {**values, "body": faq_body(topic["questions"])},
                first={"body": faq_body(topic["questions"], corrected=False)},
            )

        services = self.upsert_page(home, ServiceIndexPage, content.SERVICE_INDEX)
        for service in content.SERVICES:
            self.upsert_page(services, ServicePage, self.resolve(service))

        updates = self.upsert_page(home, UpdateIndexPage, content.UPDATE_INDEX)
        for update in content.UPDATES:
            values = self.resolve({**update, "body": stream(update["slug"], update["body"])})
            self.upsert_page(updates, UpdatePage, values)

        standard_pages = {
            standard["slug"]: self.upsert_page(
                home, StandardPage, {**standard, "body": stream(standard["slug"], standard["body"])}
            )
            for standard in content.STANDARD_PAGES
        }
        self.ensure_settings(safety_page=standard_pages["stay-safe-online"], about_page=standard_pages["about"])

        # Parents before children: a translation needs its parent's translation to live under.
        for page in self.pages:
            self.translate(page, label=page.url_path)
        return self.report

    def resolve(self, values):
        """Replace names and codes in the content with the rows they stand for."""
        values = dict(values)
        if "provider" in values:
            values["provider"] = Organisation.objects.get(name=values["provider"])
        if "categories" in values:
            values["categories"] = [
                ServiceCategory.objects.get_or_create(slug=slug)[0] for slug in values["categories"]
            ]
        if "languages" in values:
            values["languages"] = [Language.objects.get_or_create(code=code)[0] for code in values["languages"]]
        if "image" in values:
            values["image"] = self.ensure_image(values["image"])
        return values

    def ensure_image(self, name):
        """The demo picture `name` (content.IMAGES), uploaded from home/demo/images/ the first time."""
        wanted = content.IMAGES[name]
        image = Image.objects.filter(title=wanted["title"]).first()
        if image is None:
            # A flushed database (a transactional test) has no root collection, which an image goes in.
            collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
            with open(IMAGE_DIR / wanted["file"], "rb") as file:
                image = Image.objects.create(
                    title=wanted["title"], file=File(file, name=wanted["file"]), collection=collection
                )
            self.report.created.append(f"image {wanted['file']}")
        return image

    def ensure_home_page(self):
        # A flushed database (a transactional test) has no tree root at all.
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=self.english)
        # Wagtail's first migration leaves a "Welcome to Wagtail" placeholder at the slug we want.
        Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
        home = HomePage.objects.filter(depth=2, locale=self.english).first()
        if home is None:
            home = self.upsert_page(root, HomePage, content.HOME_PAGE)
        else:
            self.pages.append(home)
            self.update_page(home, content.HOME_PAGE)
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site_name = content.SITE_TEXT["site_name"]
        if site.root_page_id != home.id or site.hostname != "localhost" or site.site_name != site_name:
            site.hostname = "localhost"
            site.port = 80
            site.site_name = site_name
            site.root_page = home
            site.save()
        for organisation in content.ORGANISATIONS:
            Organisation.objects.update_or_create(name=organisation["name"], defaults=organisation)
        return home

    def ensure_settings(self, **pages):
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        if any(getattr(site_settings, f"{name}_id") != page.pk for name, page in pages.items()):
            for name, page in pages.items():
                setattr(site_settings, name, page)
            site_settings.save()
            self.report.updated.append("site settings")

    def ensure_site_text(self):
        site_text = SiteText.objects.filter(locale=self.english).first()
        if site_text is None:
            site_text = SiteText.objects.create(locale=self.english, **content.SITE_TEXT)
            self.report.created.append("site text")
        elif any(getattr(site_text, name) != value for name, value in content.SITE_TEXT.items()):
            for name, value in content.SITE_TEXT.items():
                setattr(site_text, name, value)
            site_text.save()
            self.changed.add((SiteText, site_text.pk))
            self.report.updated.append("site text")
        self.translate(site_text, label="site text")

    def upsert_page(self, parent, model, values, first=None):
        """Create or update a page; a new page's first revision takes `first` over `values`, if given."""
        page = model.objects.child_of(parent).filter(slug=values["slug"], locale=self.english).first()
        if page is None:
            page = model(locale=self.english)
            for name, value in {**values, **(first or {})}.items():
                self._assign(page, name, value)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.changed.add((type(page), page.pk))
            self.report.created.append(page.url_path)
            if first:
                self.update_page(page, values)
        else:
            self.update_page(page, values)
        self.pages.append(page)
        return page

    def update_page(self, page, values):
        changed = [name for name, value in values.items() if _current(page, name) != _wanted(page, name, value)]
        if changed or not page.live:
            for name in changed:
                self._assign(page, name, values[name])
            page.save_revision().publish()
            self.changed.add((type(page), page.pk))
            self.report.updated.append(page.url_path)
        return page

    def _assign(self, page, name, value):
        if page._meta.get_field(name).many_to_many:
            getattr(page, name).set(value)
        else:
            setattr(page, name, value)

    def translate(self, instance, label):
        """Bring the Spanish translation in line with the PO catalogue, through wagtail-localize."""
        source, _created = TranslationSource.update_or_create_from_instance(instance)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=self.spanish, defaults={"enabled": True}
        )
        po = translation.export_po()
        by_context, by_text = self.catalogue
        changed = False
        for entry in po:
            if entry.obsolete:
                continue
            wanted = by_context.get((entry.msgctxt, entry.msgid)) or by_text.get(entry.msgid)
            if wanted is None:
                self.report.untranslated.append((label, entry.msgctxt, entry.msgid))
                continue
            if entry.msgstr != wanted:
                entry.msgstr = wanted
                changed = True
        target = instance.get_translation_or_none(self.spanish)
        if changed:
            translation.import_po(po)
        # A changed source may differ only in fields kept the same in every language (a phone number).
        source_changed = (type(instance), instance.pk) in self.changed
        if changed or source_changed or target is None or not getattr(target, "live", True):
            # Each save_target adds a revision, so only call it when something changed.
            if isinstance(instance, Page):
                # wagtail-localize would publish on commit from an in-memory copy of the page whose
                # child count is stale by then; publishing a freshly loaded revision now avoids that.
                translation.save_target(publish=False)
                target = instance.get_translation(self.spanish)
                Revision.objects.get(pk=target.latest_revision_id).publish()
            else:
                translation.save_target(publish=True)
            self.report.translated.append(label)


def _current(page, name):
    model_field = page._meta.get_field(name)
    if model_field.many_to_many:
        return sorted(item.pk for item in getattr(page, name).all())
    value = model_field.value_from_object(page)
    if isinstance(model_field, StreamField):
        return model_field.get_prep_value(value)
    return value


def _wanted(page, name, value):
    model_field = page._meta.get_field(name)
    if model_field.many_to_many:
        return sorted(item.pk for item in value)
    if isinstance(model_field, StreamField):
        return model_field.get_prep_value(model_field.to_python(value))
    if model_field.is_relation:
        return value.pk
    return model_field.to_python(value)


def load_demo_content():
    return DemoLoader().run()
