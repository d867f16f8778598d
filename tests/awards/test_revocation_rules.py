# ruff: noqa: F811 - fixtures imported from other test modules are redefined as arguments
"""Revocation for a major incident (art. 15) at its boundaries, found by mutation testing (``make mutation``): where
the incident must have happened (a county answers for itself, a prefecture for its counties too), in which year,
what each refusal says, and what the revocation records."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.domain import revocation
from awards.models import Award
from core.models import AuditEvent
from criteria.enums import DeterminingAuthority, IncidentDomain
from criteria.models import Incident
from nominations.enums import NominationState
from nominations.models import Nomination
from provinces.enums import Role
from provinces.models import Division, Membership

from ..factories import member
from ..nominations.conftest import campaign  # noqa: F401
from ..nominations.test_nominations_api import make

pytestmark = pytest.mark.django_db
S = NominationState

MAONAN, DIANBAI, MAOMING, GUANGDONG, LUOHU = "440902", "440904", "440900", "440000", "440303"


def incident(code, *, occurred_on=None, government_responsibility=True):
    return Incident.objects.create(
        division=Division.objects.get(code=code),
        occurred_on=occurred_on or date(2026, 3, 1),
        domain=IncidentDomain.FOOD_DRUG,
        title="食品安全事件",
        determining_authority=DeterminingAuthority.STATE_COUNCIL,
        source_document="国务院调查组报告",
        government_responsibility=government_responsibility,
    )


def awarded(campaign, code, granted_by):
    """Arrange-only: an award of the 2026 campaign, stored as the report stores it."""
    nomination = make(campaign, code, granted_by, state=S.AWARDED)
    return Award.objects.create(
        nomination=nomination, measures=["q_pilot"], granted_at=timezone.now(), granted_by=granted_by
    )


@pytest.fixture
def samr_head(db):
    """SAMR leadership that also reviews, its reviewer membership first: the events must name the role the action
    is taken in (SAMR leadership), not the first one the user holds."""
    user = member(Role.SAMR_REVIEWER, username="samr_head")
    Membership.objects.create(user=user, bureau=Membership.objects.get(user=user).bureau, role=Role.SAMR_APPROVER)
    return user


@pytest.fixture
def request_from(rf):
    return rf.post("/", REMOTE_ADDR="203.0.113.7")


# ---------------------------------------------------------------- where (art. 15: 所在地)


@pytest.mark.parametrize(
    ("awarded_code", "incident_code", "counts"),
    [
        (MAONAN, MAONAN, True),  # the county itself
        (MAONAN, DIANBAI, False),  # another county of the same prefecture
        (MAONAN, MAOMING, False),  # recorded against the prefecture as a whole: it does not name the county
        (MAOMING, MAOMING, True),  # the prefecture itself
        (MAOMING, MAONAN, True),  # a prefecture answers for its counties
        (MAOMING, LUOHU, False),  # a county of another prefecture
        (MAOMING, GUANGDONG, False),  # the province
    ],
)
def test_the_incident_happened_in_the_awarded_locality(awarded_code, incident_code, counts):
    award = Award(nomination=Nomination(division=Division.objects.get(code=awarded_code)))
    assert revocation.in_locality(award, incident(incident_code)) is counts


def test_the_incidents_offered_are_those_of_the_locality_in_the_award_year(campaign, samr_head):
    maonan_may, maonan_september = (incident(MAONAN, occurred_on=date(2026, month, 1)) for month in (5, 9))
    maoming, dianbai = incident(MAOMING), incident(DIANBAI)
    incident(LUOHU)  # another prefecture's county
    incident(GUANGDONG)  # the province
    incident(MAONAN, occurred_on=date(2025, 12, 31))  # the year before the campaign's
    incident(MAONAN, occurred_on=date(2027, 1, 1))  # the year after
    county, prefecture = awarded(campaign, MAONAN, samr_head), awarded(campaign, MAOMING, samr_head)
    assert list(revocation.revocable_incidents(county)) == [maonan_september, maonan_may]  # the latest first
    assert set(revocation.revocable_incidents(prefecture)) == {maonan_may, maonan_september, maoming, dianbai}


# ---------------------------------------------------------------- what each refusal says


def test_an_incident_that_counts_on_no_ground_is_refused_with_every_reason(campaign, samr_head):
    award = awarded(campaign, MAONAN, samr_head)
    elsewhere = incident(LUOHU, occurred_on=date(2025, 6, 1), government_responsibility=False)
    with pytest.raises(ValidationError) as refused:
        revocation.revoke_award(samr_head, award, reason="事件", incident=elsewhere)
    assert refused.value.messages == [
        "该事件不发生在茂南区，不能据此撤销。",
        "该事件经调查不属于政府责任（第十五条），不能据此撤销。",
        "该事件发生于2025年，不在认定当年（2026年度）内（第十五条）。",
    ]


@pytest.mark.parametrize("reason", [None, "", "  "])
def test_a_revocation_needs_its_reason(campaign, samr_head, reason):
    award = awarded(campaign, MAONAN, samr_head)
    with pytest.raises(ValidationError) as refused:
        revocation.revoke_award(samr_head, award, reason=reason, incident=incident(MAONAN))
    assert refused.value.messages == ["请填写撤销原因。"]


def test_an_award_is_revoked_once_and_the_refusal_gives_the_day_in_the_portals_time(campaign, samr_head):
    award = awarded(campaign, MAONAN, samr_head)
    # 20:00 UTC on 1 March is 2 March in Beijing
    Award.objects.filter(pk=award.pk).update(revoked_at=datetime(2026, 3, 1, 20, 0, tzinfo=UTC))
    with pytest.raises(ValidationError) as refused:
        revocation.revoke_award(samr_head, award, reason="事件", incident=incident(MAONAN))
    assert refused.value.messages == ["该激励已于2026-03-02撤销。"]


# ---------------------------------------------------------------- what the revocation records


def test_the_revocation_records_who_in_which_role_why_from_where_and_the_incident(campaign, samr_head, request_from):
    award = awarded(campaign, MAONAN, samr_head)
    basis, reason = incident(MAONAN), "重大食品安全事件，属于政府责任"
    before = timezone.now()
    revocation.revoke_award(samr_head, award, reason=reason, incident=basis, request=request_from)
    award.refresh_from_db()
    assert award.is_revoked and before <= award.revoked_at <= timezone.now()
    assert (award.revoked_by, award.revocation_reason, award.incident) == (samr_head, reason, basis)
    event = AuditEvent.objects.get(action="nomination.revoke")
    assert (event.actor, event.role, event.comment, event.ip, event.object_pk) == (
        samr_head,
        Role.SAMR_APPROVER,
        reason,
        "203.0.113.7",
        str(award.nomination_id),
    )
    assert (event.from_state, event.to_state, event.data) == (
        S.AWARDED,
        S.REVOKED,
        {"incident": basis.pk, "fraud": False},
    )
