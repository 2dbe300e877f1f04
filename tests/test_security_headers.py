"""Security headers: what a reader's browser is told to allow, on every kind of public page and in the admin."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model

from tests.utils import app_code, log_in

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/es/", "/questions/getting-help/", "/get-help-now/911/", "/services/", "/search/?q=help"]
PUBLIC += ["/resource-card/", "/es/tarjeta-de-recursos/", "/no-such-page/"]


def directives(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    policy = response["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in policy.split(";") if part.strip())}


def nonces_in(body):
    """The nonce of each inline <style> and <script> (JSON-LD data blocks are not run, and have none)."""
    tags = re.findall(r"<(style|script)([^>]*)>", body)
    return [
        re.search(r'nonce="([^"]*)"', attributes).group(1) if "nonce=" in attributes else None
        for name, attributes in tags
        if "application/ld+json" not in attributes
    ]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_allow_only_this_site_and_their_own_inline_code(client, demo_site, path):
    """Every reader's page, found or not, allows scripts and styles from this site and its own inline ones
    (by the response's nonce), nothing inline otherwise, nothing from another host, and no framing elsewhere."""
    response = client.get(path)
    assert response.status_code in (200, 404)
    policy = directives(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[name]
        assert "'unsafe-eval'" not in policy[name]
    nonce = next(source for source in policy["script-src"] if source.startswith("'nonce-"))[7:-1]
    assert f"'nonce-{nonce}'" in policy["style-src"]
    inline = nonces_in(response.content.decode())
    assert inline and set(inline) == {nonce}
    for sources in policy.values():
        hosts = [source for source in sources if not source.startswith("'nonce-")]
        assert not [source for source in hosts if "//" in source or source in ("*", "https:", "http:")]


def test_each_response_has_its_own_nonce_and_a_kept_page_keeps_its_pair(client, demo_site):
    """Two readers of an uncached search get different nonces; a page the page cache keeps is sent again
    with the policy whose nonce its inline style and script carry."""
    first, second = client.get("/search/?q=help"), client.get("/search/?q=help")
    assert nonces_in(first.content.decode())[0] != nonces_in(second.content.decode())[0]
    filled, kept = client.get("/"), client.get("/")
    assert kept["X-Cache"] == "hit"
    assert kept["Content-Security-Policy"] == filled["Content-Security-Policy"]
    nonce = nonces_in(kept.content.decode())[0]
    assert f"'nonce-{nonce}'" in kept["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/es/preguntas/recibir-ayuda/", "/hsds/services", "/sitemap.xml"])
def test_public_responses_carry_the_other_protective_headers(client, demo_site, path):
    """No sniffing of content types, referrers only to this site, a window of its own, no browser features
    such as the camera or location; no framing (CSP's frame-ancestors lets this site frame its pages, as
    browsers that know CSP ignore X-Frame-Options)."""
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"  # CSP's frame-ancestors 'self' lets the admin's preview frame it
    features = dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"
    assert "Set-Cookie" not in response


def test_the_admin_gets_the_policy_it_needs_and_preview_still_works(client, demo_site):
    """Wagtail's admin, which uses inline scripts and styles, is served with its relaxed policy, still
    limited to this site; an editor's preview of a page renders inside it."""

    editor = get_user_model().objects.create_superuser("headers", "headers@example.org", "x" * 20)
    log_in(client, editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_previews_a_page_with_no_policy_errors(chromium, live_server, demo_site):
    """In a browser, the admin's editor sets up two-step sign-in and opens the preview panel and sees the
    page in it; the browser reports no Content-Security-Policy violation on the way (the QR code included),
    and the admin asks no other host for anything (no Gravatar avatars, no Wagtail update check)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from resources.models import FaqPage

    get_user_model().objects.create_superuser("previewer", "previewer@example.org", "p" * 20)
    page = FaqPage.objects.get(slug="getting-help", locale__language_code="en")
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    outside = []

    def guard(route):
        if route.request.url.startswith(live_server.url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    window = context.new_page()
    blocked = []
    window.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    window.goto("/admin/login/")
    window.fill("input[name=username]", "previewer")
    window.fill("input[name=password]", "p" * 20)
    window.click("button[type=submit]")
    # The first sign-in sets up two-step sign-in: a QR code drawn in the page, then the recovery codes.
    window.wait_for_url("**/admin/two-factor/set-up/**")
    assert window.locator(".two-factor-qr svg").is_visible()
    window.fill("input[name=code]", app_code(TOTPDevice.objects.get(user__username="previewer")))
    window.click("form.login-form button[type=submit]")
    window.wait_for_url("**/admin/two-factor/recovery-codes/**")
    window.click("text=I have kept them: continue")
    window.wait_for_url("**/admin/")
    window.goto(f"/admin/pages/{page.pk}/edit/")
    window.click('[data-side-panel-toggle="preview"]')
    heading = window.frame_locator("#w-preview-iframe").locator("h1")
    heading.wait_for(timeout=15000)
    assert heading.inner_text() == page.title
    window.goto("/questions/getting-help/")
    assert window.locator("h1").inner_text() == page.title
    context.close()
    assert blocked == []
    assert outside == [], f"the admin called another host (avatars? update check?): {outside}"


@pytest.mark.parametrize("ssl_redirect", ["1", "0"])
def test_production_settings_pass_django_s_deployment_checks(ssl_redirect):
    """`manage.py check --deploy --fail-level WARNING` passes with the production settings: over HTTPS, and
    with SECURE_SSL_REDIRECT=0 for local checks over plain HTTP (the checks that setting silences are
    justified in coalition/settings/production.py)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": ssl_redirect,
        # Without e-mail the check warns, as it should (tests/test_email.py).
        "EMAIL_URL": "submission://mailer:secret@smtp.example.org:587",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
