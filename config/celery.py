"""Celery application.

With ``CELERY_BROKER_URL`` unset (the embedded default) tasks run eagerly in the
calling process; see ``config.settings.base``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="portal.ping")
def ping():
    """Round trip used by the health check and the broker integration test."""
    return "pong"
