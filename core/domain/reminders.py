"""Reminders before deadlines (DESIGN §4, daily): each bureau that has not yet acted hears once, ``REMINDER_DAYS``
before the deadline. The ``Reminder`` row is the record; a repeated or late run reminds nobody twice, and a deadline
already passed reminds nobody (the window is read from the clock).

Each stage knows its own deadlines: it registers a source (``reminds``), a function of ``(now, horizon)`` that calls
``remind`` for what falls due before ``horizon`` and returns how many reminders it sent.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Reminder
from .audit import record
from .notifications import notify_after_commit

SOURCES = []


def reminds(source):
    """Register ``source(now, horizon) -> int`` with the daily job."""
    SOURCES.append(source)
    return source


def remind(kind, subject, deadline):
    """Record and announce one reminder, unless it was already sent; True when sent now."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                kind=kind,
                content_type=ContentType.objects.get_for_model(subject),
                object_pk=str(subject.pk),
                deadline=deadline,
            )
            event = record(None, f"reminder.{kind}", subject, deadline=deadline.isoformat())
            notify_after_commit(event)
    except IntegrityError:  # reminded before (or by a concurrent run)
        return False
    return True


def send_reminders(now=None):
    """Run every registered source; returns how many reminders were sent."""
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.REMINDER_DAYS)
    return sum(source(now, horizon) for source in SOURCES)
