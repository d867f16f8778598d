"""An object's history as the pages and the dossier show it: the audit trail's events with their actions, roles and
states named in the reader's language."""

from provinces.enums import Role

from .domain.audit import ACTION_LABELS, history


def state_label(value, states):
    return states(value).label if value in states.values else value


def role_label(value):
    return Role(value).label if value in Role.values else value


def history_rows(obj, states, *, hidden=frozenset()):
    """The events of ``obj`` (their states from the ``states`` choices), without the ``hidden`` actions."""
    return [
        {
            "at": event.at,
            "actor": event.actor,
            "role": role_label(event.role),
            "bureau": event.bureau,
            "action": ACTION_LABELS.get(event.action, event.action),
            "from_state": state_label(event.from_state, states) if event.from_state else "",
            "to_state": state_label(event.to_state, states) if event.to_state else "",
            "comment": event.comment,
            "name": event.data.get("name", ""),
        }
        for event in history(obj)
        if event.action not in hidden
    ]
