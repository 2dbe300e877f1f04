"""Phone numbers as editors type them and as readers dial them."""

import pytest

from django.core.exceptions import ValidationError

from resources.phone import PhoneNumber, normalise, vanity_matches


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("1-888-373-7888", "+18883737888", "(888) 373-7888"),
        ("(636) 327-5105", "+16363275105", "(636) 327-5105"),
        ("636.639.2180", "+16366392180", "(636) 639-2180"),
        ("+52 55 1234 5678", "+525512345678", "+52 55 1234 5678"),
        ("866-371-TIPS", "+18663718477", "(866) 371-8477"),
        ("911", "911", "911"),
        ("233733", "233733", "233733"),
        ("711", "711", "711"),
    ],
)
def test_valid_numbers_are_stored_once_and_shown_formatted(typed, stored, shown):
    """A number typed any common way is stored in one form (E.164, or the digits of a short code)."""
    assert normalise(typed) == stored
    number = PhoneNumber(stored)
    assert number.display == shown
    assert number.tel_href == f"tel:{stored}"
    assert number.sms_href == f"sms:{stored}"


@pytest.mark.parametrize("typed", ["636-327-510", "123", "call me", "555-0100-99999", "+1 000 000 0000", "x" * 10_000])
def test_invalid_numbers_are_refused_with_an_example(typed):
    """A number nobody could dial is refused with a message that shows how to write it."""
    with pytest.raises(ValidationError) as caught:
        normalise(typed)
    message = caught.value.messages[0]
    assert "1-888-373-7888" in message
    assert "911" in message


def test_blank_is_allowed_for_optional_fields():
    """An empty optional number stays empty."""
    assert normalise("  ") == ""


def test_vanity_letters_must_spell_the_number():
    """866-371-TIPS is accepted beside 866-371-8477, and refused beside another number."""
    assert vanity_matches("866-371-TIPS", "+18663718477")
    assert not vanity_matches("866-371-TIPS", "+18883737888")
    assert not vanity_matches("not a number", "+18663718477")
