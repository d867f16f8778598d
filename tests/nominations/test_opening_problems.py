"""What keeps a campaign from opening (``nominations.domain.campaigns.opening_problems``; art. 3: the national places,
art. 17: one criteria set per category, frozen when it opens), exactly as the administrator reads it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from criteria.enums import Category
from criteria.models import CriteriaSet
from nominations.domain.campaigns import opening_problems
from nominations.enums import CampaignStatus
from nominations.models import Quota

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
BR, Q = Category.BUSINESS_REFORM.label, Category.QUALITY.label


@pytest.fixture
def now(monkeypatch):
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_a_bare_campaign_lacks_criteria_and_places_for_each_category(now):
    bare = CampaignFactory(application_deadline=now)
    assert opening_problems(bare) == [
        f"尚未选定“{BR}”类的认定条件。",
        f"尚未设置“{BR}”类的全国名额（第三条）。",
        f"尚未选定“{Q}”类的认定条件。",
        f"尚未设置“{Q}”类的全国名额（第三条）。",
        "申报截止时间已过，请先调整截止时间。",
    ]


@pytest.mark.parametrize(("after", "refused"), [(timedelta(0), True), (timedelta(seconds=1), False)])
def test_the_application_deadline_must_still_be_ahead(now, after, refused):
    ready = CampaignFactory(ready=True, application_deadline=now + after)
    assert opening_problems(ready) == (["申报截止时间已过，请先调整截止时间。"] if refused else [])


def test_one_criteria_set_per_category(now):
    ready = CampaignFactory(ready=True)
    second = CriteriaSet.objects.get(year=2020, category=Category.QUALITY)
    second.pk, second.year = None, 2021
    second.save()
    ready.criteria_sets.add(second)
    assert opening_problems(ready) == [f"“{Q}”类只能选定一套认定条件。"]


def test_places_of_one_category_do_not_stand_for_the_other(now):
    ready = CampaignFactory(ready=True)
    Quota.objects.filter(campaign=ready, category=Category.QUALITY).delete()
    assert opening_problems(ready) == [f"尚未设置“{Q}”类的全国名额（第三条）。"]


def test_an_opened_campaign_does_not_open_again(now):
    opened = CampaignFactory(ready=True, status=CampaignStatus.OPEN)
    assert opening_problems(opened) == ["该年度工作已经启动，不能重复启动。"]
