"""Celery faults on the real services: the state stays consistent and the next run catches up.

* a worker killed (SIGKILL) in the middle of an export: the export is made once, by the next worker, after the
  periodic ``requeue_exports`` finds its run gone stale;
* Redis restarted during a campaign: an export and a workflow action while it is down succeed and are kept, an
  export queued before the restart (its message lost: no persistence) is sent again, the worker reconnects;
* beat down for a day: on its return the missed runs fire once, close the publicity periods that ended meanwhile,
  expire the sanctions, send the reminders; a second run does nothing more.

The first two start their own ``redis-server`` on a free port (the machine's Redis is shared and never restarted)
and workers in subprocesses, as in production. A worker killed while waiting in the publicity close is in
test_periodic.py. They run in CI and skip with the reason elsewhere.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from core.models import AuditEvent, Notification, Reminder
from core.tasks import send_missed_notifications_task
from criteria.enums import SanctionKind, SanctionReason
from criteria.models import Sanction
from documents.domain import exports
from documents.models import Export, ExportState
from documents.tasks import requeue_exports_task
from nominations.domain import applications, workflow
from nominations.domain.campaigns import open_campaign
from nominations.models import Campaign
from provinces.models import Division
from publicity.models import PublicityPeriod

from ..documents.conftest import campaign, published  # noqa: F401
from ..nominations.conftest import complete
from ..nominations.factories import CampaignFactory
from .test_periodic import ROOT, campaign_factory, closes, period, stack, wait_for  # noqa: F401

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
FINAL_LIST = "final_list_pdf"
CAUGHT_UP = ("publicity.close", "sanction.end", "reminder.application")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Services:
    """A private Redis (started, killed, restarted at will) and Celery workers in subprocesses against the test
    database, sharing this process's MEDIA_ROOT; this process's Celery app sends to the same Redis."""

    def __init__(self, app, workdir):
        self.app = app
        self.workdir = workdir
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.redis = None
        self.workers = []
        self.files_before = export_files()  # this test session's earlier files

    def new_files(self):
        return sorted(export_files() - self.files_before)

    def start_redis(self):
        import redis

        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        assert wait_for(lambda: self._answers(client), timeout=10, step=0.05), "redis-server did not start"

    @staticmethod
    def _answers(client):
        import redis

        try:
            return client.ping()
        except redis.exceptions.ConnectionError:
            return False

    def kill_redis(self, sig=signal.SIGKILL):
        """Stop Redis: SIGKILL as in a crash, SIGTERM as ``systemctl restart`` or ``docker restart`` does."""
        self.redis.send_signal(sig)
        self.redis.wait(timeout=10)

    def environment(self):
        db = connection.settings_dict
        return {
            **os.environ,
            # The development settings read MEDIA_ROOT from the environment (the test settings make their own).
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "false",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "CELERY_BROKER_URL": self.url,
            "EXPORT_STALE_MINUTES": str(settings.EXPORT_STALE_MINUTES),
            "HEARTBEAT_SECONDS": "1",
        }

    def start_worker(self, *options, log=None):
        """A worker in a subprocess: ``--pool solo`` unless ``options`` say otherwise; its log to ``log``."""
        options = options or ("--pool", "solo")
        return self._start(["worker", *options, "--loglevel", "WARNING"], log)

    def start_beat(self, schedule, log=None):
        return self._start(["beat", "--schedule", str(schedule), "--loglevel", "WARNING"], log)

    def _start(self, command, log):
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *command],
            cwd=ROOT,
            env=self.environment(),
            stderr=None if log is None else log.open("w"),
        )
        self.workers.append(process)
        return process

    @contextmanager
    def sending(self):
        """Point this process's Celery app at the private Redis. ``broker_url`` itself yields to the environment's
        CELERY_BROKER_URL; the write URL does not. The connection pools are made per URL: drop the cached ones."""
        self._switch(self.url)
        try:
            yield
        finally:
            self._switch(None)

    def _switch(self, url):
        self.app.conf.broker_write_url = url
        self.app._pool = None
        self.app.amqp._producer_pool = None

    def stop(self):
        for process in [*self.workers, self.redis]:
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture
def services(tmp_path):
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL:
        pytest.skip("需要 PostgreSQL 和 Redis（CI 会设置 DATABASE_URL 和 CELERY_BROKER_URL）")
    if not shutil.which("redis-server"):
        pytest.skip("需要 redis-server 可执行文件（apt-get install redis-server）")
    from django.contrib.contenttypes.models import ContentType

    from config.celery import app

    ContentType.objects.clear_cache()
    services = Services(app, tmp_path)
    services.start_redis()
    try:
        with services.sending():
            yield services
    finally:
        services.stop()


@contextmanager
def table_locked(table):
    """Hold an exclusive lock on ``table`` from another connection: whoever reads it waits."""
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    ) as holder:
        holder.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            holder.rollback()


def stale_by_now(*exports_):
    """As if ``EXPORT_STALE_MINUTES`` had passed since these exports were queued and started."""
    gone = timedelta(minutes=settings.EXPORT_STALE_MINUTES + 1)
    Export.objects.filter(pk__in=[e.pk for e in exports_]).update(
        queued_at=F("queued_at") - gone, started_at=F("started_at") - gone
    )


def done(*exports_):
    return Export.objects.filter(pk__in=[e.pk for e in exports_], state=ExportState.DONE).count() == len(exports_)


def export_files():
    """The generated files on disk, as names in the private storage."""
    private = settings.MEDIA_ROOT / "private"
    return {str(path.relative_to(private)) for path in private.glob("exports/**/*") if path.is_file()}


def test_an_export_whose_worker_is_killed_is_made_once_by_the_next(services, published, campaign, samr_reviewer):  # noqa: F811
    export = exports.request_export(samr_reviewer, FINAL_LIST, {"campaign": campaign.pk})
    with table_locked("awards_reportdocument"):  # the render's first read: the worker stops inside it
        first = services.start_worker()
        assert wait_for(lambda: Export.objects.filter(pk=export.pk, progress=10).exists(), timeout=60)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    left = Export.objects.get(pk=export.pk)
    assert (left.state, left.progress, left.file.name) == (ExportState.RUNNING, 10, "")
    assert exports.requeue_exports() == 0  # not stale yet: a live worker could still be at it

    stale_by_now(export)
    services.start_worker()
    requeue_exports_task.delay()  # the periodic job's next run, as beat sends it
    assert wait_for(lambda: done(export), timeout=60)

    export.refresh_from_db()
    assert services.new_files() == [export.file.name]
    with exports.open_export(samr_reviewer, export) as opened:
        assert opened.read(4) == b"%PDF"
    finished = (export.finished_at, export.sha256, export.file.name)
    # The dead worker's message comes back when the broker's visibility timeout ends: its run changes nothing.
    assert exports.run(export.pk) == ExportState.DONE
    export.refresh_from_db()
    assert (export.finished_at, export.sha256, export.file.name) == finished
    assert Export.objects.count() == 1 and services.new_files() == [export.file.name]
    assert AuditEvent.objects.filter(action="export.request").count() == 1


def test_redis_restarted_during_a_campaign(
    services,
    published,  # noqa: F811
    campaign,  # noqa: F811
    samr_reviewer,
    county_clerk,
    province_reviewer,
):
    nomination = complete(applications.create_nomination(county_clerk, campaign, "quality"), county_clerk)
    lost = exports.request_export(samr_reviewer, FINAL_LIST, {"campaign": campaign.pk})  # queued, no worker yet

    services.kill_redis()  # no persistence: the queued message is gone
    started = time.monotonic()
    kept = exports.request_export(samr_reviewer, FINAL_LIST, {"campaign": campaign.pk})
    submitted = workflow.submit(county_clerk, nomination, pledge=True)
    assert time.monotonic() - started < 10  # kombu's short publish retries, then the action goes on
    assert "任务队列暂时不可用" in kept.message and kept.queued_at is None
    assert submitted.state == "submitted"
    services.start_redis()

    services.start_worker()
    after = exports.request_export(samr_reviewer, FINAL_LIST, {"campaign": campaign.pk})
    assert wait_for(lambda: done(after), timeout=60)  # the next task works
    assert Export.objects.get(pk=lost.pk).state == Export.objects.get(pk=kept.pk).state == ExportState.PENDING

    requeue_exports_task.delay()
    assert wait_for(lambda: done(kept), timeout=60)  # never queued: sent by the next periodic run
    assert Export.objects.get(pk=lost.pk).state == ExportState.PENDING  # queued as far as anyone knows
    stale_by_now(lost)
    requeue_exports_task.delay()
    assert wait_for(lambda: done(lost), timeout=60)  # queued too long ago: sent again

    event = AuditEvent.objects.get(action="nomination.submit", object_pk=str(nomination.pk))
    assert not Notification.objects.filter(event=event).exists()
    send_missed_notifications_task.delay()
    assert wait_for(lambda: Notification.objects.filter(event=event).exists(), timeout=30)
    assert Notification.objects.get(event=event).recipients == [province_reviewer.email]

    services.kill_redis()  # again, with a worker connected this time
    services.start_redis()
    last = exports.request_export(samr_reviewer, FINAL_LIST, {"campaign": campaign.pk})
    assert last.queued_at is not None  # the sending side reconnects by itself
    assert wait_for(lambda: done(last), timeout=60)  # so does the worker

    assert Export.objects.filter(state=ExportState.DONE).count() == Export.objects.count() == 4
    assert services.new_files() == sorted(Export.objects.values_list("file", flat=True))
    assert AuditEvent.objects.filter(action="export.request").count() == 4
    assert Notification.objects.filter(event__action="nomination.submit").count() == 1


def test_a_production_worker_carries_on_through_redis_restarts_and_healthz_tells_when_it_stops(
    services,
    published,  # noqa: F811
    campaign,  # noqa: F811
    samr_reviewer,
    client,
    settings,
    tmp_path,
):
    """Issue 18, item 2: a worker as production runs it (prefork, both queues), with beat, through Redis stopped as
    a restart does (SIGTERM, back at once), crashed (SIGKILL) and down for a while; /healthz/ shows each process."""
    settings.HEARTBEAT_SILENT_SECONDS = 4
    log = tmp_path / "worker.log"
    worker = services.start_worker("-Q", "celery,exports", "--concurrency", "1", log=log)
    services.start_beat(tmp_path / "celerybeat-schedule", log=tmp_path / "beat.log")

    def health(strict=True):
        response = client.get("/healthz/?strict" if strict else "/healthz/")
        return response.status_code, response.json()

    everything_ok = (200, {"database": "ok", "broker": "ok", "worker": "ok", "exports_worker": "ok", "beat": "ok"})
    assert wait_for(lambda: health() == everything_ok, timeout=60), health()
    first = exports.request_export(samr_reviewer, FINAL_LIST, {"campaign": campaign.pk})
    assert wait_for(lambda: done(first), timeout=60)

    for sig, outage in ((signal.SIGTERM, 0), (signal.SIGKILL, 0), (signal.SIGTERM, 0.5)):
        services.kill_redis(sig)
        time.sleep(outage)
        services.start_redis()
        time.sleep(3)  # the worker notices, reconnects and restarts its consumer steps
    services.kill_redis()
    pending = exports.request_export(samr_reviewer, FINAL_LIST, {"campaign": campaign.pk})  # the broker is down
    assert pending.queued_at is None
    time.sleep(settings.HEARTBEAT_SILENT_SECONDS + 1)  # a worker that cannot consume stops its heartbeat
    status, body = health()
    assert (status, body["broker"], body["worker"], body["exports_worker"]) == (503, "unavailable", "silent", "silent")
    assert health(strict=False)[0] == 503  # no broker: the web cannot hand work on
    services.start_redis()

    assert wait_for(lambda: health() == everything_ok, timeout=60), health()  # heard from again
    assert worker.poll() is None, log.read_text()
    requeue_exports_task.delay()  # the periodic job's next run: the export requested while Redis was down
    assert wait_for(lambda: done(pending), timeout=60)
    assert Export.objects.count() == 2 and services.new_files() == sorted(Export.objects.values_list("file", flat=True))
    written = log.read_text()
    assert "Unrecoverable error" not in written and "Error on restarting" not in written, written

    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert wait_for(lambda: health()[1]["worker"] == "silent", timeout=30)
    status, body = health()
    assert (status, body["worker"], body["exports_worker"], body["beat"]) == (503, "silent", "silent", "ok")
    assert health(strict=False)[0] == 200  # a stopped worker never takes the web out of a load balancer


def test_beat_down_for_a_day_catches_up_once(stack, campaign_factory, admin_user, county_clerk, tmp_path):  # noqa: F811
    from celery.beat import EmbeddedService, PersistentScheduler
    from celery.contrib.testing.worker import start_worker

    app = stack
    now, today = timezone.now(), timezone.localdate()
    ended_yesterday = period(campaign_factory, admin_user, "quality", starts_in=-8 * 86400, ends_in=-20 * 3600)
    ended_today = period(campaign_factory, admin_user, "quality", starts_in=-7 * 86400, ends_in=-2 * 3600)
    running = period(campaign_factory, admin_user, "quality", starts_in=-6 * 86400, ends_in=3600)
    ban = {
        "division": Division.objects.get(code="630202"),
        "kind": SanctionKind.APPLICATION_BAN,
        "reason": SanctionReason.FRAUD,
    }
    this_year = open_campaign(admin_user, CampaignFactory(ready=True))
    over = Sanction.objects.create(
        **ban, starts_on=today - timedelta(days=1095), first_year=this_year.year - 3, last_year=this_year.year - 1
    )
    current = Sanction.objects.create(
        **ban, starts_on=today - timedelta(days=30), first_year=this_year.year, last_year=this_year.year + 1
    )
    Campaign.objects.filter(pk=this_year.pk).update(application_deadline=now + timedelta(days=2))
    draft = applications.create_nomination(county_clerk, this_year, "quality")  # reminded from yesterday on

    # The schedule beat kept on disk says every job last ran 25 hours ago: beat was down since.
    schedule_file = str(tmp_path / "beat-schedule")
    scheduler = PersistentScheduler(app=app, schedule_filename=schedule_file)
    for entry in scheduler.schedule.values():
        entry.last_run_at = now - timedelta(hours=25)
    scheduler.sync()
    scheduler.close()
    beat = EmbeddedService(app, thread=True, schedule_filename=schedule_file)
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            beat.start()
            assert wait_for(lambda: closes(ended_yesterday.pk) and closes(ended_today.pk), timeout=30)
            assert wait_for(lambda: Sanction.objects.filter(pk=over.pk, expired_at__isnull=False).exists(), 30)
            assert wait_for(lambda: Reminder.objects.filter(object_pk=str(draft.pk)).exists(), timeout=30)
            time.sleep(2)  # beat keeps ticking; nothing is due again for a minute
    finally:
        beat.stop()

    assert not closes(running.pk) and PublicityPeriod.objects.get(pk=running.pk).is_open()
    assert not Sanction.objects.filter(pk=current.pk, expired_at__isnull=False).exists()
    closed = AuditEvent.objects.filter(action="publicity.close").order_by("at", "pk")
    assert [event.object_pk for event in closed] == [str(ended_yesterday.pk), str(ended_today.pk)]  # oldest first
    counts = {action: AuditEvent.objects.filter(action=action).count() for action in CAUGHT_UP}
    assert counts == {"publicity.close": 2, "sanction.end": 1, "reminder.application": 1}

    for task in ("publicity.close_ended_periods", "nominations.expire_sanctions", "core.send_reminders"):
        assert app.tasks[task].apply().get() == 0  # beat's next runs find nothing left
    assert {action: AuditEvent.objects.filter(action=action).count() for action in CAUGHT_UP} == counts
