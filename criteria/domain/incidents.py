"""The incident register: recording incidents and finding those that count against a locality."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts import policy
from provinces.enums import Level

from ..models import Incident


def incidents_for(division):
    """Incidents that count against ``division`` for art. 6(8).

    A prefecture answers for what happened in its counties too, so its list
    holds its own incidents and those of every county under it. A county's list
    holds its own only: an incident recorded against the prefecture as a whole
    does not name the county. (Provinces do not apply, art. 2; they get the
    whole province for completeness.)
    """
    incidents = Incident.objects.select_related("division")
    if division.level == Level.PROVINCE:
        return incidents.filter(division__province=division)
    if division.level == Level.PREFECTURE:
        # A prefecture's own ``prefecture`` link points at itself.
        return incidents.filter(division__prefecture=division)
    return incidents.filter(division=division)


@transaction.atomic
def save_incident(user, incident):
    """Create or update ``incident`` on behalf of ``user`` (SAMR staff, "incident.change")."""
    if not policy.can(user, "incident.change", incident):
        raise PermissionDenied
    if incident.pk is None:
        incident.recorded_by = user
    incident.full_clean()
    incident.save()
    return incident
