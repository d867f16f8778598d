"""The three deadlines of art. 7 (``nominations.models.guards``) at their boundaries, found by mutation testing (``make
mutation``): open up to the deadline itself, closed from the second after it, and each refusal names the deadline in the
portal's time (Asia/Shanghai) as users read it. Pure: an unsaved campaign and a fixed clock."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from nominations.enums import CampaignStatus
from nominations.models import guards

from .factories import CampaignFactory

# 09:30 UTC is 17:30 in Beijing: the messages must show the portal's time, not the server's.
APPLICATION = datetime(2026, 5, 31, 9, 30, tzinfo=UTC)
PROVINCE = datetime(2026, 6, 30, 9, 30, tzinfo=UTC)
NATIONAL = datetime(2026, 7, 31, 9, 30, tzinfo=UTC)
SECOND, DAY = timedelta(seconds=1), timedelta(days=1)


def campaign(status=CampaignStatus.OPEN):
    return CampaignFactory.build(
        year=2026,
        status=status,
        application_deadline=APPLICATION,
        province_deadline=PROVINCE,
        national_deadline=NATIONAL,
    )


@pytest.fixture
def now(monkeypatch):
    """Set the clock every window reads (``timezone.now``)."""

    def set_clock(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_clock


def test_a_deadline_reads_in_the_portals_time_zone():
    assert guards.local_datetime(APPLICATION) == "2026年5月31日 17:30"


@pytest.mark.parametrize(
    ("moment", "refusals"),
    [
        (APPLICATION - SECOND, []),  # the second before
        (APPLICATION, []),  # the deadline itself
        (APPLICATION + SECOND, ["申报已于2026年5月31日 17:30截止，不能再创建、修改或提交申报。"]),  # the second after
        (APPLICATION + DAY, ["申报已于2026年5月31日 17:30截止，不能再创建、修改或提交申报。"]),  # the day after
    ],
)
def test_the_application_window_art_7_2(now, moment, refusals):
    now(moment)
    assert guards.application_window_refusals(campaign()) == refusals


@pytest.mark.parametrize("status", [CampaignStatus.DRAFT, CampaignStatus.CLOSED])
def test_no_application_outside_an_open_campaign_whatever_the_clock(now, status):
    now(APPLICATION - timedelta(days=10))
    assert guards.application_window_refusals(campaign(status)) == [
        "2026年度市场监管工作真抓实干成效明显地方推荐认定工作尚未启动或已经结束。"
    ]


@pytest.mark.parametrize(
    ("moment", "refusals"),
    [
        (PROVINCE - SECOND, []),
        (PROVINCE, []),
        (PROVINCE + SECOND, ["省级推荐已于2026年6月30日 17:30截止。"]),
        (PROVINCE + DAY, ["省级推荐已于2026年6月30日 17:30截止。"]),
    ],
)
def test_the_provincial_window_art_7_3(now, moment, refusals):
    now(moment)
    assert guards.province_window_refusals(campaign()) == refusals


@pytest.mark.parametrize(
    ("moment", "refusals"),
    [
        (NATIONAL - SECOND, []),
        (NATIONAL, []),
        (NATIONAL + SECOND, ["总局评估已于2026年7月31日 17:30截止。"]),
        (NATIONAL + DAY, ["总局评估已于2026年7月31日 17:30截止。"]),
    ],
)
def test_the_national_window_art_7_4(now, moment, refusals):
    now(moment)
    assert guards.national_window_refusals(campaign()) == refusals


# A returned application follows its own revision deadline (art. 7(2), 7(3): 退回修改), not the application deadline.
REVISION = datetime(2026, 6, 10, 9, 30, tzinfo=UTC)


def application(state, return_deadline=None):
    from nominations.models import Nomination

    return Nomination(campaign=campaign(), state=state, return_deadline=return_deadline)


@pytest.mark.parametrize(
    ("moment", "refusals"),
    [
        (REVISION - SECOND, []),
        (REVISION, []),
        (REVISION + SECOND, ["修改期限已于2026年6月10日 17:30届满。"]),
        (PROVINCE + DAY, ["修改期限已于2026年6月10日 17:30届满。"]),
    ],
)
def test_a_returned_application_follows_its_revision_deadline(now, moment, refusals):
    now(moment)  # long after the application deadline: that one no longer counts
    assert guards.editing_window_refusals(application("returned", REVISION)) == refusals


def test_a_returned_application_without_a_deadline_stays_open(now):
    now(PROVINCE + DAY)
    assert guards.editing_window_refusals(application("returned")) == []


def test_a_draft_follows_the_application_deadline(now):
    now(APPLICATION + SECOND)
    assert guards.editing_window_refusals(application("draft", REVISION)) == [
        "申报已于2026年5月31日 17:30截止，不能再创建、修改或提交申报。"
    ]
    now(APPLICATION)
    assert guards.editing_window_refusals(application("draft")) == []
