"""Whether the background processes are alive, as ``/healthz/`` reports it (docs/operations.md "Health").

Each Celery worker writes its heartbeat every ``HEARTBEAT_SECONDS`` while it is connected to the broker (a consumer
step: it stops while the worker reconnects, and with the worker), beat while it runs its schedule (its scheduler's
tick). A process not heard from for ``HEARTBEAT_SILENT_SECONDS`` is *silent*: the worker died or lost Redis for
good, and the periodic jobs, the e-mail or the exports with it.

The worker also runs without Celery's own gossip, mingle and event heartbeat (``without_gossip`` …, set in
``config.celery``): they talk to the other workers through Redis fan-out channels, which no part of the portal uses,
and their restart after Redis comes back is where a worker fails (``Error on restarting Gossip``, and at worst
``Unrecoverable error: AttributeError … 'hostname'``: kombu closing a channel of a connection already closed).
"""

import logging
import socket
from datetime import timedelta
from time import monotonic

from celery import bootsteps
from celery.beat import PersistentScheduler
from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Heartbeat

logger = logging.getLogger(__name__)

WORKER, BEAT = "worker", "beat"
# What /healthz/ reports: the default queue's workers, the exports queue's (settings.CELERY_TASK_QUEUES), beat.
PROCESSES = {"worker": (WORKER, "celery"), "exports_worker": (WORKER, "exports"), "beat": (BEAT, "")}


def write(process, kind, queues=""):
    """Record that ``process`` is alive now. Whatever fails is logged, never raised into Celery's loop: a heartbeat
    must not stop what it reports on (a failing database's connection is dropped so the next one opens anew)."""
    try:
        Heartbeat.objects.update_or_create(
            process=process, defaults={"kind": kind, "queues": queues, "seen_at": timezone.now()}
        )
    except Exception:  # noqa: BLE001 - see the docstring
        logger.warning("heartbeat of %s not written", process, exc_info=True)
        connection.close()


def status(now=None):
    """{"worker" | "exports_worker" | "beat": "ok" | "silent"}: whether a process of each kind was heard from within
    ``HEARTBEAT_SILENT_SECONDS`` (one query)."""
    now = now or timezone.now()
    since = now - timedelta(seconds=settings.HEARTBEAT_SILENT_SECONDS)
    heard = set()
    for kind, queues in Heartbeat.objects.filter(seen_at__gte=since).values_list("kind", "queues"):
        heard.add((kind, ""))
        heard.update((kind, queue) for queue in queues.split(",") if queue)
    return {name: "ok" if process in heard else "silent" for name, process in PROCESSES.items()}


class WorkerHeartbeat(bootsteps.StartStopStep):
    """A consumer step: started once the worker consumes from the broker (again after a reconnection), stopped
    while it reconnects and when it stops."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent, **kwargs):
        self.timer_entry = None
        super().__init__(parent, **kwargs)

    def start(self, consumer):
        queues = ",".join(sorted(queue.name for queue in consumer.task_consumer.queues))
        process = f"{WORKER}:{consumer.hostname}"
        write(process, WORKER, queues)
        self.timer_entry = consumer.timer.call_repeatedly(
            settings.HEARTBEAT_SECONDS, write, (process, WORKER, queues), priority=10
        )

    def stop(self, consumer):
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None

    shutdown = stop


class BeatScheduler(PersistentScheduler):
    """Celery's own scheduler (its schedule file), which also writes beat's heartbeat and wakes up for it."""

    heard_at = None

    def tick(self, *args, **kwargs):
        if self.heard_at is None or monotonic() - self.heard_at >= settings.HEARTBEAT_SECONDS:
            write(f"{BEAT}@{socket.gethostname()}", BEAT)
            self.heard_at = monotonic()
        return min(super().tick(*args, **kwargs), settings.HEARTBEAT_SECONDS)
