"""最终名单 as XLSX/CSV: the entries of the latest published version; a clear error before publication; SAMR staff."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.exports import exporter_for
from national.models import NationalList, NationalListState
from provinces.enums import Level
from provinces.models import Division
from publicity.models import PublishedList

from .conftest import HYPERLINK, csv_rows, export, table, workbook

pytestmark = pytest.mark.django_db
HEADERS = ["序号", "省份", "地方名称", "层级"]


def entries(count):
    divisions = Division.objects.filter(level__in=(Level.PREFECTURE, Level.COUNTY)).select_related("province")
    return [
        {
            "position": position,
            "nomination": 1000 + position,
            "division": division.code,
            "division_name": division.name,
            "province_name": division.province.name,
            "level": division.level,
        }
        for position, division in enumerate(divisions.order_by("code")[::97][:count], start=1)
    ]


def publish(the_list, user, version, listed):
    return PublishedList.objects.create(
        national_list=the_list, version=version, entries=listed, published_by=user, published_at=timezone.now()
    )


@pytest.fixture
def finalised(campaign, samr_approver):
    """The quality list, published twice: version 2 (the correction) dropped the first entry of version 1."""
    the_list = NationalList.objects.create(campaign=campaign, category="quality", state=NationalListState.FINALISED)
    listed = entries(5)
    publish(the_list, samr_approver, 1, listed)
    publish(the_list, samr_approver, 2, [{**entry, "position": i} for i, entry in enumerate(listed[1:], start=1)])
    return the_list, listed


def test_the_latest_version_as_a_workbook(finalised, samr_reviewer):
    the_list, listed = finalised
    rendered = export("final_list", samr_reviewer, {"national_list": the_list.pk})

    sheet = workbook(rendered).active
    assert rendered.name == "2026年度推进质量工作最终名单.xlsx"
    assert sheet.title == "推进质量工作（第 2 版）" and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D5"
    levels = {"prefecture": "地级", "county": "县级"}
    assert table(rendered) == [
        HEADERS,
        *[[i, e["province_name"], e["division_name"], levels[e["level"]]] for i, e in enumerate(listed[1:], start=1)],
    ]


def test_the_final_list_as_csv(finalised, samr_approver):
    the_list, listed = finalised
    rows = csv_rows(export("final_list", samr_approver, {"national_list": the_list.pk, "format": "csv"}))
    assert rows[0] == HEADERS and rows[1][:3] == ["1", listed[1]["province_name"], listed[1]["division_name"]]
    assert len(rows) == 5


def test_a_formula_in_a_published_name_is_neutralised(campaign, samr_approver, samr_reviewer):
    the_list = NationalList.objects.create(campaign=campaign, category="quality", state=NationalListState.FINALISED)
    publish(the_list, samr_approver, 1, [{**entries(1)[0], "division_name": HYPERLINK}])
    assert workbook(export("final_list", samr_reviewer, {"national_list": the_list.pk})).active["C2"].data_type == "s"
    rows = csv_rows(export("final_list", samr_reviewer, {"national_list": the_list.pk, "format": "csv"}))
    assert rows[1][2] == f"'{HYPERLINK}"


def test_a_list_not_yet_published_is_a_clear_error(campaign, samr_reviewer):
    the_list = NationalList.objects.create(campaign=campaign, category="quality", state=NationalListState.IN_PUBLICITY)
    with pytest.raises(ValidationError) as refused:
        exporter_for("final_list").clean(samr_reviewer, {"national_list": the_list.pk})
    assert refused.value.messages == ["2026年度推进质量工作尚未发布最终名单。"]


@pytest.mark.parametrize("persona", ["county_clerk", "province_reviewer", "expert", "anonymous"])
def test_only_samr_staff_may_have_it(persona, request, finalised):
    with pytest.raises(Http404):
        exporter_for("final_list").clean(request.getfixturevalue(persona), {"national_list": finalised[0].pk})


@pytest.mark.parametrize("size", [3, 30])
def test_render_runs_a_constant_number_of_queries(size, campaign, samr_approver, samr_reviewer):
    the_list = NationalList.objects.create(campaign=campaign, category="quality", state=NationalListState.FINALISED)
    publish(the_list, samr_approver, 1, entries(size))
    exporter = exporter_for("final_list")
    params = exporter.clean(samr_reviewer, {"national_list": the_list.pk})
    with CaptureQueriesContext(connection) as queries:
        rendered = exporter.render(samr_reviewer, params, lambda *args: None)
    assert len(table(rendered)) == size + 1
    assert len(queries) == 3  # list, latest version, list (title)
