"""Policy rules of the awards (art. 10, 11, 13) and of what takes them back: disqualification (art. 14) and
revocation (art. 14, 15)."""

from accounts import policy
from nominations.rules import nomination_q, nomination_view, own_applicant
from provinces.enums import Role

from .models import Award, AwardTask


@policy.rule("nomination.disqualify")
def _nomination_disqualify(user, nomination):
    """Disqualification and the sanctions of art. 14: SAMR leadership."""
    return policy.has_role(user, Role.SAMR_APPROVER) and nomination_view(user, nomination)


@policy.rule("award.revoke")
def _award_revoke(user, nomination):
    """Revocation (art. 14, art. 15): SAMR leadership."""
    return policy.has_role(user, Role.SAMR_APPROVER) and nomination_view(user, nomination)


@policy.scope(Award, view_action="award.view")
def _award_scope(user):
    return nomination_q(user, "nomination__")


@policy.rule("award.view")
def _award_view(user, award):
    return nomination_view(user, award.nomination)


@policy.scope(AwardTask, view_action="award_task.view")
def _award_task_scope(user):
    return nomination_q(user, "award__nomination__")


@policy.rule("award_task.view")
def _award_task_view(user, task):
    return nomination_view(user, task.award.nomination)


@policy.rule("award_task.assign")
def _award_task_assign(user, nomination):
    """Pilots, exchanges and research for awarded localities (art. 13): SAMR staff."""
    return policy.has_role(user, Role.SAMR_REVIEWER, Role.SAMR_APPROVER)


# art. 13: the awarded locality's own bureau reports on its tasks.
policy.rule("award_task.report")(own_applicant)
