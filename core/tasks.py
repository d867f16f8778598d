"""Thin tasks: fetch by id, call the domain. Their results are in the database (``Notification``, ``Reminder``, the
audit trail), so none is stored in the result backend: sending a task then needs only the broker."""

from celery import shared_task

from .domain.notifications import send, send_missed_notifications
from .domain.reminders import send_reminders
from .models import AuditEvent


@shared_task(name="core.send_notification", ignore_result=True)
def send_notification(event_id):
    """E-mail the people concerned by one audit event; a second run finds the record and sends nothing."""
    event = AuditEvent.objects.select_related("content_type").filter(pk=event_id).first()
    if event is None:
        return 0
    notification = send(event)
    return len(notification.recipients) if notification else 0


@shared_task(name="core.send_missed_notifications", ignore_result=True)
def send_missed_notifications_task():
    """Every few minutes: the notifications whose task never ran (the broker was down or restarted)."""
    return send_missed_notifications()


@shared_task(name="core.send_reminders", ignore_result=True)
def send_reminders_task():
    """Daily: remind the bureaus that have not acted, ``REMINDER_DAYS`` before each deadline, once each."""
    return send_reminders()
