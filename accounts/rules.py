"""Policy rules for the reference data and the accounts."""

from django.db.models import Exists, OuterRef, Q

from provinces.models import Bureau, Division, Membership

from . import policy
from .models import User


def _authenticated(user, obj=None):
    return user.is_authenticated


# Divisions and bureaus are reference data every signed-in user may read.
@policy.scope(Division, view_action="division.view")
def _division_scope(user):
    return Q()


@policy.scope(Bureau, view_action="bureau.view")
def _bureau_scope(user):
    return Q()


policy.rule("division.view")(_authenticated)
policy.rule("bureau.view")(_authenticated)


@policy.rule("division.change")
def _division_change(user, division):
    # The region mapping and the art. 8 underdeveloped flag are the admins' to keep.
    return policy.is_admin(user)


@policy.rule("bureau.change")
def _bureau_change(user, bureau):
    return policy.is_admin(user)


@policy.scope(User, view_action="account.view")
def _user_scope(user):
    if policy.is_national(user):
        return Q()
    in_scope = Membership.objects.filter(user=OuterRef("pk")).filter(
        policy.jurisdiction(user, "bureau__division", roles_with_scope=policy.PROVINCE_ROLES)
    )
    return Q(pk=user.pk) | Q(Exists(in_scope))


@policy.rule("account.view")
def _account_view(user, account):
    """Admins see every account; a provincial bureau sees the accounts of its province."""
    if policy.is_national(user) or account.pk == user.pk:
        return True
    return any(
        policy.in_jurisdiction(user, m.bureau.division, roles_with_scope=policy.PROVINCE_ROLES)
        for m in policy.memberships(account)
    )


@policy.rule("account.manage")
def _account_manage(user, account):
    return policy.is_admin(user)
