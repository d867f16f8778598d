from celery import shared_task

from .domain import exports
from .domain.notifications import send
from .domain.reminders import send_reminders
from .domain.sanctions import expire_sanctions
from .models import AuditEvent


@shared_task(name="nominations.send_notification")
def send_notification(event_id):
    """E-mail the people concerned by one audit event; a second run finds the record and sends nothing."""
    event = AuditEvent.objects.select_related("content_type").filter(pk=event_id).first()
    if event is None:
        return 0
    notification = send(event)
    return len(notification.recipients) if notification else 0


@shared_task(name="nominations.expire_sanctions")
def expire_sanctions_task():
    """Daily: mark the sanctions whose term has ended and tell the bureaus (the checks read the dates anyway)."""
    return expire_sanctions()


@shared_task(name="nominations.send_reminders")
def send_reminders_task():
    """Daily: remind the bureaus that have not acted, ``REMINDER_DAYS`` before each deadline, once each."""
    return send_reminders()


@shared_task(name="nominations.run_export")
def run_export(export_id):
    """Generate one export (PDF or XLSX); a second run finds it claimed or done and does nothing."""
    return exports.run(export_id)
