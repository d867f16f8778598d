"""SAMR's evaluation's reminders (``core.domain.reminders``): provinces yet to answer an information request."""

from core.domain.reminders import remind, reminds

from ..models import InformationRequest


@reminds
def unanswered_information_requests(now, horizon):
    unanswered = InformationRequest.objects.filter(
        answered_at__isnull=True, due_at__gt=now, due_at__lte=horizon
    ).select_related("nomination__division")
    return sum(remind("information", item, item.due_at) for item in unanswered)
