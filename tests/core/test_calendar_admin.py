"""The admin pages where the holiday notice is entered, and the query count of their lists."""

import datetime

import pytest
from django.urls import reverse

from core.enums import DayKind
from core.models import CalendarOverride, CalendarYear

pytestmark = pytest.mark.django_db


def enter_days(count):
    for offset in range(count):
        CalendarOverride.objects.create(
            date=datetime.date(2027, 2, 5) + datetime.timedelta(days=offset), kind=DayKind.HOLIDAY, name="春节"
        )


@pytest.mark.parametrize("count", [1, 20])
def test_override_list(client, admin_user, count, django_assert_num_queries):
    enter_days(count)
    client.force_login(admin_user)

    with django_assert_num_queries(8):
        page = client.get(reverse("admin:core_calendaroverride_changelist"))

    assert page.status_code == 200
    assert len(page.context["cl"].result_list) == count


def test_year_list_tells_which_years_the_package_knows(client, admin_user):
    CalendarYear.objects.create(year=2026)
    CalendarYear.objects.create(year=2027)
    client.force_login(admin_user)

    page = client.get(reverse("admin:core_calendaryear_changelist"))

    assert page.status_code == 200
    changelist = page.context["cl"]
    shown = [(year.year, changelist.model_admin.in_package(year)) for year in changelist.result_list]
    assert shown == [(2027, False), (2026, True)]


def test_marking_a_year_complete_without_holidays_is_refused(client, admin_user):
    client.force_login(admin_user)

    page = client.post(reverse("admin:core_calendaryear_add"), {"year": 2027, "complete": "on", "note": ""})

    assert page.status_code == 200
    assert "2027年尚未录入任何休息日" in page.content.decode()
    assert not CalendarYear.objects.exists()
