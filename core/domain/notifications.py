"""Who hears about what: an e-mail for each audit event that concerns a bureau, sent after the commit by a Celery
task, and recorded (``Notification``) so that a repeated task sends nothing again. An event whose task never ran
(the broker was down or lost it) is sent by the periodic ``send_missed_notifications``."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from provinces.enums import Role
from provinces.models import Membership

from .broker import enqueue

PROVINCE = (Role.PROVINCE_REVIEWER, Role.PROVINCE_APPROVER)
APPLICANT = (Role.APPLICANT,)
SAMR = (Role.SAMR_REVIEWER, Role.SAMR_APPROVER)

# action → (label, [(roles, whose bureau)]): "division" the subject's locality (an application's applicant, a
# sanction's locality or province), "province" the province of the subject's locality, None the national bureau.
# Each app declares who hears of its actions (its ``events.py``) through ``notify_of``.
AUDIENCE = {}


def notify_of(audiences):
    """Register who hears of an app's actions: ``{"nomination.submit": (_("新申报待核实"), [(roles, scope)]), …}``."""
    for action, audience in audiences.items():
        if action in AUDIENCE:
            raise ValueError(f"the audience of {action!r} declared twice")
        AUDIENCE[action] = audience


def notify_after_commit(event):
    if event.action not in AUDIENCE:
        return
    from ..tasks import send_notification

    transaction.on_commit(lambda: enqueue(send_notification, event.pk))


def _division_of(subject):
    if hasattr(subject, "division"):
        return subject.division
    if hasattr(subject, "nomination"):
        return subject.nomination.division
    return getattr(subject, "province", None)


def recipients(event, subject):
    """E-mail addresses of the active users who should hear of ``event`` about ``subject``."""
    addresses = set()
    division = _division_of(subject)
    for roles, scope in AUDIENCE[event.action][1]:
        memberships = Membership.objects.filter(role__in=roles, user__is_active=True).exclude(user__email="")
        if scope == "division":
            memberships = memberships.filter(bureau__division=division)
        elif scope == "province":
            memberships = memberships.filter(bureau__division=division.province if division.province_id else division)
        else:
            memberships = memberships.filter(bureau__division__isnull=True)
        addresses.update(memberships.values_list("user__email", flat=True))
    return sorted(addresses)


def send(event):
    """Send the e-mail of ``event`` and record it. The record and the sending share one transaction: a failed send
    leaves no record (the task can run again), a recorded one is never sent again."""
    from ..models import Notification

    if event.action not in AUDIENCE or Notification.objects.filter(event=event).exists():
        return None
    subject = event.content_type.get_object_for_this_type(pk=event.object_pk)
    addresses = recipients(event, subject)
    if not addresses:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        label = str(AUDIENCE[event.action][0])
        title = _("【激励推荐认定平台】%(object)s：%(action)s") % {"object": event.object_repr, "action": label}
        body = _("%(object)s：%(action)s。\n说明：%(comment)s\n时间：%(at)s\n请登录平台查看。") % {
            "object": event.object_repr,
            "action": label,
            "comment": event.comment or "—",
            "at": f"{timezone.localtime(event.at):%Y-%m-%d %H:%M}",
        }
    try:
        with transaction.atomic():
            notification = Notification.objects.create(event=event, recipients=addresses, subject=title, body=body)
            send_mail(title, body, None, addresses)
    except IntegrityError:  # a concurrent run recorded it first
        return None
    return notification


# How far back the periodic job looks for events left unsent: longer than a broker outage over a weekend.
MISSED_NOTIFICATIONS_DAYS = 3


def send_missed_notifications(now=None):
    """The periodic job's side effect: send the notifications of the recent events that have none yet (their task
    was never queued or was lost); ``send`` records each once, so a task still in the queue sends nothing again.
    Returns how many were sent."""
    from ..models import AuditEvent

    since = (now or timezone.now()) - timedelta(days=MISSED_NOTIFICATIONS_DAYS)
    unsent = AuditEvent.objects.filter(action__in=AUDIENCE, at__gte=since, notification__isnull=True)
    return sum(send(event) is not None for event in unsent.select_related("content_type").order_by("at", "pk"))
