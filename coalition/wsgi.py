"""WSGI entry point, used by gunicorn: `gunicorn coalition.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings.production")

application = get_wsgi_application()
