"""The sanctions register (art. 14) in campaign years: which campaigns a sanction bars, from which day, registering one
decided elsewhere, lifting one by a recorded decision, and the end of each term."""

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEvent
from criteria.domain import sanctions
from criteria.domain.sanctions import application_ban, recommendation_ban
from criteria.enums import SanctionKind, SanctionReason
from criteria.models import Sanction
from provinces.models import Division

pytestmark = pytest.mark.django_db


@pytest.fixture
def maonan():
    return Division.objects.get(code="440902")


def ban(division, kind=SanctionKind.APPLICATION_BAN, decided=date(2026, 12, 10), first=2026, last=2029, **extra):
    return Sanction.objects.create(
        division=division,
        kind=kind,
        reason=SanctionReason.FRAUD,
        starts_on=decided,
        first_year=first,
        last_year=last,
        **extra,
    )


@pytest.mark.parametrize(
    ("year", "on", "banned"),
    [
        (2026, date(2026, 12, 9), False),  # the day before the decision, in its own campaign year
        (2026, date(2026, 12, 10), True),  # the day of the decision
        (2026, date(2026, 12, 11), True),  # the day after
        (2027, date(2026, 12, 1), True),  # the 2027 campaign opened in December 2026: barred as 2027's
        (2029, date(2029, 6, 1), True),  # the third campaign year after the finding (3年内)
        (2030, date(2029, 12, 20), False),  # the 2030 campaign is free, even opened in 2029
        (2025, date(2026, 12, 20), False),  # an earlier campaign still open is not barred by a later finding
    ],
)
def test_an_application_ban_bars_its_campaign_years(maonan, year, on, banned):
    sanction = ban(maonan)
    assert (application_ban(maonan, year, on) == sanction) is banned
    assert sanction.in_force(year, on) is banned


def test_a_lifted_ban_stops_counting_from_the_day_after(maonan):
    ban(maonan, lifted_at=timezone.make_aware(datetime(2027, 1, 10, 9, 0)))
    assert application_ban(maonan, 2027, date(2027, 1, 10)) is None
    assert application_ban(maonan, 2027, date(2027, 1, 9)) is not None


def test_kinds_and_divisions_do_not_mix(maonan):
    guangdong = Division.objects.get(code="440000")
    ban(maonan)
    ban(guangdong, kind=SanctionKind.RECOMMENDATION_BAN, decided=date(2026, 6, 1), first=2027, last=2027)
    assert recommendation_ban(guangdong, 2027) is not None
    assert recommendation_ban(guangdong, 2026) is None
    assert recommendation_ban(guangdong, 2028) is None
    assert application_ban(guangdong, 2027) is None
    assert recommendation_ban(maonan, 2027) is None
    # a ban on a county does not bar its prefecture
    assert application_ban(Division.objects.get(code="440900"), 2027) is None


def test_years_must_be_in_order(maonan):
    sanction = Sanction(
        division=maonan,
        kind=SanctionKind.APPLICATION_BAN,
        reason=SanctionReason.FRAUD,
        starts_on=date(2026, 3, 1),
        first_year=2027,
        last_year=2026,
    )
    with pytest.raises(ValidationError, match="终止年度不能早于起始年度"):
        sanction.full_clean()


class TestRegister:
    def test_samr_leadership_registers_a_sanction_decided_elsewhere(self, maonan, samr_approver):
        sanction = sanctions.register(
            samr_approver,
            division=maonan,
            kind=SanctionKind.APPLICATION_BAN,
            reason=SanctionReason.FRAUD,
            first_year=2027,
            last_year=2029,
            decision_number="国市监〔2027〕3号",
        )
        assert (sanction.starts_on, sanction.created_by) == (timezone.localdate(), samr_approver)
        event = AuditEvent.objects.get(action="sanction.start")
        assert (event.actor, event.data["first_year"], event.data["last_year"]) == (samr_approver, 2027, 2029)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"reason": ""}, "请选择限制事由"),  # a fraud sanction is never stored without its reason
            ({"decision_number": " "}, "请填写决定文号"),
            ({"first_year": 2029, "last_year": 2027}, "终止年度不能早于起始年度"),
            ({"first_year": None}, "请填写起止年度"),
            ({"kind": SanctionKind.RECOMMENDATION_BAN}, "取消推荐资格只适用于省级"),  # a county cannot recommend
        ],
    )
    def test_a_bad_term_is_refused_and_nothing_is_stored(self, maonan, samr_approver, changes, message):
        term = {
            "division": maonan,
            "kind": SanctionKind.APPLICATION_BAN,
            "reason": SanctionReason.FRAUD,
            "first_year": 2027,
            "last_year": 2029,
            "decision_number": "国市监〔2027〕3号",
            **changes,
        }
        with pytest.raises(ValidationError, match=message):
            sanctions.register(samr_approver, **term)
        assert not Sanction.objects.exists()

    def test_only_samr_leadership_or_an_administrator_registers(self, maonan, samr_reviewer):
        with pytest.raises(PermissionDenied):
            sanctions.register(
                samr_reviewer,
                division=maonan,
                kind=SanctionKind.APPLICATION_BAN,
                reason=SanctionReason.FRAUD,
                first_year=2027,
                last_year=2029,
                decision_number="x",
            )


class TestLift:
    def test_a_lifting_decision_ends_the_ban_and_is_recorded(self, maonan, samr_approver):
        sanction = ban(maonan, decided=date(2026, 1, 5))
        sanctions.lift(samr_approver, sanction, reason="复核认定不属于弄虚作假", document_number="国市监〔2027〕9号")
        sanction.refresh_from_db()
        assert (sanction.lifted_by, sanction.lift_document_number) == (samr_approver, "国市监〔2027〕9号")
        assert application_ban(maonan, 2027, timezone.localdate()) is None
        event = AuditEvent.objects.get(action="sanction.lift")
        assert (event.comment, event.data["document_number"]) == ("复核认定不属于弄虚作假", "国市监〔2027〕9号")

    def test_without_a_reason_and_a_document_nothing_changes(self, maonan, samr_approver, samr_reviewer):
        sanction = ban(maonan)
        with pytest.raises(ValidationError) as refused:
            sanctions.lift(samr_approver, sanction, reason=" ", document_number="")
        assert refused.value.messages == ["请填写解除理由。", "请填写解除决定文号。"]
        with pytest.raises(PermissionDenied):
            sanctions.lift(samr_reviewer, sanction, reason="x", document_number="y")
        sanction.refresh_from_db()
        assert sanction.lifted_at is None and not AuditEvent.objects.filter(action="sanction.lift").exists()

    def test_a_sanction_is_lifted_once(self, maonan, samr_approver):
        sanction = ban(maonan)
        sanctions.lift(samr_approver, sanction, reason="x", document_number="y")
        with pytest.raises(ValidationError, match="已于"):
            sanctions.lift(samr_approver, sanction, reason="x", document_number="z")


class TestExpiry:
    def test_a_term_ends_when_the_campaign_year_after_its_last_begins(self, maonan):
        ban(maonan, last=2029)
        assert sanctions.expire_sanctions(2029) == 0
        assert sanctions.expire_sanctions(2030) == 1
        assert sanctions.expire_sanctions(2030) == 0  # once
        assert AuditEvent.objects.filter(action="sanction.end").count() == 1

    def test_a_lifted_sanction_is_not_announced_again(self, maonan):
        ban(maonan, last=2027, lifted_at=timezone.make_aware(datetime(2027, 1, 10, 9, 0)))
        assert sanctions.expire_sanctions(2030) == 0
