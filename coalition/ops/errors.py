"""Server errors by e-mail to ADMINS: what broke and where, and nothing about the reader who met it.

Django's own error e-mail lists the request's headers (the reader's address, browser and cookies), its query
string (search words), its form data and nearly every setting, and a mail service carries it to a mailbox that
keeps it. Here the report is still Django's (AdminEmailHandler, in LOGGING in coalition/settings/base.py), built
from a stand-in for the request that holds only its method, path, host and signed-in user, and showing only the
settings that say which code ran. The log line Django writes for a 500 ("Internal Server Error: /path" and the
traceback) names the path without its query string, and nothing else of the request.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

DUMMY_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


class MailableError(logging.Filter):
    """An exception, when there are ADMINS and e-mail is set up (without EMAIL_URL the backend is Django's dummy
    one: no report is even built). A response a view sends as a 5xx on purpose, such as the health check's 503
    while the database is down, asked for every few seconds by each load balancer, stays in the log."""

    def filter(self, record):
        return bool(record.exc_info and settings.ADMINS) and settings.EMAIL_BACKEND != DUMMY_EMAIL_BACKEND


class RequestFacts(HttpRequest):
    """What a report may say of `request`: its method, scheme, host, path (never the query string) and user.
    Its GET, POST, COOKIES and META, which the report lists, hold nothing of the reader's."""

    def __init__(self, request):
        super().__init__()
        self.method = request.method
        self.path, self.path_info = request.path, request.path_info
        self.resolver_match = request.resolver_match
        self._facts_scheme = request.scheme
        try:
            host = request.get_host()
        except DisallowedHost:
            host = "a host not in ALLOWED_HOSTS"
        self.META = {"REQUEST_METHOD": request.method, "HTTP_HOST": host}
        if hasattr(request, "user"):
            self.user = request.user

    @property
    def scheme(self):
        return self._facts_scheme


class ReportFilter(SafeExceptionReporterFilter):
    """Django's filter, keeping of the settings only those that say which code ran: Django hides settings whose
    names look secret, not a password inside an address (REDIS_URL's, in CACHES)."""

    shown_settings = ("SETTINGS_MODULE", "INSTALLED_APPS", "MIDDLEWARE")

    def get_safe_settings(self):
        safe = super().get_safe_settings()
        return {name: safe[name] for name in self.shown_settings if name in safe}


class PrivateExceptionReporter(ExceptionReporter):
    """Django's report of an exception (type, message, traceback, the view), from RequestFacts."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(None if request is None else RequestFacts(request), *args, **kwargs)
        self.filter = ReportFilter()
