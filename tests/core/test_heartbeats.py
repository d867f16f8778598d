"""The heartbeats /healthz/ reads (core.heartbeats): who counts as heard from, and beat's scheduler writing its own.
A real worker and beat through Redis restarts are in tests/integration/test_faults.py."""

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.utils import timezone

from core import heartbeats
from core.models import Heartbeat

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def seen(process, kind, queues, seconds_ago):
    Heartbeat.objects.create(process=process, kind=kind, queues=queues, seen_at=NOW - timedelta(seconds=seconds_ago))


def test_nothing_heard_is_silent():
    assert heartbeats.status(NOW) == {"worker": "silent", "exports_worker": "silent", "beat": "silent"}


@pytest.mark.parametrize(("ago", "verdict"), [(119, "ok"), (120, "ok"), (121, "silent"), (86400, "silent")])
def test_a_process_is_silent_after_the_setting(settings, ago, verdict):
    settings.HEARTBEAT_SILENT_SECONDS = 120
    seen("beat@web1", heartbeats.BEAT, "", ago)
    assert heartbeats.status(NOW)["beat"] == verdict


def test_each_queue_needs_a_worker_of_its_own(settings):
    settings.HEARTBEAT_SILENT_SECONDS = 120
    seen("worker:celery@a", heartbeats.WORKER, "celery", 5)
    seen("worker:exports@a", heartbeats.WORKER, "exports", 500)  # the exports worker died
    assert heartbeats.status(NOW) == {"worker": "ok", "exports_worker": "silent", "beat": "silent"}
    seen("worker:both@b", heartbeats.WORKER, "celery,exports", 1)  # `make worker` consumes both
    assert heartbeats.status(NOW) == {"worker": "ok", "exports_worker": "ok", "beat": "silent"}


def test_write_keeps_one_row_per_process_and_survives_a_failing_database(monkeypatch):
    heartbeats.write("worker:celery@a", heartbeats.WORKER, "celery")
    first = Heartbeat.objects.get().seen_at
    heartbeats.write("worker:celery@a", heartbeats.WORKER, "celery")
    assert Heartbeat.objects.count() == 1 and Heartbeat.objects.get().seen_at >= first

    def refuse(*args, **kwargs):
        raise DatabaseError("the database restarted")

    monkeypatch.setattr(Heartbeat.objects, "update_or_create", refuse)
    heartbeats.write("beat@a", heartbeats.BEAT)  # logged, not raised into Celery's loop


def test_beat_writes_its_heartbeat_and_wakes_up_for_the_next(settings, tmp_path):
    from config.celery import app

    settings.HEARTBEAT_SECONDS = 7
    scheduler = heartbeats.BeatScheduler(app, schedule_filename=str(tmp_path / "schedule"), lazy=True)
    scheduler.setup_schedule()
    scheduler.schedule.clear()  # nothing due: Celery alone would sleep for beat_max_loop_interval
    assert scheduler.tick() == 7
    assert Heartbeat.objects.get().kind == heartbeats.BEAT
    assert heartbeats.status()["beat"] == "ok"
    scheduler.close()
