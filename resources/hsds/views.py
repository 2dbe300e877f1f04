"""The Open Referral HSDS 3.0 read API: /hsds/services and /hsds/organizations, as JSON.

Query parameters: `lang` (en, the default, or es), `page` from 1, `per_page` from 1 to 200 (default
50), and on the service list `full=true` for fully nested services. Any other value is a 400 with a
message saying what is allowed; a page past the last one is a 200 with empty contents and
`empty: true`, so a client can loop until it sees an empty page.
"""

import re
import uuid

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

from . import records

PER_PAGE = 50
MAX_PER_PAGE = 200
WHOLE_NUMBER = re.compile(r"[0-9]+")


class BadRequest(Exception):
    pass


def api_view(view):
    """GET only, a 400 JSON answer for bad query parameters; answers cached by anyone for five minutes, errors
    by nobody (a 404 for a service about to be published must not outlive its publication)."""

    @require_safe
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except BadRequest as error:
            response = error_response(400, str(error))
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=300)
        else:
            add_never_cache_headers(response)
        return response

    return wrapped


@api_view
def service_list(request):
    language = query_language(request)
    full = query_flag(request, "full")
    page, envelope = paginate(request, records.services(full=full))
    return json_response(envelope | {"contents": records.service_records(page, language, full=full)}, language)


@api_view
def service_detail(request, service_id):
    language = query_language(request)
    key = parse_id(service_id)
    page = records.services(full=True).filter(translation_key=key).first() if key else None
    if page is None:
        return error_response(404, f"No live service has the id “{service_id}”.")
    return json_response(records.service_records([page], language, full=True)[0], language)


@api_view
def organization_list(request):
    language = query_language(request)
    page, envelope = paginate(request, records.organisations())
    return json_response(envelope | {"contents": records.organisation_records(page)}, language)


@api_view
def organization_detail(request, organization_id):
    language = query_language(request)
    key = parse_id(organization_id)
    organisation = records.organisations().filter(uuid=key).first() if key else None
    if organisation is None:
        return error_response(404, f"No organization with a live service has the id “{organization_id}”.")
    pages = list(records.services().filter(provider=organisation))
    return json_response(records.organisation_with_services(organisation, pages, language), language)


def paginate(request, queryset):
    """One page of `queryset` and the HSDS list envelope around it, from ?page= and ?per_page=."""
    number = query_number(request, "page", default=1)
    per_page = query_number(request, "per_page", default=PER_PAGE, maximum=MAX_PER_PAGE)
    paginator = Paginator(queryset, per_page)
    # Past the last page, nothing to fetch: the count alone answers, whatever the size of the number.
    items = list(paginator.page(number).object_list) if number <= paginator.num_pages else []
    envelope = {
        "total_items": paginator.count,
        "total_pages": paginator.num_pages,
        "page_number": number,
        "size": len(items),
        "first_page": number == 1,
        "last_page": number >= paginator.num_pages,
        "empty": not items,
    }
    return items, envelope


def query_number(request, name, default, maximum=None):
    raw = request.GET.get(name)
    if raw is None:
        return default
    limits = f"from 1 to {maximum}" if maximum else "from 1 upwards"
    message = f"“{name}” must be a whole number {limits}, not “{raw[:40]}”."
    if not WHOLE_NUMBER.fullmatch(raw):
        raise BadRequest(message)
    try:
        number = int(raw)
    except ValueError:  # more digits than Python converts
        raise BadRequest(message) from None
    if number < 1 or (maximum and number > maximum):
        raise BadRequest(message)
    return number


def query_language(request):
    language = request.GET.get("lang", records.source_language())
    if language not in records.LANGUAGES:
        raise BadRequest(f"“lang” must be one of {', '.join(records.LANGUAGES)}, not “{language[:40]}”.")
    return language


def query_flag(request, name):
    raw = request.GET.get(name, "false")
    if raw not in ("true", "false"):
        raise BadRequest(f"“{name}” must be true or false, not “{raw[:40]}”.")
    return raw == "true"


def parse_id(raw):
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def json_response(data, language):
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Language"] = language
    return response


def error_response(status, message):
    return JsonResponse(
        {"status": status, "message": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )
