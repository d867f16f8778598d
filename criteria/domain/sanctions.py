"""The sanctions register (art. 14): whether a ban is in force, and the end of each term.

The decisions that start a sanction are taken above (``awards.domain.fraud``). How the windows are counted
(docs/workflow.md "Sanctions"): fraud in the campaign of year Y bars the locality from applying from the decision
until the end of year Y+3, that is in the campaigns of Y+1, Y+2 and Y+3 (3年内申报资格), and bars its provincial
bureau from recommending in year Y+1 (下一年度推荐资格). Each campaign takes its applications and recommendations
within its own calendar year, so a term is a range of dates [starts_on, ends_on) and the checks read only the dates:
a late daily job never lets a banned locality in or keeps a free one out.
"""

from django.db import transaction
from django.utils import timezone

from core.domain.audit import record
from core.domain.notifications import notify_after_commit

from ..enums import SanctionKind
from ..models import Sanction


def application_ban(division, on=None):
    """The ban in force on ``division``'s right to apply, or None (art. 14: 3年内申报资格)."""
    return Sanction.objects.active(on).filter(division=division, kind=SanctionKind.APPLICATION_BAN).first()


def recommendation_ban(province, on=None):
    """The ban in force on a provincial bureau's right to recommend, or None (art. 14: 下一年度推荐资格)."""
    return Sanction.objects.active(on).filter(division=province, kind=SanctionKind.RECOMMENDATION_BAN).first()


def expire_sanctions(today=None):
    """The daily job's side effect: mark the terms that have ended and tell the bureaus, once each (idempotent).

    Whether a ban is in force never depends on this: ``Sanction.objects.active`` reads the dates.
    """
    today = today or timezone.localdate()
    done = 0
    for sanction in Sanction.objects.filter(ends_on__lte=today, expired_at__isnull=True).select_related("division"):
        with transaction.atomic():
            claimed = Sanction.objects.filter(pk=sanction.pk, expired_at__isnull=True).update(expired_at=timezone.now())
            if not claimed:  # another run took it
                continue
            event = record(None, "sanction.end", sanction, kind=sanction.kind, ends_on=sanction.ends_on.isoformat())
            notify_after_commit(event)
            done += 1
    return done
