"""Privacy on the server's side: what the access log keeps of a reader's visit."""

import urllib.request

import pytest

from tests.servers import build_site, drop_site, gunicorn, wait_until_answering

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def throwaway_site(tmp_path_factory, django_db_blocker):
    site = build_site(tmp_path_factory.mktemp("privacy-site"), django_db_blocker)
    yield site
    drop_site(site, django_db_blocker)


def test_the_access_log_keeps_no_address_browser_referrer_or_search_words(throwaway_site):
    """With the deploy configuration (coalition/gunicorn.py), a search leaves a log line with its path and
    status only: not the words searched for, the reader's address, browser or the page they came from."""
    env = {**throwaway_site.env, "GUNICORN_CMD_ARGS": "--config python:coalition.gunicorn"}
    log = throwaway_site.directory / "privacy-gunicorn.log"
    with gunicorn(env, log) as server:
        wait_until_answering(server)
        request = urllib.request.Request(
            server.url + "/search/?q=leaving+my+partner",
            headers={"User-Agent": "Secret-Browser/1.0", "Referer": "https://elsewhere.example/private"},
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            assert response.status == 200
    lines = [line for line in log.read_text().splitlines() if '"GET ' in line]
    assert any('"GET /search/" 200' in line for line in lines), lines
    for line in lines:
        for secret in ("leaving", "partner", "q=", "Secret-Browser", "elsewhere", "127.0.0.1"):
            assert secret not in line, line
