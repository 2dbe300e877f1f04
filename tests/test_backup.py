"""`manage.py backup` and `manage.py restore` bring a damaged site back exactly as it was (coalition/ops/backup.py).

The commands run in subprocesses against a throw-away site with the development settings, as an operator
would run them: a SQLite file in a temporary directory, or, when the suite runs on PostgreSQL, a database
of its own on the same server, dropped at the end. Either starts as a copy of the test database, already
migrated (migrating from nothing takes half a minute), then gets `migrate` and `load_demo_content`.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from types import SimpleNamespace
from urllib.parse import quote

import pytest

from django.core.cache import caches
from django.db import connection
from django.test import override_settings

from coalition.caching.reset import clear_caches
from tests.servers import CACHE_ENV, REPO, redis_url

# The throw-away site starts as a copy of the test database, which pytest-django creates only for a
# run that has tests marked as using it.
pytestmark = pytest.mark.django_db

UPLOAD = """\
import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PillowImage

from wagtail.documents.models import Document
from wagtail.images.models import Image

Document.objects.create(title="Annual report", file=ContentFile(bytes(range(256)) * 40, name="annual-report.txt"))
picture = io.BytesIO()
PillowImage.new("RGB", (64, 48), "teal").save(picture, "PNG")
image = Image.objects.create(title="Logo", file=ImageFile(picture, name="logo.png"))
image.get_rendition("fill-32x32")
"""

# Every live page's HTML as an anonymous reader gets it, each document as served, the revision count,
# and the page cache's generation token.
#
# One thing differs between any two renders of a page, by design: the Content-Security-Policy nonce
# (django-csp, coalition/security.py), 16 random bytes drawn for each response and carried by its inline
# <style> and <script>. A nonce that repeated would let injected markup run, so it is never pinned;
# the response's own nonce, read from its header, is replaced by a placeholder and nothing else is.
SNAPSHOT = """\
import hashlib
import json
import re

from django.test import Client

from wagtail.documents.models import Document
from wagtail.models import Page, Revision

from coalition.caching.generation import current_generation


def html(response):
    body = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
    return body.replace(nonce.group(1), "(this response's nonce)") if nonce else body


client = Client(raise_request_exception=False)
pages = {}
for page in Page.objects.live().order_by("path"):
    if page.url is not None:
        response = client.get(page.url)
        pages[page.url] = [response.status_code, html(response)]
documents = {}
for document in Document.objects.order_by("pk"):
    response = client.get(document.url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    documents[document.url] = [response.status_code, hashlib.sha256(body).hexdigest()]
print(json.dumps({
    "pages": pages,
    "documents": documents,
    "revisions": Revision.objects.count(),
    "generation": current_generation(),
}))
"""

# The addresses of the live pages and the revision count: enough to see whether anything changed.
STATE = """\
import json

from wagtail.models import Page, Revision

print(json.dumps({"urls": [page.url for page in Page.objects.live().order_by("path")], "revisions": Revision.objects.count()}))
"""

GENERATION = """\
import json

from coalition.caching.generation import current_generation

print(json.dumps({"generation": current_generation()}))
"""

# The services directory and every service, in both languages, with their revisions.
DELETE_SERVICES = """\
from resources.models import ServiceIndexPage

for index in ServiceIndexPage.objects.all():
    index.delete()
"""

DROP_REVISIONS = """\
from django.db import connection

with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("DROP TABLE wagtailcore_revision CASCADE")
    else:
        cursor.execute("PRAGMA foreign_keys = OFF")
        cursor.execute("DROP TABLE wagtailcore_revision")
"""


def manage(site, *args, check=True, **kwargs):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=site.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        **kwargs,
    )
    if check:
        assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}"
    return result


def run_script(site, script):
    """Run `script` with `manage.py shell -c` and return what it printed as JSON on its last line."""
    return json.loads(manage(site, "shell", "-c", script).stdout.strip().splitlines()[-1])


def media_tree(root):
    """{path relative to MEDIA_ROOT: sha256} of every file in it."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def throwaway_database(tmp_path_factory, django_db_setup, django_db_blocker):
    """DATABASE_URL of a copy of the test database: a SQLite file, or a new database on the PostgreSQL server."""
    if connection.vendor == "sqlite":
        path = tmp_path_factory.mktemp("backup-database") / "site.sqlite3"
        with django_db_blocker.unblock(), closing(sqlite3.connect(path)) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
        yield f"sqlite:///{path}"
        return
    import psycopg
    from psycopg import sql

    suite = connection.settings_dict
    server = {"host": suite["HOST"], "port": suite["PORT"], "user": suite["USER"], "password": suite["PASSWORD"]}
    server = {key: value for key, value in server.items() if value}
    name = f"coalition_backup_test_{uuid.uuid4().hex[:12]}"
    with django_db_blocker.unblock():
        # A template database must have no other connection while it is copied.
        connection.close()
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(suite["NAME"]))
            )
    address = quote(server.get("user", ""), safe="")
    if "password" in server:
        address += ":" + quote(server["password"], safe="")
    address += "@" + server.get("host", "")
    if "port" in server:
        address += f":{server['port']}"
    try:
        yield f"postgres://{address}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def site(tmp_path_factory, throwaway_database):
    """The demo site with an uploaded document and image, its pages as readers see them, and a backup of it."""
    directory = tmp_path_factory.mktemp("backup-site")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition.settings.dev",
        "DATABASE_URL": throwaway_database,
        "MEDIA_ROOT": str(directory / "media"),
        "SECRET_KEY": "backup-test-only",
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "PAGE_CACHE_DIR": str(directory / "page-cache"),
        "LOG_LEVEL": "ERROR",
    }
    # The throw-away site must not share a cache or a CDN with anything else.
    for name in CACHE_ENV:
        env.pop(name, None)
    site = SimpleNamespace(env=env, media=directory / "media", backup=directory / "backup")
    manage(site, "migrate", "--no-input", "-v", "0")
    manage(site, "load_demo_content")
    site.original = run_script(site, UPLOAD + SNAPSHOT)
    site.media_files = media_tree(site.media)
    manage(site, "backup", str(site.backup))
    return site


def test_the_site_to_back_up_has_pages_revisions_and_uploads(site):
    """The site under test is worth backing up: every page answers 200, with revisions and files in media."""
    assert len(site.original["pages"]) > 50
    assert {status for status, _html in site.original["pages"].values()} == {200}
    assert site.original["revisions"] > 50
    assert [status for status, _digest in site.original["documents"].values()] == [200]
    assert {path.split("/")[0] for path in site.media_files} == {"documents", "original_images", "images"}


def test_restore_brings_back_every_page_revision_and_file(site):
    """After pages, the revisions table and an upload are lost, a restore serves every page byte for byte as before."""
    damaged = run_script(site, DELETE_SERVICES + DROP_REVISIONS + GENERATION)
    document = next(path for path in site.media_files if path.startswith("documents/"))
    (site.media / document).unlink(missing_ok=True)
    (site.media / "uploaded-after-the-backup.txt").write_text("not in the backup")

    result = manage(site, "restore", str(site.backup), "--no-input")
    assert "Restored the database" in result.stdout

    restored = run_script(site, SNAPSHOT)
    assert sorted(restored["pages"]) == sorted(site.original["pages"])
    changed = [url for url, page in site.original["pages"].items() if restored["pages"][url] != page]
    assert changed == []
    assert restored["revisions"] == site.original["revisions"]
    assert restored["documents"] == site.original["documents"]
    assert media_tree(site.media) == site.media_files
    # Pages cached before the restore, by any process, are never served again.
    assert restored["generation"] != damaged["generation"]


def test_a_backup_that_does_not_match_its_checksum_is_refused_and_changes_nothing(site, tmp_path):
    """Restoring a backup whose database file was changed fails with a clear message and leaves the site alone."""
    tampered = tmp_path / "tampered"
    shutil.copytree(site.backup, tampered)
    manifest = json.loads((tampered / "manifest.json").read_text())
    with (tampered / manifest["database_file"]).open("ab") as database_file:
        database_file.write(b"\0")
    for path in site.media_files:
        (site.media / path).unlink(missing_ok=True)
    before = run_script(site, DELETE_SERVICES + STATE)
    assert len(before["urls"]) < len(site.original["pages"])

    result = manage(site, "restore", str(tampered), "--no-input", check=False)

    assert result.returncode != 0
    assert f"{manifest['database_file']} does not match its checksum" in result.stderr
    assert "Nothing was restored" in result.stderr
    assert run_script(site, STATE) == before
    assert media_tree(site.media) == {}


def test_backup_refuses_a_directory_that_already_holds_one_unless_forced(site, tmp_path):
    """`backup` into a directory with a backup fails and leaves that backup alone; with --force it replaces it."""
    kept = {path.name: path.read_bytes() for path in site.backup.iterdir()}

    result = manage(site, "backup", str(site.backup), check=False)

    assert result.returncode != 0
    assert "already holds a backup" in result.stderr and "--force" in result.stderr
    assert {path.name: path.read_bytes() for path in site.backup.iterdir()} == kept

    replaced = tmp_path / "replaced"
    shutil.copytree(site.backup, replaced)
    manage(site, "backup", str(replaced), "--force")
    manifest = json.loads((replaced / "manifest.json").read_text())
    assert sorted(path.name for path in replaced.iterdir()) == sorted(["manifest.json", *manifest["sha256"]])
    for name, digest in manifest["sha256"].items():
        assert hashlib.sha256((replaced / name).read_bytes()).hexdigest() == digest


def test_restore_clears_only_this_sites_keys_from_a_shared_redis():
    """Sites sharing one Redis under their own CACHE_KEY_PREFIX keep their cached pages when another site restores."""
    import redis

    url = redis_url()
    prefix = f"test-backup-{uuid.uuid4().hex}"
    other_site_key = f"{prefix}-other:1:page"
    store = redis.Redis.from_url(url)
    shared = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    try:
        store.set(other_site_key, "kept")
        with override_settings(CACHES={"default": shared, "page_generation": shared}):
            caches["default"].set("page", "stale")
            clear_caches()
            assert caches["default"].get("page") is None
        assert store.get(other_site_key) == b"kept"
    finally:
        store.delete(other_site_key, *store.scan_iter(match=f"{prefix}:*"))
