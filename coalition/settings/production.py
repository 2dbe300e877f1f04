"""Production: secrets and hosts from the environment, hashed compressed static files, HTTPS."""

from .base import *  # noqa: F403
from .base import env_bool, require_secret_key

DEBUG = False
SECRET_KEY = require_secret_key(os.environ.get("SECRET_KEY"))  # noqa: F405

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer checks /healthz over plain HTTP on the private network; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Where plain HTTP requests are sent, when not to the same host name: e.g. "www.example.org".
SECURE_SSL_HOST = os.environ.get("SECURE_SSL_HOST") or None  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# `manage.py check --deploy --fail-level WARNING` passes; what it would warn about, and why not:
SILENCED_SYSTEM_CHECKS = list(SILENCED_SYSTEM_CHECKS)  # noqa: F405
if not SECURE_HSTS_PRELOAD:
    # W021: preloading puts the domain and every subdomain in browsers' built-in HTTPS-only lists, hard to
    # undo; the operator opts in (SECURE_HSTS_PRELOAD=1) once every subdomain serves HTTPS.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
if not SECURE_SSL_REDIRECT:
    # W008, W012, W016: SECURE_SSL_REDIRECT=0 is for checking the production settings over plain HTTP on
    # 127.0.0.1 (tests, benchmarks), where a redirect to HTTPS or HTTPS-only cookies would stop every request.
    SILENCED_SYSTEM_CHECKS += ["security.W008", "security.W012", "security.W016"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405
