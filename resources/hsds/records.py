"""Services and organisations as Open Referral HSDS 3.0 records, for other directories to import.

The English page is the source of every record: its ids and its facts (numbers, hours, address,
categories, languages, cost) are the same in every language. Only the texts an editor translates
come from the Spanish page, and only while that page is live; otherwise the English text is used.

Every id is a UUID that survives edits: a service's is its pages' shared `translation_key`, an
organisation's its `uuid`, and everything inside a service is derived from the service's id and
its role (`phone:voice`, `schedule:24/7`), except an opening-hours row's schedule, whose id is the row's own, so
re-importing the same data matches the same rows and an import (importing.py) gives back the same ids.
"""

import uuid

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, override

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.rich_text import get_text_for_indexing

from ..choices import Category, Cost, Weekday
from ..models import Organisation, ServicePage

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# RFC 5545 day codes, in week order so that `byday` reads MO,TU,… whatever order the editor ticked.
BYDAY = dict(zip(Weekday.values, ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], strict=True))

# Categories are one small fixed taxonomy: a term's id comes from its slug alone, the same in every service.
CATEGORY_NAMESPACE = uuid.UUID("7d0c9a52-3f4b-4c1e-9d8a-2b6f0e5c41a7")

# What is read from a translation: the texts an editor translates (the website too, as it is not
# synchronised) and when it was published. Every other value is a fact taken from the English page.
TRANSLATED_FIELDS = [
    "title",
    "summary",
    "description",
    "eligibility",
    "cost_details",
    "how_to_access",
    "hours_note",
    "languages_note",
    "website",
    "last_published_at",
]


def child_id(parent_id, role):
    """A UUID for one part of a record that stays the same as long as the parent and role do."""
    return str(uuid.uuid5(uuid.UUID(str(parent_id)), role))


def source_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def services(full=False):
    """Live, public English service pages in tree order, with what a record needs loaded."""
    pages = (
        ServicePage.objects.visible()
        .filter(locale__language_code=source_language())
        .select_related("provider")
        .order_by("path")
    )
    if full:
        return pages.prefetch_related("categories", "languages")
    return pages.defer_streamfields()


def organisations():
    """Published organisations that run at least one live, public service (a draft's changes are in a revision)."""
    return Organisation.objects.filter(live=True, pk__in=services().values("provider_id")).order_by("name", "pk")


def translations(pages, language):
    """The live, public translations of `pages` into `language`, by translation key, in one query."""
    if language == source_language() or not pages:
        return {}
    translated = (
        ServicePage.objects.visible()
        .filter(locale__language_code=language, translation_key__in=[page.translation_key for page in pages])
        .only(*TRANSLATED_FIELDS, "translation_key")
    )
    return {page.translation_key: page for page in translated}


def service_records(pages, language, full=False):
    """HSDS service records for English `pages`, with texts in `language` where a translation is live."""
    texts = translations(pages, language)
    with override(language):
        if full:
            offset = utc_offset()
            return [full_service(page, texts.get(page.translation_key, page), language, offset) for page in pages]
        return [service(page, texts.get(page.translation_key, page)) for page in pages]


def organisation_records(items):
    return [organisation(item) for item in items]


def organisation_with_services(item, pages, language):
    """One organisation, and its services as one-to-one records (the OpenAPI's 'service array')."""
    record = organisation(item)
    record["services"] = [
        {key: value for key, value in entry.items() if key != "organization"}
        for entry in service_records(pages, language)
    ]
    return record


def organisation(item):
    """An organisation's HSDS record; the site keeps no description, so the required one is its name."""
    return _without_blanks(
        {
            "id": str(item.uuid),
            "name": item.name,
            "description": item.name,
            "website": item.website,
            "email": item.email,
        }
    )


def service(page, text):
    """A service's one-to-one fields (the shape of compiled/service_list.json), in the active language; its
    organisation only once that is published (HSDS does not require one)."""
    provider = page.published_provider
    return _without_blanks(
        {
            "id": str(page.translation_key),
            "organization_id": str(provider.uuid) if provider else "",
            "name": text.title,
            "description": _description(text),
            "url": text.website,
            "email": page.email,
            "status": "active",
            "interpretation_services": text.languages_note,
            "application_process": text.how_to_access,
            "fees_description": _fees(page, text),
            "eligibility_description": text.eligibility,
            "assured_date": page.last_verified.isoformat() if page.last_verified else "",
            "last_modified": _last_modified(page, text),
            "organization": organisation(provider) if provider else None,
        }
    )


def full_service(page, text, language, offset):
    """A service with everything related (compiled/service_with_definitions.json), in the active language."""
    record = service(page, text)
    service_id = record["id"]
    record.update(
        phones=_phones(page, service_id),
        schedules=_schedules(page, text, service_id, offset),
        service_at_locations=_service_at_locations(page, service_id),
        languages=[_language(item, service_id) for item in page.languages.all()],
        cost_options=_cost_options(page, text, service_id),
        attributes=_attributes(page, service_id, language),
    )
    return record


def utc_offset(now=None):
    """The site's UTC offset today, as HSDS wants it: HSDS 3.0 has no named zones, so it changes with DST."""
    offset = timezone.localtime(now).utcoffset()
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours = minutes // 60 if minutes % 60 == 0 else minutes / 60
    return f"{sign}{abs(minutes) // 60:02}:{abs(minutes) % 60:02}", hours


def _phones(page, service_id):
    numbers = [("voice", page.phone), ("text", page.text_number)]
    return [
        {"id": child_id(service_id, f"phone:{kind}"), "service_id": service_id, "number": str(number), "type": kind}
        for kind, number in numbers
        if number
    ]


def _schedules(page, text, service_id, offset):
    suffix, hours = offset
    note = text.hours_note
    if page.open_24_7:
        description = ". ".join(part for part in [gettext("Open 24 hours a day, 7 days a week"), note] if part)
        rows = [(child_id(service_id, "schedule:24/7"), list(BYDAY.values()), "00:00", "23:59", description)]
    else:
        # An hours row's schedule id is the row's own (a UUID4 Wagtail gave it), so an import keeps it.
        rows = [
            (
                block.id,
                [BYDAY[day] for day in Weekday.values if day in (block.value.get("days") or [])],
                block.value["opens"].strftime("%H:%M"),
                block.value["closes"].strftime("%H:%M"),
                note,
            )
            for block in page.opening_hours
            if block.block_type == "hours"
        ]
    schedules = [
        _without_blanks(
            {
                "id": schedule_id,
                "service_id": service_id,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": ",".join(days),
                "opens_at": f"{opens}{suffix}",
                "closes_at": f"{closes}{suffix}",
                "timezone": hours,
                "description": description,
            }
        )
        for schedule_id, days, opens, closes, description in rows
    ]
    if not schedules and note:
        schedules = [{"id": child_id(service_id, "schedule:note"), "service_id": service_id, "description": note}]
    return schedules


def _service_at_locations(page, service_id):
    if not page.street_address:
        return []
    location_id = child_id(service_id, "location")
    address = {
        "id": child_id(service_id, "address"),
        "location_id": location_id,
        "address_1": page.street_address,
        "city": page.locality,
        "state_province": page.region,
        # Required by HSDS; left empty rather than guessed when the editor gave none.
        "postal_code": page.postal_code,
        "country": "US",
        "address_type": "physical",
    }
    location = {"id": location_id, "location_type": "physical", "addresses": [address]}
    return [
        {
            "id": child_id(service_id, "service_at_location"),
            "service_id": service_id,
            "location_id": location_id,
            "location": location,
        }
    ]


def _language(item, service_id):
    return {
        "id": child_id(service_id, f"language:{item.code}"),
        "service_id": service_id,
        "name": item.name,
        "code": item.code,
    }


def _cost_options(page, text, service_id):
    if page.cost != Cost.FREE:
        return []
    option = {
        "id": child_id(service_id, "cost_option:free"),
        "service_id": service_id,
        "option": text.cost_details or str(Cost.FREE.label),
        "amount": 0,
        "currency": "USD",
    }
    return [option]


def _attributes(page, service_id, language):
    attributes = []
    for category in page.categories.all():
        term_id = str(uuid.uuid5(CATEGORY_NAMESPACE, category.slug))
        label = str(Category(category.slug).label)
        attributes.append(
            {
                "id": child_id(service_id, f"attribute:{category.slug}"),
                "link_id": service_id,
                "link_entity": "service",
                "taxonomy_term_id": term_id,
                # The fixed categories have no longer description than their label.
                "taxonomy_term": {
                    "id": term_id,
                    "code": category.slug,
                    "name": label,
                    "description": label,
                    "language": language,
                },
            }
        )
    return attributes


def _description(text):
    details = get_text_for_indexing(text.description or "")
    return "\n\n".join(part for part in [text.summary, details] if part)


def _fees(page, text):
    label = str(Cost(page.cost).label)
    return f"{label}. {text.cost_details}" if text.cost_details else label


def _last_modified(page, text):
    times = [moment for moment in [page.last_published_at, text.last_published_at] if moment]
    return max(times).isoformat() if times else ""


def _without_blanks(record):
    """HSDS fields are optional unless required, and an empty string is not a valid URL or e-mail address."""
    return {key: value for key, value in record.items() if value not in ("", None)}
