"""Throw-away sites served by gunicorn with the production settings, for tests that need real servers; the
benchmarks (bench/) start their gunicorn with the same launcher."""

import os
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from django.db import connection

REPO = Path(__file__).resolve().parent.parent
# Settings a developer's shell may carry that would change what a test server does.
CACHE_ENV = [
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "PAGE_CACHE_SECONDS",
    "PAGE_CACHE_DIR",
    "FRONTEND_CACHE_PURGE_URL",
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_ZONE_ID",
    "CLOUDFRONT_DISTRIBUTION_ID",
]

SERVER_SETTINGS = """\
from coalition.settings.production import *  # noqa: F403

# Static files from static/ and the apps, without collectstatic: this site lives for one test.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
"""

BUILD_SCRIPT = """\
import os

import django

django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.models import HomePage

call_command("migrate", interactive=False, verbosity=0)
with open(os.devnull, "w") as quiet:
    call_command("load_demo_content", stdout=quiet)
admin = get_user_model().objects.create_superuser("site-test", password="a-long-test-password")
TOTPDevice.objects.create(user=admin, name="phone", key=os.environ["TEST_TOTP_KEY"], confirmed=True)
print(HomePage.objects.get(locale__language_code="en").pk)
"""
# The administrator's authenticator app secret, to sign in through the second factor.
TOTP_KEY = "3132333435363738393031323334353637383930"


def production_env(**extra):
    """The environment of a production server on this machine, over plain HTTP unless told otherwise."""
    env = {name: value for name, value in os.environ.items() if name not in CACHE_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="coalition.settings.production",
        SECRET_KEY="test-only",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env


def build_site(directory, django_db_blocker):
    """The demo site with an administrator (user `site-test`, TOTP_KEY) in a database of its own.

    A copy of the test database (already migrated: migrating again takes many seconds): a SQLite file, or,
    when the tests run on PostgreSQL, a new database on the same server, dropped by `drop_site`.
    """
    if connection.vendor == "sqlite":
        with django_db_blocker.unblock(), sqlite3.connect(directory / "site.sqlite3") as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
        database_url = f"sqlite:///{directory}/site.sqlite3"
    else:
        # PostgreSQL copies a database only while nobody is connected to it.
        name = f"throwaway_{uuid.uuid4().hex[:12]}"
        settings = connection.settings_dict
        with django_db_blocker.unblock():
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings["NAME"]}"')
        database_url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"
    (directory / "throwaway_site_settings.py").write_text(SERVER_SETTINGS)
    env = production_env(
        DJANGO_SETTINGS_MODULE="throwaway_site_settings",
        PYTHONPATH=os.pathsep.join([str(directory), str(REPO)]),
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(directory / "media"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        TEST_TOTP_KEY=TOTP_KEY,
    )
    result = subprocess.run([sys.executable, "-c", BUILD_SCRIPT], env=env, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return SimpleNamespace(directory=directory, env=env, home_id=int(result.stdout.strip().splitlines()[-1]))


def drop_site(site, django_db_blocker):
    if site.env["DATABASE_URL"].startswith("postgres://"):
        name = site.env["DATABASE_URL"].rsplit("/", 1)[1]
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class SiteError(Exception):
    """A throw-away site could not be built, started or reached."""


def free_port():
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env, log, *options, workers=1, scheme="http"):
    """gunicorn serving the site on a free loopback port until the block ends, its output in `log`; yields its
    base URL, port, process and log (not yet answering: see wait_until_answering).

    `workers` None leaves their number to the options or the configuration file (--config).
    """
    port = free_port()
    command = [Path(sys.executable).parent / "gunicorn", "coalition.wsgi", "--bind", f"127.0.0.1:{port}"]
    if workers is not None:
        command += ["--workers", str(workers)]
    with log.open("w") as output:
        server = subprocess.Popen([*command, *options], cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield SimpleNamespace(url=f"{scheme}://127.0.0.1:{port}", port=port, process=server, log=log)
    finally:
        server.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_until_answering(server, seconds=30):
    """Until the server answers anything at all (a redirect to HTTPS included); SiteError if it exits or never does."""
    context = ssl._create_unverified_context()  # noqa: S323 - a throw-away certificate on loopback
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SiteError(f"gunicorn exited with {server.process.returncode}:\n{server.log.read_text()[-2000:]}")
        try:
            opener.open(server.url + "/robots.txt", timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise SiteError(f"gunicorn did not answer at {server.url} within {seconds} s")


def redis_url():
    """The Redis to share, or a skip (a failure when REQUIRE_REDIS is set) when none answers."""
    import redis

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"REQUIRE_REDIS is set but Redis at {url} does not answer: {error}")
        pytest.skip(f"no Redis at {url}")
    return url
