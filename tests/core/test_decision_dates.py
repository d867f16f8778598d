"""The one rule for the date of a decision recorded after the fact (core.domain.dates): a day, not after today in the
portal's time zone, not before the decision it follows; and the places that record such a date read it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.domain.dates import decision_date_problems

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    return TODAY


def test_a_missing_or_non_date_value_asks_for_the_date(today):
    for value in (None, "", "2026-12-01", 20261201, datetime.datetime(2026, 12, 1, 9)):
        assert decision_date_problems(value, name="上报日期") == ["请填写上报日期。"]


@pytest.mark.parametrize(
    ("days", "problems"),
    [(-1, []), (0, []), (1, ["上报日期不能晚于今天。"]), (365, ["上报日期不能晚于今天。"])],
)
def test_today_is_the_last_day_a_decision_can_bear(today, days, problems):
    assert decision_date_problems(today + datetime.timedelta(days=days), name="上报日期") == problems


@pytest.mark.parametrize(
    ("days", "problems"),
    [
        (-1, ["建议日期不能早于弄虚作假的认定日期（2026-12-01）。"]),
        (0, []),
        (1, []),
    ],
)
def test_a_decision_cannot_come_before_the_one_it_follows(today, days, problems):
    found = datetime.date(2026, 12, 1)
    assert (
        decision_date_problems(
            found + datetime.timedelta(days=days), name="建议日期", after=(found, "弄虚作假的认定日期")
        )
        == problems
    )


def test_a_future_date_is_refused_before_the_order_is_judged(today):
    tomorrow = today + datetime.timedelta(days=1)
    assert decision_date_problems(tomorrow, name="建议日期", after=(tomorrow, "认定日期")) == ["建议日期不能晚于今天。"]


@pytest.mark.django_db
def test_an_incident_cannot_be_registered_for_tomorrow(today):
    from criteria.models import Incident

    incident = Incident(occurred_on=today + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        incident.clean()
    assert refused.value.message_dict["occurred_on"] == ["发生日期不能晚于今天。"]
    incident.occurred_on = today
    try:
        incident.clean()
    except ValidationError as error:
        assert "occurred_on" not in error.message_dict
