"""Mozilla's HTTP Observatory grades every public page type A+, in both languages.

The site runs as in production: gunicorn with the production settings, HTTPS on loopback with a
throw-away certificate, and plain HTTP on another port redirecting to it. The Observatory (npm
@mdn/mdn-http-observatory, installed by `make install-test` in tests/observatory/) fetches each page
over both, as its command line does for a host's home page, and grades the headers it gets.
"""

import json
import os
import shutil
import subprocess

import pytest

from wagtail.models import Page

from tests.servers import REPO, build_site, drop_site, gunicorn, wait_until_answering

OBSERVATORY = REPO / "tests" / "observatory"
# The test database is set up only for modules whose tests ask for it; the site is copied from it.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def node():
    """Node.js with the Observatory installed; skipped without one unless REQUIRE_OBSERVATORY is set."""
    node = shutil.which("node")
    if node is None or not (OBSERVATORY / "node_modules" / ".installed").exists():
        message = "no Node.js, or the Observatory is not installed (make install-test installs it when npm is here)"
        if os.environ.get("REQUIRE_OBSERVATORY") == "1":
            pytest.fail(f"REQUIRE_OBSERVATORY=1 but {message}")
        pytest.skip(message)
    return node


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for localhost, valid for a day."""
    directory = tmp_path_factory.mktemp("certificate")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        + ["-keyout", str(directory / "key.pem"), "-out", str(directory / "certificate.pem")],
        check=True,
        capture_output=True,
    )
    return directory / "certificate.pem", directory / "key.pem"


@pytest.fixture(scope="module")
def site(tmp_path_factory, django_db_setup, django_db_blocker):
    site = build_site(tmp_path_factory.mktemp("observatory-site"), django_db_blocker)
    yield site
    drop_site(site, django_db_blocker)


@pytest.fixture(scope="module")
def paths(site, django_db_blocker):
    """The first live page of each page type in each language, and the pages that are not Wagtail pages."""
    paths = {}
    with django_db_blocker.unblock():
        pages = Page.objects.live().filter(depth__gt=1).order_by("path").specific()
        for page in pages:
            paths.setdefault((type(page).__name__, page.locale.language_code), page.url)
    paths.update(
        {
            ("Search", "en"): "/search/?q=shelter",
            ("Search", "es"): "/es/buscar/?q=refugio",
            ("ResourceCard", "en"): "/resource-card/",
            ("ResourceCard", "es"): "/es/tarjeta-de-recursos/",
        }
    )
    return paths


def test_every_public_page_type_grades_a_plus(node, certificate, site, paths):
    certificate_file, key_file = certificate
    env = dict(site.env, SECURE_SSL_REDIRECT="1")
    tls = ["--certfile", str(certificate_file), "--keyfile", str(key_file)]
    with gunicorn(env, site.directory / "https.log", *tls, scheme="https") as https:
        redirecting_env = dict(env, SECURE_SSL_HOST=f"localhost:{https.port}")
        with gunicorn(redirecting_env, site.directory / "http.log") as http:
            wait_until_answering(https)
            wait_until_answering(http)
            scan = subprocess.run(
                [node, "scan.mjs", "localhost", str(https.port), str(http.port), *paths.values()],
                cwd=OBSERVATORY,
                env={**os.environ, "NODE_EXTRA_CA_CERTS": str(certificate_file)},
                capture_output=True,
                text=True,
                timeout=120,
            )
    assert scan.returncode == 0, scan.stderr[-2000:]
    graded = {result["path"]: result for result in map(json.loads, scan.stdout.splitlines())}

    print("\nHTTP Observatory, over TLS on loopback:")
    for (page_type, language), path in paths.items():
        result = graded[path]
        print(f"  {page_type:<18} {language}  {result.get('grade')}  {result.get('score')}  {path}")
    for path in paths.values():
        result = graded[path]
        assert result.get("status") == 200, f"{path}: {result}"
        failed = {name: test["result"] for name, test in result["tests"].items() if not test["pass"]}
        assert result["grade"] == "A+" and failed == {}, f"{path}: {result['grade']}, failed: {failed}"
