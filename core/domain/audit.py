"""Writing the audit trail (append-only; see ``models.AuditEvent``)."""

import ipaddress

from django.contrib.contenttypes.models import ContentType

from accounts import policy
from accounts.security import client_address

from ..models import AuditEvent

# What each action is called in a history; each app names its own actions (its ``events.py``) through ``name_actions``.
ACTION_LABELS = {}


def name_actions(labels):
    """Register the display names of an app's audit actions: ``{"nomination.submit": _("提交申报"), …}``."""
    for action, label in labels.items():
        if action in ACTION_LABELS:
            raise ValueError(f"audit action {action!r} named twice")
        ACTION_LABELS[action] = label


def client_ip(request):
    """The client's address, read as the sign-in lockout reads it (``accounts.security.client_address``): behind
    ``TRUSTED_PROXY_COUNT`` proxies the address the outermost trusted one saw, never one the client wrote itself
    into ``X-Forwarded-For`` (which let anyone pass the objection limit per address). None when absent or not an
    address."""
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        return None


def record(actor, action, obj, *, from_state="", to_state="", comment="", request=None, role=None, bureau=None, **data):
    """Append one event about ``obj``.

    The actor's role and bureau are taken from its memberships unless given
    (a user with several memberships names the one it acted in).
    """
    if actor is not None and getattr(actor, "is_authenticated", False) and (role is None or bureau is None):
        memberships = policy.memberships(actor)
        acting = next((m for m in memberships if m.role == role), memberships[0] if memberships else None)
        if acting is not None:
            role = role or acting.role
            bureau = bureau or acting.bureau
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        role=role or "",
        bureau=bureau,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_repr=str(obj)[:200],
        from_state=from_state or "",
        to_state=to_state or "",
        comment=comment or "",
        ip=client_ip(request),
        data=data,
    )


def history(obj):
    return AuditEvent.objects.for_object(obj).select_related("actor", "bureau")
