from datetime import date

import pytest

from criteria.domain.sanctions import application_ban, recommendation_ban
from criteria.enums import SanctionKind, SanctionReason
from criteria.models import Sanction
from provinces.models import Division

pytestmark = pytest.mark.django_db


@pytest.fixture
def maonan():
    return Division.objects.get(code="440902")


def ban(division, kind=SanctionKind.APPLICATION_BAN, starts=date(2026, 3, 1), ends=date(2029, 3, 1), **extra):
    return Sanction.objects.create(
        division=division, kind=kind, reason=SanctionReason.FRAUD, starts_on=starts, ends_on=ends, **extra
    )


@pytest.mark.parametrize(
    ("on", "banned"),
    [
        (date(2026, 2, 28), False),  # the day before it starts
        (date(2026, 3, 1), True),  # first day
        (date(2029, 2, 28), True),  # last day of the 3 years (art. 14)
        (date(2029, 3, 1), False),  # the end day is free again
    ],
)
def test_application_ban_term_boundaries(maonan, on, banned):
    sanction = ban(maonan)
    assert (application_ban(maonan, on) == sanction) is banned


def test_a_lifted_ban_stops_counting_from_the_day_after(maonan):
    from django.utils import timezone

    ban(maonan, lifted_at=timezone.make_aware(timezone.datetime(2027, 1, 10, 9, 0)))
    assert application_ban(maonan, date(2027, 1, 10)) is None
    assert application_ban(maonan, date(2027, 1, 9)) is not None


def test_kinds_and_divisions_do_not_mix(maonan):
    guangdong = Division.objects.get(code="440000")
    ban(maonan)
    ban(guangdong, kind=SanctionKind.RECOMMENDATION_BAN, starts=date(2027, 1, 1), ends=date(2028, 1, 1))
    assert recommendation_ban(guangdong, date(2027, 6, 1)) is not None
    assert recommendation_ban(guangdong, date(2026, 6, 1)) is None
    assert application_ban(guangdong, date(2027, 6, 1)) is None
    assert recommendation_ban(maonan, date(2027, 6, 1)) is None
    # a ban on a county does not bar its prefecture
    assert application_ban(Division.objects.get(code="440900"), date(2027, 6, 1)) is None


def test_term_must_be_positive(maonan):
    from django.core.exceptions import ValidationError

    sanction = Sanction(
        division=maonan,
        kind=SanctionKind.APPLICATION_BAN,
        reason=SanctionReason.FRAUD,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 1),
    )
    with pytest.raises(ValidationError, match="终止日须晚于起始日"):
        sanction.full_clean()
