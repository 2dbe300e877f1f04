"""Settings shared by every environment. Values that differ by machine come from the environment."""

import hashlib
import os
import tempfile
from datetime import timedelta
from email.headerregistry import Address
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from coalition.ops.storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "home",
    "resources",
    # The platform: knows no page model (see the layout in README.md).
    "coalition.caching",
    "coalition.accounts",
    "coalition.editorial",
    "coalition.search",
    "coalition.ops",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for anonymous readers (coalition/caching/), kept compressed as sent: outside the
    # compression, before anything that sets cookies.
    "coalition.caching.middleware.PageCacheMiddleware",
    # Pages are sent compressed; whitenoise already serves static files pre-compressed.
    "django.middleware.gzip.GZipMiddleware",
    # Inside the page cache, so a kept page keeps the policy whose nonce its <style> and <script> carry.
    "coalition.security.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The URL alone decides the language: LocaleMiddleware reads the /es/ prefix
    # and never sets a cookie.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Admin users give a code from their authenticator app once a session (coalition/accounts/).
    "coalition.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its "too many attempts" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coalition.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "coalition.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A kept connection is tested before a request reuses it, so a database restart fails no request after.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Whole pages for anonymous readers are kept this long at most (coalition/caching/); 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# The rows behind the chrome and the page at an address (home/chrome.py), under the same token;
# 0 reads them from the database on every request.
DATA_CACHE_SECONDS = int(os.environ.get("DATA_CACHE_SECONDS", "600"))

if REDIS_URL := os.environ.get("REDIS_URL"):
    redis_cache = {
        # Django's RedisCache, where Redis down or hung is a miss (short timeouts), not a server error.
        "BACKEND": "coalition.caching.backends.FailSoftRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "coalition"),
    }
    CACHES = {"default": redis_cache, "page_generation": redis_cache}
else:
    # Each process keeps pages in its own memory; the token that invalidates them is a file that every
    # process on this machine reads (gunicorn workers, cron's publish_scheduled), one per database.
    database = DATABASES["default"]
    database_id = f"{database.get('HOST', '')}:{database.get('PORT', '')}/{database.get('NAME', '')}"
    PAGE_CACHE_DIR = os.environ.get("PAGE_CACHE_DIR") or os.path.join(
        tempfile.gettempdir(), "coalition-page-cache-" + hashlib.sha256(database_id.encode()).hexdigest()[:12]
    )
    CACHES = {
        # Bounded: beyond MAX_ENTRIES (pages by site, address and encoding, and the chrome's rows; the demo
        # site needs about 230, some 2.5 MB) the oldest third is dropped, and no entry holds more than
        # 256 KB (coalition/caching/middleware.py). With REDIS_URL, Redis's maxmemory bounds it (docs/performance.md).
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}},
        "page_generation": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": PAGE_CACHE_DIR,
        },
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in protection. django-axes counts failed sign-ins where every worker and every machine sees the same
# count: in Redis when REDIS_URL is set (it expires by itself), else in the database (axes' own table, whose
# rows older than the cool-off it removes as it goes). A cache private to each process would let every
# gunicorn worker count for itself, so five wrong passwords would lock nothing.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler" if REDIS_URL else "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
# Username and address together: an editor who mistypes locks out only that account from that address,
# not colleagues sharing the office's connection, and nobody elsewhere can lock an editor out by typing
# their username. A guesser still gets five tries an account an address per cool-off.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lockout ends a fixed time after it began, as the page says, however often the form is sent meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "coalition.accounts.lockout.locked_out"
# Behind proxies, whose address a sign-in comes from, as django-ipware reads it for axes: CLIENT_IP_HEADER
# names the header the proxies fill (X-Forwarded-For, or X-Real-IP), PROXY_COUNT how many proxies stand in
# front of the site and add to it (1: nginx alone; 2: a CDN, then nginx). The address the first proxy saw is
# taken, counting from the right; anything a visitor wrote into the header before it is ignored. Without
# CLIENT_IP_HEADER every visitor would seem to come from the proxy; without the right count, from the CDN.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
PROXY_COUNT = int(os.environ.get("PROXY_COUNT") or (1 if CLIENT_IP_HEADER else 0))
if CLIENT_IP_HEADER:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_" + CLIENT_IP_HEADER.upper().replace("-", "_"), "REMOTE_ADDR")
    # ipware counts the proxies named in the header, which the one nearest the site is not.
    AXES_IPWARE_PROXY_COUNT = max(PROXY_COUNT - 1, 0)
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None
# Not strict: a header longer than the count (a visitor's own X-Forwarded-For before the proxies') still gives
# the address the first proxy added, where strict checking would fall back to the proxy's own address.
IPWARE_STRICT = False
# Logs name neither the username nor the address nor the browser of a failed sign-in.
AXES_VERBOSE = False
SILENCED_SYSTEM_CHECKS = []

# Two-factor sign-in to the admin (coalition/accounts/two_factor.py): a code from an authenticator app once a session.
ADMIN_TWO_FACTOR_REQUIRED = True

# Languages. English is served without a prefix, Spanish under /es/.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Spanish times in 12 hours, "7 p. m." (coalition/formats/, docs/spanish-style.md).
FORMAT_MODULE_PATH = ["coalition.formats"]
USE_I18N = True
TIME_ZONE = "America/Chicago"
USE_TZ = True
# Every date and time in the admin is Missouri time, as its labels say (resources/models/base.py), so Account
# offers no time zone. Wagtail's list was every name zoneinfo knows, Debian's "localtime" among them, which
# browsers refuse: the Account page failed with "RangeError: Invalid time zone specified: localtime".
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))


STORAGES = {
    "default": media_storage(os.environ, ALLOWED_HOSTS),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Wentzville Coalition")
# The name an authenticator app shows beside the admin's codes.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Restricted pages as readers meet them (home/restrictions.py): a password page shows this form in the
# site's design; a page for signed-in members sends readers to Wagtail's `wagtailcore_login` address, where
# the site says what the page is and links to the sign-in (the admin's, with the second step), then back.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "home/password_required.html"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Each page stemmed in its own language, accents ignored (coalition/search/backends/postgres.py).
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "coalition.search.backends.postgres",
            "SEARCH_CONFIG": "coalition_en",
            "LANGUAGE_CONFIGS": {"en": "coalition_en", "es": "coalition_es"},
        }
    }
else:
    # SQLite's full-text index ignores accents; one stemmer for every page. Wagtail's database backend,
    # ranking in one query however many pages match (coalition/search/backends/sqlite.py).
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "coalition.search.backends.sqlite"}}
# The admin must not call other hosts: no avatars from Gravatar, no version check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# E-mail: password reset, and Wagtail's review notifications (a page submitted: to the Moderators; approved or
# sent back: to whoever submitted it). EMAIL_URL as dj-email-url reads it: submission://user:password@host:587
# (STARTTLS), smtp://user:password@host:465?ssl=1 (TLS from the start), console:// (printed, for development).
# Without it nothing is sent or even tried (no connection to localhost:25), so the sign-in page offers no
# "Forgotten password?", whose "Check your email" would be untrue; `check --deploy` warns
# (coalition/accounts/checks.py).
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
if email_url := os.environ.get("EMAIL_URL"):
    email = dj_email_url.parse(email_url)
    if "EMAIL_BACKEND" not in email:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown scheme {email_url.split(':', 1)[0]!r}. For SMTP with TLS use "
            "submission://user:password@host:587 (STARTTLS) or smtp://user:password@host:465?ssl=1."
        )
    EMAIL_BACKEND = email["EMAIL_BACKEND"]
    EMAIL_HOST = email["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = email["EMAIL_USE_SSL"]
    # A mail server that does not answer holds up a password reset or a review action this long (?timeout=),
    # not for ever; the action then completes, and the failure is logged.
    EMAIL_TIMEOUT = email["EMAIL_TIMEOUT"] or 10
WAGTAIL_PASSWORD_RESET_ENABLED = EMAIL_BACKEND != "django.core.mail.backends.dummy.EmailBackend"
# Every e-mail comes from this address: one that the mail service lets this site send from.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or str(Address(WAGTAIL_SITE_NAME, "noreply", "localhost"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who gets an e-mail for each server error, when e-mail is on (coalition/ops/errors.py says what it holds):
# ADMINS="Ops Team <ops@example.org>, other@example.org", read into Django's (name, address) pairs.
ADMINS = [(name, address) for name, address in getaddresses([os.environ.get("ADMINS", "")]) if name or address]
for _name, admin_address in ADMINS:
    try:
        validate_email(admin_address)
    except ValidationError:
        raise ImproperlyConfigured(
            f"ADMINS: {admin_address!r} is not an e-mail address. Separate addresses with commas, and put any name "
            'before its address in angle brackets: ADMINS="Ops Team <ops@example.org>, other@example.org".'
        ) from None
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Pages to review go to the Moderators group, the task's reviewers, and not to administrators as well: Wagtail
# would send each administrator two e-mails a submission (the workflow's and the task's), even for their own.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# Security headers. Readers' pages: nothing but this site, and no inline script or style without the
# response's nonce (coalition/security.py gives the admin a relaxed policy). A page kept by the page cache
# keeps its nonce with it, as the CSP middleware sits inside the cache: the policy and the <style>
# and <script> it allows always agree.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# "no-referrer" would break the admin's CSRF check in Chromium (see ../shared/FACTS.md).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No page uses any of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

# Uploads (coalition/ops/uploads.py). No SVG: an SVG image can carry a script.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# A 48-megapixel phone photo fits; resizing a larger one could take more memory than the server has.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
# Every image upload is kept without its EXIF, XMP and IPTC data: a phone photo's says where it was taken.
WAGTAILIMAGES_IMAGE_FORM_BASE = "coalition.ops.uploads.ImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "csv", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Refuses a file whose contents are plainly not what its extension says (a web page renamed .pdf).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "coalition.ops.uploads.DocumentForm"
# Every download goes through Wagtail's view, which checks the collection's privacy, even from a bucket; every
# document is a download, never opened in the browser's tab, sent with `Content-Security-Policy: default-src
# 'none'` (django-csp keeps a policy already set) and `X-Content-Type-Options: nosniff`.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True

WAGTAIL_ALLOW_UNICODE_SLUGS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "mailable_error": {"()": "coalition.ops.errors.MailableError"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Each server error to ADMINS, with nothing of the reader's: no address, browser, cookies, query string
        # or form data (coalition/ops/errors.py).
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "mailable_error"],
            "include_html": False,
            "reporter_class": "coalition.ops.errors.PrivateExceptionReporter",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Instead of Django's own handlers for "django", whose e-mail would list the request's headers, query and
        # cookies; its records still reach the console through the root logger.
        "django": {"handlers": []},
        "django.request": {"handlers": ["mail_admins"]},
    },
}


def require_secret_key(key):
    if not key:
        raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")
    return key


# Shown on the 500 page, which must work when the database does not. Keep in step with the hotlines.
ERROR_PAGE_CONTACTS = [
    {"name": _("Emergency: police, fire, ambulance"), "number": "911", "tel": "911"},
    {
        "name": _("National Human Trafficking Hotline (24/7, confidential)"),
        "number": "1-888-373-7888",
        "tel": "+18883737888",
        "text": "233733",
    },
]

# A hotline or service whose facts were checked longer ago than this shows in the "Facts to check" report.
VERIFICATION_MAX_AGE_DAYS = int(os.environ.get("VERIFICATION_MAX_AGE_DAYS", "180"))

# The school grade pages should read at (coalition/editorial/readability.py); a page above it is in "Reading level".
READABILITY_TARGET_GRADE = float(os.environ.get("READABILITY_TARGET_GRADE", "8"))

# The admin speaks the editor's chosen language (Account › Preferences).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# "Translate this page" on a live page makes a draft translation, as for a draft page: wagtail-localize
# would publish it at once, before a single string is translated, which the whole-translation rule
# (resources/publishing.py) refuses.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Machine translation in the translation editor: off unless a service is configured.
if os.environ.get("DEEPL_AUTH_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ["DEEPL_AUTH_KEY"]},
    }
elif os.environ.get("LIBRETRANSLATE_URL"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": os.environ["LIBRETRANSLATE_URL"],
            "API_KEY": os.environ.get("LIBRETRANSLATE_API_KEY", ""),
        },
    }

# A CDN in front of the site is told which addresses to drop when content changes (coalition/caching/purge.py).
# Off unless configured; several can be configured at once.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    # A cache that accepts HTTP PURGE requests, e.g. Varnish or nginx: http://127.0.0.1:6081
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_API_TOKEN"):
    if not os.environ.get("CLOUDFLARE_ZONE_ID"):
        raise ImproperlyConfigured("CLOUDFLARE_API_TOKEN needs CLOUDFLARE_ZONE_ID as well.")
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    # AWS credentials come from the usual AWS environment variables or the machine's role.
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }
# coalition/caching/purge.py names every language's address itself; Wagtail must not rewrite them by language prefix.
WAGTAILFRONTENDCACHE_LANGUAGES = []
