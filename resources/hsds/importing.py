"""Bringing services in from another directory's Open Referral HSDS 3.0 data, reviewed before they go live.

`run` reads a source (sources.py), checks every service against the HSDS schema, maps it (mapping.py) and:
- a new service becomes a draft English service page (its translation key is the HSDS id, so the site's own
  export gives the same id back) and, if new too, a draft organisation; both enter the moderators' workflow;
- a service imported before (matched by its HSDS id) gets the source's changes as a new draft revision, submitted
  for review. Only the fields the source changed since the last import are set, so an editor's own edits to
  other fields stay; where an editor changed a field the source changed too, the report says so and the
  revision before keeps the editor's version;
- nothing is deleted: a service the source no longer lists is reported for review.
Each service is saved in its own transaction, so a bad record never leaves half a service. A dry run does the
same inside a transaction it rolls back, without entering the workflow (which would send e-mail). Spanish pages
come through the translation workflow once a moderator has published the English one (needs_translation.py).
"""

import datetime
import functools
import json
import logging
from pathlib import Path

from jsonschema import Draft7Validator, FormatChecker

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from wagtail.admin.utils import get_user_display_name
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Locale
from wagtail.rich_text import get_text_for_indexing

from coalition.editorial.notifications import BatchSubmissionNotifier, submissions_without_email

from ..choices import Weekday
from ..models import DirectoryService, Language, Organisation, ServiceCategory, ServiceIndexPage, ServicePage
from . import sources
from .mapping import FIELDS, Mapping, field_label, is_uuid
from .report import CHANGE, CREATE, DROPPED, INACTIVE, SKIP, UNCHANGED, Outcome, Problem, Report

logger = logging.getLogger(__name__)

SCHEMA = Path(__file__).resolve().parent / "schemas" / "service_with_definitions.json"
DEFAULT_SOURCE = "HSDS import"
UPLOAD_LIMIT = 300
# The titles the reviewers' e-mail lists; "and N more" after them.
LISTED = 30
LOG_ACTION = "coalition.directory_import"


def run(path, source=DEFAULT_SOURCE, user=None, dry_run=False):
    """Import the services at `path` (a file or folder, sources.read); the Report of what was (or would be) done."""
    records, problems = sources.read(path)
    return run_records(records, problems, source, user, dry_run)


def run_upload(file_name, data, source=DEFAULT_SOURCE, user=None, dry_run=False, limit=UPLOAD_LIMIT):
    """As `run`, for an uploaded file's name and bytes (a .json or a .zip), of at most `limit` services: the admin
    imports in one request, within gunicorn's 30-second timeout (bench/import_hsds.py: about 40 ms a service,
    so 300 take some 12 s)."""
    with sources.uploaded(file_name, data) as path:
        records, problems = sources.read(path)
    if limit and len(records) > limit:
        message = _(
            "This file has %(count)s services, more than the %(limit)s imported here at once. Split it into smaller "
            "files, or ask whoever runs the site to import it with manage.py import_hsds."
        ) % {"count": len(records), "limit": limit}
        problems = [*problems, Problem(Path(file_name).name, "", message)]
    return run_records(records, problems, source, user, dry_run)


def run_records(records, problems, source, user, dry_run):
    report = Report(source=source, dry_run=dry_run)
    report.source_errors = [problem for problem in problems if problem.error]
    report.notes = [problem for problem in problems if not problem.error]
    index = service_directory()
    if index is None:
        report.source_errors.append(
            Problem("", "", _("This site has no service directory in English to put services in: add one first."))
        )
    if not report.valid:
        return report
    if not records:
        report.source_errors.append(Problem("", "", _("There are no services in it.")))
        return report
    importer = Importer(index, source, user, dry_run)
    if dry_run:
        with transaction.atomic():
            report.outcomes = importer.import_all(records)
            transaction.set_rollback(True)
        return report
    with submissions_without_email():
        report.outcomes = importer.import_all(records)
    importer.notify_reviewers()
    return report


@functools.cache
def validator():
    """The official schema of a full service record (schemas/README.md), its formats (uuid, date, email) checked."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # Every format jsonschema knows: Draft 7's own checker has no "uuid", which every HSDS id is.
    return Draft7Validator(schema, format_checker=FormatChecker())


def service_directory():
    english = Locale.objects.filter(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    return ServiceIndexPage.objects.filter(locale__in=english).order_by("path").first()


class Importer:
    def __init__(self, index, source, user, dry_run):
        self.index = index
        self.source = source
        self.user = user
        self.dry_run = dry_run
        self.validator = validator()
        # What was submitted for review: one task state (the reviewers are its task's), and every title.
        self.task_state = None
        self.submitted = []

    def import_all(self, records):
        outcomes, seen = [], set()
        for record in records:
            service_id = str(record.data.get("id") or "")
            if service_id and service_id in seen:
                outcome = Outcome(SKIP, service_id, str(record.data.get("name") or ""), record.where)
                outcome.problems.append(Problem(record.where, "id", _("This id is already used by a service above.")))
            else:
                outcome = self.import_one(record)
            seen.add(service_id)
            outcomes.append(outcome)
        outcomes += self.dropped(seen)
        return outcomes

    def import_one(self, record):
        data = record.data
        title = str(data.get("name") or "")
        service_id = str(data.get("id") or "")
        outcome = Outcome(SKIP, service_id, title, record.where, problems=list(record.problems))
        if outcome.errors:
            return outcome
        errors = sorted(self.validator.iter_errors(data), key=lambda error: [str(part) for part in error.path])
        outcome.problems += [schema_problem(error, record.where) for error in errors[:20]]
        if outcome.errors:
            return outcome
        mapping = Mapping(data, record.where)
        outcome.problems += mapping.problems
        existing = (
            ServicePage.objects.filter(translation_key=service_id, locale=self.index.locale)
            .select_related("directory_service")
            .first()
        )
        outcome.page_id = existing.pk if existing else None
        if data.get("status") != "active":
            outcome.action = INACTIVE
            return outcome
        if not mapping.valid:
            return outcome
        try:
            with transaction.atomic():
                if existing is None:
                    self.create(mapping, service_id, outcome)
                else:
                    self.update(existing, mapping, outcome)
        except PageInvalid as error:
            outcome.action = SKIP
            outcome.problems += error.problems
        except ValidationError as error:
            outcome.action = SKIP
            outcome.problems += problems_of(error, record.where)
        except Exception:
            logger.exception("Importing %s failed", record.where)
            outcome.action = SKIP
            outcome.problems.append(Problem(record.where, "", _("This service could not be saved (a fault here).")))
        return outcome

    def create(self, mapping, service_id, outcome):
        page = ServicePage(locale=self.index.locale, translation_key=service_id, live=False, owner=self.user)
        page.has_unpublished_changes = True
        page.provider = self.organisation(mapping, outcome)
        self.assign(page, mapping, FIELDS)
        page.slug = self.unique_slug(page.title)
        self.index.add_child(instance=page)
        revision = page.save_revision(user=self.user, log_action=True)
        self.log(page, revision, FIELDS)
        self.submit(page)
        DirectoryService.objects.create(service_id=service_id, page=page, source=self.source, values=mapping.values)
        outcome.action, outcome.page_id = CREATE, page.pk

    def update(self, page, mapping, outcome):
        record = getattr(page, "directory_service", None)
        draft = page.get_latest_revision_as_object()
        current = page_values(draft)
        baseline = record.values if record else current
        changed = [name for name in FIELDS if mapping.values[name] != baseline.get(name)]
        to_set = [name for name in changed if mapping.values[name] != current[name]]
        outcome.action = CHANGE if to_set else UNCHANGED
        outcome.changes = [field_label(name) for name in to_set]
        outcome.conflicts = [field_label(name) for name in to_set if current[name] != baseline.get(name)]
        if to_set:
            if "provider" in to_set:
                draft.provider = self.organisation(mapping, outcome)
            self.assign(draft, mapping, to_set)
            draft.full_clean()
            revision = draft.save_revision(user=self.user, log_action=True)
            self.log(draft, revision, to_set)
            self.submit(draft)
        DirectoryService.objects.update_or_create(
            page=page, defaults={"service_id": outcome.service_id, "source": self.source, "values": mapping.values}
        )

    def organisation(self, mapping, outcome):
        """The service's organisation: the one with its HSDS id, or its name; else a new draft, for review."""
        wanted = mapping.organisation
        organisation = Organisation.objects.filter(uuid=wanted["uuid"]).first()
        if organisation is None and wanted.get("name"):
            organisation = Organisation.objects.filter(name__iexact=wanted["name"]).first()
        if organisation is None:
            if not wanted.get("name"):
                raise PageInvalid(
                    [
                        Problem(
                            mapping.where,
                            "organization_id",
                            _("This organisation is not in the file or on this site."),
                        )
                    ]
                )
            organisation = Organisation(live=False, **wanted)
            problems = validation_problems(organisation, mapping.where)
            if problems:
                raise PageInvalid(problems)
            organisation.save()
            organisation.save_revision(user=self.user, log_action=True)
            self.submit(organisation)
        else:
            differ = [
                name
                for name in ("website", "email")
                if wanted.get(name) and wanted[name] != getattr(organisation, name)
            ]
            if differ:
                outcome.problems.append(
                    Problem(
                        mapping.where,
                        "organization",
                        _(
                            "The directory has other details for “%(name)s” (%(fields)s); the organisation was not changed."
                        )
                        % {"name": organisation.name, "fields": ", ".join(differ)},
                        error=False,
                    )
                )
        return organisation

    def assign(self, page, mapping, names):
        values = mapping.values
        for name in names:
            value = values[name]
            if name == "provider":
                continue
            if name == "description":
                page.description = "".join(f"<p>{escape(line)}</p>" for line in value.split("\n") if line.strip())
            elif name == "opening_hours":
                ids = mapping.block_ids + [None] * len(value)
                raw = [
                    {
                        "type": "hours",
                        "value": {**block, "opens": f"{block['opens']}:00", "closes": f"{block['closes']}:00"},
                    }
                    | ({"id": block_id} if block_id else {})
                    for block, block_id in zip(value, ids, strict=False)
                ]
                page.opening_hours = ServicePage._meta.get_field("opening_hours").to_python(raw)
            elif name == "languages":
                page.languages = [Language.objects.get_or_create(code=code)[0] for code in value]
            elif name == "categories":
                page.categories = list(ServiceCategory.objects.filter(slug__in=value))
            elif name == "last_verified":
                page.last_verified = datetime.date.fromisoformat(value) if value else None
                page.verification_source = (
                    _("%(directory)s (imported from its Open Referral data)") % {"directory": self.source}
                    if value
                    else ""
                )
            else:
                setattr(page, name, value)

    def unique_slug(self, title):
        base = slugify(title)[:70].strip("-") or "service"
        taken = set(self.index.get_children().values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def submit(self, obj):
        """Into the moderators' workflow, as "Submit for review" would; left as it is when already in it."""
        if self.dry_run:
            return
        workflow = obj.get_workflow()
        # In review already (its new revision is what approving publishes), or sent back for changes: left so.
        if obj.current_workflow_state is None and workflow is not None:
            state = workflow.start(obj, self.user)
            self.task_state = self.task_state or state.current_task_state
            self.submitted.append(
                str(obj.get_admin_display_title() if hasattr(obj, "get_admin_display_title") else obj)
            )

    def notify_reviewers(self):
        """One e-mail to the reviewers for the whole import, in place of Wagtail's two for each submission."""
        if self.task_state is not None:
            BatchSubmissionNotifier().notify(self.task_state, self.user, self.review_email)

    def review_email(self, recipient):
        """The e-mail's subject and text for `recipient`, in the language active (theirs)."""
        count = len(self.submitted)
        subject = ngettext(
            "%(count)s item from %(directory)s to review", "%(count)s items from %(directory)s to review", count
        ) % {"count": count, "directory": self.source}
        importer = get_user_display_name(self.user) if self.user else _("Someone at the command line")
        lines = [f"- {title}" for title in self.submitted[:LISTED]]
        if count > LISTED:
            lines.append(
                "- " + ngettext("and %(count)s more", "and %(count)s more", count - LISTED) % {"count": count - LISTED}
            )
        paragraphs = [
            _("Hello %(name)s,") % {"name": recipient.first_name or recipient.get_username()},
            _(
                "%(importer)s imported services from %(directory)s. These wait for your review; none is on the site "
                "until a moderator approves it:"
            )
            % {"importer": importer, "directory": self.source},
            "\n".join(lines),
            _("Review them from your dashboard:") + f" {settings.WAGTAILADMIN_BASE_URL}{reverse('wagtailadmin_home')}",
        ]
        return subject, "\n\n".join(paragraphs)

    def log(self, page, revision, names):
        log(
            instance=page,
            action=LOG_ACTION,
            user=self.user,
            revision=revision,
            data={"directory": self.source, "fields": [field_label(name) for name in names]},
        )

    def dropped(self, seen):
        """Services imported from this source before that it no longer lists: reported, never deleted."""
        listed = [service_id for service_id in seen if is_uuid(service_id)]
        gone = DirectoryService.objects.filter(source=self.source).exclude(service_id__in=listed)
        return [
            Outcome(DROPPED, str(item.service_id), item.page.title, page_id=item.page_id)
            for item in gone.select_related("page").order_by("page__title")
        ]


def schema_problem(error, where):
    """A jsonschema error in plain words, naming the field as the report does elsewhere (phones[0].number)."""
    path = list(error.absolute_path)
    value = error.instance
    if error.validator == "required":
        path.append(error.message.split("'")[1] if "'" in error.message else "")
        message = _("Required, and missing.")
    elif error.validator == "format" and error.validator_value == "uuid":
        message = _("“%(value)s” is not an HSDS id (a UUID).") % {"value": value}
    elif error.validator == "format":
        message = _("“%(value)s” is not a valid %(format)s.") % {"value": value, "format": error.validator_value}
    elif error.validator == "type":
        kinds = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        message = _("“%(value)s” should be of the type %(type)s.") % {"value": value, "type": " or ".join(kinds)}
    elif error.validator == "enum":
        message = _("“%(value)s” is not one of %(choices)s.") % {
            "value": value,
            "choices": ", ".join(map(str, error.validator_value)),
        }
    else:
        message = error.message
    field = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")
    return Problem(where, field, message)


class ImportLogFormatter(LogFormatter):
    """How an import shows in a page's history: from which directory, and which fields it set."""

    label = _lazy("Import from a directory")

    def format_message(self, log_entry):
        return _("Drafted from %(directory)s’s data: %(fields)s") % {
            "directory": log_entry.data.get("directory", ""),
            "fields": ", ".join(log_entry.data.get("fields", [])),
        }


class PageInvalid(Exception):
    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


def validation_problems(obj, where):
    try:
        obj.full_clean()
    except ValidationError as error:
        return problems_of(error, where)
    return []


def problems_of(error, where):
    """A model's ValidationError as problems, each naming the field in the editor's words."""
    if not hasattr(error, "error_dict"):
        return [Problem(where, "", message) for message in error.messages]
    return [
        Problem(where, "" if name == "__all__" else _label(name), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def _label(name):
    try:
        return field_label(name)
    except Exception:
        return name


def page_values(page):
    """A service page's values in the form mapping.Mapping gives them, to compare the two."""
    return {
        "title": page.title,
        "summary": page.summary,
        "description": " ".join(get_text_for_indexing(page.description or "").split()),
        "provider": str(Organisation.objects.get(pk=page.provider_id).uuid) if page.provider_id else "",
        "categories": sorted(category.slug for category in page.categories.all()),
        "phone": str(page.phone or ""),
        "text_number": str(page.text_number or ""),
        "website": page.website,
        "email": page.email,
        "street_address": page.street_address,
        "locality": page.locality,
        "region": page.region,
        "postal_code": page.postal_code,
        "how_to_access": page.how_to_access,
        "cost": page.cost,
        "cost_details": page.cost_details,
        "eligibility": page.eligibility,
        "open_24_7": page.open_24_7,
        "opening_hours": [
            {
                "days": [day for day in Weekday.values if day in (block.value.get("days") or [])],
                "opens": block.value["opens"].strftime("%H:%M"),
                "closes": block.value["closes"].strftime("%H:%M"),
            }
            for block in page.opening_hours
            if block.block_type == "hours"
        ],
        "hours_note": page.hours_note,
        "languages": sorted(language.code for language in page.languages.all()),
        "languages_note": page.languages_note,
        "last_verified": page.last_verified.isoformat() if page.last_verified else "",
    }
