"""Static files in production: compressed, and kept for ever by browsers and CDNs once their name has a hash."""

import json
import os
import re
import subprocess
import sys

from tests.servers import REPO, production_env

STATIC_SETTINGS = """\
from coalition.settings.production import *  # noqa: F403

STATIC_ROOT = {static_root!r}
# Only the site's own files: quick to collect, and enough to see the headers.
STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
"""

STATIC_SCRIPT = """\
import json

import django

django.setup()
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client

call_command("collectstatic", interactive=False, verbosity=0)
client = Client()
hashed = staticfiles_storage.url("css/site.css")


def get(url, encoding):
    response = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    return {name: response.get(name) for name in ("Cache-Control", "Content-Encoding", "Vary")} | {
        "status": response.status_code
    }


print(json.dumps({
    "hashed": hashed,
    "br": get(hashed, "gzip, deflate, br"),
    "gzip": get(hashed, "gzip"),
    "identity": get(hashed, ""),
    "unhashed": get("/static/css/site.css", "gzip"),
}))
"""


def test_static_files_are_served_compressed_and_hashed_files_kept_forever(tmp_path):
    """In production a hashed static file is immutable for a year or more, as brotli or gzip when asked."""
    (tmp_path / "static_test_settings.py").write_text(STATIC_SETTINGS.format(static_root=str(tmp_path / "static")))
    env = production_env(
        DJANGO_SETTINGS_MODULE="static_test_settings",
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(REPO)]),
        DATABASE_URL=f"sqlite:///{tmp_path}/unused.sqlite3",
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run([sys.executable, "-c", STATIC_SCRIPT], env=env, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)

    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", found["hashed"])
    for encoding, expected in [("br", "br"), ("gzip", "gzip"), ("identity", None)]:
        response = found[encoding]
        assert response["status"] == 200
        assert response["Content-Encoding"] == expected, encoding
        assert "immutable" in response["Cache-Control"] and "public" in response["Cache-Control"]
        assert int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1)) >= 365 * 24 * 3600
        assert "Accept-Encoding" in response["Vary"]
    assert "immutable" not in found["unhashed"]["Cache-Control"]
