"""Reading an Open Referral HSDS 3.0 tabular data package (resources/hsds/tabular.py) into full service records."""

import copy
import csv
import json
import shutil

import pytest
from jsonschema import Draft7Validator

from django.urls import reverse

from resources.hsds.tabular import HSDS_PACKAGE, read_package
from tests.hsds_tabular import ERRORS, write_package
from tests.utils import FIXTURES

EXAMPLE = FIXTURES / "hsds-3.0" / "examples"
SCHEMA = Draft7Validator(json.loads((HSDS_PACKAGE.parent / "service_with_definitions.json").read_text()))

# Columns that only link a nested record to another: the reader leaves them out, as the specification's example.
LINKS = {
    "service_id",
    "location_id",
    "organization_id",
    "program_id",
    "contact_id",
    "service_at_location_id",
    "phone_id",
    "link_id",
    "taxonomy_term_id",
    "taxonomy_id",
    "resource_id",
}

SERVICE = "5e000000-0000-4000-8000-000000000001"
ORGANISATION = "0a000000-0000-4000-8000-000000000001"


def schema_errors(record):
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in SCHEMA.iter_errors(record)]


# Required texts the site's API may leave empty: an empty cell reads back as "" there.
REQUIRED_TEXT = {"postal_code"}


def as_read(value, top=True):
    """A record as the reader gives it back: no linking columns below the service, no empty values or lists but
    for required texts."""
    if isinstance(value, list):
        return [as_read(item, top=False) for item in value]
    if isinstance(value, dict):
        return {
            key: as_read(item, top=False)
            for key, item in value.items()
            if (item not in (None, "", []) or (item == "" and key in REQUIRED_TEXT)) and (top or key not in LINKS)
        }
    return value


def differences(expected, actual, path=""):
    """Where `actual` lacks or differs from a key or value of `expected` (keys only `actual` has are allowed)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key, value in expected.items():
            found += differences(value, actual[key], f"{path}/{key}") if key in actual else [f"{path}/{key}: missing"]
        return found
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [
            line
            for index, pair in enumerate(zip(expected, actual, strict=True))
            for line in differences(*pair, f"{path}/{index}")
        ]
    if expected != actual or type(expected) is not type(actual):
        return [f"{path}: {expected!r} != {actual!r}"]
    return []


def package(tmp_path, tables, description=None):
    """A package in tmp_path with the HSDS datapackage.json (or `description`) and CSV files given as rows."""
    path = tmp_path / "datapackage.json"
    if description is None:
        shutil.copy(HSDS_PACKAGE, path)
    else:
        path.write_text(json.dumps(description))
    for name, rows in tables.items():
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream).writerows(rows)
    return path


def service_rows(*rows):
    return [["id", "organization_id", "name", "status", "minimum_age", "assured_date"], *rows]


ONE_SERVICE = service_rows([SERVICE, ORGANISATION, "Food pantry", "active", "12", "2025-09-15"])
ORGANISATIONS = [["id", "name", "description"], [ORGANISATION, "Pantry", "A pantry"]]


def test_specification_example_reads_as_service_full():
    """The specification's example package reads without problems as its service_full.json, except for what its
    CSV rows do not link (the ids in them differ from those of the JSON example)."""
    [record], problems = read_package(EXAMPLE / "csv" / "datapackage.json")
    assert problems == []
    assert record.where == "services.csv row 2"
    assert record.problems == []
    expected = json.loads((EXAMPLE / "service_full.json").read_text())
    # contacts.csv's organization_id and service_at_location_id, attributes.csv's link_id and metadata.csv's
    # resource_id are other ids than the example's organisation, service at location and service.
    for key in ["attributes", "metadata"]:
        del expected[key]
    del expected["organization"]["contacts"]
    del expected["service_at_locations"][0]["contacts"]
    # An organisation's locations are not nested in its services (its own are in service_at_locations).
    del expected["organization"]["locations"]
    assert differences(expected, record.data) == []
    assert record.data["organization_id"] == record.data["organization"]["id"]
    assert record.data["phones"][0]["number"] == '"+44 1234 234567"'
    assert (record.data["minimum_age"], record.data["assured_date"]) == (12, "2005-01-01")
    assert schema_errors(record.data) == []
    # One phone row is in five places, each its own copy: the importer may change one without the others.
    assert record.data["phones"][0] == record.data["contacts"][0]["phones"][0]
    assert record.data["phones"][0] is not record.data["contacts"][0]["phones"][0]


def test_cells_are_converted_by_their_field_types():
    """Numbers become JSON numbers (whole ones stay whole), dates and times stay ISO texts, empty cells are left
    out, and a text keeps its spaces."""
    [record], _problems = read_package(EXAMPLE / "csv" / "datapackage.json")
    schedule = record.data["schedules"][0]
    assert (schedule["timezone"], schedule["count"], schedule["opens_at"]) == (3, 3, "10:00:00")
    assert record.data["cost_options"][0]["amount"] == 35
    assert record.data["last_modified"] == "2023-03-15T10:30:45.123Z"
    assert record.data["description"].endswith("circumstances. ")


def test_a_number_with_a_point_stays_a_fraction_and_an_empty_cell_is_left_out(tmp_path):
    """2.5 is 2.5, 0 is 0, and a blank (or space-only) cell gives no field at all, not "" or None."""
    path = package(
        tmp_path,
        {
            "services.csv": service_rows([SERVICE, ORGANISATION, "Pantry", "active", " ", ""]),
            "cost_options.csv": [
                ["id", "service_id", "amount", "option"],
                ["c1", SERVICE, "2.5", ""],
                ["c2", SERVICE, "0", "Free"],
            ],
        },
    )
    [record], _problems = read_package(path)
    assert "minimum_age" not in record.data and "assured_date" not in record.data
    assert record.data["cost_options"] == [{"id": "c1", "amount": 2.5}, {"id": "c2", "amount": 0, "option": "Free"}]


def test_a_cell_that_is_not_of_its_type_is_an_error_of_the_service_it_belongs_to(tmp_path):
    """“twelve” in a phone's extension is an error on that phone's service, naming the file, row and column."""
    phones = [["id", "service_id", "number", "extension"], ["p1", SERVICE, "(636) 555-0142", "12"]]
    phones.append(["p2", SERVICE, "(636) 555-0143", "twelve"])
    path = package(tmp_path, {"services.csv": ONE_SERVICE, "organizations.csv": ORGANISATIONS, "phones.csv": phones})
    [record], problems = read_package(path)
    assert problems == []
    [problem] = record.problems
    assert (problem.where, problem.field, problem.error) == ("phones.csv row 3", "extension", True)
    assert problem.message == "“twelve” is not a number."
    assert record.data["phones"] == [
        {"id": "p1", "number": "(636) 555-0142", "extension": 12},
        {"id": "p2", "number": "(636) 555-0143"},
    ]


@pytest.mark.parametrize(
    ("kind", "cell", "message"),
    [
        ("integer", "12.5", "“12.5” is not a whole number."),
        ("date", "15/09/2025", "“15/09/2025” is not a date (YYYY-MM-DD)."),
        ("datetime", "2025-09-15", "“2025-09-15” is not a date and time (YYYY-MM-DDThh:mm:ss)."),
        ("time", "9am", "“9am” is not a time (hh:mm:ss)."),
        ("boolean", "maybe", "“maybe” is not true or false."),
        ("number", "1e999", "“1e999” is not a number."),
    ],
)
def test_the_package_own_field_types_are_used(tmp_path, kind, cell, message):
    """A type the package's datapackage.json gives a column is the one its cells are read by."""
    description = json.loads(HSDS_PACKAGE.read_text())
    [service] = [resource for resource in description["resources"] if resource["name"] == "service"]
    service["schema"]["fields"].append({"name": "extra", "type": kind})
    rows = [["id", "name", "status", "extra"], [SERVICE, "Pantry", "active", cell]]
    [record], _problems = read_package(package(tmp_path, {"services.csv": rows}, description))
    assert [problem.message for problem in record.problems] == [message]


def test_a_table_the_package_does_not_describe_is_read_by_the_hsds_types(tmp_path):
    """A package that describes only its services still has its phones.csv read, by the HSDS field types."""
    description = json.loads(HSDS_PACKAGE.read_text())
    description["resources"] = [resource for resource in description["resources"] if resource["name"] == "service"]
    phones = [["id", "service_id", "number", "extension"], ["p1", SERVICE, "(636) 555-0142", "100"]]
    [record], problems = read_package(
        package(tmp_path, {"services.csv": ONE_SERVICE, "phones.csv": phones}, description)
    )
    assert record.data["phones"] == [{"id": "p1", "number": "(636) 555-0142", "extension": 100}]


def test_rows_of_no_service_are_notes_and_left_out(tmp_path):
    """A phone of an unknown service, or a bad cell in a row no service has, is a note, not an error."""
    phones = [["id", "service_id", "number"], ["p1", "no-such-service", "(636) 555-0142"]]
    locations = [["id", "location_type", "latitude"], ["l1", "physical", "north"]]
    path = package(tmp_path, {"services.csv": ONE_SERVICE, "phones.csv": phones, "locations.csv": locations})
    [record], problems = read_package(path)
    assert "phones" not in record.data
    assert [(str(problem), problem.error) for problem in problems] == [
        ("locations.csv row 2, latitude: “north” is not a number.", False),
        (
            "phones.csv row 2, service_id: “no-such-service” matches no service in services.csv; the row is left out.",
            False,
        ),
    ]


def test_a_link_to_a_missing_row_is_a_warning_on_the_service(tmp_path):
    """A service whose organization_id is in no row of organizations.csv keeps the id, with a warning."""
    [record], problems = read_package(package(tmp_path, {"services.csv": ONE_SERVICE}))
    assert record.data["organization_id"] == ORGANISATION and "organization" not in record.data
    [problem] = record.problems
    assert (problem.field, problem.error) == ("organization_id", False)
    assert problem.message == f"“{ORGANISATION}” matches no row in organizations.csv."


def test_two_services_with_one_id_is_an_error_on_the_second(tmp_path):
    """The second row with an id already used is an error naming the first."""
    rows = service_rows([SERVICE, "", "One", "active", "", ""], [SERVICE, "", "Two", "active", "", ""])
    first, second = read_package(package(tmp_path, {"services.csv": rows}))[0]
    assert first.problems == []
    assert [problem.message for problem in second.problems] == [f"“{SERVICE}” is also the id of services.csv row 2."]


def test_an_unknown_column_is_a_note_and_a_byte_order_mark_is_accepted(tmp_path):
    """A column the schema does not know is left out with a note; a BOM (as Excel writes) does not hide `id`, and
    spaces around a column's name do not hide it."""
    path = package(tmp_path, {})
    (tmp_path / "services.csv").write_text("\ufeffid, name ,status,colour\ns1,Pantry,active,blue\n", encoding="utf-8")
    [record], problems = read_package(path)
    assert record.data == {"id": "s1", "name": "Pantry", "status": "active"}
    assert [str(problem) for problem in problems] == [
        "services.csv, colour: The column “colour” is not in the table's schema; it is left out."
    ]


def records_for_round_trip():
    """Two services of one organisation, with most of what can be nested in a service."""
    organisation = {"id": ORGANISATION, "name": "Pantry", "description": "A pantry", "email": "a@example.org"}
    term = {"id": "t1", "code": "food", "name": "Food", "description": "Food", "language": "en"}
    phone = {"id": "p1", "service_id": SERVICE, "number": "+16365550142", "type": "voice", "extension": 12}
    location = {
        "id": "l1",
        "location_type": "physical",
        "latitude": 38.8,
        "addresses": [
            {
                "id": "a1",
                "location_id": "l1",
                "address_1": "215 Example Street",
                "city": "Wentzville",
                "state_province": "MO",
                "postal_code": "63385",
                "country": "US",
                "address_type": "physical",
            }
        ],
    }
    first = {
        "id": SERVICE,
        "organization_id": ORGANISATION,
        "name": "Food pantry",
        "description": "Groceries.\n\nOnce a week, with “quotes”, commas, and ñ.",
        "status": "active",
        "assured_date": "2025-09-15",
        "last_modified": "2025-09-15T10:00:00+00:00",
        "organization": organisation,
        "phones": [phone, {"id": "p2", "service_id": SERVICE, "number": "+16365550143", "type": "text"}],
        "schedules": [
            {
                "id": "s1",
                "service_id": SERVICE,
                "freq": "WEEKLY",
                "byday": "TU,TH",
                "opens_at": "09:00-05:00",
                "closes_at": "12:00-05:00",
                "timezone": -5,
            }
        ],
        "service_at_locations": [{"id": "sl1", "service_id": SERVICE, "location_id": "l1", "location": location}],
        "languages": [{"id": "g1", "service_id": SERVICE, "name": "Spanish", "code": "es"}],
        "cost_options": [{"id": "c1", "service_id": SERVICE, "option": "Free", "amount": 0, "currency": "USD"}],
        "contacts": [{"id": "k1", "service_id": SERVICE, "name": "Desk", "phones": [phone]}],
        "attributes": [
            {
                "id": "at1",
                "link_id": SERVICE,
                "link_entity": "service",
                "taxonomy_term_id": "t1",
                "taxonomy_term": term,
            }
        ],
    }
    second = {"id": "s2", "organization_id": ORGANISATION, "name": "Clothes", "status": "active", "phones": []}
    return [first, second | {"organization": organisation}]


def test_a_written_package_reads_back_as_the_records(tmp_path):
    """Records written by write_package read back the same, but for the links and empty lists the form has not."""
    records = records_for_round_trip()
    read, problems = read_package(write_package(copy.deepcopy(records), tmp_path))
    assert problems == []
    assert [record.where for record in read] == ["services.csv row 2", "services.csv row 3"]
    assert [record.data for record in read] == [as_read(record) for record in records]
    assert all(record.problems == [] and schema_errors(record.data) == [] for record in read)
    assert not (tmp_path / "funding.csv").exists()


@pytest.mark.django_db
def test_the_site_api_services_read_back_from_a_package(client, demo_site, tmp_path):
    """Every demo service as /hsds/services?full=true gives it, written as a package, reads back the same."""
    response = client.get(reverse("hsds:services"), {"full": "true", "per_page": 200})
    records = response.json()["contents"]
    read, problems = read_package(write_package(records, tmp_path))
    assert problems == []
    assert len(read) == len(records) > 10
    for record, source in zip(read, records, strict=True):
        assert record.problems == []
        assert record.data == as_read(source)
        # The API gives an address without a postal code an empty one, as HSDS requires one: it reads back empty.
        assert schema_errors(record.data) == []


def test_the_errors_fixture_reads_with_one_note_and_one_type_error():
    """tests/fixtures/hsds-import-errors (see its README) gives six services; the reader itself finds only the
    phone of no service and the age that is not a number, and passes the rest on as the CSV has them."""
    records, problems = read_package(ERRORS / "datapackage.json")
    assert [(str(problem), problem.error) for problem in problems] == [
        (
            "phones.csv row 7, service_id: “5e000000-0000-4000-8000-000000000099” matches no service in "
            "services.csv; the row is left out.",
            False,
        )
    ]
    assert [record.where for record in records] == [f"services.csv row {row}" for row in range(2, 8)]
    good, counselling, utility, circle, unnamed, mentoring = records
    assert [problem for record in records[:5] for problem in record.problems] == []
    assert [str(problem) for problem in mentoring.problems] == [
        "services.csv row 7, minimum_age: “twelve” is not a number."
    ]
    assert "minimum_age" not in mentoring.data
    for record in (good, counselling):
        assert schema_errors(record.data) == []
        assert [phone["type"] for phone in record.data["phones"]] == ["voice", "text"]
        assert [language["code"] for language in record.data["languages"]] == ["en", "es"]
        assert record.data["cost_options"][0]["amount"] == 0
        [address] = record.data["service_at_locations"][0]["location"]["addresses"]
        assert (address["state_province"], address["postal_code"]) == ("MO", "63385")
    assert counselling.data["minimum_age"] == 12
    assert utility.data["phones"][0]["number"] == "555-CALL-NOW"
    assert [(language["code"], language["name"]) for language in circle.data["languages"]][1] == ("xx", "Klingonese")
    assert "name" not in unnamed.data
    assert schema_errors(unnamed.data) == [": 'name' is a required property"]


def source_errors(path):
    records, problems = read_package(path)
    assert records == []
    assert problems and all(problem.error for problem in problems)
    return [str(problem) for problem in problems]


def test_a_package_that_cannot_be_read_gives_source_errors(tmp_path):
    """A missing, non-JSON, non-UTF-8 or non-package datapackage.json is an error, never an exception."""
    path = tmp_path / "datapackage.json"
    assert source_errors(path) == ["datapackage.json: The file is missing or cannot be opened."]
    path.write_text("{not json")
    assert source_errors(path) == ["datapackage.json: It is not valid JSON."]
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert source_errors(path) == ["datapackage.json: It is not valid JSON."]
    path.write_bytes(b'{"name": "caf\xe9"}')
    assert source_errors(path) == ["datapackage.json: It is not UTF-8 text."]
    path.write_text('{"resources": {}}')
    assert source_errors(path) == [
        "datapackage.json: It does not describe a data package: it has no list of resources."
    ]
    path.write_text('{"resources": [{"name": "phone", "path": "phones.csv"}, 3, null]}')
    assert source_errors(path) == [
        "datapackage.json: It has no “service” resource (services.csv), so there are no services to read."
    ]


def test_broken_tables_give_source_errors(tmp_path):
    """A missing services.csv, a header without `id`, no services, text not UTF-8 or bad CSV are errors."""
    path = package(tmp_path, {})
    assert source_errors(path) == ["services.csv: The file is missing or cannot be opened."]
    package(tmp_path, {"services.csv": [["name", "status"], ["Pantry", "active"]]})
    assert source_errors(path) == ["services.csv: Its first row has no “id” column."]
    package(tmp_path, {"services.csv": service_rows()})
    assert source_errors(path) == ["services.csv: There are no services in it."]
    package(tmp_path, {"services.csv": ONE_SERVICE, "phones.csv": [["number"], ["(636) 555-0142"]]})
    assert source_errors(path) == ["phones.csv: Its first row has no “id” column."]
    (tmp_path / "phones.csv").write_bytes(b"id,number\np1,\xff\xfe\n")
    assert source_errors(path) == ["phones.csv: It is not UTF-8 text."]


def test_a_cell_larger_than_the_csv_limit_is_a_source_error(tmp_path):
    """A cell over the csv module's limit (131,072 characters) is an error naming its row, not a crash."""
    path = package(tmp_path, {"services.csv": [*ONE_SERVICE, ["s2", "", "x" * 200_000, "active"]]})
    assert source_errors(path) == [
        "services.csv row 3: A cell is longer than 131,072 characters, more than can be read."
    ]
    assert csv.field_size_limit() == 131_072


@pytest.mark.parametrize(
    "bad_path", ["../services.csv", "/etc/passwd", "https://example.org/services.csv", ["a.csv"], "", "."]
)
def test_a_resource_path_outside_the_package_is_refused(tmp_path, bad_path):
    """A path out of the package's folder (up, absolute, a URL, a list, the folder itself) is not read."""
    description = json.loads(HSDS_PACKAGE.read_text())
    [phone] = [resource for resource in description["resources"] if resource["name"] == "phone"]
    phone["path"] = bad_path
    (tmp_path / "package").mkdir()
    package(tmp_path, {"services.csv": ONE_SERVICE})
    path = package(tmp_path / "package", {"services.csv": ONE_SERVICE}, description)
    assert source_errors(path) == [
        "datapackage.json, path: The path of the “phone” resource is not a file inside the package's folder."
    ]


def test_a_link_to_a_file_outside_the_package_is_refused(tmp_path):
    """A CSV file that is a symbolic link to a file outside the package's folder is not read."""
    (tmp_path / "package").mkdir()
    (tmp_path / "secret.csv").write_text("id,number\np1,(636) 555-0142\n")
    path = package(tmp_path / "package", {"services.csv": ONE_SERVICE})
    (tmp_path / "package" / "phones.csv").symlink_to(tmp_path / "secret.csv")
    assert source_errors(path) == [
        "datapackage.json, path: The path of the “phone” resource is not a file inside the package's folder."
    ]
