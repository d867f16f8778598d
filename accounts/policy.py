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

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from guardian.models import GroupObjectPermission, UserObjectPermission

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


# Bumped whenever a per-object grant is given or taken in this process, so that the grants kept on a user object
# are never read after a change (a request's user object lives for one request; tests keep theirs longer).
_grants_generation = 0


@receiver([post_save, post_delete], sender=UserObjectPermission)
@receiver([post_save, post_delete], sender=GroupObjectPermission)
def _grants_changed(**kwargs):
    global _grants_generation
    _grants_generation += 1


def _view_grants(user):
    """Every object granted to ``user`` for viewing, its own grants and its groups', as {content type id: {object
    pk as stored}}: one query, then kept on the user. Grants only: a superuser is not granted everything
    (django-guardian's default), its jurisdiction comes from the scope like anyone's."""
    generation, grants = getattr(user, "_policy_grants", (None, None))
    if generation == _grants_generation:
        return grants
    viewing = Q(permission__codename__startswith="view_")  # guardian ties a permission to its object's type
    rows = (
        UserObjectPermission.objects.filter(viewing, user=user)
        .values_list("content_type_id", "object_pk")
        .union(
            GroupObjectPermission.objects.filter(viewing, group__user=user).values_list("content_type_id", "object_pk")
        )
    )
    grants = {}
    for content_type_id, object_pk in rows:
        grants.setdefault(content_type_id, set()).add(object_pk)
    user._policy_grants = (_grants_generation, grants)
    return grants


def granted_ids(user, model):
    """The primary keys of the objects of ``model`` granted to ``user`` one by one (see ``_view_grants``).

    Read once and inlined rather than joined as a subquery: ``jurisdiction OR pk IN (SELECT … grants)`` kept
    PostgreSQL from using the division index, so every provincial list scanned the whole year's applications
    (bench/causes.md, cause 2); and most users have no grant, their filter is then the jurisdiction alone.
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    stored = _view_grants(user).get(ContentType.objects.get_for_model(model).pk, ())
    to_python = model._meta.pk.to_python
    return frozenset(to_python(pk) for pk in stored)


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
    grants = granted_ids(user, model)
    return queryset.filter(q | Q(pk__in=sorted(grants)) if grants else q)


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
