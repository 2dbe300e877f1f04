"""Server errors reach ADMINS by e-mail when e-mail is set up, naming the path and the exception with its
traceback, and never the reader: no address, query string (search words), cookie, form data or browser, in the
mail or in the log line."""

import email
import email.policy
import logging
import os
import runpy
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from aiosmtpd.controller import Controller

from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection
from django.test import Client
from django.urls import path

from coalition import urls as site_urls
from tests.servers import free_port

pytestmark = pytest.mark.django_db

BASE_SETTINGS = Path(__file__).resolve().parent.parent / "coalition" / "settings" / "base.py"
ADMIN = "ops@example.org"
FAILURE = "the search index cannot be read"
# What a reader's request carries that must reach no mailbox and no log.
READER_ADDRESS = "203.0.113.9"
FORWARDED_ADDRESS = "198.51.100.23"
SEARCH_WORDS = "secret+words"
COOKIE_VALUE = "cookie-value-4f1e9a"
BROWSER = "Private-Browser/7.1"
POSTED = "posted-text-8c2d"
REDIS_PASSWORD = "redis-password-61b0"
NEVER = ("203.0.113", "198.51.100", "secret", COOKIE_VALUE, BROWSER.lower(), POSTED, REDIS_PASSWORD)


def settings_for(**environ):
    """The settings coalition/settings/base.py makes from these environment variables (and no ADMINS or e-mail
    ones the shell running the tests may hold)."""
    clean = {name: value for name, value in os.environ.items() if "EMAIL" not in name and name != "ADMINS"}
    with mock.patch.dict(os.environ, {**clean, **environ}, clear=True):
        return runpy.run_path(str(BASE_SETTINGS))


class Mailbox:
    """An aiosmtpd handler that keeps every message the server accepts."""

    def __init__(self):
        self.mail = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.mail.append(
            SimpleNamespace(
                to=envelope.rcpt_tos,
                subject=message["Subject"],
                body=message.get_body(("plain",)).get_content().replace("\r\n", "\n"),
                parts=len(list(message.walk())),
            )
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_server(settings):
    """A mail server on loopback, and the site sending through it (Django's SMTP backend, as EMAIL_URL sets it),
    with ADMINS as the environment would give them."""
    mailbox = Mailbox()
    server = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.ADMINS = settings_for(ADMINS=f"Ops Team <{ADMIN}>")["ADMINS"]
    # A password inside an address, which Django's cleansing of settings would not hide (REDIS_URL's, in CACHES).
    settings.CACHES = {
        **settings.CACHES,
        "spare": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0",
        },
    }
    yield mailbox
    server.stop()


def request_that_fails(path=f"/search/?q={SEARCH_WORDS}", data=None):
    """A reader's request, from an address behind a proxy, with a cookie and a browser, that meets an exception:
    a search (GET) unless there is form data to post."""
    client = Client(raise_request_exception=False, HTTP_USER_AGENT=BROWSER)
    client.cookies["sessionid"] = COOKIE_VALUE
    with mock.patch("coalition.search.views.search", side_effect=RuntimeError(FAILURE)):
        send = client.get if data is None else client.post
        return send(path, data, REMOTE_ADDR=READER_ADDRESS, HTTP_X_FORWARDED_FOR=FORWARDED_ADDRESS)


def form_that_fails(request):
    raise RuntimeError(FAILURE)


# The URLs of test_a_failed_form_post_is_mailed_without_its_fields: the site's, and a form's address whose view fails.
urlpatterns = [path("form/", form_that_fails), *site_urls.urlpatterns]
handler500 = "home.views.server_error"


def console_line(record):
    """The record as the console handler in LOGGING writes it."""
    [console] = [handler for handler in logging.getLogger().handlers if type(handler) is logging.StreamHandler]
    return console.format(record)


def test_a_server_error_mails_admins_the_path_and_traceback_and_nothing_of_the_reader(mail_server, caplog):
    """One mail to ADMINS, through a real SMTP server, naming the path, the exception and where it was raised; not
    the reader's address, search words, cookie or browser, nor the settings. The reader gets the 500 page."""
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = request_that_fails()
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()

    [mail] = mail_server.mail
    assert mail.to == [ADMIN]
    assert mail.subject.endswith("Internal Server Error: /search/")
    assert mail.parts == 1  # plain text, no HTML report
    assert f"RuntimeError at /search/\n{FAILURE}" in mail.body
    assert "Request Method: GET" in mail.body
    assert "Request URL: http://testserver/search/\n" in mail.body
    assert "Traceback (most recent call last):" in mail.body
    assert "search_views.search(request" in mail.body  # the line of home/views.py that called it
    assert "Raised during: home.views.search" in mail.body
    assert "USER: AnonymousUser" in mail.body
    for part in ("No GET data", "No POST data", "No cookie data"):
        assert part in mail.body
    for setting in ("CACHES", "DATABASES", "ALLOWED_HOSTS", "SECRET_KEY", "ADMINS"):
        assert f"\n{setting} = " not in mail.body
    for never in NEVER:
        assert never not in (mail.subject + mail.body).lower(), never

    [record] = [record for record in caplog.records if record.name == "django.request"]
    line = console_line(record)
    assert line.startswith("Internal Server Error: /search/\nTraceback (most recent call last):")
    assert f"RuntimeError: {FAILURE}" in line
    for never in NEVER:
        assert never not in line.lower(), never


@pytest.mark.urls("tests.test_error_mail")
def test_a_failed_form_post_is_mailed_without_its_fields(mail_server):
    """What a reader sent in a form never reaches the mailbox."""
    assert request_that_fails(f"/form/?q={SEARCH_WORDS}", {"note": POSTED}).status_code == 500
    [mail] = mail_server.mail
    assert f"RuntimeError at /form/\n{FAILURE}" in mail.body
    assert "Request Method: POST" in mail.body
    assert "No POST data" in mail.body
    for never in NEVER:
        assert never not in mail.body.lower(), never


def test_without_email_set_up_nothing_is_tried(settings):
    """Without EMAIL_URL (Django's dummy backend), even with ADMINS, no mail is built or sent; nor without ADMINS."""
    settings.ADMINS = [("Ops Team", ADMIN)]
    with mock.patch("django.core.mail.mail_admins") as mail_admins:
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        assert request_that_fails().status_code == 500
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.ADMINS = []
        assert request_that_fails().status_code == 500
    mail_admins.assert_not_called()


def test_a_failing_health_check_is_logged_not_mailed(mail_server, caplog):
    """The health check's 503 while the database is down (every few seconds from each load balancer) is in the
    log, and sends no mail."""

    def database_down(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(database_down), caplog.at_level(logging.WARNING):
        assert Client().get("/healthz").status_code == 503
    assert "Service Unavailable: /healthz" in caplog.text
    assert mail_server.mail == []


def test_admins_are_read_from_the_environment():
    """Names and addresses, separated by commas, become Django's (name, address) pairs; none when unset."""
    assert settings_for(ADMINS="Ops Team <ops@example.org>, other@example.org")["ADMINS"] == [
        ("Ops Team", "ops@example.org"),
        ("", "other@example.org"),
    ]
    assert settings_for(ADMINS='"Doe, Jane" <jane@example.org>,')["ADMINS"] == [("Doe, Jane", "jane@example.org")]
    assert settings_for()["ADMINS"] == []
    assert settings_for(ADMINS="")["ADMINS"] == []


@pytest.mark.parametrize("value", ["ops", "Ops Team ops@example.org", "ops@example.org, Ops Team"])
def test_an_admins_value_that_is_not_addresses_stops_the_site_starting(value):
    """An entry that is not an e-mail address is refused at start, saying how to write the list."""
    with pytest.raises(ImproperlyConfigured, match=r"ADMINS: .* is not an e-mail address.*Ops Team <ops@example"):
        settings_for(ADMINS=value)
