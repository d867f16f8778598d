"""Policy rules for the criteria catalogue, the incident register and SAMR's indicator data."""

from django.db.models import Q

from accounts import policy
from provinces.enums import Role

from .models import CriteriaSet, Criterion, Incident, IndicatorImport, IndicatorValue, Sanction


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


# art. 4: the figures SAMR holds on each locality are SAMR's working data. Its staff (and the administrators)
# read and import them; a province or a locality sees only the comparison shown on an application it reviews.
@policy.scope(IndicatorValue, view_action="indicator.view")
def _indicator_value_scope(user):
    return Q() if policy.is_national(user) else Q(pk__in=[])


@policy.scope(IndicatorImport, view_action="indicator.view")
def _indicator_import_scope(user):
    return Q() if policy.is_national(user) else Q(pk__in=[])


@policy.rule("indicator.view")
def _indicator_view(user, obj=None):
    return policy.is_national(user)


@policy.rule("indicator.import")
def _indicator_import(user, obj=None):
    return policy.is_national(user)


# The sanctions register (art. 14): each bureau sees those on its jurisdiction.
@policy.scope(Sanction, view_action="sanction.view")
def _sanction_scope(user):
    return policy.jurisdiction(user, "division")


@policy.rule("sanction.view")
def _sanction_view(user, sanction):
    return policy.in_jurisdiction(user, sanction.division)


@policy.rule("sanction.register")
def _sanction_register(user, sanction):
    """A sanction decided outside the portal is recorded by SAMR's leadership or an administrator, with its
    decision number; one for fraud starts with the fraud finding (``awards``)."""
    return policy.is_admin(user) or policy.has_role(user, Role.SAMR_APPROVER)


# A sanction ends early only by a recorded decision of SAMR's leadership (or an administrator recording one).
policy.rule("sanction.lift")(_sanction_register)
