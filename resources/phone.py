"""Phone numbers as people dial them, stored in one canonical form.

Full numbers are stored in E.164 (+18883737888); short codes such as 911 or 233733 are stored
as their digits, because they have no E.164 form and only work inside the country.
"""

import re

import phonenumbers
from phonenumbers import shortnumberinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "US"

INVALID_MESSAGE = _(
    "“%(value)s” is not a phone number we can dial. Write it as people dial it, "
    "for example 1-888-373-7888, (636) 327-5105 or +52 55 1234 5678, or a short code such as 911."
)


def normalise(raw):
    """Return the stored form of `raw`, or raise ValidationError with a message for the editor."""
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone", params={"value": text}) from None
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if shortnumberinfo.is_valid_short_number_for_region(number, DEFAULT_REGION):
        return str(number.national_number)
    raise ValidationError(INVALID_MESSAGE, code="invalid_phone", params={"value": text})


class PhoneNumber(str):
    """A stored number with the forms a reader needs: as shown, and as tel: and sms: links."""

    @property
    def is_short_code(self):
        return not self.startswith("+")

    @property
    def display(self):
        if self.is_short_code:
            return str(self)
        number = phonenumbers.parse(self)
        if number.country_code == 1:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    @property
    def tel_href(self):
        return f"tel:{self}"

    @property
    def sms_href(self):
        return f"sms:{self}"


class PhoneNumberField(models.CharField):
    """A phone number checked with `phonenumbers` on save (US by default) and stored normalised."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, PhoneNumber) or value in self.empty_values:
            return value
        return PhoneNumber(normalise(str(value)))

    def from_db_value(self, value, expression, connection):
        return PhoneNumber(value) if value else value

    def formfield(self, **kwargs):
        # The editor sees what they typed until the model cleans it; a browser `tel` keyboard on phones.
        from django import forms

        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
        return super().formfield(**kwargs)


def vanity_matches(vanity, stored):
    """True when letters such as 866-371-TIPS spell the stored number."""
    try:
        return normalise(vanity) == stored
    except ValidationError:
        return False


# Numbers in running text (content_checker.py): anything that looks like a phone number but cannot be dialled.

_SEP = r"[ .\-\u00a0\u2010-\u2015]"
# Wider than what phonenumbers' own matcher finds, so that numbers with a digit missing are caught too.
PHONE_LIKE = re.compile(
    rf"""
    (?<![\w+$/.,\-])                           # not the tail of a word, amount, decimal or web address
    (?:
        \+\d{{1,15}}(?:{_SEP}\(?\d{{1,5}}\)?){{0,5}}          # international: +52 55 1234 5678
      | (?:1{_SEP}?)?(?:\(\d{{3}}\){_SEP}?|\d{{3}}{_SEP})     # North American area code ...
        \d{{2,4}}{_SEP}[0-9A-Z]{{2,7}}                        # ... then number, maybe in letters: 866-371-TIPS
      | \d{{3}}[.\-]\d{{4}}                                   # a local number without its area code
      | \d{{7,15}}                                            # digits run together
    )
    (?![\w\-]|[.,]\d)                          # not followed by more of a number
    """,
    re.VERBOSE,
)
_LAST_GROUP = re.compile(rf"{_SEP}\(?\d+\)?$")


def dialling_error(number):
    """The site's own message when `number` cannot be dialled (`normalise`), else None."""
    try:
        normalise(number)
    except ValidationError as error:
        return error.messages[0]
    return None


def bad_phone_numbers(text):
    """(number, message) for each thing in plain `text` that looks like a phone number but cannot be dialled."""
    for match in PHONE_LIKE.finditer(text or ""):
        number = match.group()
        error = dialling_error(number)
        if error and not (number.startswith("+") and _starts_with_full_number(number)):
            yield number, error


def _starts_with_full_number(candidate):
    """True for "+52 55 1234 5678 24": spaced groups run on into a figure from the next words."""
    while (shorter := _LAST_GROUP.sub("", candidate)) != candidate:
        candidate = shorter
        try:
            if normalise(candidate).startswith("+"):
                return True
        except ValidationError:
            pass
    return False
