"""Fraud (弄虚作假, art. 14): SAMR's finding on an application, and the sanctions it starts in the register.

The terms are counted in campaign years from the finding (docs/workflow.md "Sanctions"), whenever it comes: found in
campaign year F (``nominations.domain.campaigns.campaign_year_at``: the latest campaign opened by the day of the
decision), the locality may not apply for the rest of F and in F+1, F+2 and F+3 (3年内申报资格), and its provincial
bureau may not recommend in F+1 (下一年度推荐资格). A finding made two years after the award starts the same terms
from its own year.
"""

from django.utils import timezone

from core.domain.audit import record
from core.domain.notifications import notify_after_commit
from criteria.enums import SanctionKind, SanctionReason
from criteria.models import Sanction
from nominations.domain.campaigns import campaign_year_at
from provinces.enums import Role

from ..models import FraudFinding

APPLICATION_BAN_YEARS = 3


def fraud_terms(finding_year):
    """The two terms art. 14 starts for fraud found in campaign year ``finding_year``, as (kind, first, last year)."""
    return (
        (SanctionKind.APPLICATION_BAN, finding_year, finding_year + APPLICATION_BAN_YEARS),
        (SanctionKind.RECOMMENDATION_BAN, finding_year + 1, finding_year + 1),
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
    for kind, first_year, last_year in fraud_terms(campaign_year_at(today)):
        sanction = Sanction.objects.create(
            division=targets[kind],
            kind=kind,
            reason=SanctionReason.FRAUD,
            starts_on=today,
            first_year=first_year,
            last_year=last_year,
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
            first_year=first_year,
            last_year=last_year,
        )
        notify_after_commit(event)
        sanctions.append(sanction)
    finding_record.sanctions.set(sanctions)
    return sanctions


def fraud_found(nomination):
    """Whether SAMR has found fraud in ``nomination`` (art. 14)."""
    return FraudFinding.objects.filter(nomination=nomination).exists()
