"""Full HSDS service records written as a tabular data package (datapackage.json and CSV files), the form
resources/hsds/tabular.py reads, for its tests and the importer's."""

import csv
import shutil
import zipfile
from pathlib import Path

from resources.hsds.tabular import HSDS_PACKAGE, HSDS_RESOURCES, NESTING
from tests.utils import FIXTURES

ERRORS = FIXTURES / "hsds-import-errors"


def zipped_errors_package(path):
    """tests/fixtures/hsds-import-errors (a package with deliberate errors, its README says which) as a .zip at
    `path`, as a 211 sends it: datapackage.json and the CSV files, without the README."""
    with zipfile.ZipFile(path, "w") as archive:
        for member in sorted(ERRORS.iterdir()):
            if member.suffix in (".json", ".csv"):
                archive.write(member, member.name)
    return path


def write_package(records, directory):
    """Write full service records (as /hsds/services?full=true has them in `contents`) into `directory` as an
    HSDS tabular package: a copy of the HSDS datapackage.json, and a CSV file for each table that has rows, its
    columns those of the table's schema. A record nested in several places (a phone of a service and of its
    contact) is one row with every link set. Returns the path of datapackage.json."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tables = {}
    for record in records:
        _flatten("service", record, tables)
    for table, rows in tables.items():
        resource = HSDS_RESOURCES[table]
        columns = [item["name"] for item in resource["schema"]["fields"]]
        with (directory / resource["path"]).open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, columns)
            writer.writeheader()
            writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows.values())
    return Path(shutil.copy(HSDS_PACKAGE, directory / "datapackage.json"))


def _flatten(table, record, tables):
    """Add a record and everything nested in it to `tables` (rows by id, by table), linked as HSDS links them."""
    row = {key: value for key, value in record.items() if not isinstance(value, list | dict)}
    for key, child, column, many in NESTING.get(table, []):
        if record.get(key) is None:
            continue
        if many:
            for item in record[key]:
                link = {column: record["id"]} | ({"link_entity": table} if child == "attribute" else {})
                _flatten(child, link | item, tables)
        else:
            row[column] = record[key]["id"]
            _flatten(child, record[key], tables)
    tables.setdefault(table, {}).setdefault(row["id"], {}).update(row)


def _cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value
