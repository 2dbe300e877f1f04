"""Readers still get pages when Redis is down or hung, never a stale one after it comes back, and a page
with the help lines when the database fails. bench/load.py does the same under load, with restarts."""

import html
import shutil
import socket
import subprocess
import threading
import time
import uuid
from contextlib import contextmanager

import pytest

from django.db import OperationalError, connection
from django.test import Client, override_settings

from coalition.caching.backends import FailSoftRedisCache
from resources.models import FaqPage
from tests.servers import free_port

# The three pages render in about a second on the CI machine; without timeouts a hung Redis would hold
# the first for ever. (That Redis is tried once, not on every cache call, the failure count shows.)
SECONDS = 10


def faq_page():
    return FaqPage.objects.live().filter(locale__language_code="en").order_by("path").first()


def text(response):
    return html.unescape(response.content.decode())


@contextmanager
def caches_in_redis(url):
    """The page cache, its token and Django's default cache in Redis at `url`, as REDIS_URL would have them."""
    redis_cache = {
        "BACKEND": "coalition.caching.backends.FailSoftRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": f"test-faults-{uuid.uuid4().hex}",
    }
    with override_settings(CACHES={"default": redis_cache, "page_generation": redis_cache}, PAGE_CACHE_SECONDS=600):
        yield


@pytest.fixture(autouse=True)
def redis_reachable_again(monkeypatch):
    """No test inherits another's "Redis is down, skip it for a while", nor leaves a token to replace."""
    from coalition.caching import generation

    monkeypatch.setattr(generation, "_failures_seen", generation._failures_seen)
    FailSoftRedisCache._retry_at.clear()
    yield
    FailSoftRedisCache._retry_at.clear()


def read_three_pages(client):
    """Home, an FAQ page and a search: each a 200 with its own content; returns the seconds they took."""
    faq = faq_page()
    started = time.monotonic()
    home = client.get("/")
    questions = client.get(faq.url)
    search = client.get("/search/", {"q": faq.title})
    took = time.monotonic() - started
    assert (home.status_code, questions.status_code, search.status_code) == (200, 200, 200)
    assert "Get help now" in text(home)
    assert f"<h1>{faq.title}</h1>" in text(questions)
    assert f">{faq.title}</a>" in text(search)
    return took


def test_pages_are_served_when_nothing_listens_at_the_redis_address(demo_site):
    """With Redis down, the home page, an FAQ page and search answer 200, trying Redis once, not on every call."""
    failures = FailSoftRedisCache.failures
    with caches_in_redis(f"redis://127.0.0.1:{free_port()}/0"):
        took = read_three_pages(Client())
    assert FailSoftRedisCache.failures - failures == 1
    assert took < SECONDS


def test_pages_are_served_quickly_when_redis_never_answers(demo_site):
    """A Redis that accepts connections and never answers costs one short timeout, not a hung worker."""
    silent = socket.create_server(("127.0.0.1", 0), backlog=64)
    # Without timeouts the requests would wait for ever: closing the socket ends them, and the test fails.
    guard = threading.Timer(3 * SECONDS, silent.close)
    guard.start()
    failures = FailSoftRedisCache.failures
    try:
        with caches_in_redis(f"redis://127.0.0.1:{silent.getsockname()[1]}/0"):
            took = read_three_pages(Client())
    finally:
        guard.cancel()
        silent.close()
    assert FailSoftRedisCache.failures - failures == 1
    assert took < SECONDS


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own on a free port, that keeps its data in a file when told to SAVE."""
    if not shutil.which("redis-server"):
        pytest.skip("no redis-server on the PATH (Debian package redis-server)")
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path), "--save", ""]
    servers = []

    def start():
        import redis

        servers.append(subprocess.Popen([*command, "--appendonly", "no"], stdout=subprocess.DEVNULL))
        client = redis.Redis(port=port, socket_connect_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail("the private redis-server did not start")

    def stop():
        servers[-1].terminate()
        servers[-1].wait(10)

    yield start, stop, f"redis://127.0.0.1:{port}/0"
    for server in servers:
        server.kill()
        server.wait()


def test_a_page_published_while_redis_was_down_is_not_hidden_when_it_comes_back(demo_site, private_redis, monkeypatch):
    """Redis back with the pages of before an outage: the reader gets the page published during it."""
    start, stop, url = private_redis
    monkeypatch.setattr(FailSoftRedisCache, "retry_seconds", 0)
    faq = faq_page()
    client = Client()
    with caches_in_redis(url):
        from django.core.cache import caches

        store = start()
        client.get(faq.url)
        assert client.get(faq.url)["X-Cache"] == "hit"
        token = caches["page_generation"].get("page-cache:generation")
        store.save()
        stop()

        faq.title = "Changed while Redis was down"
        faq.save_revision().publish()
        during = client.get(faq.url)

        store = start()
        # Redis came back from its file with the old token and the old page.
        assert store.get(caches["page_generation"].make_and_validate_key("page-cache:generation")) is not None
        assert caches["page_generation"].get("page-cache:generation") == token
        after = client.get(faq.url)
    assert "<h1>Changed while Redis was down</h1>" in text(during)
    assert after["X-Cache"] == "miss"
    assert "<h1>Changed while Redis was down</h1>" in text(after)


def test_a_database_failure_gives_the_error_page_with_the_help_lines(demo_site):
    """When every query fails (the database is down), the reader gets the 500 page with 911 and the hotline."""

    def database_down(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    url = faq_page().url
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(database_down):
        response = client.get(url)
    assert response.status_code == 500
    assert "Sorry, something went wrong" in text(response)
    assert 'href="tel:911"' in text(response)
    assert 'href="tel:+18883737888"' in text(response)


def test_every_cache_call_is_a_miss_when_redis_is_down(monkeypatch):
    """Reads give their default, writes give up and a count starts again: no call raises."""
    monkeypatch.setattr(FailSoftRedisCache, "retry_seconds", 0)  # every call tries Redis
    failures = FailSoftRedisCache.failures
    cache = FailSoftRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["key"]) == {}
    assert cache.has_key("key") is False
    assert cache.set("key", 1) is None
    assert cache.add("key", 1) is False
    assert cache.set_many({"key": 1, "other": 2}) == ["key", "other"]
    assert cache.touch("key") is False
    assert cache.incr("key", 3) == 3
    assert cache.get_or_set("key", 2) == 2
    assert cache.delete("key") is False
    assert cache.delete_many(["key"]) is None
    assert cache.clear() is False
    assert FailSoftRedisCache.failures - failures == 14
