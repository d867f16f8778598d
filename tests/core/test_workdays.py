"""Working days for the publicity period, on the chinesecalendar data and the admins' overrides."""

import datetime
import pickle
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from core.domain.workdays import CalendarUnknown, WorkingCalendar, add_workdays, is_workday, working_days_between
from core.enums import DayKind
from core.models import CalendarOverride, CalendarYear

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour=0, minute=0):
    return datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=SHANGHAI)


def date(day):
    return datetime.date.fromisoformat(day)


# National Day and Mid-Autumn 2025: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked.
# Spring Festival 2026: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked.
PERIODS = [
    # start, working days, end (exclusive: 24:00 of the last working day), why
    (at("2025-09-29"), 5, at("2025-10-12"), "09-29, 09-30, 10-09, 10-10 and the worked Saturday 10-11"),
    (at("2025-09-29", 10), 5, at("2025-10-14"), "published in the day: counts from 09-30, so to Monday 10-13"),
    (at("2025-09-27"), 5, at("2025-10-11"), "Saturday off: counts from the worked Sunday 09-28"),
    (at("2025-09-30", 15), 1, at("2025-10-10"), "last afternoon before the holiday: the one day is 10-09"),
    (at("2025-10-01"), 5, at("2025-10-15"), "starts on a holiday: 10-09, 10-10, 10-11, 10-13, 10-14"),
    (at("2026-02-12"), 5, at("2026-02-26"), "02-12, 02-13, the worked Saturday 02-14, 02-24, 02-25"),
    (at("2026-02-17"), 5, at("2026-03-01"), "starts on a holiday: 02-24 to 02-27 and the worked Saturday 02-28"),
    (at("2026-02-28"), 3, at("2026-03-04"), "starts on a worked Saturday, which counts"),
    (at("2026-02-28", 9), 1, at("2026-03-03"), "published during the worked Saturday: the one day is Monday 03-02"),
    (at("2025-11-03"), 1, at("2025-11-04"), "an ordinary Monday"),
    (at("2026-12-28"), 4, at("2027-01-01"), "ends on 2026-12-31: the unknown 2027 is never consulted"),
    (
        datetime.datetime(2025, 9, 28, 16, tzinfo=datetime.UTC),
        5,
        at("2025-10-12"),
        "16:00 UTC is 00:00 in Shanghai",
    ),
]


@pytest.mark.parametrize(("start", "n", "end", "why"), PERIODS, ids=[period[3] for period in PERIODS])
def test_add_workdays(start, n, end, why):
    assert add_workdays(start, n) == end


@pytest.mark.parametrize(("start", "n", "end", "why"), PERIODS, ids=[period[3] for period in PERIODS])
def test_working_days_between_is_the_inverse(start, n, end, why):
    assert working_days_between(start, end) == n


@pytest.mark.parametrize(
    ("now", "end", "left"),
    [
        (at("2025-10-09", 10), at("2025-10-14"), 3),  # after today: 10-10, 10-11, 10-13
        (at("2025-10-13", 10), at("2025-10-14"), 0),
        (at("2025-10-14", 10), at("2025-10-14"), 0),
        (at("2025-10-03", 10), at("2025-10-10"), 1),  # in the holiday, before 10-09
    ],
)
def test_working_days_left(now, end, left):
    assert working_days_between(now, end) == left


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-09-28", True),  # Sunday worked for National Day
        ("2025-10-01", False),
        ("2025-10-06", False),  # Mid-Autumn
        ("2025-10-11", True),  # Saturday worked
        ("2025-11-01", False),  # ordinary Saturday
        ("2026-02-14", True),  # Saturday worked for Spring Festival
        ("2026-02-23", False),  # Monday, last day of Spring Festival
        ("2026-02-24", True),
    ],
)
def test_is_workday(day, expected):
    assert is_workday(date(day)) is expected


def test_an_unknown_year_is_an_error_not_a_guess():
    with pytest.raises(CalendarUnknown) as raised:
        add_workdays(at("2027-03-01"), 5)
    assert raised.value.messages == [
        "尚无2027年的法定节假日安排：请管理员在后台录入当年的节假日和调休安排，并将该年度标记为已录入完整，再计算公示期。"
    ]
    assert raised.value.code == "calendar_unknown"
    assert isinstance(raised.value, ValidationError)
    assert pickle.loads(pickle.dumps(raised.value)).messages == raised.value.messages


def test_a_period_running_into_an_unknown_year_is_an_error():
    with pytest.raises(CalendarUnknown, match="尚无2027年"):
        add_workdays(at("2026-12-28"), 5)


def spring_festival_2027():
    """Test data, not the State Council's notice: 02-05..02-11 off, Saturday 02-13 worked."""
    for offset in range(7):
        CalendarOverride.objects.create(
            date=date("2027-02-05") + datetime.timedelta(days=offset), kind=DayKind.HOLIDAY, name="春节"
        )
    CalendarOverride.objects.create(date=date("2027-02-13"), kind=DayKind.WORKDAY, name="春节")


@pytest.mark.parametrize("declaration", [None, False], ids=["no year row", "year not complete"])
def test_overrides_alone_do_not_make_a_year_known(declaration):
    spring_festival_2027()
    if declaration is not None:
        CalendarYear.objects.create(year=2027, complete=declaration)
    with pytest.raises(CalendarUnknown):
        add_workdays(at("2027-02-03"), 5)


def test_a_year_declared_complete_is_computed_from_its_overrides():
    spring_festival_2027()
    CalendarYear.objects.create(year=2027, complete=True)
    # 02-03, 02-04, the holiday, 02-12, the worked Saturday 02-13, Monday 02-15
    assert add_workdays(at("2027-02-03"), 5) == at("2027-02-16")
    assert add_workdays(at("2026-12-28"), 5) == at("2027-01-02")  # Friday 2027-01-01: no override, a working day


def test_in_a_year_declared_complete_saturday_and_sunday_are_rest_days():
    """Without an override, a declared year counts Monday to Friday only."""
    CalendarYear.objects.create(year=2027, complete=True)
    assert [is_workday(date(f"2027-03-{day:02d}")) for day in range(5, 9)] == [True, False, False, True]


def test_an_override_corrects_a_known_year():
    CalendarOverride.objects.create(date=date("2025-09-30"), kind=DayKind.HOLIDAY, name="更正")
    CalendarOverride.objects.create(date=date("2025-10-08"), kind=DayKind.WORKDAY, name="更正")
    # 09-29, 10-08, 10-09, 10-10, 10-11
    assert add_workdays(at("2025-09-29"), 5) == at("2025-10-12")
    assert is_workday(date("2025-09-30")) is False


def test_a_complete_mark_does_not_replace_the_package_for_a_known_year():
    CalendarOverride.objects.create(date=date("2025-01-01"), kind=DayKind.HOLIDAY, name="元旦")
    CalendarYear.objects.create(year=2025, complete=True)
    assert is_workday(date("2025-10-01")) is False


@pytest.mark.parametrize("n", [1, 5, 60, 200])
def test_one_query_whatever_the_length(n, django_assert_num_queries):
    with django_assert_num_queries(1):
        add_workdays(at("2025-01-02"), n)


@pytest.mark.parametrize("n", [1, 5, 60])
def test_two_queries_in_a_year_the_package_does_not_know(n, django_assert_num_queries):
    spring_festival_2027()
    CalendarYear.objects.create(year=2027, complete=True)
    with django_assert_num_queries(2):
        add_workdays(at("2027-02-03"), n)


def test_a_preloaded_calendar_is_reused(django_assert_num_queries):
    calendar = WorkingCalendar(date("2025-09-01"), date("2025-12-31"))
    with django_assert_num_queries(0):
        assert add_workdays(at("2025-09-29"), 5, calendar=calendar) == at("2025-10-12")
        assert working_days_between(at("2025-09-29"), at("2025-10-12"), calendar=calendar) == 5


def test_a_calendar_too_short_is_extended():
    calendar = WorkingCalendar(date("2025-09-29"), date("2025-09-30"))
    assert add_workdays(at("2025-09-29"), 5, calendar=calendar) == at("2025-10-12")


@pytest.mark.parametrize(
    ("start", "n"),
    [(at("2025-09-29"), 0), (at("2025-09-29"), -1), (datetime.datetime(2025, 9, 29), 5)],
    ids=["zero days", "negative", "naive datetime"],
)
def test_bad_arguments(start, n):
    with pytest.raises(ValueError):
        add_workdays(start, n)


def test_is_workday_takes_a_date():
    with pytest.raises(TypeError):
        is_workday(at("2025-09-29"))


def test_a_year_is_complete_only_with_holidays_entered():
    with pytest.raises(ValidationError, match="2027年尚未录入任何休息日"):
        CalendarYear(year=2027, complete=True).full_clean()
    spring_festival_2027()
    CalendarYear(year=2027, complete=True).full_clean()


# ---------------------------------------------------------------- found by mutation testing (make mutation)


def test_the_days_are_shanghais_whatever_time_zone_is_active():
    """A notice published at 00:30 in Beijing (16:30 the day before in UTC) starts a period counted in Beijing's
    days, even where a request or a task has activated another time zone."""
    from django.utils import timezone

    start = datetime.datetime(2026, 6, 1, 16, 30, tzinfo=datetime.UTC)  # 2026-06-02 00:30 in Shanghai
    expected = add_workdays(start, 3)
    assert expected == at("2026-06-06")  # 06-03, 06-04, 06-05: the day of 00:30 itself does not count
    with timezone.override("UTC"):
        assert add_workdays(start, 3) == expected
        assert working_days_between(start, expected) == 3


def test_a_calendar_that_covers_only_the_start_is_not_reused():
    first = at("2025-11-03")
    partial = WorkingCalendar(date("2025-11-03"), date("2025-11-03"))
    assert working_days_between(first, at("2025-11-08"), calendar=partial) == 5


def test_a_range_of_known_years_reads_only_the_overrides(django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar = WorkingCalendar(date("2025-01-01"), date("2026-12-31"))
    assert calendar.complete_years == set()
