"""全国候选 as XLSX/CSV: SAMR's candidates with the page's filters and the opinions' count and mean; 6,400 rows fast."""

import time
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from criteria.enums import Category
from documents.exports import exporter_for
from nominations.enums import NominationState, ReviewStage
from nominations.models import Nomination, Review
from provinces.enums import Level
from provinces.models import Division

from ...factories import member
from ...nominations.test_nominations_api import make
from .conftest import column, csv_rows, export, table, workbook

pytestmark = pytest.mark.django_db
S = NominationState
HEADERS = ["区划代码", "申报地方", "省份", "区域", "层级", "欠发达地区", "类别", "省内排序", "省级评分", "意见数"]
HEADERS += ["意见平均分", "总局评估得分", "状态"]


def opinions(nomination, *scores):
    for index, score in enumerate(scores):
        expert = member("expert", None, username=f"expert-{nomination.pk}-{index}")
        Review.objects.create(nomination=nomination, stage=ReviewStage.EXPERT, reviewer=expert, score=score)


@pytest.fixture
def candidates(campaign, county_clerk):
    """Recommended: 茂南区 (Guangdong, east, county, rank 1, two opinions), 海东市 (Qinghai, west, prefecture,
    underdeveloped, evaluated 88); 茂名市 submitted only (not SAMR's yet)."""
    Division.objects.filter(code="630200").update(underdeveloped=True)
    maonan = make(campaign, "440902", county_clerk, state=S.RECOMMENDED, province_rank=1, province_score="90.00")
    opinions(maonan, 80, 91)
    haidong = make(campaign, "630200", county_clerk, state=S.EVALUATED, province_rank=1, national_score="88.00")
    make(campaign, "440900", county_clerk)
    return maonan, haidong


def test_the_candidates_as_a_workbook(candidates, samr_reviewer):
    rendered = export("national_candidates", samr_reviewer, {})

    sheet = workbook(rendered).active
    assert rendered.name == "2026年度全国候选.xlsx"
    assert sheet.title == "全国候选" and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:M3"
    assert sheet.column_dimensions["G"].width == len("推进质量工作") * 2 + 2
    rows = table(rendered)
    assert rows == [
        HEADERS,
        ["630200", "海东市", "青海省", "西部", "地级", "是", "推进质量工作", 1, None, 0, None, 88, "已评估"],
        ["440902", "茂南区", "广东省", "东部", "县级", "否", "推进质量工作", 1, 90, 2, 85.5, None, "已推荐"],
    ]
    assert sheet["K3"].number_format == "0.00"


def test_the_candidates_as_csv(candidates, samr_approver):
    rows = csv_rows(export("national_candidates", samr_approver, {"format": "csv"}))
    assert rows[0] == HEADERS
    assert rows[2] == ["440902", "茂南区", "广东省", "东部", "县级", "否", "推进质量工作", "1", "90.00", "2"] + [
        "85.50",
        "",
        "已推荐",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"province": "630000"}, ["630200"]),
        ({"region": "east"}, ["440902"]),
        ({"level": "prefecture"}, ["630200"]),
        ({"underdeveloped": "on"}, ["630200"]),
        ({"state": "recommended"}, ["440902"]),
        ({"category": "business_reform"}, []),
        ({"state": "submitted"}, ["630200", "440902"]),  # not a candidate state: ignored, as on the page
    ],
)
def test_the_page_filters_apply(filters, expected, candidates, samr_reviewer):
    assert column(table(export("national_candidates", samr_reviewer, filters)), "区划代码") == expected


@pytest.mark.parametrize("persona", ["county_clerk", "province_reviewer", "province_approver", "expert"])
def test_only_samr_staff_may_have_them(persona, request, campaign):
    with pytest.raises(Http404):
        exporter_for("national_candidates").clean(request.getfixturevalue(persona), {})


def test_the_candidates_page_offers_both_formats(candidates, samr_reviewer, campaign, client):
    client.force_login(samr_reviewer)
    page = client.get(reverse("national:candidates"), {"region": "west", "underdeveloped": "on"})
    assert page.context["export_params"]["csv"] == {
        "campaign": campaign.pk,
        "region": "west",
        "underdeveloped": "on",
        "format": "csv",
    }
    assert 'name="kind" value="national_candidates"' in page.content.decode()


@pytest.mark.parametrize("size", [2, 8])
def test_render_runs_a_constant_number_of_queries(size, campaign, county_clerk, samr_reviewer):
    for county in Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:size]:
        opinions(make(campaign, county.code, county_clerk, state=S.RECOMMENDED), 70, 80)
    exporter = exporter_for("national_candidates")
    params = exporter.clean(samr_reviewer, {"category": "quality"})
    exporter.render(samr_reviewer, params, lambda *args: None)  # fills the process's content-type cache
    with CaptureQueriesContext(connection) as queries:
        rendered = exporter.render(samr_reviewer, params, lambda *args: None)
    assert column(table(rendered), "意见数") == [2] * size
    # provinces (for the filter), rows with the opinions' count and mean, title: year
    assert len(queries) == 3, [query["sql"][:100] for query in queries.captured_queries]


def test_six_thousand_four_hundred_rows_render_within_five_seconds(campaign, county_clerk, samr_reviewer):
    divisions = list(Division.objects.filter(level__in=(Level.PREFECTURE, Level.COUNTY)).values_list("pk", flat=True))
    criteria_sets = {category: campaign.criteria_sets.get(category=category) for category in Category.values}
    Nomination.objects.bulk_create(
        [
            Nomination(
                campaign=campaign,
                category=category,
                division_id=pk,
                criteria_set=criteria_sets[category],
                state=S.EVALUATED,
                province_rank=1 + pk % 5,
                province_score=Decimal("80.25"),
                national_score=Decimal(60 + pk % 40),
                created_by=county_clerk,
            )
            for category in Category.values
            for pk in divisions
        ],
        batch_size=1000,
    )
    total = len(divisions) * 2
    assert total > 6_300
    exporter = exporter_for("national_candidates")
    params = exporter.clean(samr_reviewer, {})

    started = time.perf_counter()
    rendered = exporter.render(samr_reviewer, params, lambda *args: None)
    elapsed = time.perf_counter() - started

    assert elapsed <= 5.0, f"{elapsed:.2f} s"
    sheet = workbook(rendered).active
    assert sheet.max_row == total + 1 and sheet.auto_filter.ref == f"A1:M{total + 1}"
