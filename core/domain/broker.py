"""Handing work to the Celery workers without trusting the broker to be there.

What is to be done is always in the database first (an ``Export`` pending, an ``AuditEvent`` without its
``Notification``); the message only says "now". When Redis cannot be reached, or restarts and loses its queue, the
action that asked still succeeds and a periodic job sends the work again (``exports.requeue_exports``,
``notifications.send_missed_notifications``).
"""

import logging

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue(task, *args):
    """Send ``task(*args)`` to the workers; False, logged, when the broker cannot be reached (after kombu's own
    short publish retries)."""
    try:
        task.delay(*args)
    except OperationalError:
        logger.warning("broker unreachable: %s%r left for the periodic catch-up", task.name, args, exc_info=True)
        return False
    return True
