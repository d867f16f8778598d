"""The periodic jobs on the real stack: Celery beat and a worker on Redis against PostgreSQL.

* publicity opens and closes on time: a period of a few seconds (the clock is the real one; the period is stored
  directly, skipping the working-day arithmetic tested elsewhere), beat firing every second, the worker doing the
  side effect once however often it runs;
* a worker killed in the middle of a run leaves each period either wholly processed or untouched, and the next run
  catches up.

They run in CI (``.ci/run`` sets DATABASE_URL and CELERY_BROKER_URL) and skip with the reason elsewhere.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.models import AuditEvent
from national.models import NationalList
from publicity.domain.publicity import close_ended_periods
from publicity.models import PublicityPeriod

# Real commits (the worker has its own connection); the database is restored from its serialized state before each
# test, as in test_concurrency, so the tests that run after these find the migrations' data.
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ROOT = settings.BASE_DIR


@pytest.fixture
def stack():
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：设置 DATABASE_URL=postgres://… 后运行（CI 会设置）")
    if not settings.CELERY_BROKER_URL:
        pytest.skip("需要 Redis：设置 CELERY_BROKER_URL=redis://… 后运行（CI 会设置）")
    import redis

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"Redis 不可达：{error}")
    from django.contrib.contenttypes.models import ContentType

    from config.celery import app

    ContentType.objects.clear_cache()  # ids cached by earlier tests of this process may be gone after a flush
    app.control.purge()
    return app


def period(campaign_factory, user, category, *, starts_in, ends_in):
    campaign = campaign_factory()
    national_list = NationalList.objects.create(campaign=campaign, category=category, state="in_publicity")
    now = timezone.now()
    return PublicityPeriod.objects.create(
        national_list=national_list,
        starts_at=now + timedelta(seconds=starts_in),
        ends_at=now + timedelta(seconds=ends_in),
        working_days=5,
        notice_title="公示",
        notice_text="公示内容",
        created_by=user,
    )


@pytest.fixture
def campaign_factory(admin_user):
    from tests.nominations.factories import CampaignFactory

    years = iter(range(2030, 2040))
    return lambda: CampaignFactory(year=next(years), ready=True)


def wait_for(predicate, timeout=30.0, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def closes(pk):
    return PublicityPeriod.objects.filter(pk=pk, closed_at__isnull=False).exists()


def test_beat_and_a_worker_close_a_period_on_time_and_once(stack, campaign_factory, admin_user, tmp_path):
    from celery.beat import EmbeddedService
    from celery.contrib.testing.worker import start_worker

    app = stack
    running = period(campaign_factory, admin_user, "quality", starts_in=2, ends_in=4)
    schedule = {"close": {"task": "publicity.close_ended_periods", "schedule": 1.0}}
    original = app.conf.beat_schedule
    app.conf.beat_schedule = schedule
    beat = EmbeddedService(app, thread=True, schedule_filename=str(tmp_path / "beat-schedule"))
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            beat.start()
            assert not running.is_open() and not running.has_started()  # read from the clock: not yet
            assert wait_for(lambda: PublicityPeriod.objects.get(pk=running.pk).is_open(), timeout=5, step=0.1)
            assert not closes(running.pk)  # beat has fired meanwhile, nothing to do yet
            assert wait_for(lambda: closes(running.pk), timeout=20)
            assert not PublicityPeriod.objects.get(pk=running.pk).is_open()
            time.sleep(3)  # beat keeps firing; nothing more happens
    finally:
        beat.stop()
        app.conf.beat_schedule = original
    assert AuditEvent.objects.filter(action="publicity.close", object_pk=str(running.pk)).count() == 1


def test_a_worker_killed_in_the_middle_leaves_consistent_state(stack, campaign_factory, admin_user):
    first = period(campaign_factory, admin_user, "quality", starts_in=-30, ends_in=-10)
    second = period(campaign_factory, admin_user, "quality", starts_in=-60, ends_in=-5)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
    )
    try:
        with transaction.atomic():
            # Hold the second period's row: the worker closes the first, then blocks on the second.
            PublicityPeriod.objects.select_for_update().get(pk=second.pk)
            stack.send_task("publicity.close_ended_periods")
            assert wait_for(lambda: closes(first.pk), timeout=60)
            worker.send_signal(signal.SIGKILL)  # killed while waiting inside its second transaction
            worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert closes(first.pk) and not closes(second.pk)
    assert AuditEvent.objects.filter(action="publicity.close").count() == 1
    assert close_ended_periods() == 1  # the next run catches up with the second only
    assert close_ended_periods() == 0
    assert AuditEvent.objects.filter(action="publicity.close").count() == 2
