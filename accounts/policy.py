"""The one policy module: who may do what, and what each user may see.

* ``can(user, action, obj)`` answers one question with the rule registered for
  ``action`` (see each app's ``rules.py``).
* ``visible(user, queryset)`` filters a queryset to the user's jurisdiction (the
  administrative tree under the user's bureaus) plus the objects explicitly
  granted to the user with django-guardian (an expert's assignment, a delegated
  reviewer).
* ``authorize(user, action, obj)`` is what views call: an object the user may not
  see is a 404 (its existence is not disclosed), a visible one the user may not
  change is a 403.

Rules never query per object: a user's memberships are loaded once (one query)
and cached on the user object for the request.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from provinces.enums import NATIONAL_ROLES, Role
from provinces.models import Membership

PROVINCE_ROLES = frozenset({Role.PROVINCE_REVIEWER, Role.PROVINCE_APPROVER})

_RULES: dict[str, Callable] = {}
_SCOPES: dict[type, Callable] = {}
_VIEW_ACTIONS: dict[type, str] = {}


def rule(action):
    """Register ``fn(user, obj) -> bool`` as the rule for ``action``."""

    def register(fn):
        if action in _RULES:
            raise ValueError(f"rule {action!r} registered twice")
        _RULES[action] = fn
        return fn

    return register


def scope(model, *, view_action):
    """Register ``fn(user) -> Q`` as the jurisdiction filter of ``model``.

    ``view_action`` names the rule that must agree with the filter for a single
    object; ``authorize`` uses it to decide between 404 and 403.
    """

    def register(fn):
        _SCOPES[model] = fn
        _VIEW_ACTIONS[model] = view_action
        return fn

    return register


def memberships(user):
    """The user's memberships with their bureau and division, cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_policy_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("bureau__division"))
        user._policy_memberships = cached
    return cached


def roles(user):
    return {m.role for m in memberships(user)}


def has_role(user, *wanted):
    return bool(roles(user) & set(wanted))


def is_national(user):
    """SAMR staff and administrators see the whole country."""
    return getattr(user, "is_superuser", False) or has_role(user, *NATIONAL_ROLES)


def is_admin(user):
    return getattr(user, "is_superuser", False) or has_role(user, Role.ADMIN)


def _sees_everything(user, roles_with_scope):
    """National users see the whole country, unless the question is about other roles only.

    ``roles_with_scope`` narrows a question to the memberships in those roles
    ("may this user act as the province's reviewer?"): SAMR staff and
    administrators then get no answer by being national.
    """
    if roles_with_scope is None:
        return is_national(user)
    return bool(roles(user) & set(roles_with_scope) & NATIONAL_ROLES)


def _field(path, name):
    return f"{path}__{name}" if path else name


def jurisdiction(user, path="division", *, roles_with_scope=None):
    """A Q over the division reached by ``path`` that matches the user's jurisdiction.

    National roles see everything; provincial roles see their province; an
    applicant sees its own division only; an expert sees nothing by jurisdiction
    (its assignments come from per-object grants). ``path`` is the lookup from the
    filtered model to a ``Division`` ("" when filtering divisions themselves).
    ``roles_with_scope`` counts only the memberships in those roles.
    """
    if _sees_everything(user, roles_with_scope):
        return Q()
    q = Q(pk__in=[])
    for membership in memberships(user):
        if roles_with_scope is not None and membership.role not in roles_with_scope:
            continue
        division_id = membership.bureau.division_id
        if membership.role in PROVINCE_ROLES:
            q |= Q(**{_field(path, "province_id"): division_id})
        elif membership.role == Role.APPLICANT:
            q |= Q(**{_field(path, "pk"): division_id})
    return q


def in_jurisdiction(user, division, *, roles_with_scope=None):
    """The same test as ``jurisdiction`` for one division, without a query."""
    if _sees_everything(user, roles_with_scope):
        return True
    if division is None:
        return False
    for membership in memberships(user):
        if roles_with_scope is not None and membership.role not in roles_with_scope:
            continue
        if membership.role in PROVINCE_ROLES and division.province_id == membership.bureau.division_id:
            return True
        if membership.role == Role.APPLICANT and division.pk == membership.bureau.division_id:
            return True
    return False


def granted(user, obj, codename=None):
    """Whether django-guardian holds an explicit per-object grant for ``user``."""
    if not getattr(user, "is_authenticated", False):
        return False
    codename = codename or f"view_{obj._meta.model_name}"
    return user.has_perm(f"{obj._meta.app_label}.{codename}", obj)


def granted_objects(user, model):
    """The objects of ``model`` granted to ``user`` one by one. Grants only: a superuser is not granted everything
    (django-guardian's default), its jurisdiction comes from the scope like anyone's."""
    return get_objects_for_user(
        user,
        f"{model._meta.app_label}.view_{model._meta.model_name}",
        klass=model,
        accept_global_perms=False,
        with_superuser=False,
    )


def visible(user, queryset):
    """``queryset`` restricted to what ``user`` may see: jurisdiction or grant."""
    model = queryset.model
    if model not in _SCOPES:
        raise LookupError(f"no policy scope registered for {model.__name__}")
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    q = _SCOPES[model](user)
    if q == Q():
        return queryset
    grants = granted_objects(user, model)
    return queryset.filter(q | Q(pk__in=grants.values("pk")))


def can(user, action, obj=None):
    if action not in _RULES:
        raise LookupError(f"no policy rule registered for {action!r}")
    if not getattr(user, "is_active", False):
        return False
    return bool(_RULES[action](user, obj))


def authorize(user, action, obj):
    """Raise 404 if ``obj`` is not visible to ``user``, 403 if visible but ``action`` is not allowed."""
    view_action = _VIEW_ACTIONS.get(type(obj))
    if view_action is not None and not can(user, view_action, obj):
        raise Http404
    if not can(user, action, obj):
        raise PermissionDenied
