"""What an import from another directory did, or would do (a dry run): one outcome per service, and problems.

Shared by the reader of each source form (JSON, tabular), the importer, `manage.py import_hsds` and the admin's
"Import from a directory". A report is stored with an upload (as JSON) between the dry run and the import.
"""

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# What happens to one service of the source.
CREATE, CHANGE, UNCHANGED, SKIP, INACTIVE, DROPPED = "create", "change", "unchanged", "skip", "inactive", "dropped"

ACTION_LABELS = {
    CREATE: _("New, becomes a draft for review"),
    CHANGE: _("Changed, the changes become a draft for review"),
    UNCHANGED: _("Unchanged"),
    SKIP: _("Not imported: fix the source"),
    INACTIVE: _("Not imported: the source marks it inactive"),
    DROPPED: _("No longer in the source: review it (nothing was deleted)"),
}


@dataclass
class Problem:
    """One thing wrong in the source: where (“services.csv row 4”, “service 2 “Food pantry””), which field, why."""

    where: str
    field: str
    message: str
    # An error keeps the record (or the whole source) out; a warning says what was left out or shortened.
    error: bool = True

    def __str__(self):
        place = f"{self.where}, {self.field}" if self.field else self.where
        return f"{place}: {self.message}"


@dataclass
class SourceRecord:
    """One service as a reader found it: where it is in the source, its HSDS record (the shape of
    compiled/service_with_definitions.json, as /hsds/services/{id} emits), and what the reader found wrong in it."""

    where: str
    data: dict
    problems: list = field(default_factory=list)


@dataclass
class Outcome:
    action: str
    service_id: str
    title: str
    where: str = ""
    # The labels of the fields the source changed; those an editor had changed too (the source's value is in the
    # new draft, the editor's in the revision before it).
    changes: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    page_id: int | None = None

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]

    @property
    def errors(self):
        return [problem for problem in self.problems if problem.error]

    @property
    def warnings(self):
        return [problem for problem in self.problems if not problem.error]


@dataclass
class Report:
    source: str
    dry_run: bool = False
    # Problems with the source as a whole (not JSON, no services, no service directory): nothing is imported.
    source_errors: list = field(default_factory=list)
    # Things in the source that belong to no service (a phone row for an unknown service): shown, not fatal.
    notes: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)

    @property
    def valid(self):
        return not self.source_errors

    def of(self, action):
        return [outcome for outcome in self.outcomes if outcome.action == action]

    @property
    def counts(self):
        return {action: len(self.of(action)) for action in ACTION_LABELS}

    def summary(self):
        """One sentence a person reads first: what was (or would be) done."""
        if self.source_errors:
            return str(_("Nothing was imported: the file cannot be read as Open Referral (HSDS 3.0) data."))
        counts = self.counts
        parts = [
            ngettext("%(count)s new service", "%(count)s new services", counts[CREATE]) % {"count": counts[CREATE]},
            ngettext("%(count)s changed", "%(count)s changed", counts[CHANGE]) % {"count": counts[CHANGE]},
            ngettext("%(count)s unchanged", "%(count)s unchanged", counts[UNCHANGED]) % {"count": counts[UNCHANGED]},
            ngettext("%(count)s not imported", "%(count)s not imported", counts[SKIP] + counts[INACTIVE])
            % {"count": counts[SKIP] + counts[INACTIVE]},
            ngettext("%(count)s no longer in the source", "%(count)s no longer in the source", counts[DROPPED])
            % {"count": counts[DROPPED]},
        ]
        text = ", ".join(parts)
        if self.dry_run:
            return str(_("Dry run, nothing saved: %(counts)s.")) % {"counts": text}
        return str(_("Imported: %(counts)s.")) % {"counts": text}

    def lines(self):
        """The report as plain text lines, for the command line."""
        lines = [self.summary()]
        for problem in self.source_errors:
            lines.append(f"  ! {problem}")
        for problem in self.notes:
            lines.append(f"  ~ {problem}")
        for action, label in ACTION_LABELS.items():
            outcomes = self.of(action)
            if not outcomes or action == UNCHANGED:
                continue
            lines.append(f"{label}:")
            for outcome in outcomes:
                where = f" ({outcome.where})" if outcome.where else ""
                lines.append(f"  - {outcome.title or outcome.service_id}{where}")
                if outcome.changes:
                    lines.append("      " + str(_("changes: %(fields)s")) % {"fields": ", ".join(outcome.changes)})
                if outcome.conflicts:
                    lines.append(
                        "      "
                        + str(_("also changed by an editor (their version is in the revision before): %(fields)s"))
                        % {"fields": ", ".join(outcome.conflicts)}
                    )
                for problem in outcome.problems:
                    mark = "!" if problem.error else "~"
                    place = f"{problem.field}: " if problem.field else ""
                    lines.append(f"      {mark} {place}{problem.message}")
        return lines

    def as_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        outcomes = [
            Outcome(**{**item, "problems": [Problem(**problem) for problem in item["problems"]]})
            for item in data["outcomes"]
        ]
        errors = [Problem(**problem) for problem in data["source_errors"]]
        notes = [Problem(**problem) for problem in data["notes"]]
        return cls(
            source=data["source"], dry_run=data["dry_run"], source_errors=errors, notes=notes, outcomes=outcomes
        )
