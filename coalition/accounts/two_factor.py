"""Two-factor sign-in for every account (editors' and members' who may only read restricted pages alike), on
django-otp: a code from an authenticator app (TOTP) once a session, or one of ten single-use recovery codes.

wagtail-2fa would do this, but it does not work with Wagtail 8 (it imports UserListingButton, since
removed), so the pages are here: asking for the code, setting up a phone, making new recovery codes.
"""

import base64
import math

import django_otp
import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache

RECOVERY_CODE_COUNT = 10
# Fresh recovery codes wait here between the form that made them and the page that shows them, once.
FRESH_CODES_SESSION_KEY = "two_factor_fresh_recovery_codes"


def next_url(request):
    """Where to go once the code is given: the `next` address if it is on this site (and not one of these
    pages, which would send the editor round in a circle), else the dashboard, or the site's home page."""
    url = request.POST.get("next") or request.GET.get("next")
    if (
        url
        and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure())
        and not url.startswith(reverse("two_factor_verify"))
    ):
        return url
    # A member with no admin access (who signs in to read restricted pages) goes to the site, not the admin.
    return reverse("wagtailadmin_home") if request.user.has_perm("wagtailadmin.access_admin") else "/"


def with_next(url_name, next_address):
    return f"{reverse(url_name)}?{urlencode({'next': next_address})}"


def new_recovery_codes(user):
    """Replace the user's recovery codes with ten new ones, and return them."""
    device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Recovery codes"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


def grouped(text, size=4):
    return " ".join(text[start : start + size] for start in range(0, len(text), size))


def verify_as_signed_in(request, device):
    """Mark the session as having passed the second step, under a new session key."""
    request.session.cycle_key()
    django_otp.login(request, device)


class CodeField(forms.CharField):
    def to_python(self, value):
        # People copy codes with spaces ("123 456") or type recovery codes in capitals.
        return "".join(super().to_python(value).split()).replace("-", "").lower()


class CodeForm(forms.Form):
    """A code checked against one device (a `code` field in each subclass), throttled by django-otp after
    each wrong code."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def device_for(self, code):
        raise NotImplementedError

    def clean_code(self):
        code = self.cleaned_data["code"]
        device = self.device_for(code)
        if device is None:
            raise forms.ValidationError(self.wrong_code)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            seconds = max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))
            raise forms.ValidationError(
                ngettext(
                    "Too many wrong codes. Wait %(seconds)s second, then try again.",
                    "Too many wrong codes. Wait %(seconds)s seconds, then try again.",
                    seconds,
                )
                % {"seconds": seconds}
            )
        self.device = django_otp.verify_token(self.user, device.persistent_id, code)
        if self.device is None:
            raise forms.ValidationError(self.wrong_code)
        return code


class VerifyForm(CodeForm):
    """The code from the app (six digits), or a recovery code (eight letters and digits)."""

    wrong_code = gettext_lazy(
        "That code is not right. Enter the six digits the app shows now, or one of your recovery codes."
    )

    code = CodeField(
        label=gettext_lazy("Code"),
        help_text=gettext_lazy(
            "No phone? Enter one of the recovery codes you kept when you set up the app. Each works once."
        ),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )

    def device_for(self, code):
        model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        return model.objects.devices_for_user(self.user, confirmed=True).first()


class EnrolForm(CodeForm):
    """The first code from a phone being set up, checked against the new, not yet confirmed, device."""

    wrong_code = gettext_lazy(
        "That code is not right. Check that the app shows this site's name, and enter the six digits it shows now."
    )

    code = CodeField(
        label=gettext_lazy("Six-digit code from the app"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_device = device

    def device_for(self, code):
        return self.new_device


# These pages are outside Wagtail's admin addresses (coalition/urls.py), which only admin users may open.
signed_in = login_required(login_url="wagtailadmin_login")


@never_cache
@signed_in
def verify(request):
    """Ask a signed-in user for the code from their app, or a recovery code."""
    user = request.user
    after = next_url(request)
    if user.is_verified():
        return redirect(after)
    if not django_otp.user_has_device(user, confirmed=True):
        return redirect(with_next("two_factor_enrol", after))
    form = VerifyForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_valid():
        verify_as_signed_in(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = recovery_codes_left(user)
            messages.warning(
                request,
                ngettext(
                    "You signed in with a recovery code; %(count)s is left. Make new ones, or set up a new "
                    "phone, in Account › More actions.",
                    "You signed in with a recovery code; %(count)s are left. Make new ones, or set up a new "
                    "phone, in Account › More actions.",
                    left,
                )
                % {"count": left},
            )
        return redirect(after)
    return TemplateResponse(request, "accounts/two_factor_verify.html", {"form": form, "next": after})


@never_cache
@signed_in
def enrol(request):
    """Set up an authenticator app: a QR code, the secret to type by hand, and the first code to check it.

    Also how a verified user moves to a new phone: the old phone's codes work until the new one is confirmed.
    """
    user = request.user
    after = next_url(request)
    if django_otp.user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect(with_next("two_factor_verify", after))
    # The same secret until it is confirmed, so reloading the page does not change the QR code.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = EnrolForm(request.POST if request.method == "POST" else None, user=user, device=device)
    if form.is_valid():
        with transaction.atomic():
            device = form.device
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = new_recovery_codes(user)
        verify_as_signed_in(request, device)
        request.session[FRESH_CODES_SESSION_KEY] = codes
        return redirect(with_next("two_factor_recovery_codes", after))
    secret = base64.b32encode(device.bin_key).decode()
    qr_code = segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=_("QR code for your authenticator app")
    )
    context = {
        "form": form,
        "next": after,
        # segno's drawing of this device's own address: paths and an escaped title, nothing from a request.
        "qr_code": mark_safe(qr_code),  # nosec B308 B703
        "secret": grouped(secret),
    }
    return TemplateResponse(request, "accounts/two_factor_enrol.html", context)


@never_cache
@signed_in
def recovery_codes(request):
    """Fresh recovery codes, shown once; or a button to make new ones (the old ones stop working)."""
    if request.method == "POST":
        request.session[FRESH_CODES_SESSION_KEY] = new_recovery_codes(request.user)
        return redirect(with_next("two_factor_recovery_codes", next_url(request)))
    context = {
        "codes": request.session.pop(FRESH_CODES_SESSION_KEY, None),
        "left": recovery_codes_left(request.user),
        "next": next_url(request),
    }
    return TemplateResponse(request, "accounts/two_factor_recovery_codes.html", context)


urlpatterns = [
    path("two-factor/", verify, name="two_factor_verify"),
    path("two-factor/set-up/", enrol, name="two_factor_enrol"),
    path("two-factor/recovery-codes/", recovery_codes, name="two_factor_recovery_codes"),
]


class TwoFactorMiddleware:
    """Send a signed-in user who has not given a code this session, whatever address they ask for, to
    the page that asks for one (or, without a phone set up, to setting one up), then back.

    Whatever address: a page or a document restricted to signed-in users is no more open to the password
    alone than the admin is. A reader without a session cookie costs nothing here (and the session is not
    touched, so pages do not get `Vary: Cookie`).
    """

    # Reachable before the code: signing in and out, the two-factor pages, and what those pages load.
    open_url_names = (
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "two_factor_verify",
        "two_factor_enrol",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def open_paths(self):
        """Worked out at the first request that needs them (the URLs are not loaded when this is made)."""
        return {reverse(name) for name in self.open_url_names}

    def __call__(self, request):
        if settings.ADMIN_TWO_FACTOR_REQUIRED and self.needs_code(request):
            url_name = "two_factor_verify" if django_otp.user_has_device(request.user) else "two_factor_enrol"
            return redirect(with_next(url_name, request.get_full_path()))
        return self.get_response(request)

    def needs_code(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        if request.path in self.open_paths:
            return False
        # Every account, with admin access or not: a member who may only read restricted pages and documents
        # signs in with the same password, which alone must open nothing.
        return request.user.is_authenticated and not request.user.is_verified()
