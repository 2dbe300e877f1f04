"""Privacy on the server's side: what the access log keeps of a reader's visit."""

import urllib.request

import pytest

from tests.test_page_cache import gunicorn, throwaway_site, wait_until_answering  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_the_access_log_keeps_no_address_browser_referrer_or_search_words(throwaway_site):  # noqa: F811
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
