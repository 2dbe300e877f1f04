"""The protections hold in the default deployment (#16): each test here failed against the production settings
before its fix, probed as an attacker would, against gunicorn with more than one worker and no Redis."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.servers import NoRedirect, build_site, drop_site, gunicorn, wait_until_answering

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-at-all"


@pytest.fixture(scope="module")
def throwaway_site(tmp_path_factory, django_db_blocker):
    site = build_site(tmp_path_factory.mktemp("security-site"), django_db_blocker)
    yield site
    drop_site(site, django_db_blocker)


def sign_in(url, username, password):
    """One sign-in as a browser makes it (the form, its CSRF token, the post) on new connections, so that
    gunicorn hands each request to whichever worker is free. Returns the post's status."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(url + "/admin/login/", timeout=10) as form:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.read().decode()).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    request = urllib.request.Request(
        url + "/admin/login/", data=data.encode(), headers={"Referer": url + "/admin/login/"}
    )
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_five_wrong_passwords_lock_the_account_in_every_worker(throwaway_site, tmp_path):
    """Without Redis, each gunicorn worker counted failed sign-ins for itself: twelve wrong passwords got 200s
    and 429s mixed, and the right password then signed in. Now the count is shared by every worker."""
    with gunicorn(throwaway_site.env, tmp_path / "gunicorn.log", workers=3) as server:
        wait_until_answering(server)
        statuses = [sign_in(server.url, "site-test", WRONG) for _ in range(12)]
        assert statuses[:4] == [200] * 4, statuses
        assert statuses[5:] == [429] * 7, statuses
        right = [sign_in(server.url, "site-test", "a-long-test-password") for _ in range(6)]
        assert right == [429] * 6, "the right password must not get in while the account is locked out"


def test_hsds_errors_are_not_kept_by_caches(client, demo_site):
    """A 400 or 404 from the HSDS API was sent `public, max-age=300`: a CDN would keep answering "no such service"
    for five minutes after it was published. Errors are now never cached; answers still are."""
    from django.urls import reverse

    for url, status in [
        (reverse("hsds:services") + "?per_page=0", 400),
        (reverse("hsds:service", args=["00000000-0000-0000-0000-000000000000"]), 404),
        (reverse("hsds:organization", args=["not-an-id"]), 404),
    ]:
        response = client.get(url)
        assert response.status_code == status
        assert "public" not in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
    assert client.get(reverse("hsds:services"))["Cache-Control"] == "public, max-age=300"
