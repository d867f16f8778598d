"""Timed disqualifications (art. 14): the checks, the terms, their start and their end.

How the windows are counted (docs/workflow.md "Sanctions"): fraud in the campaign of year Y bars the locality from
applying from the decision until the end of year Y+3, that is in the campaigns of Y+1, Y+2 and Y+3 (3年内申报资格),
and bars its provincial bureau from recommending in year Y+1 (下一年度推荐资格). Each campaign takes its applications
and recommendations within its own calendar year, so a term is a range of dates [starts_on, ends_on) and the checks
read only the dates: a late daily job never lets a banned locality in or keeps a free one out.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from core.domain.audit import record
from core.domain.notifications import notify_after_commit
from provinces.enums import Role

from ..enums import NominationState, SanctionKind, SanctionReason
from ..models import Sanction

S = NominationState
APPLICATION_BAN_YEARS = 3


def application_ban(division, on=None):
    """The ban in force on ``division``'s right to apply, or None (art. 14: 3年内申报资格)."""
    return Sanction.objects.active(on).filter(division=division, kind=SanctionKind.APPLICATION_BAN).first()


def recommendation_ban(province, on=None):
    """The ban in force on a provincial bureau's right to recommend, or None (art. 14: 下一年度推荐资格)."""
    return Sanction.objects.active(on).filter(division=province, kind=SanctionKind.RECOMMENDATION_BAN).first()


def fraud_terms(campaign_year, today):
    """The two terms art. 14 starts for fraud in the campaign of ``campaign_year``, as (kind, starts_on, ends_on)."""
    return (
        (SanctionKind.APPLICATION_BAN, today, date(campaign_year + APPLICATION_BAN_YEARS + 1, 1, 1)),
        (SanctionKind.RECOMMENDATION_BAN, max(today, date(campaign_year + 1, 1, 1)), date(campaign_year + 2, 1, 1)),
    )


def start_fraud_sanctions(user, nomination, *, finding, decision_number="", request=None):
    """art. 14: 取消该地方3年内申报资格和所在省（区、市）市场监管部门下一年度推荐资格."""
    today = timezone.localdate()
    targets = {
        SanctionKind.APPLICATION_BAN: nomination.division,
        SanctionKind.RECOMMENDATION_BAN: nomination.division.province,
    }
    sanctions = []
    for kind, starts_on, ends_on in fraud_terms(nomination.campaign.year, today):
        sanction = Sanction.objects.create(
            division=targets[kind],
            kind=kind,
            reason=SanctionReason.FRAUD,
            starts_on=starts_on,
            ends_on=ends_on,
            decision_number=decision_number,
            note=finding,
            nomination=nomination,
            created_by=user,
        )
        event = record(
            user,
            "sanction.start",
            sanction,
            role=Role.SAMR_APPROVER,
            comment=finding,
            request=request,
            kind=kind,
            starts_on=starts_on.isoformat(),
            ends_on=ends_on.isoformat(),
        )
        notify_after_commit(event)
        sanctions.append(sanction)
    return sanctions


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
