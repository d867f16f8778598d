"""Policy rules for campaigns, sanctions and the audit trail."""

from django.db.models import Q

from accounts import policy

from .models import Campaign, Sanction


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
