"""Who hears about a state change, sent after the transaction commits (Celery)."""

from django.db import transaction

from provinces.enums import Role
from provinces.models import Membership

# action → (roles to tell, whose division: "division" = the applicant's, "province" = its province, None = SAMR)
AUDIENCE = {
    "nomination.submit": ((Role.PROVINCE_REVIEWER,), "province"),
    "nomination.resubmit": ((Role.PROVINCE_REVIEWER,), "province"),
    "nomination.return": ((Role.APPLICANT,), "division"),
    "nomination.verify": ((Role.APPLICANT,), "division"),
    "nomination.reject": ((Role.APPLICANT,), "division"),
    "nomination.recommend": ((Role.APPLICANT,), "division"),
    "recommendation.confirm": ((Role.PROVINCE_REVIEWER,), "province"),
    "recommendation.recommend": ((Role.SAMR_REVIEWER,), None),
    "nomination.information.request": ((Role.PROVINCE_REVIEWER, Role.PROVINCE_APPROVER), "province"),
    "nomination.information.answer": ((Role.SAMR_REVIEWER,), None),
}


def notify_after_commit(event):
    if event.action not in AUDIENCE:
        return
    from ..tasks import send_notification

    transaction.on_commit(lambda: send_notification.delay(event.pk))


def recipients(event, subject):
    """E-mail addresses of the active users who should hear of ``event`` about ``subject``."""
    roles, scope = AUDIENCE[event.action]
    memberships = Membership.objects.filter(role__in=roles, user__is_active=True).exclude(user__email="")
    if scope == "division":
        memberships = memberships.filter(bureau__division=subject.division)
    elif scope == "province":
        province = subject.division.province if hasattr(subject, "division") else subject.province
        memberships = memberships.filter(bureau__division=province)
    return sorted(set(memberships.values_list("user__email", flat=True)))
