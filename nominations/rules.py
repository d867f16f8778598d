"""Policy rules of the campaign, the application and the provincial stage (art. 7(2), 7(3), art. 9)."""

from django.db.models import Q

from accounts import policy
from provinces.enums import Role

from .enums import NATIONAL_STATES, AttachmentPurpose
from .models import Attachment, Campaign, Nomination, ProvinceRecommendation


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


# ---------------------------------------------------------------- applications

APPLICANT_ONLY = frozenset({Role.APPLICANT})
REVIEWER_ONLY = frozenset({Role.PROVINCE_REVIEWER})
APPROVER_ONLY = frozenset({Role.PROVINCE_APPROVER})


def nomination_q(user, prefix=""):
    """Applicants see their own, provinces their province's, SAMR what has been recommended to it."""
    if policy.is_admin(user):
        return Q()
    q = policy.jurisdiction(user, f"{prefix}division", roles_with_scope=APPLICANT_ONLY | policy.PROVINCE_ROLES)
    if policy.is_national(user):
        q |= Q(**{f"{prefix}state__in": NATIONAL_STATES})
    return q


@policy.scope(Nomination, view_action="nomination.view")
def _nomination_scope(user):
    return nomination_q(user)


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
def nomination_view(user, nomination):
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


def own_applicant(user, nomination):
    return policy.in_jurisdiction(user, nomination.division, roles_with_scope=APPLICANT_ONLY)


policy.rule("nomination.edit")(own_applicant)
policy.rule("nomination.submit")(own_applicant)
policy.rule("nomination.withdraw")(own_applicant)


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
        return nomination_view(user, nomination)
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


# A gap between what a locality declared and SAMR's figure is a lead for a possible art. 14 case (弄虚作假线索):
# its reviewers (the province's reviewers and head, SAMR staff on what has been recommended to them) see it, the
# applicant never.
@policy.rule("nomination.discrepancies.view")
def _nomination_discrepancies_view(user, nomination):
    if policy.is_national(user) and policy.can(user, "nomination.view", nomination):
        return True
    return policy.in_jurisdiction(user, nomination.division, roles_with_scope=policy.PROVINCE_ROLES)
