"""The boundaries of the sanctions register (art. 14), found by mutation testing (``make mutation``): which terms can
be registered and what each refusal says, the day a ban starts for every reader, and the daily job that announces
the end of each term exactly once, even when another run announces one meanwhile."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.models import AuditEvent
from criteria.domain import sanctions
from criteria.enums import SanctionKind, SanctionReason
from criteria.models import MAX_YEAR, MIN_YEAR, Sanction
from provinces.models import Division

pytestmark = pytest.mark.django_db

BAN, RECOMMENDATION = SanctionKind.APPLICATION_BAN, SanctionKind.RECOMMENDATION_BAN
YEARS = f"请填写起止年度（{MIN_YEAR}—{MAX_YEAR}）。"


def division(code):
    return Division.objects.get(code=code)


def sanction(code, kind=BAN, *, decided=date(2026, 12, 10), first=2026, last=2029):
    return Sanction.objects.create(
        division=division(code),
        kind=kind,
        reason=SanctionReason.FRAUD,
        starts_on=decided,
        first_year=first,
        last_year=last,
    )


# ---------------------------------------------------------------- registering a term


@pytest.mark.parametrize(
    ("code", "kind", "reason", "first", "last", "problems"),
    [
        ("440902", BAN, "fraud", 2027, 2029, []),
        ("440900", BAN, "incident", 2027, 2027, []),  # a prefecture applies too; one year: first == last
        ("440000", RECOMMENDATION, "fraud", 2028, 2028, []),
        ("440902", "", "fraud", 2027, 2029, ["请选择限制类型：取消申报资格或取消推荐资格。"]),
        (
            "440000",
            BAN,
            "fraud",
            2027,
            2029,
            ["取消申报资格只适用于市、县级地方，取消推荐资格只适用于省级市场监管部门（第十四条）。"],
        ),
        (
            "440902",
            RECOMMENDATION,
            "fraud",
            2027,
            2027,
            ["取消申报资格只适用于市、县级地方，取消推荐资格只适用于省级市场监管部门（第十四条）。"],
        ),
        ("440902", BAN, "", 2027, 2029, ["请选择限制事由。"]),
        ("440902", BAN, "fraud", 2028, 2027, ["终止年度不能早于起始年度。"]),
        ("440902", BAN, "fraud", MIN_YEAR, MIN_YEAR, []),  # the first year the register takes
        ("440902", BAN, "fraud", MIN_YEAR - 1, MIN_YEAR, [YEARS]),  # the year before it
        ("440902", BAN, "fraud", MAX_YEAR, MAX_YEAR, []),  # the last year it takes
        ("440902", BAN, "fraud", MAX_YEAR, MAX_YEAR + 1, [YEARS]),  # the year after it
        ("440902", BAN, "fraud", 2027, None, [YEARS]),
        ("440902", BAN, "fraud", True, 2027, [YEARS]),  # a checkbox's True is not the year 1
    ],
)
def test_what_a_term_needs_and_what_each_refusal_says(code, kind, reason, first, last, problems):
    assert sanctions.check_term(division(code), kind, reason, first, last) == problems


def test_every_problem_of_a_term_is_named_at_once():
    assert sanctions.check_term(None, "", "", 2029, 2027) == [
        "请选择限制类型：取消申报资格或取消推荐资格。",
        "请选择限制事由。",
        "终止年度不能早于起始年度。",
    ]


# ---------------------------------------------------------------- the day a ban starts, for every reader


def test_a_recommendation_ban_bars_from_the_day_of_its_decision():
    """Read on a given day, not today: the day before the decision its first campaign year is still free."""
    decided = date(2026, 12, 10)
    ban = sanction("440000", RECOMMENDATION, decided=decided, first=2026, last=2026)
    guangdong = division("440000")
    assert sanctions.recommendation_ban(guangdong, 2026, decided - timedelta(days=1)) is None
    assert sanctions.recommendation_ban(guangdong, 2026, decided) == ban
    assert sanctions.recommendation_ban(guangdong, 2026, decided + timedelta(days=1)) == ban


# ---------------------------------------------------------------- the daily job


def test_each_ended_term_is_counted_and_announced_with_its_kind_and_last_year():
    sanction("440902", BAN, first=2026, last=2029)
    sanction("440000", RECOMMENDATION, first=2027, last=2027)
    sanction("630202", BAN, first=2030, last=2033)  # still running
    assert sanctions.expire_sanctions(2030) == 2
    events = AuditEvent.objects.filter(action="sanction.end")
    assert sorted((e.actor, e.data["kind"], e.data["last_year"]) for e in events) == [
        (None, "application_ban", 2029),
        (None, "recommendation_ban", 2027),
    ]


def test_a_second_run_with_nothing_to_announce_reads_one_query(django_assert_num_queries):
    sanction("440902", last=2029)
    assert sanctions.expire_sanctions(2030) == 1
    with django_assert_num_queries(1):
        assert sanctions.expire_sanctions(2030) == 0


def test_a_term_another_run_has_announced_meanwhile_is_skipped_and_the_rest_still_announced(monkeypatch):
    """Two runs of the job at once (a retried task): each term is announced by one of them only."""
    first = sanction("440902", decided=date(2026, 12, 12), last=2029)
    taken = sanction("440904", decided=date(2026, 12, 11), last=2029)
    last = sanction("440981", decided=date(2026, 12, 10), last=2029)
    record = sanctions.record

    def announce_while_another_run_takes_the_next(actor, action, obj, **data):
        if obj.pk == first.pk:
            Sanction.objects.filter(pk=taken.pk).update(expired_at=timezone.now())
        return record(actor, action, obj, **data)

    monkeypatch.setattr(sanctions, "record", announce_while_another_run_takes_the_next)
    assert sanctions.expire_sanctions(2030) == 2
    announced = AuditEvent.objects.filter(action="sanction.end").values_list("object_pk", flat=True)
    assert sorted(announced) == sorted([str(first.pk), str(last.pk)])
