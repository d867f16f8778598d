# ruff: noqa: F811 - fixtures imported from other test modules are redefined as arguments
"""What a fraud finding (art. 14) records, found by mutation testing (``make mutation``): who decided it, in which
role and from where, the sanctions it starts and their events, the exact reason given to the locality's other
application of the year taken back with it, and the order and cost of the findings' list."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from awards.domain import fraud, revocation
from awards.models import Award, CommittedBy, FraudFinding, FraudReferral
from core.models import AuditEvent
from criteria.enums import SanctionKind, SanctionReason
from criteria.models import Sanction
from nominations.domain.campaigns import campaign_year_at
from nominations.enums import NominationState
from provinces.enums import Role
from provinces.models import Division

from ..nominations.conftest import campaign  # noqa: F401
from ..nominations.test_nominations_api import make
from .test_revocation_rules import request_from, samr_head  # noqa: F401

pytestmark = pytest.mark.django_db
S = NominationState
BR = "business_reform"
MAONAN = "440902"
NUMBER = "国市监〔2026〕8号"


def event(action, nomination):
    return AuditEvent.objects.get(action=action, object_pk=str(nomination.pk))


# ---------------------------------------------------------------- the finding and its sanctions


def test_the_finding_and_each_sanction_record_who_decided_in_which_role_and_from_where(
    campaign, county_clerk, samr_head, request_from
):
    fraudulent = make(campaign, MAONAN, county_clerk, state=S.EVALUATED)
    revocation.disqualify(
        samr_head, fraudulent, finding="伪造抽检数据", fraud=True, decision_number=NUMBER, request=request_from
    )
    found = FraudFinding.objects.get()
    assert (found.decided_by, found.finding, found.decision_number) == (samr_head, "伪造抽检数据", NUMBER)
    year = campaign_year_at(timezone.localdate())
    started = Sanction.objects.order_by("pk")
    assert [(s.kind, s.division.code, s.first_year, s.last_year) for s in started] == [
        (SanctionKind.APPLICATION_BAN, MAONAN, year, year + 3),
        (SanctionKind.RECOMMENDATION_BAN, "440000", year + 1, year + 1),
    ]
    assert {(s.reason, s.note, s.decision_number, s.created_by) for s in started} == {
        (SanctionReason.FRAUD, "伪造抽检数据", NUMBER, samr_head)
    }
    starts = AuditEvent.objects.filter(action="sanction.start").order_by("pk")
    assert [(e.object_pk, e.actor, e.role, e.comment, e.ip, e.data) for e in starts] == [
        (
            str(sanction.pk),
            samr_head,
            Role.SAMR_APPROVER,
            "伪造抽检数据",
            "203.0.113.7",
            {"kind": sanction.kind, "first_year": sanction.first_year, "last_year": sanction.last_year},
        )
        for sanction in started
    ]
    recorded = event("fraud_finding.record", fraudulent)
    assert (recorded.actor, recorded.role, recorded.comment, recorded.ip, recorded.data) == (
        samr_head,
        Role.SAMR_APPROVER,
        "伪造抽检数据",
        "203.0.113.7",
        {
            "finding": found.pk,
            "committed_by": CommittedBy.LOCALITY,
            "decision_number": NUMBER,
            "sanctions": [s.pk for s in started],
        },
    )


# ---------------------------------------------------------------- the locality's other application of the year


@pytest.mark.parametrize(
    ("number", "cited"),
    [(NUMBER, f"第十四条，{NUMBER}"), ("", "第十四条")],  # the decision's number, when there is one
)
def test_the_other_application_still_in_the_process_is_disqualified_with_the_exact_reason(
    campaign, county_clerk, samr_head, request_from, number, cited
):
    fraudulent = make(campaign, MAONAN, county_clerk, state=S.EVALUATED)
    other = make(campaign, MAONAN, county_clerk, category=BR, state=S.VERIFIED)
    revocation.disqualify(
        samr_head, fraudulent, finding="伪造", fraud=True, decision_number=number, request=request_from
    )
    taken_back = event("nomination.disqualify", other)
    assert (taken_back.actor, taken_back.role, taken_back.ip, taken_back.to_state) == (
        samr_head,
        Role.SAMR_APPROVER,
        "203.0.113.7",
        S.DISQUALIFIED,
    )
    assert taken_back.comment == f"茂南区在2026年度“推进质量工作”申报中被认定弄虚作假（{cited}）；本申报一并取消资格。"
    assert taken_back.data == {"fraud": True, "finding": FraudFinding.objects.get().pk}


def test_the_other_application_already_awarded_loses_its_award_with_the_exact_reason(
    campaign, county_clerk, samr_head, request_from
):
    fraudulent = make(campaign, MAONAN, county_clerk, state=S.EVALUATED)
    other = make(campaign, MAONAN, county_clerk, category=BR, state=S.AWARDED)
    award = Award.objects.create(
        nomination=other, measures=["br_pilot"], granted_at=timezone.now(), granted_by=samr_head
    )
    revocation.disqualify(
        samr_head, fraudulent, finding="伪造", fraud=True, decision_number=NUMBER, request=request_from
    )
    reason = (
        f"茂南区在2026年度“推进质量工作”申报中被认定弄虚作假（第十四条，{NUMBER}）；"
        "本申报已纳入当年度激励范围，停止和撤销激励支持措施。"
    )
    award.refresh_from_db()
    assert (award.is_revoked, award.revoked_by, award.revocation_reason) == (True, samr_head, reason)
    revoked = event("nomination.revoke", other)
    assert (revoked.actor, revoked.role, revoked.comment, revoked.ip, revoked.to_state) == (
        samr_head,
        Role.SAMR_APPROVER,
        reason,
        "203.0.113.7",
        S.REVOKED,
    )
    assert revoked.data == {"incident": None, "fraud": True, "finding": FraudFinding.objects.get().pk}


# ---------------------------------------------------------------- the findings about one application


def test_the_findings_about_an_application_latest_first_in_a_fixed_number_of_queries(
    campaign, county_clerk, samr_head, django_assert_num_queries
):
    own, other = (make(campaign, MAONAN, county_clerk, category=c, state=S.DISQUALIFIED) for c in ("quality", BR))

    def found(nomination, decided_at, **fields):
        return FraudFinding.objects.create(
            nomination=nomination, finding="伪造", decided_by=samr_head, decided_at=decided_at, **fields
        )

    march, april = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
    on_the_other = found(other, april, decision_number=NUMBER)  # recorded first, decided last
    on_the_other.other_applications.set([own])
    on_the_other.sanctions.set(
        [
            Sanction.objects.create(
                division=Division.objects.get(code=MAONAN),
                kind=SanctionKind.APPLICATION_BAN,
                reason=SanctionReason.FRAUD,
                starts_on=date(2026, 4, 1),
                first_year=2026,
                last_year=2029,
            )
        ]
    )
    FraudReferral.objects.create(
        finding=on_the_other,
        government="茂名市茂南区人民政府",
        referred_on=date(2026, 4, 2),
        document_number="国市监函〔2026〕5号",
        recorded_by=samr_head,
        recorded_at=timezone.now(),
    )
    earlier, same_day_recorded_later = found(own, march), found(own, march)
    with django_assert_num_queries(6):
        listed = [
            (
                finding,
                finding.nomination.division.name,
                finding.nomination.campaign.year,
                finding.decided_by.username,
                [s.division.name for s in finding.sanctions.all()],
                [o.division.name for o in finding.other_applications.all()],
                [r.government for r in finding.referrals.all()],
            )
            for finding in fraud.findings_concerning(own)
        ]
    assert listed == [
        (on_the_other, "茂南区", 2026, "samr_head", ["茂南区"], ["茂南区"], ["茂名市茂南区人民政府"]),
        (same_day_recorded_later, "茂南区", 2026, "samr_head", [], [], []),
        (earlier, "茂南区", 2026, "samr_head", [], [], []),
    ]
