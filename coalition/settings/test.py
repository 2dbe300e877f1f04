"""Tests: plain static storage, a fast password hasher, local-memory cache unless REDIS_URL is set."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405

# wagtail-localize's dummy translator: the machine-translation button works without any network.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}

# The page cache's generation token in this process's memory: other test runs on the machine
# (which share a database name, hence a generation file or Redis) must not invalidate this one's pages.
CACHES = {
    **CACHES,  # noqa: F405
    "page_generation": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-generation"},
}

# E-mail off, as without EMAIL_URL, whatever the shell running the tests holds: tests/test_email.py points the
# site at a mail server of its own.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
ADMINS = []
WAGTAIL_PASSWORD_RESET_ENABLED = False
