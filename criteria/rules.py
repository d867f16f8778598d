"""Policy rules for the criteria catalogue and the incident register."""

from django.db.models import Q

from accounts import policy

from .models import CriteriaSet, Criterion, Incident


# The conditions are public rules of the game: every signed-in user reads them.
@policy.scope(CriteriaSet, view_action="criteria.view")
def _criteria_set_scope(user):
    return Q()


@policy.scope(Criterion, view_action="criteria.view")
def _criterion_scope(user):
    return Q()


@policy.rule("criteria.view")
def _criteria_view(user, obj=None):
    return user.is_authenticated


@policy.rule("criteria.change")
def _criteria_change(user, obj=None):
    # DESIGN §2: campaigns, quotas, criteria, divisions and accounts are the admins'.
    return policy.is_admin(user)


# SAMR sees every incident; a provincial bureau those in its province; an
# applicant those recorded against its own division (they decide its art. 6(8)).
@policy.scope(Incident, view_action="incident.view")
def _incident_scope(user):
    return policy.jurisdiction(user, "division")


@policy.rule("incident.view")
def _incident_view(user, incident=None):
    if incident is None:
        return user.is_authenticated
    return policy.in_jurisdiction(user, incident.division)


@policy.rule("incident.change")
def _incident_change(user, incident=None):
    # Art. 15: incidents are determined by the State Council or its departments; SAMR staff record them.
    return policy.is_national(user)
