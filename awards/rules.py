"""Policy rules of the awards (art. 10, 11, 13) and of what takes them back: disqualification (art. 14), revocation
(art. 14, 15) and the fraud findings with their referrals (art. 14)."""

from accounts import policy
from nominations.rules import nomination_q, nomination_view, own_applicant
from provinces.enums import Role

from .models import Award, AwardTask, FraudFinding


@policy.rule("nomination.disqualify")
def _nomination_disqualify(user, nomination):
    """Disqualification and the sanctions of art. 14: SAMR leadership."""
    return policy.has_role(user, Role.SAMR_APPROVER) and nomination_view(user, nomination)


@policy.rule("award.revoke")
def _award_revoke(user, nomination):
    """Revocation (art. 14, art. 15): SAMR leadership."""
    return policy.has_role(user, Role.SAMR_APPROVER) and nomination_view(user, nomination)


@policy.rule("award.measures")
def _award_measures(user, nomination):
    """The measures of one award, changed after the report (art. 10, 11): SAMR leadership, who chose them."""
    return policy.has_role(user, Role.SAMR_APPROVER) and nomination_view(user, nomination)


@policy.rule("award.record_achievement")
def _award_record_achievement(user, nomination):
    """What a locality achieved, on which art. 10(1) and 10(4) rest (art. 4: what SAMR knows): SAMR staff."""
    return policy.has_role(user, Role.SAMR_REVIEWER, Role.SAMR_APPROVER) and nomination_view(user, nomination)


@policy.scope(FraudFinding, view_action="fraud_finding.view")
def _fraud_finding_scope(user):
    return nomination_q(user, "nomination__")


@policy.rule("fraud_finding.view")
def _fraud_finding_view(user, finding):
    return nomination_view(user, finding.nomination)


@policy.rule("fraud_finding.refer")
def _fraud_finding_refer(user, finding):
    """The recommendation to a local government (art. 14: 按照管理权限向相关地方人民政府建议依法依规给予处理): SAMR
    leadership, who found the fraud."""
    return policy.has_role(user, Role.SAMR_APPROVER) and nomination_view(user, finding.nomination)


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
