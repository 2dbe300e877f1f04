"""The admin sign-in's protection against password guessing (django-axes): the page shown once an account is
locked out from an address. Whose address a sign-in comes from is django-ipware's answer, configured in
settings (CLIENT_IP_HEADER, PROXY_COUNT)."""

import math

from axes.helpers import get_cool_off

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """Too many failed sign-ins: the sign-in page's look, the reason, and how long to wait (HTTP 429)."""
    minutes = math.ceil(get_cool_off(request).total_seconds() / 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
