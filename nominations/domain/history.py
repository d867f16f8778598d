"""What of an application's history each reader may see: the audit trail is one, its readers are many."""

from accounts import policy

# SAMR's own evaluation of an application: for those who may read the opinions (an applicant does not learn which
# experts were asked).
NATIONAL_EVALUATION_ACTIONS = frozenset(
    {"nomination.finding", "nomination.assign", "nomination.unassign", "nomination.opinion"}
)
# The reviewers' scoring and SAMR's questions to the province: for the reviewers, not the applicant.
REVIEWER_ACTIONS = frozenset({"nomination.review", "nomination.information.request", "nomination.information.answer"})


def hidden_actions(user, nomination):
    """The actions in ``nomination``'s history that ``user`` may not read."""
    hidden = set()
    if not policy.can(user, "nomination.opinions.view", nomination):
        hidden |= NATIONAL_EVALUATION_ACTIONS
    if not policy.can(user, "nomination.reviews.view", nomination):
        hidden |= REVIEWER_ACTIONS
    return frozenset(hidden)
