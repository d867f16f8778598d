"""China's working days, for the publicity period (对外公示) of the proposed national list.

Convention (docs/publicity.md), in Asia/Shanghai time:

- A period counts whole working days only. As the Civil Code has it (art. 201: 开始的当日不计入), the day a period
  starts counts only if the period covers it whole, that is if it starts at 00:00 on a working day; a notice
  published at 10:00 counts from the next working day. The public always gets at least n full working days.
- A period ends at 24:00 of its n-th working day (art. 203: 期间的最后一日的截止时间为二十四时), given as 00:00 of the
  following day. The end is exclusive: the period is running while ``start <= now < end``.

Which days are working days: an admin's ``CalendarOverride`` first; else the chinesecalendar package (the State
Council's notices); for a year the package does not know, Monday to Friday once an admin has declared the year
complete (``CalendarYear``); else ``CalendarUnknown``, never a guess.
"""

import datetime
import itertools

import chinese_calendar
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import DayKind
from ..models import CalendarOverride, CalendarYear

ONE_DAY = datetime.timedelta(days=1)
# n working days lie within 2n + 9 calendar days in every year the package knows (2004-2026, longest: a 9-day
# Spring Festival); two weeks of slack loads them with one query. Odder admin data only costs another query.
SLACK_DAYS = 14


class CalendarUnknown(ValidationError):
    def __init__(self, year):
        self.year = year
        super().__init__(
            _(
                "尚无%(year)s年的法定节假日安排：请管理员在后台录入当年的节假日和调休安排，"
                "并将该年度标记为已录入完整，再计算公示期。"
            )
            % {"year": year},
            code="calendar_unknown",
        )

    def __reduce__(self):
        # Rebuilt from the year when unpickled, e.g. as a Celery task's error.
        return type(self), (self.year,)


# The messages marked "pragma: no mutate" below are a programmer's errors, not rules: what callers meet is the type.


def package_knows(year):
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))  # pragma: no mutate (any day of a known year)
    except NotImplementedError:
        return False
    return True


class WorkingCalendar:
    """Which days from ``first`` to ``last`` are working days, with the admins' entries loaded once.

    One query for the overrides, and one for the declared years only when the range reaches a year the package
    does not know. Build one and pass it to ``add_workdays`` or ``working_days_between`` to reuse it.
    """

    def __init__(self, first, last):
        self.first, self.last = first, last
        self.overrides = dict(CalendarOverride.objects.filter(date__range=(first, last)).values_list("date", "kind"))
        unknown_years = [year for year in range(first.year, last.year + 1) if not package_knows(year)]
        # With no unknown year the filter is empty and Django sends no query.
        self.complete_years = set(
            CalendarYear.objects.filter(year__in=unknown_years, complete=True).values_list("year", flat=True)
        )

    @classmethod
    def for_workdays(cls, first, n):
        """Wide enough to hold ``n`` working days from ``first`` in any real year."""
        return cls(first, first + datetime.timedelta(days=2 * n + SLACK_DAYS))  # pragma: no mutate (wider: rows only)

    def covers(self, day):
        return self.first <= day <= self.last

    def is_workday(self, day):
        if not self.covers(day):
            raise ValueError(f"{day} is outside the loaded calendar ({self.first} to {self.last})")  # pragma: no mutate
        kind = self.overrides.get(day)
        if kind:
            return kind == DayKind.WORKDAY
        if day.year in self.complete_years:
            return day.weekday() < 5
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            raise CalendarUnknown(day.year) from None


def is_workday(day):
    if isinstance(day, datetime.datetime):
        raise TypeError("is_workday() takes a date; convert a datetime with timezone.localdate()")  # pragma: no mutate
    return WorkingCalendar(day, day).is_workday(day)


def add_workdays(start, n, calendar=None):
    """The end (exclusive) of a period of ``n`` working days that starts at the aware datetime ``start``."""
    if n < 1:
        raise ValueError(f"a period has at least one working day, not {n}")  # pragma: no mutate
    first = _first_whole_day(start)
    last = next(itertools.islice(_working_days_from(first, n, calendar), n - 1, None))
    return _midnight(last + ONE_DAY)


def working_days_between(start, end, calendar=None):
    """How many whole working days lie between the aware datetimes ``start`` and ``end``.

    The inverse of ``add_workdays``: ``working_days_between(start, add_workdays(start, n)) == n``. With ``start``
    now and ``end`` a period's end, it is the working days left after today (剩余工作日).
    """
    first = _first_whole_day(start)
    last = _local(end).date() - ONE_DAY
    if last < first:
        return 0
    if calendar is None or not (calendar.covers(first) and calendar.covers(last)):
        calendar = WorkingCalendar(first, last)
    days = (first + offset * ONE_DAY for offset in range((last - first).days + 1))
    return sum(1 for day in days if calendar.is_workday(day))


def _working_days_from(day, n, calendar):
    """The working days from ``day`` on, loading the calendar ``n`` working days at a time."""
    while True:
        if calendar is None or not calendar.covers(day):
            calendar = WorkingCalendar.for_workdays(day, n)
        if calendar.is_workday(day):
            yield day
        day += ONE_DAY


def _local(moment):
    if timezone.is_naive(moment):
        raise ValueError(f"{moment} has no time zone: periods are computed on aware datetimes")  # pragma: no mutate
    return timezone.localtime(moment, timezone.get_default_timezone())


def _first_whole_day(start):
    local = _local(start)
    return local.date() if local.time() == datetime.time.min else local.date() + ONE_DAY


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())
