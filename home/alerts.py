"""When the next alert banner starts or ends: nothing kept (a page, the chrome's rows) outlives that moment."""

from django.db.models import Min, Q, Subquery
from django.utils import timezone

from .models import AlertBanner


def next_change_annotations(now):
    """Annotations for a Site query: when the next published alert banner starts (`next_alert_start`) and ends."""
    return {
        "next_alert_start": Subquery(
            AlertBanner.objects.filter(live=True, starts_at__gt=now).order_by("starts_at").values("starts_at")[:1]
        ),
        "next_alert_end": Subquery(
            AlertBanner.objects.filter(live=True, ends_at__gt=now).order_by("ends_at").values("ends_at")[:1]
        ),
    }


def seconds_until(next_start, next_end):
    """Seconds from now until the sooner of two times, or None when neither is set."""
    times = [when for when in (next_start, next_end) if when]
    return (min(times) - timezone.now()).total_seconds() if times else None


# The next start or end found by query, by generation token, in this process.
_next_change = {}


def seconds_until_alert_changes(request, generation):
    """The `page_cache_max_age` hook: from the rows the chrome already read for this page (no query), else one
    query per generation and process. Publishing, unpublishing or deleting a banner replaces the generation, so
    the time found stays right until it passes."""
    chrome = getattr(request, "chrome", None)
    if chrome is not None and chrome.site is not None:
        return seconds_until(chrome.site.next_alert_start, chrome.site.next_alert_end)
    now = timezone.now()
    when = _next_change.get(generation, False)
    if when is False or (when is not None and when <= now):
        found = AlertBanner.objects.filter(live=True).aggregate(
            start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at", filter=Q(ends_at__gt=now))
        )
        when = min(filter(None, found.values()), default=None)
        _next_change.clear()
        _next_change[generation] = when
    return seconds_until(when, None)
