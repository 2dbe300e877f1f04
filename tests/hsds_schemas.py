"""The official Open Referral HSDS 3.0 schemas (tests/fixtures/hsds-3.0) as validators that refuse fields
the schemas do not declare, for tests/test_hsds.py."""

import datetime
import json

from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from tests.utils import FIXTURES

HSDS = FIXTURES / "hsds-3.0"

# jsonschema checks "uri" and "date-time" only with optional packages; Django's own checks stand in.
FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValidationError)
def _is_uri(value):
    URLValidator()(value)
    return True


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value):
    return datetime.datetime.fromisoformat(value).tzinfo is not None


def load(name):
    return json.loads((HSDS / name).read_text(encoding="utf-8"))


def closed(schema):
    """The schema with every object limited to the fields it declares, so a misspelt field fails too."""
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: closed(value) for key, value in schema.items()}
    if "properties" in schema:
        schema.setdefault("additionalProperties", False)
    return schema


def validator(name):
    """A validator for one HSDS schema file; the table schemas' relative $refs resolve to their sibling files."""
    registry = Registry().with_resources(
        (path.name, Resource.from_contents(closed(load(path.name)), default_specification=DRAFT7))
        for path in HSDS.glob("*.json")
    )
    return Draft7Validator(closed(load(name)), format_checker=FORMATS, registry=registry)


def envelope_validator():
    """The OpenAPI `Page` envelope, every field present, with `contents` a list (items are checked apart)."""
    page = load("openapi.json")["components"]["schemas"]["Page"]
    schema = {
        **page,
        "required": [*page["properties"], "contents"],
        "properties": {**page["properties"], "contents": {"type": "array", "items": {"type": "object"}}},
        "additionalProperties": False,
    }
    return Draft7Validator(schema)


def assert_valid(schema, instance):
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in schema.iter_errors(instance)]
    # Outside a test module pytest does not spell out a failed assert: the message lists the errors.
    assert errors == [], "\n".join(errors)
