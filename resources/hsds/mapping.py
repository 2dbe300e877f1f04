"""One HSDS 3.0 service record as the values of a service page, and what could not be kept.

The reverse of records.py: what records.py writes, this reads back to the same values, so that the site's own
/hsds/services?full=true export imported into an empty site gives the same services. Data from other directories
fits less well: where this site keeps one phone number, one address or a shorter text, the rest is left out and
said so in a warning, never dropped silently. A record that cannot make a service (no organisation, a phone number
that cannot be dialled) is refused with errors naming the field.
"""

import datetime
import re
import uuid

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language_info, override
from django.utils.translation import gettext as _

from ..choices import Category, Cost, Weekday
from ..models import ServicePage
from ..phone import normalise
from .records import BYDAY, CATEGORY_NAMESPACE
from .report import Problem

# The page fields an import sets, compared between imports to tell the source's changes from an editor's.
FIELDS = [
    "title",
    "summary",
    "description",
    "provider",
    "categories",
    "phone",
    "text_number",
    "website",
    "email",
    "street_address",
    "locality",
    "region",
    "postal_code",
    "how_to_access",
    "cost",
    "cost_details",
    "eligibility",
    "open_24_7",
    "opening_hours",
    "hours_note",
    "languages",
    "languages_note",
    "last_verified",
]
DAY_CODES = {code: day for day, code in BYDAY.items()}
CATEGORY_IDS = {str(uuid.uuid5(CATEGORY_NAMESPACE, slug)): slug for slug in Category.values}
TIME = re.compile(r"([01][0-9]|2[0-4]):([0-5][0-9])")
SUMMARY_LENGTH = ServicePage._meta.get_field("summary").max_length
VOICE_TYPES = {"voice", "cell", "video", None}
TEXT_TYPES = {"text", "textphone"}
# Django's languages by their English name ("spanish" → "es"), for a record that names a language without a code.
LANGUAGE_NAMES = {info["name"].lower(): code for code, info in LANG_INFO.items() if "name" in info}


def field_label(name):
    return str(ServicePage._meta.get_field(name).verbose_name)


class Mapping:
    """The values of one record (`values`, in page_values' form), its organisation, and the problems found."""

    def __init__(self, record, where):
        self.record = record
        self.where = where
        self.problems = []
        self.values = {}
        self.organisation = None
        self.block_ids = []
        self._map()

    def error(self, field, message):
        self.problems.append(Problem(self.where, field, message))

    def warn(self, field, message):
        self.problems.append(Problem(self.where, field, message, error=False))

    @property
    def valid(self):
        return not any(problem.error for problem in self.problems)

    def _map(self):
        record = self.record
        name = (record.get("name") or "").strip()
        if not name:
            self.error("name", _("The service has no name."))
        self.values["title"] = self.text("name", name, ServicePage._meta.get_field("title").max_length)
        self._description(record.get("description") or "", name)
        self._organisation(record)
        self.values["categories"] = self._categories(record.get("attributes") or [])
        self._phones()
        self.values["website"] = (record.get("url") or "").strip()
        self.values["email"] = (record.get("email") or "").strip()
        self._address()
        self.values["how_to_access"] = self.text("application_process", record.get("application_process"), 600)
        self._cost(record)
        self.values["eligibility"] = self.text("eligibility_description", record.get("eligibility_description"), 500)
        self._schedules()
        self._languages(record.get("languages") or [])
        self.values["languages_note"] = self.text(
            "interpretation_services", record.get("interpretation_services"), 200
        )
        self._assured_date(record.get("assured_date"))

    def text(self, field, value, limit):
        """`value` trimmed; if longer than the page's field allows, shortened at a word with a warning."""
        value = (value or "").strip() if isinstance(value, str) else ""
        if len(value) > limit:
            self.warn(field, _("Longer than the %(limit)s characters this site keeps: shortened.") % {"limit": limit})
            value = Truncator(value).chars(limit)
        return value

    def _description(self, description, name):
        """The summary is the first paragraph, when it is short enough (records.py writes summary, blank line,
        details); else as many whole sentences as fit, and the rest goes in the description."""
        description = description.strip()
        first, _blank, rest = description.partition("\n\n")
        if len(first) > SUMMARY_LENGTH:
            first, rest = _first_sentences(description, SUMMARY_LENGTH)
        if not first:
            self.warn("description", _("No description: the summary repeats the name. Write one before approving."))
            first = name[:SUMMARY_LENGTH]
        self.values["summary"] = first
        self.values["description"] = " ".join(rest.split())

    def _organisation(self, record):
        organisation = record.get("organization") if isinstance(record.get("organization"), dict) else None
        organisation_id = (organisation or {}).get("id") or record.get("organization_id") or ""
        if organisation_id and not is_uuid(organisation_id):
            self.error("organization_id", _("“%(value)s” is not an HSDS id (a UUID).") % {"value": organisation_id})
            return
        if organisation and organisation.get("name"):
            self.organisation = {
                "uuid": organisation_id,
                "name": organisation["name"].strip()[:200],
                "website": (organisation.get("website") or "").strip(),
                "email": (organisation.get("email") or "").strip(),
            }
        elif organisation_id:
            self.organisation = {"uuid": organisation_id}
        else:
            self.error("organization", _("No organisation: every service here says which organisation runs it."))
        self.values["provider"] = str(organisation_id)

    def _categories(self, attributes):
        slugs = set()
        for attribute in attributes:
            term = attribute.get("taxonomy_term") or {}
            slug = term.get("code") if term.get("code") in Category.values else None
            slug = slug or CATEGORY_IDS.get(str(attribute.get("taxonomy_term_id")))
            if slug:
                slugs.add(slug)
        return sorted(slugs)

    def _phones(self):
        """The first voice number and the first text number; others are reported, undialable ones refused."""
        numbers = {"phone": "", "text_number": ""}
        for index, phone in enumerate(self._all("phones")):
            raw = str(phone.get("number") or "").strip().strip("\"'").strip()
            kind = phone.get("type")
            field = f"phones[{index}].number"
            if not raw:
                continue
            try:
                number = normalise(raw)
            except ValidationError as error:
                self.error(field, " ".join(error.messages))
                continue
            target = "text_number" if kind in TEXT_TYPES else "phone" if kind in VOICE_TYPES else None
            if target is None:
                self.warn(
                    field,
                    _("A %(type)s number is not kept here: %(number)s left out.") % {"type": kind, "number": raw},
                )
            elif not numbers[target]:
                numbers[target] = number
                if phone.get("extension"):
                    self.warn(
                        field,
                        _("This site keeps no extension: extension %(extension)s left out.")
                        % {"extension": phone["extension"]},
                    )
            elif numbers[target] != number:
                self.warn(
                    field, _("This site keeps one phone and one text number: %(number)s left out.") % {"number": raw}
                )
        self.values.update(numbers)

    def _all(self, name):
        """The service's own `name` (phones, schedules), then those of its locations, without repeats by id."""
        items, seen = [], set()
        places = [self.record] + [
            place for place in self.record.get("service_at_locations") or [] if isinstance(place, dict)
        ]
        for place in places:
            for item in place.get(name) or []:
                if isinstance(item, dict) and (item.get("id") is None or item.get("id") not in seen):
                    seen.add(item.get("id"))
                    items.append(item)
        return items

    def _address(self):
        # Without an address, the state is the field's default, as on a page an editor adds.
        values = dict.fromkeys(["street_address", "locality", "postal_code"], "")
        values["region"] = ServicePage._meta.get_field("region").get_default()
        addresses = [
            address
            for place in self.record.get("service_at_locations") or []
            for address in ((place.get("location") or {}).get("addresses") or [])
            if isinstance(address, dict)
        ]
        addresses.sort(key=lambda address: address.get("address_type") != "physical")
        if addresses:
            address = addresses[0]
            street = ", ".join(part.strip() for part in [address.get("address_1"), address.get("address_2")] if part)
            values["street_address"] = self.text("address_1", street, 200)
            values["locality"] = self.text("city", address.get("city"), 100)
            region = (address.get("state_province") or "").strip()
            if re.fullmatch(r"[A-Za-z]{2}", region):
                values["region"] = region.upper()
            elif region:
                self.warn("state_province", _("“%(value)s” is not a two-letter state: left out.") % {"value": region})
            postal_code = (address.get("postal_code") or "").strip()
            if len(postal_code) <= 10:
                values["postal_code"] = postal_code
            else:
                self.warn("postal_code", _("“%(value)s” is not a ZIP code: left out.") % {"value": postal_code})
            if len(addresses) > 1:
                self.warn("service_at_locations", _("This site keeps one address: the first is used."))
        self.values.update(values)

    def _cost(self, record):
        """Free when a cost option costs nothing; else the cost records.py wrote in the fees ("Fee charged. …")."""
        options = [option for option in record.get("cost_options") or [] if isinstance(option, dict)]
        fees = (record.get("fees_description") or "").strip()
        cost, details = Cost.UNKNOWN, fees
        with override(settings.LANGUAGE_CODE):
            labels = {str(label): value for value, label in Cost.choices}
        for label, value in labels.items():
            if fees == label or fees.startswith(f"{label}. "):
                cost, details = value, fees[len(label) :].removeprefix(". ")
        free = [option for option in options if option.get("amount") == 0]
        if free:
            cost = Cost.FREE
            option = (free[0].get("option") or "").strip()
            details = "" if option in labels else option
        elif options and cost == Cost.UNKNOWN:
            cost = Cost.FEE
        self.values["cost"] = str(cost)
        self.values["cost_details"] = self.text("fees_description", details, 200)

    def _schedules(self):
        """Weekly hours become opening hours (round the clock on every day: open 24/7); their descriptions, and
        the schedules this site cannot show as hours, become the note about hours."""
        blocks, notes = [], []
        with override(settings.LANGUAGE_CODE):
            round_the_clock = _("Open 24 hours a day, 7 days a week")
        for index, schedule in enumerate(self._all("schedules")):
            description = (schedule.get("description") or "").strip()
            description = description.removeprefix(round_the_clock).removeprefix(".").strip()
            if description and description not in notes:
                notes.append(description)
            days = [DAY_CODES.get(code.strip().upper()) for code in (schedule.get("byday") or "").split(",") if code]
            opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
            weekly = schedule.get("freq") in (None, "WEEKLY") and days and all(days) and opens and closes
            if not weekly:
                if schedule.get("byday") or schedule.get("opens_at"):
                    self.warn(f"schedules[{index}]", _("Hours that do not repeat every week are kept as a note only."))
                continue
            if opens == closes:
                self.warn(f"schedules[{index}]", _("Opens and closes at the same time: left out."))
                continue
            days = [day for day in Weekday.values if day in days]
            blocks.append(({"days": days, "opens": opens, "closes": closes}, schedule.get("id")))
        every_day = [block for block, _id in blocks if len(block["days"]) == 7 and block["opens"] == "00:00"]
        self.values["open_24_7"] = bool(every_day) and every_day[0]["closes"] in ("23:59", "24:00", "00:00")
        if self.values["open_24_7"]:
            blocks = []
        self.values["opening_hours"] = [block for block, _id in blocks]
        self.block_ids = [str(block_id) if is_uuid(block_id) else None for _block, block_id in blocks]
        self.values["hours_note"] = self.text("schedules.description", " ".join(notes), 200)

    def _languages(self, languages):
        codes = set()
        for index, language in enumerate(item for item in languages if isinstance(item, dict)):
            code = _language_code(language.get("code"), language.get("name"))
            if code:
                codes.add(code)
            else:
                name = language.get("name") or language.get("code") or "?"
                self.warn(
                    f"languages[{index}]",
                    _("“%(name)s” is not a language this site knows: left out.") % {"name": name},
                )
        self.values["languages"] = sorted(codes)

    def _assured_date(self, value):
        self.values["last_verified"] = ""
        if not value:
            return
        try:
            day = datetime.date.fromisoformat(str(value)[:10])
        except ValueError:
            self.warn("assured_date", _("“%(value)s” is not a date: left out.") % {"value": value})
            return
        if day > timezone.localdate():
            self.warn("assured_date", _("%(value)s is in the future: left out.") % {"value": value})
            return
        self.values["last_verified"] = day.isoformat()


def _first_sentences(text, limit):
    """The whole sentences of `text` that fit in `limit` characters, and the rest; at a word if no sentence fits."""
    text = " ".join(text.split())
    ends = [match.end() for match in re.finditer(r"[.!?](\s|$)", text) if match.end() <= limit]
    cut = ends[-1] if ends else (text.rfind(" ", 0, limit) if " " in text[:limit] else limit)
    return text[:cut].strip(), text[cut:].strip()


def _time(value):
    match = TIME.match(str(value or ""))
    return f"{match[1]}:{match[2]}" if match else None


def is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _language_code(code, name):
    """A code Django knows, from the code itself ("es", "ES", "es-MX" → "es") or the English name ("Spanish")."""
    for candidate in filter(None, [code, (code or "").split("-")[0]]):
        candidate = candidate.strip().lower()
        try:
            get_language_info(candidate)
        except KeyError:
            continue
        return candidate
    return LANGUAGE_NAMES.get((name or "").strip().lower())
