"""The demo site: the Wentzville coalition's content in English, translated into Spanish.

English pages are written from `content.py`. Spanish goes through wagtail-localize's own
machinery (translation source, string translations imported from the PO files beside this
module, then `save_target`), so every Spanish page can be edited in the localize editor.
Running the loader twice changes nothing the second time.
"""

from dataclasses import dataclass, field
from pathlib import Path

import polib

from django.db import transaction

from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource

from home.models import HomePage

from . import content

PO_DIR = Path(__file__).resolve().parent


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


class DemoLoader:
    def __init__(self):
        self.report = Report()
        self.catalogue = load_catalogue()
        self.english = Locale.objects.get_or_create(language_code="en")[0]
        self.spanish = Locale.objects.get_or_create(language_code="es")[0]

    @transaction.atomic
    def run(self):
        home = self.ensure_home_page()
        self.translate(home)
        return self.report

    def ensure_home_page(self):
        # A flushed database (a transactional test) has no tree root at all.
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=self.english)
        # Wagtail's first migration leaves a "Welcome to Wagtail" placeholder at the slug we want.
        Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
        home = HomePage.objects.filter(depth=2, locale=self.english).first()
        if home is None:
            home = self.upsert_page(root, HomePage, **content.HOME_PAGE)
        else:
            self.update_page(home, content.HOME_PAGE)
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        if site.root_page_id != home.id or site.hostname != "localhost" or site.site_name != content.SITE_NAME:
            site.hostname = "localhost"
            site.port = 80
            site.site_name = content.SITE_NAME
            site.root_page = home
            site.save()
        return home

    def upsert_page(self, parent, model, **values):
        page = model.objects.child_of(parent).filter(slug=values["slug"], locale=self.english).first()
        if page is None:
            page = model(locale=self.english, **values)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.report.created.append(page.url_path)
            return page
        return self.update_page(page, values)

    def update_page(self, page, values):
        changed = [name for name, value in values.items() if _stored(page, name) != _stored_value(page, name, value)]
        if changed or not page.live:
            for name in changed:
                setattr(page, name, values[name])
            page.save_revision().publish()
            self.report.updated.append(page.url_path)
        return page

    def translate(self, page):
        """Bring the Spanish translation of `page` in line with the PO catalogue, through wagtail-localize."""
        source, _created = TranslationSource.update_or_create_from_instance(page)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=self.spanish, defaults={"enabled": True}
        )
        po = translation.export_po()
        by_context, by_text = self.catalogue
        changed = False
        for entry in po:
            wanted = by_context.get((entry.msgctxt, entry.msgid)) or by_text.get(entry.msgid)
            if wanted is None:
                self.report.untranslated.append((page.url_path, entry.msgctxt, entry.msgid))
                continue
            if entry.msgstr != wanted:
                entry.msgstr = wanted
                changed = True
        target = page.get_translation_or_none(self.spanish)
        if changed:
            translation.import_po(po)
        if changed or target is None or not target.live:
            # Each save_target adds a revision, so only call it when something changed.
            translation.save_target(publish=True)
            self.report.translated.append(page.url_path)


def _stored(page, name):
    return page._meta.get_field(name).value_from_object(page)


def _stored_value(page, name, value):
    probe = page.__class__()
    setattr(probe, name, value)
    return _stored(probe, name)


def load_demo_content():
    return DemoLoader().run()
