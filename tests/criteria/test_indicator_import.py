"""Importing SAMR's indicator data (art. 4): formats, every validation error with its line, dry run, all or nothing."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.models import AuditEvent
from criteria.domain.indicators import MAX_FILE_BYTES, RowError, apply, parse, plan
from criteria.models import IndicatorImport, IndicatorValue

from .indicator_helpers import csv_bytes, store_value, xlsx_bytes

pytestmark = pytest.mark.django_db

MAONAN, HUAZHOU, MAOMING = "440902", "440982", "440900"
GOOD = [MAONAN, "6.3", "97.5", "国家12315平台", "2025"]


def summary(parsed):
    return [(row.line, row.division.code, row.criterion_number, row.year, row.value, row.source) for row in parsed.rows]


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_in_gb18030(encoding):
    data = csv_bytes([GOOD, [MAOMING, "6.6", "91", "国家产品质量监督抽查", "2025"]], encoding=encoding)

    parsed = parse(data, "总局数据.csv")

    assert parsed.errors == []
    assert summary(parsed) == [
        (2, MAONAN, "6.3", 2025, Decimal("97.5"), "国家12315平台"),
        (3, MAOMING, "6.6", 2025, Decimal("91"), "国家产品质量监督抽查"),
    ]


def test_xlsx_with_a_title_line_a_blank_row_numbers_and_a_percent_cell():
    data = xlsx_bytes(
        [[440902, 6.3, 0.975, "国家12315平台", 2025], [], [440900, "6.6", 0.91, None, 2025.0]],
        above=[["2025年度各地方量化指标（总局掌握）"]],
        percent_column=2,
    )

    parsed = parse(data, "指标.XLSX")

    assert parsed.errors == []
    # Line numbers are Excel's: the title is line 1, the header line 2, the blank row line 4.
    assert summary(parsed) == [
        (3, MAONAN, "6.3", 2025, Decimal("97.5"), "国家12315平台"),
        (5, MAOMING, "6.6", 2025, Decimal("91"), ""),
    ]


def test_english_headers_a_unit_in_the_header_and_other_columns_are_accepted():
    header = ["Division", "名称", "indicator", "Value (%)", "year"]
    data = csv_bytes([[MAONAN, "茂南区", "6.3", "97.5", "2025"]], header=header)

    parsed = parse(data, "data.csv")

    assert parsed.errors == [] and summary(parsed) == [(2, MAONAN, "6.3", 2025, Decimal("97.5"), "")]


def test_the_indicator_may_be_named_and_values_written_as_text():
    data = csv_bytes(
        [
            [MAONAN, "消费者投诉办结率", "97.5%", "", "2025年"],
            [MAONAN, "产品质量合格率", "1,090.12345", "", "2025"],
        ]
    )

    parsed = parse(data, "x.csv")

    assert parsed.errors == []
    assert [(row.criterion_number, row.value, row.year) for row in parsed.rows] == [
        ("6.3", Decimal("97.5"), 2025),
        ("6.6", Decimal("1090.1235"), 2025),  # kept to 4 decimal places
    ]


# ---------------------------------------------------------------- validation, with line numbers


NEXT_YEAR = str(timezone.localdate().year + 1)


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (["", "6.3", "97", "", "2025"], "请填写区划代码"),
        (["44090", "6.3", "97", "", "2025"], "区划代码“44090”应为 6 位数字"),
        (["999999", "6.3", "97", "", "2025"], "区划代码“999999”不存在"),
        (["440000", "6.3", "97", "", "2025"], "广东省（440000）是省级单位"),
        (["660000", "6.3", "97", "", "2025"], "新疆生产建设兵团（660000）是省级单位"),
        ([MAONAN, "", "97", "", "2025"], "请填写指标"),
        ([MAONAN, "6.1", "97", "", "2025"], "条件 6.1 不是量化指标"),
        ([MAONAN, "6.8", "97", "", "2025"], "条件 6.8 不是量化指标"),
        ([MAONAN, "9.9", "97", "", "2025"], "没有“9.9”这一指标"),
        ([MAONAN, "投诉率", "97", "", "2025"], "没有“投诉率”这一指标"),
        ([MAONAN, "6.3", "", "", "2025"], "请填写数值"),
        ([MAONAN, "6.3", "九十七", "", "2025"], "数值“九十七”不是数字"),
        ([MAONAN, "6.3", "NaN", "", "2025"], "数值“NaN”不是数字"),
        ([MAONAN, "6.3", "1e12", "", "2025"], "数值“1e12”过大"),
        ([MAONAN, "6.3", "97", "", ""], "请填写年度"),
        ([MAONAN, "6.3", "97", "", "去年"], "年度“去年”不是有效的年份"),
        ([MAONAN, "6.3", "97", "", "2018"], "年度应在 2019 至"),
        ([MAONAN, "6.3", "97", "", NEXT_YEAR], f"而不是 {NEXT_YEAR}"),
        ([MAONAN, "6.3", "97", "来" * 201, "2025"], "来源不能超过 200 个字"),
        ([MAONAN, "6.3", "96", "", "2025"], "与第 2 行重复"),
    ],
)
def test_each_bad_row_is_reported_with_its_line(bad_row, message):
    parsed = parse(csv_bytes([GOOD, bad_row]), "x.csv")

    assert [error.line for error in parsed.errors] == [3]
    assert message in parsed.errors[0].message


def test_every_error_of_the_file_is_listed_in_line_order():
    rows = [
        ["999999", "6.3", "97", "", "2025"],
        GOOD,
        [MAONAN, "6.1", "abc", "", "2025"],
        ["440000", "6.6", "90", "", "2025"],
    ]

    parsed = parse(csv_bytes(rows), "x.csv")

    assert [error.line for error in parsed.errors] == [2, 4, 4, 5]
    assert ["不存在" in parsed.errors[0].message, "不是数字" in parsed.errors[1].message] == [True, True]
    assert ["不是量化指标" in parsed.errors[2].message, "省级单位" in parsed.errors[3].message] == [True, True]


def test_a_row_with_two_wrong_cells_reports_both():
    parsed = parse(csv_bytes([["abc", "6.3", "x", "", "2025"]]), "x.csv")

    assert [error.line for error in parsed.errors] == [2, 2]


def test_a_missing_column_is_named():
    parsed = parse(csv_bytes([GOOD[:3] + GOOD[4:]], header=["区划代码", "指标", "来源", "年度"]), "x.csv")

    assert parsed.errors == [RowError(1, parsed.errors[0].message)]
    assert "缺少：数值" in parsed.errors[0].message


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "x.csv", "文件是空的"),
        (b"x" * (MAX_FILE_BYTES + 1), "x.csv", "文件超过 5 MB"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old.xls", "不支持 Excel 97-2003"),
        (b"PK\x03\x04 not really", "x.xlsx", "无法读取该 Excel 文件"),
        (b"%PDF-1.4", "x.pdf", "只能导入 .xlsx 或 .csv 文件"),
        (b"\xff\xfe\xfd\x81\x30", "x.csv", "无法识别文件编码"),
        ("区划代码,指标,数值,来源,年度\r\n".encode(), "x.csv", "文件中没有数据行"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_error_for_the_whole_file(data, filename, message):
    parsed = parse(data, filename)

    assert len(parsed.errors) == 1 and parsed.errors[0].line is None
    assert message in parsed.errors[0].message


def test_a_workbook_renamed_to_csv_is_refused_with_a_hint():
    parsed = parse(xlsx_bytes([GOOD]), "x.csv")

    assert "请使用 .xlsx 扩展名" in parsed.errors[0].message


def test_parsing_takes_two_queries_whatever_the_size(django_assert_num_queries):
    small = csv_bytes([GOOD])
    large = csv_bytes(
        [[code, "6.3", "97", "", str(year)] for code in (MAONAN, HUAZHOU, MAOMING) for year in (2023, 2024, 2025)]
    )

    with django_assert_num_queries(2):
        parse(small, "x.csv")
    with django_assert_num_queries(2):
        assert len(parse(large, "x.csv").rows) == 9


# ---------------------------------------------------------------- plan, dry run, apply


def test_the_plan_says_what_would_be_created_changed_and_left_alone():
    store_value(MAONAN, "6.3", 2025, "96")
    store_value(MAOMING, "6.6", 2025, "91", source="国家产品质量监督抽查")
    rows = parse(
        csv_bytes(
            [GOOD, [MAOMING, "6.6", "91.0000", "国家产品质量监督抽查", "2025"], [HUAZHOU, "6.3", "99", "", "2025"]]
        ),
        "x.csv",
    ).rows

    result = plan(rows)

    assert [(p.row.division.code, p.before, p.row.value) for p in result.changes] == [
        (MAONAN, Decimal("96"), Decimal("97.5"))
    ]
    assert [p.row.division.code for p in result.creates] == [HUAZHOU]
    assert result.unchanged == 1


def test_a_changed_source_alone_is_a_change():
    store_value(MAONAN, "6.3", 2025, "97.5", source="地方统计")

    result = plan(parse(csv_bytes([GOOD]), "x.csv").rows)

    assert [(p.source_before, p.row.source) for p in result.changes] == [("地方统计", "国家12315平台")]


def test_the_dry_run_stores_nothing_and_reports_creates_and_changes(samr_reviewer):
    store_value(MAONAN, "6.3", 2025, "96")
    batches, events = IndicatorImport.objects.count(), AuditEvent.objects.count()

    report = apply(samr_reviewer, csv_bytes([GOOD, [HUAZHOU, "6.3", "99", "", "2025"]]), "x.csv", dry_run=True)

    assert report.ok and report.dry_run and report.batch is None
    assert (report.plan.created, report.plan.changed, report.plan.unchanged) == (1, 1, 0)
    assert report.plan.changes[0].before == Decimal("96") and report.plan.changes[0].row.value == Decimal("97.5")
    assert IndicatorValue.objects.get().value == Decimal("96")
    assert (IndicatorImport.objects.count(), AuditEvent.objects.count()) == (batches, events)


def test_apply_stores_the_values_and_audits_the_import(samr_reviewer):
    store_value(MAONAN, "6.3", 2025, "96")
    data = csv_bytes([GOOD, [HUAZHOU, "6.3", "99", "", "2025"]])

    report = apply(samr_reviewer, data, "2025年度.csv", dry_run=False)

    batch = report.batch
    assert (batch.file_name, batch.rows, batch.created_count, batch.changed_count, batch.unchanged_count) == (
        "2025年度.csv",
        2,
        1,
        1,
        0,
    )
    assert batch.created_by == samr_reviewer and len(batch.sha256) == 64
    stored = {v.division.code: v for v in IndicatorValue.objects.select_related("division")}
    assert stored[MAONAN].value == Decimal("97.5") and stored[MAONAN].batch == batch
    assert stored[HUAZHOU].imported_by == samr_reviewer and stored[HUAZHOU].source == ""
    event = AuditEvent.objects.for_object(batch).get()
    assert event.action == "indicator.import" and event.actor == samr_reviewer and event.role == "samr_reviewer"
    assert event.data["sha256"] == batch.sha256 and event.data["created"] == 1 and event.data["changed"] == 1


def test_a_re_import_updates_the_value_and_a_second_identical_one_changes_nothing(samr_reviewer):
    apply(samr_reviewer, csv_bytes([GOOD]), "first.csv", dry_run=False)

    corrected = apply(
        samr_reviewer, csv_bytes([[MAONAN, "6.3", "95", "国家12315平台", "2025"]]), "2.csv", dry_run=False
    )
    again = apply(samr_reviewer, csv_bytes([[MAONAN, "6.3", "95", "国家12315平台", "2025"]]), "3.csv", dry_run=False)

    assert corrected.plan.changes[0].before == Decimal("97.5") and corrected.batch.changed_count == 1
    assert (again.plan.created, again.plan.changed, again.plan.unchanged) == (0, 0, 1)
    value = IndicatorValue.objects.get()
    assert value.value == Decimal("95") and value.batch == corrected.batch


def test_one_bad_row_stores_nothing_at_all(samr_reviewer):
    store_value(MAONAN, "6.3", 2025, "96")
    batches, events = IndicatorImport.objects.count(), AuditEvent.objects.count()
    data = csv_bytes([GOOD, [HUAZHOU, "6.3", "99", "", "2025"], ["999999", "6.3", "99", "", "2025"]])

    report = apply(samr_reviewer, data, "x.csv", dry_run=False)

    assert not report.ok and [error.line for error in report.errors] == [4]
    assert report.batch is None
    assert list(IndicatorValue.objects.values_list("division__code", "value")) == [(MAONAN, Decimal("96"))]
    assert (IndicatorImport.objects.count(), AuditEvent.objects.count()) == (batches, events)


@pytest.mark.parametrize("persona", ["county_clerk", "province_reviewer", "province_approver", "expert", "anonymous"])
def test_only_samr_staff_import(persona, request):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        apply(user, csv_bytes([GOOD]), "x.csv", dry_run=True)
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("persona", ["samr_reviewer", "samr_approver", "admin_user"])
def test_samr_staff_and_administrators_import(persona, request):
    report = apply(request.getfixturevalue(persona), csv_bytes([GOOD]), "x.csv", dry_run=False)

    assert report.ok and IndicatorValue.objects.count() == 1


def test_the_server_operator_imports_without_an_account():
    report = apply(None, csv_bytes([GOOD]), "x.csv", dry_run=False)

    assert report.batch.created_by is None
    event = AuditEvent.objects.for_object(report.batch).get()
    assert event.actor is None and event.comment == "manage.py import_indicators"


def test_the_example_in_the_docs_imports():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "criteria.md").read_text()
    example = docs.split("Example (CSV):\n\n```\n", 1)[1].split("```", 1)[0]

    parsed = parse(example.encode(), "example.csv")

    assert parsed.errors == []
    assert [(row.division.name, row.criterion_number, row.value) for row in parsed.rows] == [
        ("茂南区", "6.3", Decimal("97.6")),
        ("茂南区", "6.6", Decimal("93.2")),
        ("高州市", "6.3", Decimal("96.8")),
    ]
