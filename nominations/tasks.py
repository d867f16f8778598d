"""Thin tasks: fetch by id, call the domain. Their results are in the database (Notification, Export, the audit
trail), so none is stored in the result backend: sending a task then needs only the broker."""

from celery import shared_task

from .domain import exports
from .domain.notifications import send, send_missed_notifications
from .domain.reminders import send_reminders
from .domain.sanctions import expire_sanctions
from .models import AuditEvent


@shared_task(name="nominations.send_notification", ignore_result=True)
def send_notification(event_id):
    """E-mail the people concerned by one audit event; a second run finds the record and sends nothing."""
    event = AuditEvent.objects.select_related("content_type").filter(pk=event_id).first()
    if event is None:
        return 0
    notification = send(event)
    return len(notification.recipients) if notification else 0


@shared_task(name="nominations.send_missed_notifications", ignore_result=True)
def send_missed_notifications_task():
    """Every few minutes: the notifications whose task never ran (the broker was down or restarted)."""
    return send_missed_notifications()


@shared_task(name="nominations.expire_sanctions", ignore_result=True)
def expire_sanctions_task():
    """Daily: mark the sanctions whose term has ended and tell the bureaus (the checks read the dates anyway)."""
    return expire_sanctions()


@shared_task(name="nominations.send_reminders", ignore_result=True)
def send_reminders_task():
    """Daily: remind the bureaus that have not acted, ``REMINDER_DAYS`` before each deadline, once each."""
    return send_reminders()


@shared_task(name="nominations.run_export", ignore_result=True)
def run_export(export_id):
    """Generate one export (PDF or XLSX); a second run finds it claimed or done and does nothing."""
    return exports.run(export_id)


@shared_task(name="nominations.requeue_exports", ignore_result=True)
def requeue_exports_task():
    """Every minute: send again the exports never queued, lost by the broker or left by a dead worker."""
    return exports.requeue_exports()
