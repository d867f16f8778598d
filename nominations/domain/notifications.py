"""Who hears about what: an e-mail for each audit event that concerns a bureau, sent after the commit by a Celery
task, and recorded (``Notification``) so that a repeated task sends nothing again. An event whose task never ran
(the broker was down or lost it) is sent by the periodic ``send_missed_notifications``."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from provinces.enums import Role
from provinces.models import Membership

from .broker import enqueue

PROVINCE = (Role.PROVINCE_REVIEWER, Role.PROVINCE_APPROVER)
APPLICANT = (Role.APPLICANT,)
SAMR = (Role.SAMR_REVIEWER, Role.SAMR_APPROVER)

# action → (label, [(roles, whose bureau)]): "division" the subject's locality (an application's applicant, a
# sanction's locality or province), "province" the province of the subject's locality, None the national bureau.
AUDIENCE = {
    "nomination.submit": (gettext_lazy("新申报待核实"), [((Role.PROVINCE_REVIEWER,), "province")]),
    "nomination.resubmit": (gettext_lazy("修改后重新提交"), [((Role.PROVINCE_REVIEWER,), "province")]),
    "nomination.return": (gettext_lazy("申报被退回修改"), [(APPLICANT, "division")]),
    "nomination.verify": (gettext_lazy("申报已通过核实"), [(APPLICANT, "division")]),
    "nomination.reject": (gettext_lazy("申报未获推荐"), [(APPLICANT, "division")]),
    "nomination.shortlist": (gettext_lazy("列入本省拟推荐名单"), [(APPLICANT, "division")]),
    "nomination.recommend": (gettext_lazy("已推荐至市场监管总局"), [(APPLICANT, "division")]),
    "recommendation.confirm": (gettext_lazy("省政府已确认推荐名单"), [((Role.PROVINCE_REVIEWER,), "province")]),
    "recommendation.recommend": (gettext_lazy("收到省级推荐"), [((Role.SAMR_REVIEWER,), None)]),
    "nomination.information.request": (gettext_lazy("总局要求补充材料"), [(PROVINCE, "province")]),
    "nomination.information.answer": (gettext_lazy("省级已答复补充材料要求"), [((Role.SAMR_REVIEWER,), None)]),
    "nomination.publicise": (gettext_lazy("列入建议名单并公示"), [(APPLICANT, "division"), (PROVINCE, "province")]),
    "nomination.finalise": (
        gettext_lazy("入选真抓实干成效明显地方"),
        [(APPLICANT, "division"), (PROVINCE, "province")],
    ),
    "nomination.not_select": (gettext_lazy("本年度未入选"), [(APPLICANT, "division")]),
    "nomination.award": (gettext_lazy("获得激励支持"), [(APPLICANT, "division"), (PROVINCE, "province")]),
    "nomination.revoke": (gettext_lazy("激励被撤销"), [(APPLICANT, "division"), (PROVINCE, "province")]),
    "nomination.disqualify": (gettext_lazy("申报被取消资格"), [(APPLICANT, "division"), (PROVINCE, "province")]),
    "sanction.start": (gettext_lazy("资格限制开始"), [(APPLICANT + PROVINCE, "division")]),
    "sanction.end": (gettext_lazy("资格限制期满"), [(APPLICANT + PROVINCE, "division")]),
    "publicity.close": (gettext_lazy("公示期已结束"), [(SAMR, None)]),
    "objection.submit": (gettext_lazy("收到公示异议"), [((Role.SAMR_REVIEWER,), None)]),
    "award_task.assign": (gettext_lazy("总局部署工作任务"), [(APPLICANT, "division")]),
    "award_task.report": (gettext_lazy("工作任务情况报告"), [((Role.SAMR_REVIEWER,), None)]),
    "reminder.application": (gettext_lazy("申报即将截止"), [(APPLICANT, "division")]),
    "reminder.revision": (gettext_lazy("退回修改即将到期"), [(APPLICANT, "division")]),
    "reminder.province": (gettext_lazy("省级推荐即将截止"), [(PROVINCE, "division")]),
    "reminder.information": (gettext_lazy("补充材料答复即将到期"), [(PROVINCE, "province")]),
}


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
