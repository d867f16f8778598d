"""申报一览 as XLSX/CSV: every application of a campaign its requester may see; 6,400 rows within five seconds, read
in a constant number of queries."""

import time
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from criteria.enums import Category
from documents.exports import exporter_for
from nominations.enums import NominationState
from nominations.models import Nomination
from provinces.enums import Level
from provinces.models import Division

from ...nominations.test_nominations_api import make
from .conftest import column, csv_rows, export, table, workbook

pytestmark = pytest.mark.django_db
S = NominationState
HEADERS = ["区划代码", "申报地方", "省份", "上级地市", "层级", "欠发达地区", "类别", "状态", "提交时间", "省级评分"]
HEADERS += ["省内排序", "总局评估得分"]


@pytest.fixture
def applications(campaign, county_clerk):
    """茂南区 recommended (quality), 茂名市 a draft (quality), 海东市 submitted (business reform), 乐都区 evaluated."""
    Division.objects.filter(code="630200").update(underdeveloped=True)
    return [
        make(campaign, "440902", county_clerk, state=S.RECOMMENDED, province_rank=1, province_score="90.50"),
        make(campaign, "440900", county_clerk, state=S.DRAFT),
        make(campaign, "630200", county_clerk, category="business_reform"),
        make(campaign, "630202", county_clerk, state=S.EVALUATED, national_score="88.00"),
    ]


def test_an_administrator_has_every_application_in_any_state(applications, admin_user):
    rendered = export("applications", admin_user, {})

    assert rendered.name == "2026年度申报一览.xlsx"
    sheet = workbook(rendered).active
    assert sheet.title == "申报一览" and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:L5"
    assert table(rendered) == [
        HEADERS,
        ["630200", "海东市", "青海省", None, "地级", "是", "深化商事制度改革和加强事中事后监管", "已提交"]
        + [None, None, None, None],
        ["440900", "茂名市", "广东省", None, "地级", "否", "推进质量工作", "草稿", None, None, None, None],
        ["440902", "茂南区", "广东省", "茂名市", "县级", "否", "推进质量工作", "已推荐", None, 90.5, 1, None],
        ["630202", "乐都区", "青海省", "海东市", "县级", "否", "推进质量工作", "已评估", None, None, None, 88],
    ]


def test_samr_staff_have_what_was_recommended_to_them(applications, samr_reviewer):
    # The policy decides the rows: SAMR sees an application once its province recommended it.
    assert column(table(export("applications", samr_reviewer, {})), "区划代码") == ["440902", "630202"]


def test_one_category_and_csv(applications, admin_user):
    rendered = export("applications", admin_user, {"category": "business_reform", "format": "csv"})

    assert rendered.name == "2026年度申报一览（深化商事制度改革和加强事中事后监管）.csv"
    rows = csv_rows(rendered)
    assert rows[0] == HEADERS and column(rows, "区划代码") == ["630200"]


def test_an_unknown_category_is_left_out(applications, admin_user, campaign):
    params = exporter_for("applications").clean(admin_user, {"category": "everything"})
    assert params == {"campaign": campaign.pk, "format": "xlsx"}


@pytest.mark.parametrize("persona", ["county_clerk", "province_reviewer", "province_approver", "expert"])
def test_only_samr_staff_and_administrators_may_have_it(persona, request, campaign):
    with pytest.raises(Http404):
        exporter_for("applications").clean(request.getfixturevalue(persona), {})


def test_the_candidates_page_offers_it(campaign, samr_reviewer, client):
    client.force_login(samr_reviewer)
    page = client.get(reverse("national:candidates")).content.decode()
    assert 'name="kind" value="applications"' in page


def arrange(campaign, county_clerk, divisions):
    criteria_sets = {category: campaign.criteria_sets.get(category=category) for category in Category.values}
    Nomination.objects.bulk_create(
        [
            Nomination(
                campaign=campaign,
                category=category,
                division_id=pk,
                criteria_set=criteria_sets[category],
                state=S.VERIFIED,
                province_rank=1 + pk % 5,
                province_score=Decimal("80.25"),
                created_by=county_clerk,
            )
            for category in Category.values
            for pk in divisions
        ],
        batch_size=1000,
    )


@pytest.mark.parametrize("size", [2, 20])
def test_render_runs_a_constant_number_of_queries(size, campaign, county_clerk, admin_user):
    counties = Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")
    arrange(campaign, county_clerk, list(counties.values_list("pk", flat=True)[:size]))
    exporter = exporter_for("applications")
    params = exporter.clean(admin_user, {})
    with CaptureQueriesContext(connection) as queries:
        rendered = exporter.render(admin_user, params, lambda *args: None)
    assert len(table(rendered)) == 2 * size + 1
    # the rows twice (the column widths, then the cells; each in chunks of one query), title: the year
    assert len(queries) == 3, [query["sql"][:100] for query in queries.captured_queries]


def test_six_thousand_four_hundred_rows_render_within_five_seconds(campaign, county_clerk, admin_user):
    divisions = list(Division.objects.filter(level__in=(Level.PREFECTURE, Level.COUNTY)).values_list("pk", flat=True))
    arrange(campaign, county_clerk, divisions)
    total = len(divisions) * 2
    assert total > 6_300
    exporter = exporter_for("applications")
    params = exporter.clean(admin_user, {})

    started = time.perf_counter()
    rendered = exporter.render(admin_user, params, lambda *args: None)
    elapsed = time.perf_counter() - started

    assert elapsed <= 5.0, f"{elapsed:.2f} s"
    sheet = workbook(rendered).active
    assert sheet.max_row == total + 1 and sheet.auto_filter.ref == f"A1:L{total + 1}"
