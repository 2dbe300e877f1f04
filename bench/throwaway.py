"""The throw-away site a benchmark measures: its settings file, its commands, gunicorn (tests/servers.py's
launcher), a GET as a browser sends it.

The scripts give it a production server's environment (tests/servers.py `production_env`), which leaves out
a developer's cache settings: a throw-away site never shares a cache with a real one.
"""

import contextlib
import gzip
import http.client
import os
import subprocess
import sys
from pathlib import Path

from tests.servers import REPO, SiteError, gunicorn, wait_until_answering

ACCEPT = {"Accept-Encoding": "gzip"}

SETTINGS = """\
# Written by {script}: production settings with the static files in the throw-away directory.
from coalition.settings.production import *  # noqa: F403

STATIC_ROOT = {static_root!r}
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


def write_settings(directory, module, script):
    """The settings module `module` in `directory`: production settings, static files collected inside it."""
    Path(directory, f"{module}.py").write_text(SETTINGS.format(script=script, static_root=f"{directory}/static"))


def run_checked(command, env):
    """What a command run in the repository printed; SiteError with the end of its errors when it fails."""
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SiteError(f"{' '.join(command[1:3])} failed:\n{result.stderr[-2000:]}")
    return result.stdout


@contextlib.contextmanager
def serve(env, log_file, *options, workers=None):
    """gunicorn serving the site on a free loopback port until the block ends; yields the port once it answers.

    `workers` None leaves their number to the options or the configuration file (--config).
    """
    with gunicorn(env, Path(log_file), *options, workers=workers) as server:
        wait_until_answering(server)
        yield server.port


def get(port, path):
    """One GET as a browser sends it: status, bytes transferred, the body as sent and as text, some headers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=ACCEPT)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n\r\n")
    head += sum(len(name) + len(value) + 4 for name, value in response.getheaders())
    text = gzip.decompress(body) if response.getheader("Content-Encoding") == "gzip" else body
    return {
        "status": response.status,
        "transferred": head + len(body),
        "body": body,
        "text": text.decode("utf-8", "replace"),
        "content_type": response.getheader("Content-Type", ""),
        "x_cache": response.getheader("X-Cache"),
    }


def setup_django(directory):
    """This process as the demo site with production settings, on a new SQLite database in `directory`."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "coalition.settings.production",
            "DATABASE_URL": f"sqlite:///{directory}/bench.sqlite3",
            "SECRET_KEY": "bench-only",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "ERROR",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_content", stdout=quiet)
