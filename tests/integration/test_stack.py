"""The production stack: PostgreSQL and a Celery worker on the Redis broker.

These run in CI (``.ci/run`` sets DATABASE_URL and CELERY_BROKER_URL) and skip with
the reason on a machine without the services.
"""

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.integration


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：设置 DATABASE_URL=postgres://… 后运行（CI 会设置）")


@pytest.fixture
def broker():
    if not settings.CELERY_BROKER_URL:
        pytest.skip("需要 Redis：设置 CELERY_BROKER_URL=redis://… 后运行（CI 会设置）")
    import redis

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"Redis 不可达：{error}")


def test_the_tree_lives_in_postgresql(postgresql):
    from provinces.models import Division

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM provinces_division")
        assert cursor.fetchone()[0] == Division.objects.count() == 3214


def test_a_real_worker_runs_a_task_through_redis(broker, settings):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app, ping

    assert not app.conf.task_always_eager
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert ping.delay().get(timeout=20) == "pong"


def test_healthz_checks_database_and_broker(broker, client, db):
    from core.models import Heartbeat

    Heartbeat.objects.all().delete()  # no worker, no beat heard from
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "worker": "silent",
        "exports_worker": "silent",
        "beat": "silent",
    }
    assert client.get("/healthz/?strict").status_code == 503
