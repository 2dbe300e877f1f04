"""E-mail: with EMAIL_URL the site sends password resets and Wagtail's review notifications through the mail
server it names (here a real SMTP server on loopback, STARTTLS and a password, as a mail service asks); without
it the site sends nothing, the sign-in page says whom to ask instead, and `check --deploy` warns."""

import email
import email.policy
import html
import os
import re
import runpy
import secrets
import ssl
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from unittest import mock
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from wagtail.models import Site

from resources.models import FaqPage
from tests.servers import free_port
from tests.test_translation_flow import faq_edit_data
from tests.utils import edit_page_url, log_in

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parent.parent
BASE_SETTINGS = REPO / "coalition" / "settings" / "base.py"
PASSWORD = "a-long-test-password"
SITE = "https://coalition.example.org"
SENDER = "Wentzville Coalition <web@coalition.example.org>"
MAIL_USER = "mailer"
MAIL_PASSWORD = "s3cret/p@ss"
ASK_ADMINISTRATOR = "Forgotten your password? Ask the site's administrator to set a new one."


def settings_for(**environ):
    """The settings coalition/settings/base.py makes from these environment variables (and no e-mail ones the
    shell running the tests may hold)."""
    clean = {name: value for name, value in os.environ.items() if "EMAIL" not in name}
    with mock.patch.dict(os.environ, {**clean, **environ}, clear=True):
        return runpy.run_path(str(BASE_SETTINGS))


def text(response):
    return html.unescape(response.content.decode())


def person(username, group=None):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, valid for a day."""
    directory = tmp_path_factory.mktemp("mail-certificate")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", str(directory / "key.pem"), "-out", str(directory / "certificate.pem")],
        check=True,
        capture_output=True,
    )
    return directory / "certificate.pem", directory / "key.pem"


class Mailbox:
    """An aiosmtpd handler that keeps every message the server accepts, with how it came."""

    def __init__(self):
        self.mail = []

    def to(self, address):
        return [mail for mail in self.mail if mail.to == [address]]

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.mail.append(
            SimpleNamespace(
                to=envelope.rcpt_tos,
                subject=message["Subject"],
                sender=message["From"],
                body=message.get_body(("plain",)).get_content(),
                over_tls=session.ssl is not None,
                user=session.auth_data.login.decode(),
            )
        )
        return "250 Message accepted for delivery"


def only_the_site_s_account(server, session, envelope, mechanism, auth_data):
    success = (auth_data.login, auth_data.password) == (MAIL_USER.encode(), MAIL_PASSWORD.encode())
    return AuthResult(success=success, auth_data=auth_data)


@pytest.fixture
def mail_server(certificate, settings, monkeypatch):
    """A mail server on loopback that, like a mail service, takes mail only after STARTTLS and the site's
    password; the site set up by EMAIL_URL (and DEFAULT_FROM_EMAIL, WAGTAILADMIN_BASE_URL) to send through it."""
    certificate_file, key_file = certificate
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(certificate_file, key_file)
    mailbox = Mailbox()
    port = free_port()
    server = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=tls,
        require_starttls=True,
        auth_required=True,
        authenticator=only_the_site_s_account,
    )
    server.start()
    # The site trusts the throw-away certificate as it would a mail service's.
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate_file))
    configured = settings_for(
        EMAIL_URL=f"submission://{MAIL_USER}:{quote(MAIL_PASSWORD, safe='')}@127.0.0.1:{port}",
        DEFAULT_FROM_EMAIL=SENDER,
        WAGTAILADMIN_BASE_URL=SITE,
    )
    for name, value in configured.items():
        if "EMAIL" in name or name in {"WAGTAIL_PASSWORD_RESET_ENABLED", "WAGTAILADMIN_BASE_URL"}:
            setattr(settings, name, value)
    yield mailbox
    server.stop()


# Without EMAIL_URL


def test_without_email_the_sign_in_page_says_whom_to_ask_for_a_new_password(client):
    """No "Forgotten password?" link, whose e-mail would never come; a sentence saying who can help instead."""
    page = text(client.get(reverse("wagtailadmin_login")))
    assert ASK_ADMINISTRATOR in page
    assert "Forgotten password?" not in page
    assert reverse("wagtailadmin_password_reset") not in page


def test_without_email_the_password_reset_address_sends_nothing(client, mailoutbox):
    """The reset form's address is not found, and no e-mail is sent, even for a real account's address."""
    person("rosa", "Editors")
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": "rosa@example.org"})
    assert response.status_code == 404
    assert mailoutbox == []


def test_without_email_url_nothing_is_sent_and_password_reset_is_off():
    """No EMAIL_URL: Django's dummy backend, which sends nothing and connects nowhere (not to localhost:25), and
    no password reset."""
    configured = settings_for()
    assert configured["EMAIL_BACKEND"] == "django.core.mail.backends.dummy.EmailBackend"
    assert configured["WAGTAIL_PASSWORD_RESET_ENABLED"] is False


def test_an_email_url_the_site_cannot_use_stops_it_starting():
    """A scheme dj-email-url does not know (smtp+tls:// is another library's) is refused at start, saying what to
    write instead, rather than sending without TLS."""
    with pytest.raises(ImproperlyConfigured, match="submission://user:password@host:587"):
        settings_for(EMAIL_URL="smtp+tls://mailer:secret@smtp.example.org:587")


WARNING = (
    "(coalition_accounts.W001) EMAIL_URL is not set: e-mail is off, so password reset is hidden and moderators "
    "and editors get no notifications."
)


@pytest.mark.parametrize(
    ("environment", "warned"),
    [({}, True), ({"EMAIL_URL": "submission://mailer:secret@smtp.example.org"}, False)],
)
def test_check_deploy_warns_when_email_is_off(environment, warned):
    """`manage.py check --deploy` with the production settings warns that e-mail is off until EMAIL_URL is set."""
    env = {name: value for name, value in os.environ.items() if "EMAIL" not in name}
    env.update(
        environment,
        DJANGO_SETTINGS_MODULE="coalition.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (WARNING in result.stdout + result.stderr) is warned


# With EMAIL_URL


def test_a_forgotten_password_is_reset_through_the_emailed_link(client, demo_site, mail_server):
    """The "Forgotten password?" link leads to an e-mail with a link on the site's address; that link sets a new
    password, which then signs in (and the admin still asks for the authenticator app's code)."""
    rosa = person("rosa", "Editors")
    page = text(client.get(reverse("wagtailadmin_login")))
    assert f'href="{reverse("wagtailadmin_password_reset")}">Forgotten password?</a>' in page
    assert ASK_ADMINISTRATOR not in page

    response = client.post(reverse("wagtailadmin_password_reset"), {"email": "rosa@example.org"})
    assert response["Location"] == reverse("wagtailadmin_password_reset_done")
    [mail] = mail_server.mail
    assert mail.to == ["rosa@example.org"]
    assert mail.sender == SENDER
    assert mail.over_tls and mail.user == MAIL_USER
    link = re.search(rf"{re.escape(SITE)}(/admin/password_reset/confirm/\S+)", mail.body).group(1)

    form = client.get(link, follow=True)
    assert 'name="new_password1"' in text(form)
    new_password = "a-new-password-for-rosa"
    response = client.post(form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == reverse("wagtailadmin_password_reset_complete")
    rosa.refresh_from_db()
    assert not rosa.check_password(PASSWORD)

    response = client.post(reverse("wagtailadmin_login"), {"username": "rosa", "password": new_password})
    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_enrol"))


def english_page():
    return FaqPage.objects.get(slug="getting-help", locale__language_code="en")


def submit_for_review(client, editor, page):
    log_in(client, editor)
    data = faq_edit_data(page, [])
    data["introduction"] = "Reviewed introduction."
    response = client.post(edit_page_url(page), {**data, "action-submit": "action-submit"})
    assert response.status_code == 302
    page.refresh_from_db()
    return page.current_workflow_task_state


def test_a_page_submitted_for_review_emails_each_moderator(client, demo_site, mail_server):
    """Each moderator gets one e-mail naming the page, with links to preview and edit it on the site's address;
    the editor who submitted it and the administrator get none."""
    ana, leo = person("ana", "Moderators"), person("leo", "Moderators")
    get_user_model().objects.create_superuser("coordinator", "coordinator@example.org", PASSWORD)
    page = english_page()
    task_state = submit_for_review(client, person("rosa", "Editors"), page)
    preview = reverse("wagtailadmin_pages:workflow_preview", args=(page.pk, task_state.task_id))

    assert sorted(address for mail in mail_server.mail for address in mail.to) == [ana.email, leo.email]
    for mail in mail_server.mail:
        assert mail.subject == (
            f'The page "{page.title}" has been submitted for approval in moderation stage "Moderators approval"'
        )
        assert f"You can preview the page here: {SITE}{preview}" in mail.body
        assert f"You can edit the page here: {SITE}/admin/pages/{page.pk}/edit/" in mail.body
        assert mail.sender == SENDER and mail.over_tls


def test_approval_emails_the_editor(client, demo_site, mail_server, django_capture_on_commit_callbacks):
    """When a moderator approves, the editor who submitted the page is told, with the live page's address."""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "coalition.example.org", 443  # Settings › Sites, as docs/deploying.md asks
    site.save()
    rosa = person("rosa", "Editors")
    page = english_page()
    task_state = submit_for_review(client, rosa, page)

    log_in(client, person("ana", "Moderators"))
    approve = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(approve, {"comment": ""})

    [mail] = mail_server.to(rosa.email)
    assert mail.subject == f'The page "{page.title}" has been approved in "Moderators approval".'
    assert f"You can view the page here: {SITE}{page.relative_url(site)}" in mail.body


def test_a_request_for_changes_emails_the_editor_with_the_comment(client, demo_site, mail_server):
    """When a moderator requests changes, the editor is told who asked, what they said, and where to edit."""
    rosa = person("rosa", "Editors")
    page = english_page()
    task_state = submit_for_review(client, rosa, page)

    log_in(client, person("ana", "Moderators"))
    reject = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk))
    comment = "Please add the clinic's opening hours."
    client.post(reject, {"comment": comment})

    [mail] = mail_server.to(rosa.email)
    assert mail.subject == f'The page "{page.title}" has been rejected during "Moderators approval".'
    assert "by ana" in mail.body
    assert f'The following comment was left: "{comment}"' in mail.body
    assert f"You can edit the page here: {SITE}/admin/pages/{page.pk}/edit/" in mail.body


def test_a_spanish_translation_submitted_for_review_emails_the_moderators(client, demo_site, mail_server):
    """A translator's Spanish page enters the same review, so each moderator is told, the Spanish title naming
    the page and the link opening the Spanish page."""
    ana = person("ana", "Moderators")
    translator = person("tomas", "Translators")
    english = english_page()
    spanish = english.get_translation(english.get_translations().get().locale)
    spanish.save_revision(user=translator)
    # Submitting for review starts the page's workflow, whichever editor the button is in.
    spanish.get_workflow().start(spanish, translator)

    [mail] = mail_server.mail
    assert mail.to == [ana.email]
    assert f'The page "{spanish.title}" has been submitted for approval' in mail.subject
    assert f"You can edit the page here: {SITE}/admin/pages/{spanish.pk}/edit/" in mail.body
