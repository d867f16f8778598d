"""The incident register: recording incidents and finding those that count against a locality."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts import policy
from core.domain.audit import record
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
    creating = incident.pk is None
    if creating:
        incident.recorded_by = user
    incident.full_clean()
    incident.save()
    # art. 6(8) and art. 15 read the register: each entry and change is on record, who and when.
    record(
        user,
        "incident.create" if creating else "incident.change",
        incident,
        comment=incident.title,
        occurred_on=incident.occurred_on.isoformat(),
        division=incident.division.code,
        government_responsibility=incident.government_responsibility,
    )
    return incident
