"""/healthz, for load balancers: 200 while the database and the cache answer, 503 naming the check that failed;
never kept by a cache, no cookie, whatever the host; and left out of gunicorn's access log."""

import importlib
import logging
import uuid
from datetime import timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from gunicorn.config import Config

from django.db import OperationalError, connection
from django.test import Client, RequestFactory, override_settings

from wagtail.models import Site

from coalition.caching.backends import FailSoftRedisCache
from tests.servers import free_port, redis_url

pytestmark = pytest.mark.django_db

HEALTHY = "database ok\ncache ok\n"


def database_down(execute, sql, params, many, context):
    raise OperationalError("connection to server at 10.1.2.3 failed: Connection refused")


@pytest.fixture(autouse=True)
def redis_reachable_again(monkeypatch):
    """No test inherits another's "Redis is down, skip it for a while", nor leaves a failure count that would make
    the page cache replace its token."""
    monkeypatch.setattr(FailSoftRedisCache, "failures", FailSoftRedisCache.failures)
    FailSoftRedisCache._retry_at.clear()
    yield
    FailSoftRedisCache._retry_at.clear()


def assert_never_kept_and_no_cookie(response):
    assert "no-store" in response["Cache-Control"]
    assert "X-Cache" not in response
    assert not response.cookies
    assert "Set-Cookie" not in response


def body(response):
    return response.content.decode()


@pytest.mark.parametrize("host", ["testserver", "127.0.0.1"])
def test_healthz_says_both_checks_pass(client, host):
    """With the database and the cache up: a 200 in plain text that says so and nothing else, no cookie, no caching."""
    response = client.get("/healthz", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert body(response) == HEALTHY
    assert_never_kept_and_no_cookie(response)


def test_healthz_needs_no_wagtail_site_for_the_host(client, settings):
    """A host the load balancer uses (allowed, but the address of no Wagtail site, and no default site) is a 200."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "10.0.0.7"]
    Site.objects.update(is_default_site=False)
    assert Site.find_for_request(RequestFactory().get("/", HTTP_HOST="10.0.0.7")) is None
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert body(response) == HEALTHY
    assert_never_kept_and_no_cookie(response)


def test_healthz_answers_head_and_refuses_post():
    """HEAD gets the GET's status and headers and no body; POST (or any other method) is refused with a 405, CSRF
    token or not."""
    client = Client(enforce_csrf_checks=True)
    head = client.head("/healthz")
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(HEALTHY))
    assert_never_kept_and_no_cookie(head)
    assert client.post("/healthz").status_code == 405
    assert client.put("/healthz").status_code == 405


def test_healthz_is_503_while_the_database_is_down_and_never_served_from_a_cache(client, caplog):
    """Each request checks again: a 200, then a 503 naming the database (and no error text) while every query
    fails, then a 200 once it is back."""
    assert client.get("/healthz").status_code == 200
    with connection.execute_wrapper(database_down), caplog.at_level(logging.WARNING):
        down = client.get("/healthz")
    assert down.status_code == 503
    assert body(down) == "database failed\ncache ok\n"
    assert_never_kept_and_no_cookie(down)
    # Why is in the error log, for the operator.
    assert "Health check: the database failed (OperationalError(" in caplog.text
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize(
    "backend", ["coalition.caching.backends.FailSoftRedisCache", "django.core.cache.backends.redis.RedisCache"]
)
def test_healthz_is_503_while_redis_is_down(client, settings, backend):
    """Redis at a port where nothing listens: the fail-soft backend's misses, like Django's own backend's errors,
    make a 503 naming the cache."""
    down = {"BACKEND": backend, "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}
    with override_settings(CACHES={**settings.CACHES, "default": down}):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert body(response) == "database ok\ncache failed\n"
    assert_never_kept_and_no_cookie(response)


def test_healthz_writes_and_reads_back_through_redis_and_leaves_nothing(client, settings):
    """With Redis up (the fail-soft backend, as REDIS_URL sets it), the cache check passes and leaves no key behind;
    nor does the page cache, which does not look for this address at all."""
    import redis

    url = redis_url()
    prefix = f"test-health-{uuid.uuid4().hex}"
    up = {"BACKEND": "coalition.caching.backends.FailSoftRedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    with (
        override_settings(CACHES={**settings.CACHES, "default": up}),
        mock.patch.object(FailSoftRedisCache, "set", autospec=True, side_effect=FailSoftRedisCache.set) as written,
    ):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert body(response) == HEALTHY
    [(_cache, key, _value)] = [call.args[:3] for call in written.call_args_list]
    assert key.startswith("healthz:")
    assert redis.Redis.from_url(url).keys(f"{prefix}:*") == []


def access_log_of(tmp_path):
    """gunicorn's logger as coalition/gunicorn.py configures it, writing its access log to a file."""
    cfg = Config()
    module = importlib.import_module("coalition.gunicorn")
    for name, value in vars(module).items():
        if name in cfg.settings:
            cfg.set(name, value)
    log = tmp_path / "access.log"
    cfg.set("accesslog", str(log))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    return cfg.logger_class(cfg), log


def access(logger, method, path, query, status):
    environ = {
        "REQUEST_METHOD": method,
        "RAW_URI": f"{path}?{query}" if query else path,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_USER_AGENT": "Secret-Browser/1.0",
    }
    request = SimpleNamespace(headers=[("USER-AGENT", "Secret-Browser/1.0")])
    response = SimpleNamespace(status=status, headers=[("Content-Type", "text/plain")], sent=17)
    logger.access(response, request, environ, timedelta(milliseconds=4))


def test_gunicorn_leaves_health_checks_out_of_the_access_log(tmp_path):
    """Health checks, passed or failed, GET or HEAD, leave no line; a reader's request still leaves its line, in
    the privacy-minded format (path without the query, no address or browser)."""
    logger, log = access_log_of(tmp_path)
    try:
        access(logger, "GET", "/healthz", "", "200 OK")
        access(logger, "HEAD", "/healthz", "", "200 OK")
        access(logger, "GET", "/healthz", "", "503 Service Unavailable")
        access(logger, "GET", "/search/", "q=secret+words", "200 OK")
    finally:
        for handler in [*logger.access_log.handlers, *logger.error_log.handlers]:
            handler.close()
    lines = log.read_text().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].endswith('"GET /search/" 200 17 4ms')
    for secret in ("healthz", "secret", "203.0.113.9", "Secret-Browser"):
        assert secret not in lines[0]
