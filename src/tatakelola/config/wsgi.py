"""WSGI entry point (gunicorn). Configuration errors end the process with one line."""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tatakelola.config.settings")

from django.core.exceptions import ImproperlyConfigured

from tatakelola.config.startup import StartupError, check_broker

try:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    check_broker()
except (ImproperlyConfigured, StartupError) as exc:
    sys.stderr.write(f"tatakelola: configuration error: {exc}\n")
    raise SystemExit(2) from None
