"""Reading another directory's Open Referral HSDS 3.0 data: every form a 211 may hand over, as service records.

A source is a JSON file (a list of services, a page envelope as /hsds/services?full=true emits, one service, or one
organisation with its services), a folder of such files, a tabular data package (datapackage.json and its CSV
files, read by tabular.py), or a .zip of any of these. `read` returns one SourceRecord per service and the problems
with the source as a whole; it never raises for bad input.
"""

import json
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from .report import Problem, SourceRecord
from .tabular import read_package

# A .zip is unpacked before it is read: limits on what it may unpack to, against a small file that unpacks to gigabytes.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 1000


def read(path):
    """(records, problems) from the file or folder at `path`."""
    path = Path(path)
    if path.is_dir():
        return read_folder(path)
    if not path.exists():
        return [], [Problem(path.name, "", _("There is no file or folder here."))]
    if path.name == "datapackage.json":
        return read_package(path)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        with unpacked(path) as (folder, problems):
            if problems:
                return [], problems
            return read_folder(folder, label=path.name)
    if suffix == ".json":
        return read_json(path, path.name)
    if suffix == ".csv":
        message = _("A CSV file alone is not enough: give the data package (datapackage.json with its CSV files).")
        return [], [Problem(path.name, "", message)]
    return [], [Problem(path.name, "", _("Give a .json file, a .zip file or a folder."))]


def read_folder(folder, label=""):
    """A tabular package if the folder (or the one folder inside it) has a datapackage.json; else its JSON files."""
    entries = [entry for entry in folder.iterdir() if not entry.name.startswith((".", "__MACOSX"))]
    if not (folder / "datapackage.json").exists() and len(entries) == 1 and entries[0].is_dir():
        folder = entries[0]
    package = folder / "datapackage.json"
    if package.exists():
        return read_package(package)
    files = sorted(path for path in folder.glob("*.json") if not path.name.startswith("."))
    if not files:
        where = label or folder.name
        return [], [Problem(where, "", _("There is no datapackage.json and no .json file in it."))]
    records, problems = [], []
    for path in files:
        found, trouble = read_json(path, path.name)
        records += found
        problems += trouble
    return records, problems


def read_json(path, name):
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return [], [Problem(name, "", _("The file is not text in UTF-8."))]
    except json.JSONDecodeError as error:
        message = _("This is not valid JSON: %(error)s at line %(line)s, column %(column)s.") % {
            "error": error.msg,
            "line": error.lineno,
            "column": error.colno,
        }
        return [], [Problem(name, "", message)]
    return records_in(data, name)


def records_in(data, name):
    """The services in a parsed JSON document, each with where it is."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        notes = []
        if data.get("total_pages", 1) not in (0, 1):
            notes.append(
                Problem(
                    name,
                    "",
                    _("This is page %(page)s of %(pages)s: import the other pages as well.")
                    % {"page": data.get("page_number", "?"), "pages": data["total_pages"]},
                    error=False,
                )
            )
        return _numbered(data["contents"], name), notes
    if isinstance(data, list):
        return _numbered(data, name), []
    if isinstance(data, dict) and isinstance(data.get("services"), list) and "name" in data:
        # One organisation and its services (organization_full.json): each service gets the organisation.
        organisation = {key: value for key, value in data.items() if key != "services"}
        services = [
            {"organization": organisation, **item} if isinstance(item, dict) else item for item in data["services"]
        ]
        return _numbered(services, name), []
    if isinstance(data, dict) and "id" in data and "name" in data:
        return [SourceRecord(name, data)], []
    message = _("No services found: give a list of services, a page of them (“contents”) or one service.")
    return [], [Problem(name, "", message)]


def _numbered(items, name):
    records = []
    for number, item in enumerate(items, start=1):
        where = _("%(file)s, service %(number)s") % {"file": name, "number": number}
        if isinstance(item, dict):
            records.append(SourceRecord(where, item))
        else:
            records.append(SourceRecord(where, {}, [Problem(where, "", _("This is not a service record."))]))
    return records


@contextmanager
def unpacked(path):
    """The .zip at `path` unpacked into a temporary folder, refusing members outside it and oversized contents."""
    with tempfile.TemporaryDirectory(prefix="hsds-import-") as folder:
        yield _unpack(path, Path(folder))


def _unpack(path, folder):
    try:
        with zipfile.ZipFile(path) as archive:
            members = [member for member in archive.infolist() if not member.is_dir()]
            if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                return folder, [Problem(path.name, "", _("The .zip file holds too much to import at once."))]
            for member in members:
                name = PurePosixPath(member.filename)
                if name.is_absolute() or ".." in name.parts:
                    return folder, [Problem(path.name, member.filename, _("A file in the .zip points outside it."))]
                target = folder.joinpath(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError):
        return folder, [Problem(path.name, "", _("The .zip file cannot be opened."))]
    return folder, []


@contextmanager
def uploaded(file_name, data):
    """An uploaded file's bytes as a file under its own (base) name in a temporary folder, for `read`."""
    name = Path(file_name).name or "upload.json"
    with tempfile.TemporaryDirectory(prefix="hsds-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path
