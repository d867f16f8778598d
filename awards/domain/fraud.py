"""Fraud (弄虚作假, art. 14): SAMR's finding on an application, and the sanctions it starts in the register.

How the windows are counted (docs/workflow.md "Sanctions"): fraud in the campaign of year Y bars the locality from
applying from the decision until the end of year Y+3, that is in the campaigns of Y+1, Y+2 and Y+3 (3年内申报资格),
and bars its provincial bureau from recommending in year Y+1 (下一年度推荐资格). The register
(``criteria.domain.sanctions``) reads only the dates.
"""

from datetime import date

from django.utils import timezone

from core.domain.audit import record
from core.domain.notifications import notify_after_commit
from criteria.enums import SanctionKind, SanctionReason
from criteria.models import Sanction
from provinces.enums import Role

from ..models import FraudFinding

APPLICATION_BAN_YEARS = 3


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
    finding_record = FraudFinding.objects.create(
        nomination=nomination,
        finding=finding,
        decision_number=decision_number,
        decided_by=user if getattr(user, "is_authenticated", False) else None,
        decided_at=timezone.now(),
    )
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
    finding_record.sanctions.set(sanctions)
    return sanctions


def fraud_found(nomination):
    """Whether SAMR has found fraud in ``nomination`` (art. 14)."""
    return FraudFinding.objects.filter(nomination=nomination).exists()
