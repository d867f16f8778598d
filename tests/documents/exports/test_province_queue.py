"""本省申报 as XLSX/CSV: the province's applications with the queue page's filters, for the province only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.exports import exporter_for
from documents.exports.tables import XLSX
from documents.models import Export, ExportState
from nominations.enums import NominationState
from nominations.models import TypicalExperience
from provinces.enums import Level
from provinces.models import Division

from ...nominations.test_nominations_api import make
from .conftest import HYPERLINK, column, csv_rows, export, table, workbook

pytestmark = pytest.mark.django_db
S = NominationState
HEADERS = ["区划代码", "申报地方", "上级地市", "层级", "欠发达地区", "类别", "状态", "提交时间", "省级评分", "省内排序"]
HEADERS += ["优先（典型经验）"]
SUBMITTED = datetime.datetime(2026, 3, 1, 1, 30, tzinfo=datetime.UTC)
IN_BEIJING = datetime.datetime(2026, 3, 1, 9, 30)
REFORM, QUALITY = "深化商事制度改革和加强事中事后监管", "推进质量工作"


@pytest.fixture
def applications(campaign, county_clerk, admin_user):
    """Guangdong: 茂南区 submitted and scored (underdeveloped), 茂名市 verified with a typical experience, 茂南区
    again in business reform as a draft; Qinghai: 乐都区 submitted."""
    Division.objects.filter(code="440902").update(underdeveloped=True)
    maonan = make(campaign, "440902", county_clerk, submitted_at=SUBMITTED, province_score="85.50", province_rank=2)
    maoming = make(campaign, "440900", county_clerk, state=S.VERIFIED, submitted_at=SUBMITTED)
    TypicalExperience.objects.create(
        province=maoming.division.province, division=maoming.division, title="经验", year=2025, created_by=admin_user
    )
    draft = make(campaign, "440902", county_clerk, category="business_reform", state=S.DRAFT)
    ledu = make(campaign, "630202", county_clerk)
    return {"maonan": maonan, "maoming": maoming, "draft": draft, "ledu": ledu}


def test_the_province_queue_as_a_workbook(applications, province_reviewer):
    rendered = export("province_queue", province_reviewer, {})

    sheet = workbook(rendered).active
    assert rendered.name == "2026年度本省申报（广东省）.xlsx"
    assert sheet.title == "本省申报" and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:K4"
    assert all(sheet.column_dimensions[letter].width >= 6 for letter in "ABCDEFGHIJK")
    assert sheet.column_dimensions["G"].width == len("已提交") * 2 + 2  # the widest value, not the header
    rows = table(rendered)
    assert rows[0] == HEADERS
    assert rows[1:] == [
        ["440902", "茂南区", "茂名市", "县级", "是", REFORM, "草稿", None, None, None, "否"],
        ["440900", "茂名市", None, "地级", "否", QUALITY, "已核实", IN_BEIJING, None, None, "是"],
        ["440902", "茂南区", "茂名市", "县级", "是", QUALITY, "已提交", IN_BEIJING, 85.5, 2, "否"],
    ]


def test_the_province_queue_as_csv(applications, province_reviewer):
    rendered = export("province_queue", province_reviewer, {"format": "csv", "category": "quality"})
    rows = csv_rows(rendered)
    assert rendered.name == "2026年度本省申报（广东省）.csv"
    assert rows[0] == HEADERS
    assert rows[2][:7] == ["440902", "茂南区", "茂名市", "县级", "是", QUALITY, "已提交"]
    assert rows[2][7:] == ["2026-03-01 09:30", "85.50", "2", "否"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"state": "submitted"}, ["440902"]),
        ({"category": "business_reform"}, ["440902"]),
        ({"prefecture": "440900", "level": "prefecture"}, ["440900"]),
        ({"underdeveloped": "on"}, ["440902", "440902"]),
        ({"priority": "on"}, ["440900"]),
        ({"state": "no-such-state"}, ["440902", "440900", "440902"]),  # ignored, as on the page
    ],
)
def test_the_page_filters_apply(filters, expected, applications, province_reviewer):
    assert column(table(export("province_queue", province_reviewer, filters)), "区划代码") == expected


def test_the_parameters_are_normalised_and_stay_so(campaign, province_reviewer):
    exporter = exporter_for("province_queue")
    raw = {"state": "submitted", "underdeveloped": "on", "level": "bogus", "page": "3", "format": "CSV"}
    cleaned = exporter.clean(province_reviewer, raw)
    assert cleaned == {
        "campaign": campaign.pk,
        "province": "440000",
        "state": "submitted",
        "underdeveloped": True,
        "format": "csv",
    }
    assert exporter.clean(province_reviewer, cleaned) == cleaned
    with pytest.raises(ValidationError):
        exporter.clean(province_reviewer, {"format": "pdf"})


def test_only_the_users_own_province(applications, other_province_reviewer, province_approver):
    assert column(table(export("province_queue", other_province_reviewer, {})), "区划代码") == ["630202"]
    assert len(table(export("province_queue", province_approver, {}))) == 4
    # An export of Guangdong's queue is not Qinghai's to have (nor to download after a move).
    with pytest.raises(Http404):
        exporter_for("province_queue").clean(other_province_reviewer, {"province": "440000"})


@pytest.mark.parametrize("persona", ["county_clerk", "city_clerk", "expert", "samr_reviewer"])
def test_others_are_refused(persona, request, campaign):
    with pytest.raises(PermissionDenied):
        exporter_for("province_queue").clean(request.getfixturevalue(persona), {})


def test_an_unknown_campaign_is_not_found(campaign, province_reviewer):
    with pytest.raises(Http404):
        exporter_for("province_queue").clean(province_reviewer, {"campaign": campaign.pk + 100})


def test_a_formula_in_a_locality_name_is_neutralised(campaign, county_clerk, province_reviewer):
    Division.objects.filter(code="440902").update(name=HYPERLINK)
    make(campaign, "440902", county_clerk)

    sheet = workbook(export("province_queue", province_reviewer, {})).active
    assert sheet["B2"].value == HYPERLINK and sheet["B2"].data_type == "s"
    assert csv_rows(export("province_queue", province_reviewer, {"format": "csv"}))[1][1] == f"'{HYPERLINK}"


@pytest.mark.parametrize("size", [2, 8])
def test_render_runs_a_constant_number_of_queries(size, campaign, county_clerk, admin_user, province_reviewer):
    counties = Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:size]
    for county in counties:
        nomination = make(campaign, county.code, county_clerk, province_score="80")
        TypicalExperience.objects.create(
            province=nomination.division.province, division=county, title="经验", year=2025, created_by=admin_user
        )
    exporter = exporter_for("province_queue")
    params = exporter.clean(province_reviewer, {})
    exporter.render(province_reviewer, params, lambda *args: None)  # fills the process's content-type cache
    with CaptureQueriesContext(connection) as queries:
        rendered = exporter.render(province_reviewer, params, lambda *args: None)
    assert len(table(rendered)) == size + 1
    # province, prefectures, rows (jurisdiction, grants and priority are subqueries), title: province and year
    assert len(queries) == 5, [query["sql"][:100] for query in queries.captured_queries]


def test_the_queue_page_requests_the_export_of_what_it_shows(
    applications, campaign, province_reviewer, client, django_capture_on_commit_callbacks, eager_tasks
):
    client.force_login(province_reviewer)
    page = client.get(reverse("nominations:queue"), {"state": "submitted", "page": "1"})
    html = page.content.decode()
    assert 'name="kind" value="province_queue"' in html and 'name="format" value="csv"' in html
    assert "导出 Excel" in html and "导出 CSV" in html
    params = page.context["export_params"]["xlsx"]
    assert params == {"campaign": campaign.pk, "state": "submitted", "format": "xlsx"}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:export_new"), {"kind": "province_queue", **params})
    made = Export.objects.get()
    assert made.state == ExportState.DONE, made.message
    response = client.get(reverse("documents:export_file", args=[made.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert made.file_name == "2026年度本省申报（广东省）.xlsx"
