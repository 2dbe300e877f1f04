"""gunicorn's settings for production: `gunicorn --config python:coalition.gunicorn coalition.wsgi`.

The access log keeps what an operator needs (time, method, path, status, size, duration) and nothing about
the reader: no IP address, no browser, no referrer, no query string (search words are in it), and leaves out
the load balancer's health checks. Options on the command line or in GUNICORN_CMD_ARGS override these.
"""

import multiprocessing
import os

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
accesslog = "-"
errorlog = "-"
# %(U)s is the path without its query string; %(h)s (address), %(a)s (browser), %(f)s (referrer) and
# %(r)s / %(q)s (which carry the query) are left out on purpose.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# The proxy in front (load balancer, web server) says whether the request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


class AccessLogWithoutHealthChecks(Logger):
    """gunicorn's logger, whose access log skips /healthz (coalition/ops/health.py): a check every few seconds
    from each load balancer would bury the readers' requests. A failing check is still in the error log."""

    quiet_paths = frozenset({"/healthz"})

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") not in self.quiet_paths:
            super().access(resp, req, environ, request_time)


logger_class = AccessLogWithoutHealthChecks
