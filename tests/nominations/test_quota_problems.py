"""The State Council's places and the provinces' caps (art. 3, art. 7(3)) exactly as the administrator reads their
refusals (``nominations.domain.quotas``; ``make mutation`` reads these): whole numbers, at least one place, caps of
at least zero and never below what a province has already shortlisted (equal is allowed)."""

import pytest

from nominations.domain.quotas import cap_problems, quota_problems
from nominations.enums import NominationState

from .conftest import campaign  # noqa: F401 (a fixture)
from .test_nominations_api import make

pytestmark = pytest.mark.django_db
S = NominationState


def test_places_are_whole_numbers_of_at_least_one():
    assert quota_problems({"business_reform": 1, "quality": 40}) == {}
    assert quota_problems({"business_reform": 0, "quality": -1, "charity": 3}) == {
        "business_reform": "名额须为正整数。",
        "quality": "名额须为正整数。",
        "charity": "未知类别“charity”。",
    }
    assert quota_problems({"quality": True, "business_reform": 2.0}) == {
        "quality": "名额须为正整数。",
        "business_reform": "名额须为正整数。",
    }
    assert quota_problems({"quality": "3"}) == {"quality": "名额须为正整数。"}


def test_a_cap_row_names_its_province_category_and_number(campaign):  # noqa: F811
    rows = [
        {"province": "440000", "category": "quality", "cap": 0},
        {"province": "440100", "category": "charity", "cap": -1},
        {"province": "999999", "category": "quality", "cap": True},
        {"category": "quality", "cap": 2.5},
    ]
    errors, provinces = cap_problems(campaign, rows)
    assert errors == [
        "第 2 项：“440100”不是省级区划代码。",
        "第 2 项：未知类别“charity”。",
        "第 2 项：上限须为非负整数。",
        "第 3 项：“999999”不是省级区划代码。",
        "第 3 项：上限须为非负整数。",
        "第 4 项：“None”不是省级区划代码。",
        "第 4 项：上限须为非负整数。",
    ]
    assert set(provinces) == {"440000"}


@pytest.mark.parametrize(("cap", "refused"), [(1, True), (2, False), (3, False)])
def test_a_cap_may_equal_the_shortlist_never_go_below_it(campaign, county_clerk, cap, refused):  # noqa: F811
    make(campaign, "440902", county_clerk, state=S.SHORTLISTED)
    make(campaign, "440904", county_clerk, state=S.RECOMMENDED)
    make(campaign, "440111", county_clerk, state=S.VERIFIED)  # verified only: not counted
    make(campaign, "630102", county_clerk, state=S.SHORTLISTED)  # another province
    errors, _provinces = cap_problems(campaign, [{"province": "440000", "category": "quality", "cap": cap}])
    assert errors == (["第 1 项：广东省已列入拟推荐名单 2 个，上限不能低于此数。"] if refused else [])
    assert cap_problems(campaign, [{"province": "440000", "category": "business_reform", "cap": 0}])[0] == []
