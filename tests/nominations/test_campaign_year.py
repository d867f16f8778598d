"""The campaign year a day belongs to (art. 3: the work is yearly, on the State Council's timetable), the one window
every term of the measures counted in years reads (``nominations.domain.campaigns.campaign_year_at``): the day before
a campaign opens, the day it opens (in the portal's time), the day after, and a year late."""

from datetime import UTC, date, datetime

import pytest

from nominations.domain.campaigns import campaign_year_at
from nominations.enums import CampaignStatus

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


def opened(year, at):
    return CampaignFactory(year=year, status=CampaignStatus.OPEN, opened_at=at)


def test_before_any_campaign_is_opened_the_calendar_year():
    CampaignFactory(year=2027)  # prepared, never opened
    assert campaign_year_at(date(2026, 12, 20)) == 2026


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 12, 9), 2026),  # the day before the 2027 campaign opens
        (date(2026, 12, 10), 2027),  # the day it opens: 01:00 in Beijing, still the 9th in UTC
        (date(2026, 12, 11), 2027),  # the day after
        (date(2027, 12, 10), 2027),  # a year late, the 2028 campaign not opened: the days still belong to 2027
        (date(2026, 3, 1), 2026),
        (date(2026, 2, 28), 2026),  # before the first campaign opened: the calendar year
    ],
)
def test_a_day_belongs_to_the_latest_campaign_opened_by_then(day, year):
    opened(2026, datetime(2026, 3, 1, 2, 0, tzinfo=UTC))
    opened(2027, datetime(2026, 12, 9, 17, 0, tzinfo=UTC))
    assert campaign_year_at(day) == year


def test_the_latest_campaign_is_the_one_of_the_latest_year_not_the_last_opened():
    opened(2027, datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    opened(2026, datetime(2026, 12, 5, 2, 0, tzinfo=UTC))  # a late 2026 campaign opened after 2027's
    assert campaign_year_at(date(2026, 12, 20)) == 2027
