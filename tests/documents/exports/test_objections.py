"""异议清单 as XLSX/CSV: the objection queue with its filters; the public's text neutralised; SAMR staff only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.exports import exporter_for
from national.models import NationalList, NationalListState
from nominations.enums import NominationState
from provinces.enums import Level
from provinces.models import Division
from publicity.enums import ObjectionStatus
from publicity.models import Objection, PublicityPeriod

from ...nominations.test_nominations_api import make
from .conftest import HYPERLINK, column, csv_rows, export, table, workbook

pytestmark = pytest.mark.django_db
S = NominationState
HEADERS = ["受理编号", "提交时间", "异议对象", "省份", "类别", "姓名", "联系方式", "事实和理由", "状态", "处理结果"]
HEADERS += ["办结时间"]
FIRST = datetime.datetime(2025, 10, 9, 2, 0, tzinfo=datetime.UTC)  # 10:00 in Beijing
LATER = FIRST + datetime.timedelta(days=1)


def period_of(campaign, category, user):
    the_list = NationalList.objects.create(campaign=campaign, category=category, state=NationalListState.IN_PUBLICITY)
    return PublicityPeriod.objects.create(
        national_list=the_list,
        starts_at=FIRST - datetime.timedelta(days=3),
        ends_at=FIRST + datetime.timedelta(days=5),
        working_days=5,
        notice_title="关于拟认定名单的公示",
        notice_text="现予以公示。",
        created_by=user,
    )


def objection(period, nomination, receipt, submitted_at, **fields):
    values = {"name": "张三", "contact": "13800138000", "grounds": "该地方申报的投诉办结率与实际情况不符。", **fields}
    return Objection.objects.create(
        period=period, nomination=nomination, receipt=receipt, submitted_at=submitted_at, **values
    )


@pytest.fixture
def queue(campaign, county_clerk, samr_approver, samr_reviewer):
    """On the quality list's publicity: an objection against 茂南区 whose text a spreadsheet would run; on the
    business reform list's: a dismissed one against 乐都区."""
    quality = period_of(campaign, "quality", samr_approver)
    reform = period_of(campaign, "business_reform", samr_approver)
    maonan = make(campaign, "440902", county_clerk, state=S.IN_PUBLICITY)
    ledu = make(campaign, "630202", county_clerk, category="business_reform", state=S.IN_PUBLICITY)
    received = objection(
        quality, maonan, "YY20250001", FIRST, name="@张三", contact="+86 138 0013 8000", grounds=HYPERLINK
    )
    dismissed = objection(
        reform,
        ledu,
        "YY20250002",
        LATER,
        status=ObjectionStatus.DISMISSED,
        resolution="经核查，反映的情况不属实。",
        resolved_by=samr_reviewer,
        resolved_at=LATER + datetime.timedelta(days=1),
    )
    return {"quality": quality, "reform": reform, "received": received, "dismissed": dismissed}


def test_the_objections_as_a_workbook(queue, samr_reviewer):
    rendered = export("objections", samr_reviewer, {})

    sheet = workbook(rendered).active
    assert rendered.name == "异议清单.xlsx"
    assert sheet.title == "异议清单" and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:K3"
    assert sheet.column_dimensions["H"].width == len(HYPERLINK) + 4 + 2
    rows = table(rendered)
    assert rows[0] == HEADERS
    assert rows[1] == [
        "YY20250002",
        datetime.datetime(2025, 10, 10, 10, 0),
        "乐都区",
        "青海省",
        "深化商事制度改革和加强事中事后监管",
        "张三",
        "13800138000",
        "该地方申报的投诉办结率与实际情况不符。",
        "异议不成立",
        "经核查，反映的情况不属实。",
        datetime.datetime(2025, 10, 11, 10, 0),
    ]
    assert rows[2][2:5] == ["茂南区", "广东省", "推进质量工作"] and rows[2][-3:] == ["已受理", None, None]
    # What the public typed stays text in the workbook, however it begins.
    assert rows[2][5:8] == ["@张三", "+86 138 0013 8000", HYPERLINK]
    assert all(cell.data_type == "s" for cell in sheet[3][5:8])


def test_the_publics_text_is_neutralised_in_csv(queue, samr_reviewer):
    rows = csv_rows(export("objections", samr_reviewer, {"format": "csv"}))
    assert rows[0] == HEADERS
    assert rows[2][:2] == ["YY20250001", "2025-10-09 10:00"]
    assert rows[2][5:8] == ["'@张三", "'+86 138 0013 8000", f"'{HYPERLINK}"]
    assert rows[1][7] == "该地方申报的投诉办结率与实际情况不符。"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "received"}, ["YY20250001"]),
        ({"q": "0002"}, ["YY20250002"]),
        ({"q": "茂南"}, ["YY20250001"]),
        ({"status": "no-such-status"}, ["YY20250002", "YY20250001"]),  # ignored, as on the page
    ],
)
def test_the_queue_filters_apply(filters, expected, queue, samr_reviewer):
    assert column(table(export("objections", samr_reviewer, filters)), "受理编号") == expected


def test_the_period_filter_applies(queue, samr_approver):
    rows = table(export("objections", samr_approver, {"period": str(queue["reform"].pk)}))
    assert column(rows, "受理编号") == ["YY20250002"]
    assert exporter_for("objections").clean(samr_approver, {"period": str(queue["reform"].pk), "status": ""}) == {
        "period": queue["reform"].pk,
        "format": "xlsx",
    }


@pytest.mark.parametrize("persona", ["samr_reviewer", "samr_approver", "admin_user"])
def test_those_who_see_objections_may_have_them(persona, request, queue):
    assert len(table(export("objections", request.getfixturevalue(persona), {}))) == 3


@pytest.mark.parametrize("persona", ["county_clerk", "province_reviewer", "province_approver", "expert", "anonymous"])
def test_others_are_refused(persona, request, queue):
    with pytest.raises(PermissionDenied):
        exporter_for("objections").clean(request.getfixturevalue(persona), {})


def test_the_queue_page_offers_the_export_of_what_it_shows(queue, samr_reviewer, client):
    client.force_login(samr_reviewer)
    page = client.get(reverse("publicity:queue"), {"status": "received", "q": "茂南", "page": "1"})
    assert page.context["export_params"]["xlsx"] == {"status": "received", "q": "茂南", "format": "xlsx"}
    assert 'name="kind" value="objections"' in page.content.decode()


@pytest.mark.parametrize("size", [2, 8])
def test_render_runs_a_constant_number_of_queries(size, campaign, county_clerk, samr_approver, samr_reviewer):
    period = period_of(campaign, "quality", samr_approver)
    counties = Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:size]
    for index, county in enumerate(counties):
        nomination = make(campaign, county.code, county_clerk, state=S.IN_PUBLICITY)
        objection(period, nomination, f"YY2025{index:04d}", FIRST)
    exporter = exporter_for("objections")
    params = exporter.clean(samr_reviewer, {})
    with CaptureQueriesContext(connection) as queries:
        rendered = exporter.render(samr_reviewer, params, lambda *args: None)
    assert len(table(rendered)) == size + 1
    assert len(queries) == 1  # the objections with their locality, province and list
