"""Run every periodic job once, in this process: what Celery beat schedules, for the embedded default (no Redis)
and for operators catching up after beat was down. Each job is idempotent; running this twice changes nothing
more."""

from celery import current_app as app
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run each periodic job of CELERY_BEAT_SCHEDULE once, in-process."

    def handle(self, *args, **options):
        app.loader.import_default_modules()
        for entry in settings.CELERY_BEAT_SCHEDULE.values():
            name = entry["task"]
            task = app.tasks[name]
            result = task.apply().get()
            self.stdout.write(f"{name}: {result}")
