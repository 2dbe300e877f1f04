"""Services read from an Open Referral HSDS 3.0 tabular data package, as full records for the importer.

A tabular package is a `datapackage.json` (a Frictionless data package) and one CSV file per table beside it:
a service's phones are the rows of phones.csv whose service_id is the service's id, and so on. Each cell is
converted by its field's type, and each service is put together as compiled/service_with_definitions.json
nests it (examples/service_full.json), so that the importer checks one shape whatever form the source has.

As in the specification's example, a nested record leaves out the columns that only link it to others (a phone
inside a service has no service_id); the service keeps its organization_id and program_id. An empty cell leaves
its field out, and so does a list without rows. Nested records are built anew for each service, never shared.
"""

import csv
import datetime
import json
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .report import Problem, SourceRecord

HSDS_PACKAGE = Path(__file__).resolve().parent / "schemas" / "datapackage.json"
HSDS_RESOURCES = {resource["name"]: resource for resource in json.loads(HSDS_PACKAGE.read_text())["resources"]}

# What a row of each table nests, as (key, table, column, many): with many, the rows of `table` whose `column`
# is this row's id; otherwise the row of `table` whose id is this row's `column`. An organisation's locations
# are left out: a service's own are in its service_at_locations, and all of them in every service would
# multiply each record by the organisation's size.
NESTING = {
    "service": [
        ("organization", "organization", "organization_id", False),
        ("program", "program", "program_id", False),
        ("phones", "phone", "service_id", True),
        ("schedules", "schedule", "service_id", True),
        ("service_areas", "service_area", "service_id", True),
        ("service_at_locations", "service_at_location", "service_id", True),
        ("languages", "language", "service_id", True),
        ("funding", "funding", "service_id", True),
        ("cost_options", "cost_option", "service_id", True),
        ("required_documents", "required_document", "service_id", True),
        ("contacts", "contact", "service_id", True),
        ("attributes", "attribute", "link_id", True),
        ("metadata", "metadata", "resource_id", True),
    ],
    "organization": [
        ("funding", "funding", "organization_id", True),
        ("contacts", "contact", "organization_id", True),
        ("phones", "phone", "organization_id", True),
        ("programs", "program", "organization_id", True),
        ("organization_identifiers", "organization_identifier", "organization_id", True),
    ],
    "service_at_location": [
        ("location", "location", "location_id", False),
        ("contacts", "contact", "service_at_location_id", True),
        ("phones", "phone", "service_at_location_id", True),
        ("schedules", "schedule", "service_at_location_id", True),
    ],
    "location": [
        ("languages", "language", "location_id", True),
        ("addresses", "address", "location_id", True),
        ("contacts", "contact", "location_id", True),
        ("accessibility", "accessibility", "location_id", True),
        ("phones", "phone", "location_id", True),
        ("schedules", "schedule", "location_id", True),
    ],
    "contact": [("phones", "phone", "contact_id", True)],
    "phone": [("languages", "language", "phone_id", True)],
    "attribute": [("taxonomy_term", "taxonomy_term", "taxonomy_term_id", False)],
    "taxonomy_term": [("taxonomy_detail", "taxonomy", "taxonomy_id", False)],
}
TABLES = ["service", *sorted({table for nested in NESTING.values() for _key, table, _column, _many in nested})]

# The columns a nested record leaves out: those that link it to the record it is nested in, and a location's
# organization_id (not nested, see above).
LINKS = {table: set() for table in TABLES}
LINKS["location"].add("organization_id")
for parent, nested in NESTING.items():
    for _key, table, column, many in nested:
        LINKS[table if many else parent].add(column)


def _converter(pattern, parse, keep=False):
    """A converter of a cell's text that must match `pattern`: to what `parse` makes of it, or (`keep`) to the
    text itself once `parse` has taken it, as a date stays the ISO 8601 text JSON has."""

    def convert(text):
        if not re.fullmatch(pattern, text):
            raise ValueError(text)
        value = parse(text)
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(text)
        return text if keep else value

    return convert


def _number(text):
    """A number as JSON has it: 35 stays a whole number."""
    return float(text) if re.search(r"[.eE]", text) else int(text)


# The Frictionless types HSDS uses, or may: how to convert a cell, and what to say when it cannot be. A cell of
# any other type (string, and those HSDS never uses) keeps its text.
TYPES = {
    "integer": (_converter(r"[+-]?\d+", int), gettext_noop("“%(value)s” is not a whole number.")),
    "number": (
        _converter(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", _number),
        gettext_noop("“%(value)s” is not a number."),
    ),
    "boolean": (
        _converter(r"(?i:true|false)|[01]", lambda text: text.lower() in ("true", "1")),
        gettext_noop("“%(value)s” is not true or false."),
    ),
    "date": (
        _converter(r"\d{4}-\d\d-\d\d", datetime.date.fromisoformat, keep=True),
        gettext_noop("“%(value)s” is not a date (YYYY-MM-DD)."),
    ),
    "datetime": (
        _converter(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d.*", datetime.datetime.fromisoformat, keep=True),
        gettext_noop("“%(value)s” is not a date and time (YYYY-MM-DDThh:mm:ss)."),
    ),
    "time": (
        _converter(r"\d\d:\d\d.*", datetime.time.fromisoformat, keep=True),
        gettext_noop("“%(value)s” is not a time (hh:mm:ss)."),
    ),
}


@dataclass
class Row:
    """One row of a table: where it is, its non-empty cells converted, what was wrong, whether a service has it."""

    where: str
    values: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    used: bool = False


def read_package(path):
    """The services of the package whose datapackage.json is at `path`, one SourceRecord per row of
    services.csv in file order, and the problems with the package as a whole: when one of those is an error,
    there are no services (nothing can be imported); the others are notes on rows no service has."""
    path = Path(path)
    package, problems = _package(path)
    if package is None:
        return [], problems
    tables, files = {}, {}
    for table in TABLES:
        files[table], tables[table], found = _table(path.parent, table, _resource(package, table))
        problems += found
    if not any(problem.error for problem in problems) and not tables["service"]:
        problems.append(Problem(files["service"], "", _("There are no services in it.")))
    if any(problem.error for problem in problems):
        return [], problems
    first = {}
    for row in tables["service"]:
        service_id = row.values.get("id")
        if service_id in first:
            message = _("“%(value)s” is also the id of %(where)s.") % {"value": service_id, "where": first[service_id]}
            row.problems.append(Problem(row.where, "id", message))
        elif service_id is not None:
            first[service_id] = row.where
    assembly = Assembly(tables, files)
    records = [assembly.service(row) for row in tables["service"]]
    return records, problems + assembly.notes()


def _package(path):
    """The package's description, or None and why it cannot be read."""
    try:
        package = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError:
        return None, [Problem(path.name, "", _("The file is missing or cannot be opened."))]
    except UnicodeDecodeError:
        return None, [Problem(path.name, "", _("It is not UTF-8 text."))]
    except (ValueError, RecursionError):
        return None, [Problem(path.name, "", _("It is not valid JSON."))]
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        return None, [Problem(path.name, "", _("It does not describe a data package: it has no list of resources."))]
    if _resource(package, "service") is None:
        message = _("It has no “service” resource (services.csv), so there are no services to read.")
        return None, [Problem(path.name, "", message)]
    return package, []


def _resource(package, table):
    """The package's resource for a table, by name or the HSDS path; the HSDS one if the package has none (but
    a package must describe its services)."""
    hsds = HSDS_RESOURCES[table]
    resources = [resource for resource in package["resources"] if isinstance(resource, dict)]
    for key in ("name", "path"):
        for resource in resources:
            if resource.get(key) == hsds[key]:
                return resource
    return None if table == "service" else hsds


def _table(directory, table, resource):
    """The file name and rows of one table, and what stops it being read. A table whose file is not there has no
    rows (a package need not have them all), except services."""
    name = resource.get("path")
    file = _inside(directory, name)
    if file is None:
        message = _("The path of the “%(table)s” resource is not a file inside the package's folder.") % {
            "table": table
        }
        return "datapackage.json", [], [Problem("datapackage.json", "path", message)]
    if table != "service" and not file.exists():
        return name, [], []
    types = {**_fields(HSDS_RESOURCES[table]), **_fields(resource)}
    required = _required_text(HSDS_RESOURCES[table]) | _required_text(resource)
    rows, problems, number = [], [], 1
    try:
        with file.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            header = [column.strip() for column in next(reader, [])]
            if "id" not in header:
                return name, [], [Problem(name, "", _("Its first row has no “id” column."))]
            for column in dict.fromkeys(header):
                if column and column not in types:
                    message = _("The column “%(column)s” is not in the table's schema; it is left out.")
                    problems.append(Problem(name, column, message % {"column": column}, error=False))
            number = 2
            for cells in reader:
                rows.append(_row(_row_name(name, number), zip(header, cells, strict=False), types, required))
                number += 1
    except OSError:
        return name, [], [Problem(name, "", _("The file is missing or cannot be opened."))]
    except UnicodeDecodeError:
        return name, [], [Problem(name, "", _("It is not UTF-8 text."))]
    except csv.Error as error:
        where = _row_name(name, number)
        if "field larger than field limit" in str(error):
            message = _("A cell is longer than %(limit)s characters, more than can be read.")
            return name, [], [Problem(where, "", message % {"limit": f"{csv.field_size_limit():,}"})]
        return name, [], [Problem(where, "", _("It cannot be read as CSV."))]
    return name, rows, problems


def _row_name(file, number):
    """Where a row is, as a spreadsheet numbers it (the header is row 1): “services.csv row 4”."""
    return _("%(file)s row %(number)s") % {"file": file, "number": number}


def _inside(directory, name):
    """The file a resource's path names, if it is a relative path to a file in the package's folder."""
    if not isinstance(name, str) or not name or "://" in name or PurePosixPath(name).is_absolute():
        return None
    try:
        file = (directory / name).resolve()
        inside = file.is_relative_to(directory.resolve()) and not file.is_dir()
    except (OSError, ValueError):
        return None
    return file if inside else None


def _fields(resource):
    """A resource's field types by column name, from whatever of its schema is well formed."""
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list):
        return {}
    return {
        item["name"]: item.get("type") if isinstance(item.get("type"), str) else "string"
        for item in fields
        if isinstance(item, dict) and isinstance(item.get("name"), str)
    }


def _required_text(resource):
    """The text columns a record must have: an empty cell there is an empty text (the JSON form's ""), not none.
    But for an id, a link or a name: a row without one is missing it, as the schema check then says."""
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    return {
        item["name"]
        for item in fields or []
        if isinstance(item, dict)
        and item.get("type", "string") == "string"
        and isinstance(item.get("constraints"), dict)
        and item["constraints"].get("required") is True
        and item["name"] not in ("id", "name")
        and not item["name"].endswith("_id")
    }


def _row(where, cells, types, required=frozenset()):
    """A row with its non-empty cells converted; a cell that cannot be is a problem, and left out. An empty cell
    leaves its field out, except a required text, which is empty."""
    row = Row(where)
    for column, cell in cells:
        text = cell.strip()
        if column in types and not text and column in required:
            row.values[column] = ""
            continue
        if column not in types or not text:
            continue
        if types[column] not in TYPES:
            row.values[column] = cell
            continue
        convert, message = TYPES[types[column]]
        try:
            row.values[column] = convert(text)
        except ValueError:
            value = text if len(text) <= 60 else text[:59] + "…"
            row.problems.append(Problem(where, column, _(message) % {"value": value}))
    return row


class Assembly:
    """Puts services together from the tables, looking rows up by column through indexes made once."""

    def __init__(self, tables, files):
        self.tables, self.files = tables, files
        self.indexes = {}

    def rows(self, table, column, value):
        """The rows of `table` whose `column` is `value`, in file order."""
        if (table, column) not in self.indexes:
            index = self.indexes[table, column] = {}
            for row in self.tables[table]:
                if column in row.values:
                    index.setdefault(row.values[column], []).append(row)
        return self.indexes[table, column].get(value, []) if value is not None else []

    def service(self, row):
        """One service record, with the problems of every row in it."""
        problems, seen = [], set()
        data = self.record("service", row, problems, seen)
        return SourceRecord(row.where, data, problems)

    def record(self, table, row, problems, seen):
        """A row's record, with what it nests; the problems of each row in it are added to `problems` once."""
        row.used = True
        record = {key: value for key, value in row.values.items() if table == "service" or key not in LINKS[table]}
        for key, child, column, many in NESTING.get(table, []):
            if many:
                rows = self.rows(child, column, row.values.get("id"))
                if child == "attribute":
                    rows = [item for item in rows if item.values.get("link_entity") == table]
                if rows:
                    record[key] = [self.record(child, item, problems, seen) for item in rows]
            elif column in row.values:
                found = self.rows(child, "id", row.values[column])
                if found:
                    record[key] = self.record(child, found[0], problems, seen)
                else:
                    message = _("“%(value)s” matches no row in %(file)s.")
                    values = {"value": row.values[column], "file": self.files[child]}
                    problem = Problem(row.where, column, message % values, error=False)
                    if problem not in row.problems:
                        row.problems.append(problem)
        if id(row) not in seen:
            seen.add(id(row))
            problems.extend(row.problems)
        return record

    def notes(self):
        """What is wrong in rows no service has: a service_id (or a service attribute's link_id) that matches no
        service, and cells that cannot be converted."""
        service_ids = {row.values["id"] for row in self.tables["service"] if "id" in row.values}
        notes = []
        for table, rows in self.tables.items():
            for row in (row for row in rows if not row.used):
                service = table == "attribute" and row.values.get("link_entity") == "service"
                column = "link_id" if service else "service_id"
                if column in row.values and row.values[column] not in service_ids:
                    message = _("“%(value)s” matches no service in %(file)s; the row is left out.")
                    values = {"value": row.values[column], "file": self.files["service"]}
                    notes.append(Problem(row.where, column, message % values, error=False))
                notes.extend(replace(problem, error=False) for problem in row.problems)
        return notes
