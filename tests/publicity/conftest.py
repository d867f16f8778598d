"""Fixtures of the publicity stage: an approved national list, its publicity, objections, and a fixed clock."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from core.domain.workdays import package_knows
from core.models import CalendarYear
from national.models import NationalList, NationalListEntry, NationalListState
from nominations.domain.campaigns import open_campaign
from nominations.enums import NominationState
from nominations.models import Nomination
from provinces.enums import Level
from provinces.models import Division
from publicity.domain import objections, publicity
from publicity.models import PublicityPeriod

from ..nominations.factories import CampaignFactory
from ..nominations.test_nominations_api import make

SHANGHAI = ZoneInfo("Asia/Shanghai")
S = NominationState
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day, hour=0, minute=0):
    return datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=SHANGHAI)


# National Day 2025: 10-01..10-08 off, Saturday 10-11 worked; five working days from 09-29 end at 24:00 on 10-11.
START = at("2025-09-29")
BEFORE = at("2025-09-28", 9)
DURING = at("2025-10-09", 10)
END = at("2025-10-12")
AFTER = at("2025-10-13", 9)


@pytest.fixture(autouse=True)
def _clear_throttles():
    """DRF's throttles count in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign(admin_user):
    return open_campaign(admin_user, CampaignFactory(ready=True))


def counties(count, province="440000"):
    return list(Division.objects.filter(province__code=province, level=Level.COUNTY).order_by("code")[:count])


def approved_list(campaign, user, places, *, category="quality", province="440000"):
    """Arrange-only: an approved list of ``places`` proposed applications, as ``national_list.approve`` leaves it."""
    national_list = NationalList.objects.create(campaign=campaign, category=category, state=NationalListState.APPROVED)
    for position, county in enumerate(counties(places, province), start=1):
        nomination = make(
            campaign, county.code, user, category=category, state=S.PROPOSED, national_score=95 - position
        )
        NationalListEntry.objects.create(
            national_list=national_list, nomination=nomination, position=position, added_by=user
        )
    return national_list


@pytest.fixture
def quality_list(campaign, county_clerk):
    """Three Guangdong counties on the approved quality list; a fourth evaluated one left off it."""
    national_list = approved_list(campaign, county_clerk, 3)
    make(campaign, counties(4)[3].code, county_clerk, state=S.EVALUATED, national_score=60)
    return national_list


def listed(national_list):
    return [entry.nomination for entry in national_list.entries.select_related("nomination__division").all()]


def left_off(campaign):
    return Nomination.objects.get(campaign=campaign, state=S.EVALUATED)


@pytest.fixture
def period(quality_list, samr_approver):
    """The quality list publicised through the domain from 2025-09-29 (National Day inside)."""
    return publicity.publicise(
        samr_approver,
        quality_list,
        starts_at=START,
        notice_title="关于拟认定名单的公示",
        notice_text="现予以公示。",
        now=BEFORE,
    )


def running(national_list, user, *, starts_at=None, ends_at=None):
    """Arrange-only: a publicity running on the real clock (from a day ago to five days on), states as
    ``publicise`` leaves them."""
    now = timezone.now()
    national_list.state = NationalListState.IN_PUBLICITY
    national_list.save()
    Nomination.objects.filter(national_entry__national_list=national_list).update(state=S.IN_PUBLICITY)
    return PublicityPeriod.objects.create(
        national_list=national_list,
        starts_at=starts_at or now - datetime.timedelta(days=1),
        ends_at=ends_at or now + datetime.timedelta(days=5),
        working_days=5,
        notice_title=f"关于{national_list.campaign.year}年度拟认定名单（{national_list.get_category_display()}）的公示",
        notice_text="根据第七条第四项，现予以公示。",
        created_by=user,
    )


def objection(period, nomination, *, ip="203.0.113.7", now=DURING, **fields):
    values = {"name": "张三", "contact": "13800138000", "grounds": "该地方申报的投诉办结率与实际情况不符。", **fields}
    return objections.submit_objection(period, nomination=nomination, ip=ip, now=now, **values)


@pytest.fixture
def known_calendar():
    """Monday to Friday for the current and next year if the calendar package does not know them yet, so that
    tests that publicise on the real clock never depend on the date they run."""
    year = timezone.localdate().year
    for unknown in (y for y in (year, year + 1) if not package_knows(y)):
        CalendarYear.objects.create(year=unknown, complete=True)
