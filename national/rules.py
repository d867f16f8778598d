"""Policy rules of SAMR's evaluation (art. 4, art. 7(4)): findings, experts and departments, information requests,
the national list."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts import policy
from nominations.enums import NATIONAL_STATES
from nominations.rules import nomination_view
from provinces.enums import Role

from .models import ExpertAssignment, InformationRequest, NationalList

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


# Bumped whenever an assignment is made or withdrawn in this process, so that the assignments kept on a user object
# are never read after a change (as ``accounts.policy`` keeps the per-object grants).
_assignments_generation = 0


@receiver([post_save, post_delete], sender=ExpertAssignment)
def _assignments_changed(**kwargs):
    global _assignments_generation
    _assignments_generation += 1


def assigned_ids(user):
    """The applications assigned to ``user`` (expert or related department): one query, then kept on the user, so that
    a list of them asks the rule below without a query per row."""
    generation, ids = getattr(user, "_policy_assigned", (None, None))
    if generation != _assignments_generation:
        ids = frozenset(ExpertAssignment.objects.filter(expert=user).values_list("nomination_id", flat=True))
        user._policy_assigned = (_assignments_generation, ids)
    return ids


@policy.rule("nomination.opinion.file")
def _nomination_opinion_file(user, nomination):
    """An expert or related department files an opinion only on what it was assigned (art. 7(4))."""
    return policy.has_role(user, Role.EXPERT) and nomination.pk in assigned_ids(user)


@policy.rule("nomination.opinions.view")
def _nomination_opinions_view(user, nomination):
    """SAMR staff see every opinion; an assigned expert sees some (``national.opinions_visible_to``); others none."""
    if policy.is_national(user):
        return nomination_view(user, nomination)
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
