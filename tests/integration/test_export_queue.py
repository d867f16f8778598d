"""The exports' own queue on the real broker: a requested export is one message on ``exports`` and none on ``celery``;
a worker of the ``celery`` queue leaves it, the exports worker makes it (as docker-compose.yml runs them)."""

import time

import pytest
from django.conf import settings
from django.db import connection

from documents.domain import exports
from documents.models import Export, ExportState

from ..documents.conftest import campaign, published  # noqa: F401
from .test_periodic import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def broker():
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL:
        pytest.skip("需要 PostgreSQL 和 Redis（CI 会设置 DATABASE_URL 和 CELERY_BROKER_URL）")
    import redis
    from django.contrib.contenttypes.models import ContentType

    from config.celery import app

    ContentType.objects.clear_cache()
    app.control.purge()
    try:
        yield app, redis.Redis.from_url(settings.CELERY_BROKER_URL)
    finally:
        # A worker started with queues narrows the app's own selection; the next worker must consume every queue.
        app.amqp.queues._consume_from = None


def consuming(app, queue):
    from celery.contrib.testing.worker import start_worker

    return start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING", queues=[queue])


def test_an_export_is_for_the_exports_worker_only(broker, published, campaign, samr_reviewer):  # noqa: F811
    app, redis = broker

    with consuming(app, "celery"):  # the main worker, its queue declared on the broker
        export = exports.request_export(samr_reviewer, "final_list_pdf", {"campaign": campaign.pk})
        time.sleep(3)

    assert Export.objects.get(pk=export.pk).state == ExportState.PENDING
    assert (redis.llen("exports"), redis.llen("celery")) == (1, 0)
    with consuming(app, "exports"):
        assert wait_for(lambda: Export.objects.get(pk=export.pk).is_finished, timeout=60)
    assert Export.objects.get(pk=export.pk).state == ExportState.DONE
