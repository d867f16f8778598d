"""综合平衡 as XLSX/CSV: the ranking (raw score, bonus, adjusted), the list's make-up and the suggestion (SAMR)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.exports import exporter_for
from national.domain import national_list
from national.models import NationalList, NationalListState
from nominations.enums import NominationState
from nominations.models import Quota
from provinces.enums import Level
from provinces.models import Division

from ...nominations.test_nominations_api import make
from .conftest import csv_rows, export, table, workbook

pytestmark = pytest.mark.django_db
S = NominationState
RANKING = ["全国位次", "区划代码", "申报地方", "省份", "区域", "层级", "欠发达地区", "总局评估得分", "倾斜加分"]
RANKING += ["调整后得分", "是否在名单", "是否建议"]


def counties(province, count):
    return list(Division.objects.filter(province__code=province, level=Level.COUNTY).order_by("code")[:count])


@pytest.fixture
def balanced(campaign, county_clerk, samr_reviewer):
    """Two places; Guangdong's A (90) and B (86), Qinghai's C (84, +1 as western); at least one western place, so
    the suggestion takes C instead of B; A is on the list."""
    Quota.objects.filter(campaign=campaign, category="quality").update(places=2)
    first, second = counties("440000", 2)
    a = make(campaign, first.code, county_clerk, state=S.EVALUATED, national_score=90)
    b = make(campaign, second.code, county_clerk, state=S.EVALUATED, national_score=86)
    c = make(campaign, counties("630000", 1)[0].code, county_clerk, state=S.EVALUATED, national_score=84)
    the_list, _created = national_list.open_national_list(samr_reviewer, campaign, "quality")
    national_list.configure(samr_reviewer, the_list, bonus_west="1", min_west=1)
    national_list.add(samr_reviewer, the_list, a)
    return the_list, a, b, c


def test_the_ranking_sheet(balanced, samr_reviewer):
    the_list, a, b, c = balanced
    rendered = export("balance", samr_reviewer, {"national_list": the_list.pk})

    book = workbook(rendered)
    assert rendered.name == "2026年度推进质量工作综合平衡.xlsx"
    assert book.sheetnames == ["候选排名", "名单构成", "建议名单"]
    assert all(sheet.freeze_panes == "A2" and sheet.auto_filter.ref for sheet in book.worksheets)
    assert table(rendered, 0) == [
        RANKING,
        [1, a.division.code, a.division.name, "广东省", "东部", "县级", "否", 90, 0, 90, "是", "是"],
        [2, b.division.code, b.division.name, "广东省", "东部", "县级", "否", 86, 0, 86, "否", "否"],
        [3, c.division.code, c.division.name, "青海省", "西部", "县级", "否", 84, 1, 85, "否", "是"],
    ]
    assert book.worksheets[0]["I4"].number_format == "0.00"


def test_the_distribution_sheet(balanced, samr_reviewer):
    the_list, *_nominations = balanced
    rows = table(export("balance", samr_reviewer, {"national_list": the_list.pk}), 1)
    assert rows == [
        ["维度", "分组", "个数", "占名单比例（%）", "占名额比例（%）"],
        ["合计", "名单", 1, None, 50],
        ["合计", "名额", 2, None, None],
        ["合计", "尚余", 1, None, None],
        ["区域", "东部", 1, 100, 50],
        ["区域", "中部", 0, 0, 0],
        ["区域", "西部", 0, 0, 0],
        ["区域", "东北", 0, 0, 0],
        ["层级", "地级", 0, 0, 0],
        ["层级", "县级", 1, 100, 50],
        ["欠发达地区", "欠发达地区", 0, 0, 0],
        ["欠发达地区", "其他地区", 1, 100, 50],
        ["省份", "广东省", 1, 100, 50],
    ]


def test_the_suggestion_sheet_with_its_reasons_and_binding_constraint(balanced, samr_reviewer):
    the_list, a, _b, c = balanced
    rows = table(export("balance", samr_reviewer, {"national_list": the_list.pk}), 2)
    assert rows[0] == ["项目", "内容"]
    items = {}
    for item, content in rows[1:]:
        items.setdefault(item, []).append(content)
    assert items["能否生成建议名单"] == ["是"]
    assert items["说明"][0].startswith("名额 2 个，建议入选 2 个")
    assert (items["可填名额"], items["调整后得分合计"], items["总局评估得分合计"]) == ([2], [175], [174])
    assert len(items["起约束作用的要求"]) == 1 and "西部" in items["起约束作用的要求"][0]
    assert items["建议入选"] == [f"广东省 {a.division.name}", f"青海省 {c.division.name}"]
    assert items["需加入"] == [f"青海省 {c.division.name}"] and "需移出" not in items


def test_an_impossible_suggestion_says_why(balanced, samr_reviewer):
    the_list, *_nominations = balanced
    national_list.configure(samr_reviewer, the_list, min_west=3)
    rows = table(export("balance", samr_reviewer, {"national_list": the_list.pk}), 2)
    assert rows[1] == ["能否生成建议名单", "否"]
    assert rows[2][0] == "说明" and rows[2][1]
    assert not [row for row in rows if row[0] == "建议入选"]


def test_the_csv_holds_the_three_tables_one_after_another(balanced, samr_reviewer):
    the_list, *_nominations = balanced
    rows = csv_rows(export("balance", samr_reviewer, {"national_list": the_list.pk, "format": "csv"}))
    assert rows[:2] == [["候选排名"], RANKING]
    assert rows[2][-3:] == ["90.00", "是", "是"]
    titles = [row for row in rows if row in (["名单构成"], ["建议名单"])]
    assert titles == [["名单构成"], ["建议名单"]]
    assert rows[rows.index(["名单构成"]) - 1] == []


def test_the_parameters(balanced, samr_reviewer, samr_approver, admin_user):
    the_list, *_nominations = balanced
    exporter = exporter_for("balance")
    assert exporter.clean(samr_approver, {"national_list": str(the_list.pk)}) == {
        "national_list": the_list.pk,
        "format": "xlsx",
    }
    assert exporter.clean(admin_user, {"national_list": the_list.pk})["national_list"] == the_list.pk
    with pytest.raises(ValidationError):
        exporter.clean(samr_reviewer, {})
    with pytest.raises(Http404):
        exporter.clean(samr_reviewer, {"national_list": the_list.pk + 100})


@pytest.mark.parametrize("persona", ["county_clerk", "province_reviewer", "province_approver", "expert"])
def test_only_samr_staff_may_have_it(persona, request, balanced):
    the_list, *_nominations = balanced
    with pytest.raises(Http404):
        exporter_for("balance").clean(request.getfixturevalue(persona), {"national_list": the_list.pk})


def test_the_list_page_offers_the_balance_and_not_yet_the_final_list(balanced, samr_reviewer, client):
    client.force_login(samr_reviewer)
    url = reverse("national:national_list", args=["quality"])
    page = client.get(url)
    html = page.content.decode()
    assert 'name="kind" value="balance"' in html and 'name="kind" value="final_list"' not in html
    assert page.context["export_params"]["csv"] == {"national_list": balanced[0].pk, "format": "csv"}
    NationalList.objects.filter(pk=balanced[0].pk).update(state=NationalListState.FINALISED)
    assert 'name="kind" value="final_list"' in client.get(url).content.decode()


@pytest.mark.parametrize("size", [2, 6])
def test_render_runs_a_constant_number_of_queries(size, campaign, county_clerk, samr_reviewer):
    the_list, _created = national_list.open_national_list(samr_reviewer, campaign, "quality")
    for index, county in enumerate(counties("440000", size)):
        nomination = make(campaign, county.code, county_clerk, state=S.EVALUATED, national_score=80 + index)
        if index % 2:
            national_list.add(samr_reviewer, the_list, nomination)
    exporter = exporter_for("balance")
    params = exporter.clean(samr_reviewer, {"national_list": the_list.pk})
    exporter.render(samr_reviewer, params, lambda *args: None)  # fills the process's content-type cache
    with CaptureQueriesContext(connection) as queries:
        rendered = exporter.render(samr_reviewer, params, lambda *args: None)
    assert len(table(rendered)) == size + 1
    # list, quota, candidates, entries (the analysis), list (title)
    assert len(queries) == 5, [query["sql"][:100] for query in queries.captured_queries]
