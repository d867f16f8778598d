"""Celery application.

With ``CELERY_BROKER_URL`` unset (the embedded default) tasks run eagerly in the
calling process; see ``config.settings.base``.
"""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def eager_without_a_broker(sender, **kwargs):
    """The embedded default runs tasks in the calling process; Celery's eager path still builds a producer (to
    serialise as a real send would) on the configured connection, which never opens. With no broker configured that
    connection has no host, and kombu warned "No hostname was supplied" at every task: an in-memory transport says
    what is true and warns of nothing."""
    if sender.conf.task_always_eager and not sender.conf.broker_url:
        sender.conf.broker_url = "memory://localhost/"


# Each worker writes its heartbeat while it consumes (core.heartbeats, read by /healthz/).
app.steps["consumer"].add("core.heartbeats:WorkerHeartbeat")


@signals.worker_init.connect
def without_fanout_features(sender, **kwargs):
    """Every worker runs as with ``--without-gossip --without-mingle --without-heartbeat``, whatever its command line:
    those features (workers telling each other over Redis fan-out channels) serve no part of the portal, and restarting
    them after Redis comes back is where a worker fails (core.heartbeats). ``sender.options`` are the options its
    consumer is built with, read after this signal."""
    sender.options.update(without_gossip=True, without_mingle=True, without_heartbeat=True)


@app.task(name="portal.ping")
def ping():
    """Round trip used by the health check and the broker integration test."""
    return "pong"
