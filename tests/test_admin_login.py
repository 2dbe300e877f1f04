"""Signing in to the admin: lockout after repeated wrong passwords, two-step sign-in with an authenticator
app and recovery codes, no Django admin, and passwords that are hard to guess."""

import base64
import html
import os
import re
import subprocess
import sys
from io import StringIO
from urllib.parse import quote

import pytest
from axes.utils import reset as reset_failed_sign_ins
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.models import PageViewRestriction

from coalition.accounts.two_factor import new_recovery_codes
from resources.models import FaqPage, ServicePage
from tests.utils import app_code, authenticator_app, log_in

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
VERIFY = "/admin/two-factor/"
ENROL = "/admin/two-factor/set-up/"
RECOVERY_CODES = "/admin/two-factor/recovery-codes/"


@pytest.fixture
def dana():
    user = get_user_model().objects.create_superuser("dana", "dana@example.org", PASSWORD)
    yield user
    # Failed sign-ins are counted in the cache, which outlives the test.
    for address in ("127.0.0.1", "10.0.0.2", "203.0.113.7", "203.0.113.8", None):
        reset_failed_sign_ins(ip=address, username="dana")


def sign_in(client, password=PASSWORD, next_url="/admin/", **extra):
    return client.post("/admin/login/", {"username": "dana", "password": password, "next": next_url}, **extra)


def text(response):
    return html.unescape(response.content.decode())


def next_code(device):
    """A code the app shows now or next, never one the site has already taken (each code works once)."""
    device.refresh_from_db()
    return app_code(device) if device.last_t < 0 else f"{hotp(device.bin_key, device.last_t + 1):06d}"


def test_five_wrong_passwords_pause_signing_in_to_that_account_from_that_address(client, dana):
    """Four wrong passwords say so; the fifth, and then even the right one, get the "too many attempts"
    page (HTTP 429) for 15 minutes. The same account can still sign in from another address."""
    for _attempt in range(4):
        response = sign_in(client, password="not-the-password")
        assert response.status_code == 200
        assert "Your username and password didn't match." in text(response)
    response = sign_in(client, password="not-the-password")
    assert response.status_code == 429
    page = text(response)
    assert "Too many attempts" in page
    assert "The password was wrong 5 times, so signing in to this account from here is paused for 15 minutes." in page
    assert 'href="/admin/login/"' in page

    response = sign_in(client)
    assert response.status_code == 429
    assert "Too many attempts" in text(response)
    assert client.get("/admin/pages/")["Location"].startswith("/admin/login/")

    assert sign_in(client, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_behind_a_proxy_the_address_comes_from_the_configured_header(client, dana, settings):
    """With CLIENT_IP_HEADER set (PROXY_COUNT 1: nginx alone), people behind the same proxy are told apart by
    the address the proxy adds (the last in X-Forwarded-For; earlier ones could be made up by the client)."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    for _attempt in range(5):
        response = sign_in(client, password="not-the-password", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert response.status_code == 429
    assert sign_in(client, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert sign_in(client, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.8").status_code == 302


def test_behind_a_cdn_and_nginx_the_address_is_the_one_the_cdn_saw(client, dana, settings):
    """PROXY_COUNT 2: the CDN adds the visitor's address, nginx the CDN's. Five wrong passwords from one visitor
    lock that visitor out, not everyone who comes through the same CDN server."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 1
    cdn = "192.0.2.10"
    for _attempt in range(5):
        response = sign_in(client, password="not-the-password", HTTP_X_FORWARDED_FOR=f"6.6.6.6, 203.0.113.7, {cdn}")
    assert response.status_code == 429
    assert sign_in(client, HTTP_X_FORWARDED_FOR=f"203.0.113.7, {cdn}").status_code == 429
    assert sign_in(client, HTTP_X_FORWARDED_FOR=f"203.0.113.8, {cdn}").status_code == 302


def test_the_proxy_settings_reach_django_ipware():
    """CLIENT_IP_HEADER and PROXY_COUNT, as the deploy guide describes them, become axes' ipware settings."""
    script = (
        "from django.conf import settings; "
        "print(settings.AXES_IPWARE_META_PRECEDENCE_ORDER, settings.AXES_IPWARE_PROXY_COUNT, settings.IPWARE_STRICT)"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "coalition.settings.test",
        "CLIENT_IP_HEADER": "X-Forwarded-For",
        "PROXY_COUNT": "2",
    }
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR') 1 False"


def test_the_first_sign_in_sets_up_an_authenticator_app_and_shows_recovery_codes_once(client, dana, settings):
    """After the password: a QR code and the key to type, a wrong code refused with a message, the right
    code accepted, ten recovery codes shown once, and then the admin."""
    # A person takes more than a second to type the code again; the pause after a wrong code has its own test.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    response = sign_in(client, next_url="/admin/pages/")
    assert response["Location"] == "/admin/pages/"
    response = client.get("/admin/pages/")
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2Fpages%2F"

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Set up two-step sign-in" in text(page)
    assert "<svg" in text(page)
    device = TOTPDevice.objects.get(user=dana, confirmed=False)
    key = base64.b32encode(device.bin_key).decode()
    assert " ".join(key[i : i + 4] for i in range(0, len(key), 4)) in text(page)
    assert client.get(ENROL).content.count(key[:4].encode()) == 1, "reloading the page changed the key"

    right = app_code(device)
    wrong = "000000" if right != "000000" else "111111"
    response = client.post(ENROL, {"code": wrong, "next": "/admin/pages/"})
    assert response.status_code == 200
    assert "That code is not right." in text(response)

    response = client.post(ENROL, {"code": right, "next": "/admin/pages/"})
    assert response["Location"] == f"{RECOVERY_CODES}?next=%2Fadmin%2Fpages%2F"
    page = text(client.get(response["Location"]))
    assert "Keep these codes somewhere safe" in page
    codes = list(StaticToken.objects.filter(device__user=dana).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(f"<li>{code}</li>" in page for code in codes)
    assert 'href="/admin/pages/"' in page
    assert not any(code in text(client.get(RECOVERY_CODES)) for code in codes), "codes shown a second time"

    assert client.get("/admin/pages/").status_code == 200
    assert TOTPDevice.objects.get(user=dana).confirmed


def test_the_next_sign_in_asks_for_the_code_and_returns_where_the_editor_was_going(client, dana):
    """With an app set up, signing in asks for its code, refuses a wrong one, and then goes on to `next`
    (never to another site)."""
    device = authenticator_app(dana)
    sign_in(client, next_url="/admin/images/")
    response = client.get("/admin/images/")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fimages%2F"
    assert "Enter your code" in text(client.get(response["Location"]))

    response = client.post(VERIFY, {"code": "12345", "next": "/admin/images/"})
    assert "That code is not right." in text(response)
    device.throttle_reset()

    response = client.post(VERIFY, {"code": next_code(device), "next": "/admin/images/"})
    assert response["Location"] == "/admin/images/"
    assert client.get("/admin/images/").status_code == 200

    client.logout()
    sign_in(client)
    response = client.post(VERIFY, {"code": next_code(device), "next": "https://elsewhere.example/"})
    assert response["Location"] == "/admin/"


def test_wrong_codes_in_a_row_make_the_editor_wait(client, dana, settings):
    """After a wrong code, even the right one is refused for a while, with a message saying how long."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a pause of a minute, not one second: the test may be slow
    device = authenticator_app(dana)
    sign_in(client)
    client.post(VERIFY, {"code": "000000" if app_code(device) != "000000" else "111111"})
    response = client.post(VERIFY, {"code": next_code(device)})
    assert response.status_code == 200
    assert re.search(r"Too many wrong codes\. Wait (59|60) seconds, then try again\.", text(response))
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_a_recovery_code_works_once(client, dana):
    """A recovery code (typed in capitals, with a space) signs in once and says how many are left; the same
    code is refused the next time."""
    authenticator_app(dana)
    code = new_recovery_codes(dana)[0]
    sign_in(client)
    response = client.post(VERIFY, {"code": f"{code[:4].upper()} {code[4:].upper()}"}, follow=True)
    assert response.redirect_chain[0][0] == "/admin/"
    assert "You signed in with a recovery code; 9 are left." in text(response)

    client.logout()
    sign_in(client)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "That code is not right." in text(response)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


@pytest.mark.parametrize("has_app", [False, True], ids=["no app yet", "app set up"])
def test_without_the_second_step_no_admin_address_is_reachable(client, dana, has_app):
    """Signed in with the password only, every admin address, read or write, leads to setting up the app or
    to giving its code; signing in and out and what those pages load still work."""
    if has_app:
        authenticator_app(dana)
    client.force_login(dana)
    page = FaqPage.objects.filter(locale__language_code="en").first()
    step = VERIFY if has_app else ENROL
    addresses = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/preview/",
        "/admin/users/",
        "/admin/account/",
        "/admin/snippets/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/settings/",
        RECOVERY_CODES,
        "/admin/no-such-page/",
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(f"{step}?next=%2Fadmin%2F"), address
    response = client.post(f"/admin/pages/{page.pk}/edit/", {"title": "Changed"})
    assert response["Location"].startswith(step)
    assert FaqPage.objects.get(pk=page.pk).title == page.title
    response = client.post(RECOVERY_CODES)
    assert response["Location"].startswith(step)

    assert client.get(step).status_code == 200
    assert client.get(reverse("wagtailadmin_javascript_catalog")).status_code == 200
    assert client.get(reverse("wagtailadmin_sprite")).status_code == 200
    assert client.post("/admin/logout/")["Location"] == "/admin/login/"
    assert client.get("/admin/pages/")["Location"].startswith("/admin/login/")


def test_the_account_area_makes_new_recovery_codes_and_sets_up_a_new_phone(client, dana):
    """Account › More actions links to both; new recovery codes replace the old; a new phone replaces the
    old one once its first code is right."""
    old_phone = authenticator_app(dana)
    old_codes = new_recovery_codes(dana)
    log_in(client, dana)
    account = text(client.get("/admin/account/"))
    assert f'href="{RECOVERY_CODES}"' in account and "New recovery codes" in account
    assert f'href="{ENROL}"' in account and "Set up a new phone" in account

    assert "You have 10 unused recovery codes." in text(client.get(RECOVERY_CODES))
    page = text(client.post(RECOVERY_CODES, follow=True))
    new_codes = set(StaticToken.objects.filter(device__user=dana).values_list("token", flat=True))
    assert len(new_codes) == 10 and not new_codes & set(old_codes)
    assert all(code in page for code in new_codes)

    client.get(ENROL)
    new_phone = TOTPDevice.objects.get(user=dana, confirmed=False)
    assert old_phone.pk != new_phone.pk
    response = client.post(ENROL, {"code": app_code(new_phone)})
    assert response["Location"].startswith(RECOVERY_CODES)
    assert list(TOTPDevice.objects.filter(user=dana).values_list("pk", flat=True)) == [new_phone.pk]


def test_reset_two_factor_lets_a_colleague_who_lost_their_phone_set_it_up_again(client, dana):
    """`manage.py reset_two_factor USERNAME` removes the app and the recovery codes; the person is asked to
    set up an app again, even in a session that had given a code."""
    authenticator_app(dana)
    new_recovery_codes(dana)
    log_in(client, dana)
    assert client.get("/admin/").status_code == 200

    out = StringIO()
    call_command("reset_two_factor", "dana", stdout=out)
    assert "Removed 2 two-step sign-in device(s) of dana" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=dana).exists()
    assert not StaticToken.objects.filter(device__user=dana).exists()
    assert client.get("/admin/")["Location"] == f"{ENROL}?next=%2Fadmin%2F"

    with pytest.raises(CommandError, match="no user called 'nobody'"):
        call_command("reset_two_factor", "nobody")


@pytest.mark.parametrize("address", ["/django-admin/", "/es/django-admin/", "/django-admin/login/"])
def test_there_is_no_django_admin(client, address):
    """Django's own admin is not installed: its usual address is an ordinary "not found", not a login."""
    response = client.get(address)
    assert response.status_code == 404
    assert 'name="password"' not in text(response)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Tr0ub4dor&3", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("730518264093", "This password is entirely numeric."),
    ],
)
def test_a_new_user_s_password_must_be_hard_to_guess(client, dana, password, message):
    """The admin's "Add user" form refuses a short, a common or an all-digits password, and says why."""
    log_in(client, dana)
    form = {
        "username": "newcomer",
        "email": "newcomer@example.org",
        "first_name": "New",
        "last_name": "Comer",
        "password1": password,
        "password2": password,
    }
    response = client.post(reverse("wagtailusers_users:add"), form)
    assert response.status_code == 200
    assert message in text(response)
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_the_development_server_can_leave_two_step_sign_in_off_and_says_so(client, dana, settings, capsys):
    """Under `make run` (ADMIN_TWO_FACTOR_REQUIRED off) the password alone opens the admin, and the banner
    says that production asks for an authenticator app's code."""
    settings.DEBUG = True
    settings.ADMIN_TWO_FACTOR_REQUIRED = False
    call_command("ensure_local_admin")
    banner = capsys.readouterr().out
    assert "Two-step sign-in is off on this development server" in banner
    assert "in production the admin asks every user for a code from an authenticator app" in banner
    sign_in(client)
    assert client.get("/admin/pages/").status_code == 200


def test_pages_for_signed_in_members_need_the_second_step_too(client, dana):
    """A page restricted to signed-in users is not opened by the password alone: the code first, then the page."""
    service = ServicePage.objects.live().filter(locale__language_code="en").order_by("path").first()
    PageViewRestriction.objects.create(page=service, restriction_type=PageViewRestriction.LOGIN)
    authenticator_app(dana)
    client.force_login(dana)

    response = client.get(service.url)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={quote(service.url, safe='')}"

    log_in(client, dana)
    assert client.get(service.url).status_code == 200


def test_a_member_without_admin_access_passes_the_second_step_before_any_restricted_page(
    client, demo_site, settings, tmp_path
):
    """An account in no group (a member who may only read restricted pages and documents) signs in with its
    password, and is then asked to set up the app, as an editor is: neither the page for signed-in members
    nor a document in a private collection opens on the password alone. Once set up, both open."""
    from wagtail.models import Collection, CollectionViewRestriction

    from tests.test_uploads import document_in

    settings.MEDIA_ROOT = tmp_path
    member = get_user_model().objects.create_user("mo", "mo@example.org", PASSWORD)
    service = ServicePage.objects.live().filter(locale__language_code="en").order_by("path").first()
    PageViewRestriction.objects.create(page=service, restriction_type=PageViewRestriction.LOGIN)
    collection = Collection.get_first_root_node().add_child(name="Members only")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    document = document_in(collection)

    signed_in = client.post("/admin/login/", {"username": "mo", "password": PASSWORD, "next": service.url})
    assert signed_in["Location"] == service.url
    for address in (service.url, document.url):
        response = client.get(address)
        assert response["Location"] == f"{ENROL}?next={quote(address, safe='')}", address

    setting_up = client.get(f"{ENROL}?next={quote(service.url, safe='')}")
    assert setting_up.status_code == 200 and "Set up two-step sign-in" in text(setting_up)
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    done = client.post(ENROL, {"code": app_code(device), "next": service.url})
    assert done["Location"] == f"{RECOVERY_CODES}?next={quote(service.url, safe='')}"
    assert f'href="{service.url}"' in text(client.get(done["Location"]))
    assert client.get(service.url).status_code == 200
    assert client.get(document.url).status_code == 200


def test_after_the_second_step_a_member_without_admin_access_goes_to_the_site(client):
    """With no `next`, the code page sends a member to the home page, not to an admin they may not open."""
    member = get_user_model().objects.create_user("mo", "mo@example.org", PASSWORD)
    device = authenticator_app(member)
    client.force_login(member)
    assert client.get("/")["Location"] == f"{VERIFY}?next=%2F"
    assert client.get(VERIFY).status_code == 200
    assert client.post(VERIFY, {"code": app_code(device)})["Location"] == "/"
