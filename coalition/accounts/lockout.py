"""The admin sign-in's protection against password guessing (django-axes): whose address a failed sign-in
counts against, and the page shown once an account is locked out from an address."""

import math

from axes.helpers import get_cool_off

from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """The address a sign-in comes from: REMOTE_ADDR, or behind a proxy the header it sets
    (settings.CLIENT_IP_HEADER). In a list such as X-Forwarded-For the last address is the one the
    proxy itself added; those before it come from the client and could be made up."""
    if settings.CLIENT_IP_HEADER:
        header = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        forwarded = [address.strip() for address in request.META.get(header, "").split(",") if address.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    """Too many failed sign-ins: the sign-in page's look, the reason, and how long to wait (HTTP 429)."""
    minutes = math.ceil(get_cool_off(request).total_seconds() / 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
