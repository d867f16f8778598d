"""Policy rules for campaigns, sanctions and the audit trail."""

from django.db.models import Q

from accounts import policy
from provinces.enums import Role

from .enums import NATIONAL_STATES, AttachmentPurpose
from .models import (
    Attachment,
    Award,
    AwardTask,
    Campaign,
    ExpertAssignment,
    Export,
    InformationRequest,
    NationalList,
    Nomination,
    ProvinceRecommendation,
    Sanction,
)


@policy.scope(Campaign, view_action="campaign.view")
def _campaign_scope(user):
    return Q()


@policy.rule("campaign.view")
def _campaign_view(user, campaign):
    return user.is_authenticated


@policy.rule("campaign.manage")
def _campaign_manage(user, campaign):
    return policy.is_admin(user)


@policy.rule("campaign.acknowledge")
def _campaign_acknowledge(user, campaign):
    # art. 7(2): the provincial market-regulation department relays the call.
    return policy.has_role(user, *policy.PROVINCE_ROLES)


@policy.rule("campaign.acknowledgements.view")
def _acknowledgements_view(user, campaign):
    return policy.is_national(user)


@policy.scope(Sanction, view_action="sanction.view")
def _sanction_scope(user):
    return policy.jurisdiction(user, "division")


@policy.rule("sanction.view")
def _sanction_view(user, sanction):
    return policy.in_jurisdiction(user, sanction.division)


# ---------------------------------------------------------------- applications

APPLICANT_ONLY = frozenset({Role.APPLICANT})
REVIEWER_ONLY = frozenset({Role.PROVINCE_REVIEWER})
APPROVER_ONLY = frozenset({Role.PROVINCE_APPROVER})


def _nomination_q(user, prefix=""):
    """Applicants see their own, provinces their province's, SAMR what has been recommended to it."""
    if policy.is_admin(user):
        return Q()
    q = policy.jurisdiction(user, f"{prefix}division", roles_with_scope=APPLICANT_ONLY | policy.PROVINCE_ROLES)
    if policy.is_national(user):
        q |= Q(**{f"{prefix}state__in": NATIONAL_STATES})
    return q


@policy.scope(Nomination, view_action="nomination.view")
def _nomination_scope(user):
    return _nomination_q(user)


@policy.scope(Attachment, view_action="attachment.download")
def _attachment_scope(user):
    """The applicant's evidence for everyone who sees the application (an expert: those granted to it); the
    province's verification and supplementary files only for those who read the reviews (docs/documents.md)."""
    if policy.is_admin(user):
        return Q()
    reviewers = policy.jurisdiction(user, "nomination__division", roles_with_scope=policy.PROVINCE_ROLES)
    if policy.is_national(user):
        reviewers |= Q(nomination__state__in=NATIONAL_STATES)
    applicant = policy.jurisdiction(user, "nomination__division", roles_with_scope=APPLICANT_ONLY)
    grants = policy.granted_ids(user, Nomination)
    granted = Q(nomination__in=sorted(grants)) if grants else Q(pk__in=[])
    return reviewers | ((applicant | granted) & Q(purpose=AttachmentPurpose.EVIDENCE))


@policy.rule("nomination.view")
def _nomination_view(user, nomination):
    if policy.is_admin(user):
        return True
    if policy.is_national(user) and nomination.state in NATIONAL_STATES:
        return True
    if policy.in_jurisdiction(user, nomination.division, roles_with_scope=APPLICANT_ONLY | policy.PROVINCE_ROLES):
        return True
    return policy.granted(user, nomination)


@policy.rule("nomination.create")
def _nomination_create(user, campaign):
    return policy.has_role(user, Role.APPLICANT)


def _own_applicant(user, nomination):
    return policy.in_jurisdiction(user, nomination.division, roles_with_scope=APPLICANT_ONLY)


policy.rule("nomination.edit")(_own_applicant)
policy.rule("nomination.submit")(_own_applicant)
policy.rule("nomination.withdraw")(_own_applicant)


@policy.rule("nomination.review")
def _nomination_review(user, nomination):
    """Return, verify, reject, score and shortlist: the province's reviewers (art. 7(3))."""
    return policy.in_jurisdiction(user, nomination.division, roles_with_scope=REVIEWER_ONLY)


@policy.scope(ProvinceRecommendation, view_action="recommendation.view")
def _recommendation_scope(user):
    if policy.is_national(user):
        return Q()
    return policy.jurisdiction(user, "province", roles_with_scope=policy.PROVINCE_ROLES)


@policy.rule("recommendation.view")
def _recommendation_view(user, recommendation):
    if policy.is_national(user):
        return True
    return policy.in_jurisdiction(user, recommendation.province, roles_with_scope=policy.PROVINCE_ROLES)


@policy.rule("recommendation.rank")
def _recommendation_rank(user, recommendation):
    return policy.in_jurisdiction(user, recommendation.province, roles_with_scope=REVIEWER_ONLY)


@policy.rule("recommendation.approve")
def _recommendation_approve(user, recommendation):
    """Record the government's confirmation and recommend: the head of the provincial bureau."""
    return policy.in_jurisdiction(user, recommendation.province, roles_with_scope=APPROVER_ONLY)


@policy.rule("nomination.reviews.view")
def _nomination_reviews_view(user, nomination):
    """Reviewers' scores and ranks are for the province and SAMR, not for the applicant."""
    if policy.is_national(user):
        return _nomination_view(user, nomination)
    return policy.in_jurisdiction(user, nomination.division, roles_with_scope=policy.PROVINCE_ROLES)


@policy.rule("attachment.download")
def _attachment_download(user, attachment):
    if attachment.purpose == AttachmentPurpose.EVIDENCE:
        return policy.can(user, "nomination.view", attachment.nomination)
    return policy.can(user, "nomination.reviews.view", attachment.nomination)


@policy.rule("typical_experience.manage")
def _typical_experience_manage(user, division):
    """Art. 9: the provincial department finds and records its localities' typical experiences."""
    return policy.in_jurisdiction(user, division, roles_with_scope=policy.PROVINCE_ROLES)


# ---------------------------------------------------------------- national stage (art. 4, art. 7(4))


@policy.rule("nomination.evaluate")
def _nomination_evaluate(user, nomination):
    """Findings, assignments and the national score: SAMR's reviewers (art. 4, art. 7(4) 全面考察、客观评估)."""
    return nomination.state in NATIONAL_STATES and policy.has_role(user, Role.SAMR_REVIEWER)


@policy.rule("nomination.information.answer")
def _nomination_information_answer(user, nomination):
    """SAMR's request for more information goes to the recommending province (its reviewers or its head)."""
    return policy.in_jurisdiction(user, nomination.division, roles_with_scope=policy.PROVINCE_ROLES)


@policy.scope(InformationRequest, view_action="information_request.view")
def _information_request_scope(user):
    """SAMR staff see every request (all on recommended applications); a province those on its own localities."""
    if policy.is_national(user):
        return Q()
    return policy.jurisdiction(user, "nomination__division", roles_with_scope=policy.PROVINCE_ROLES)


@policy.rule("information_request.view")
def _information_request_view(user, information_request):
    if policy.is_national(user):
        return True
    return _nomination_information_answer(user, information_request.nomination)


@policy.rule("nomination.opinion.file")
def _nomination_opinion_file(user, nomination):
    """An expert or related department files an opinion only on what it was assigned (art. 7(4))."""
    return policy.has_role(user, Role.EXPERT) and nomination.assignments.filter(expert=user).exists()


@policy.rule("nomination.opinions.view")
def _nomination_opinions_view(user, nomination):
    """SAMR staff see every opinion; an assigned expert sees some (``national.opinions_visible_to``); others none."""
    if policy.is_national(user):
        return _nomination_view(user, nomination)
    return _nomination_opinion_file(user, nomination)


@policy.scope(NationalList, view_action="national_list.view")
def _national_list_scope(user):
    return Q() if policy.is_national(user) else Q(pk__in=[])


@policy.rule("national_list.view")
def _national_list_view(user, national_list):
    return policy.is_national(user)


@policy.rule("national_list.edit")
def _national_list_edit(user, national_list):
    """Balancing and drafting the list: SAMR's reviewers (art. 7(4) 综合平衡)."""
    return policy.has_role(user, Role.SAMR_REVIEWER)


@policy.rule("national_list.approve")
def _national_list_approve(user, national_list):
    return policy.has_role(user, Role.SAMR_APPROVER)


@policy.rule("national_list.publish")
def _national_list_publish(user, national_list):
    """Publicity, the final list and the report to the State Council: SAMR leadership (art. 7(4))."""
    return policy.has_role(user, Role.SAMR_APPROVER)


@policy.rule("nomination.disqualify")
def _nomination_disqualify(user, nomination):
    """Disqualification and the sanctions of art. 14: SAMR leadership."""
    return policy.has_role(user, Role.SAMR_APPROVER) and _nomination_view(user, nomination)


@policy.rule("award.revoke")
def _award_revoke(user, nomination):
    """Revocation (art. 14, art. 15): SAMR leadership."""
    return policy.has_role(user, Role.SAMR_APPROVER) and _nomination_view(user, nomination)


@policy.scope(Award, view_action="award.view")
def _award_scope(user):
    return _nomination_q(user, "nomination__")


@policy.rule("award.view")
def _award_view(user, award):
    return _nomination_view(user, award.nomination)


@policy.scope(AwardTask, view_action="award_task.view")
def _award_task_scope(user):
    return _nomination_q(user, "award__nomination__")


@policy.rule("award_task.view")
def _award_task_view(user, task):
    return _nomination_view(user, task.award.nomination)


@policy.rule("award_task.assign")
def _award_task_assign(user, nomination):
    """Pilots, exchanges and research for awarded localities (art. 13): SAMR staff."""
    return policy.has_role(user, Role.SAMR_REVIEWER, Role.SAMR_APPROVER)


# art. 13: the awarded locality's own bureau reports on its tasks.
policy.rule("award_task.report")(_own_applicant)


@policy.rule("expert.tasks")
def _expert_tasks(user, obj=None):
    """Experts and related departments work from their own list of assignments (art. 7(4))."""
    return policy.has_role(user, Role.EXPERT)


@policy.scope(ExpertAssignment, view_action="assignment.view")
def _assignment_scope(user):
    """SAMR staff see every assignment; an expert only its own (the others asked stay blind to it)."""
    if policy.is_national(user):
        return Q()
    return Q(expert__pk=user.pk)


@policy.rule("assignment.view")
def _assignment_view(user, assignment):
    return policy.is_national(user) or assignment.expert_id == user.pk


@policy.rule("nomination.aggregate.view")
def _aggregate_view(user, nomination):
    """The opinions' count, mean and median: SAMR staff, on what they may see."""
    return policy.is_national(user) and policy.can(user, "nomination.view", nomination)


# ---------------------------------------------------------------- exports


@policy.scope(Export, view_action="export.view")
def _export_scope(user):
    """An export is its requester's: what it shows was checked for that user alone."""
    return Q(created_by__pk=user.pk) if getattr(user, "is_authenticated", False) else Q(pk__in=[])


@policy.rule("export.view")
def _export_view(user, export):
    return getattr(user, "is_authenticated", False) and export.created_by_id == user.pk


policy.rule("export.download")(_export_view)
