"""The Celery application. With no broker configured, tasks run in-process (eager)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tatakelola.config.settings")

app = Celery("tatakelola")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
