"""The spreadsheet writer: XLSX layout and cell types, CSV encoding, and formula injection neutralised in both."""

import csv
import datetime
import io
import tempfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from core.exports import by_format
from documents.exports.tables import Sheet, csv_of, display_width, neutralise, write_csv, xlsx

from .conftest import BOM, HYPERLINK

pytestmark = pytest.mark.unit
SHANGHAI = ZoneInfo("Asia/Shanghai")
SUBMITTED = datetime.datetime(2026, 3, 1, 1, 30, tzinfo=datetime.UTC)  # 09:30 in Beijing
# Every start OWASP names: equals, plus, minus, at, tab, carriage return.
FORMULAS = [HYPERLINK, "+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def sample():
    return Sheet(
        "本省申报",
        ("区划代码", "申报地方", "提交时间", "省级评分", "批准日期", "说明"),
        [
            ("440902", "茂南区", SUBMITTED, Decimal("85.50"), datetime.date(2026, 4, 2), "情况属实"),
            ("441900", "东莞市", None, None, None, HYPERLINK),
        ],
    )


def read(content):
    return load_workbook(io.BytesIO(content))


def xlsx_bytes(sheets, **kwargs):
    out = io.BytesIO()
    xlsx(sheets, out, **kwargs)
    return out.getvalue()


def csv_bytes(rows):
    out = io.BytesIO()
    write_csv(rows, out)
    assert not out.closed  # the file is the caller's
    return out.getvalue()


def test_the_xlsx_has_a_bold_frozen_filtered_header_and_widths_from_the_content():
    sheet = read(xlsx_bytes([sample()], title="2026年度本省申报")).active
    assert sheet.title == "本省申报"
    assert [cell.value for cell in sheet[1]] == list(sample().headers)
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEF"}
    # "区划代码" is four wide characters (8 columns) and wider than "440902"; "茂南区" (6) is narrower than its header.
    assert widths["A"] == widths["B"] == 8 + 2
    assert widths["C"] == len("2026-03-01 09:30") + 2
    assert widths["F"] == len(HYPERLINK) + 4 + 2  # with four wide characters


def test_dates_and_numbers_are_real_cells_and_text_stays_text():
    sheet = read(xlsx_bytes([sample()])).active
    code, name, submitted, score, approved, remark = sheet[2]
    assert (code.value, code.data_type) == ("440902", "s")  # a code keeps its digits as text
    assert submitted.value == datetime.datetime(2026, 3, 1, 9, 30) and submitted.is_date
    assert submitted.number_format == "yyyy-mm-dd hh:mm"
    assert score.value == 85.5 and score.data_type == "n" and score.number_format == "0.00"
    assert approved.is_date and approved.number_format == "yyyy-mm-dd"
    assert [cell.value for cell in sheet[3]][2:5] == [None, None, None]


def test_formula_like_text_is_stored_as_a_plain_string_in_xlsx():
    rows = [(text,) for text in FORMULAS]
    sheet = read(xlsx_bytes([Sheet("说明", ("说明",), rows)])).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # openpyxl writes through lxml (installed with pikepdf), which keeps a carriage return as &#13;: read back intact.
    assert [cell.value for cell in cells] == list(FORMULAS)
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_the_xlsx_keeps_the_sheets_in_order_with_safe_names():
    sheets = [Sheet("候选排名", ("a",), []), Sheet("名单构成: 区域/层级", ("b",), []), Sheet("x" * 40, ("c",), [])]
    book = read(xlsx_bytes(sheets))
    assert book.sheetnames == ["候选排名", "名单构成_ 区域_层级", "x" * 31]
    assert book.worksheets[0].auto_filter.ref == "A1:A1"


def test_control_characters_excel_refuses_are_dropped():
    sheet = read(xlsx_bytes([Sheet("说明", ("说明",), [("第一行\x00\x07第二行",)])])).active
    assert sheet["A2"].value == "第一行第二行"


def test_the_csv_is_utf8_with_a_bom_for_excel():
    content = csv_bytes(csv_of([sample()]))
    assert content.startswith(BOM)
    text = content[len(BOM) :].decode("utf-8")
    assert text.startswith("区划代码,申报地方,提交时间,省级评分,批准日期,说明\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["440902", "茂南区", "2026-03-01 09:30", "85.50", "2026-04-02", "情况属实"]
    assert rows[2][:5] == ["441900", "东莞市", "", "", ""]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_prefixed_with_a_quote_in_csv(text):
    content = csv_bytes([("说明",), (text,), (f"说明：{text}",)])
    rows = list(csv.reader(io.StringIO(content[len(BOM) :].decode("utf-8"), newline="")))
    assert rows[1] == [f"'{text}"]
    assert rows[2] == [f"说明：{text}"]  # only the start of a cell matters


def test_numbers_are_not_text_and_are_never_prefixed():
    assert neutralise("-5") == "'-5"
    content = csv_bytes([("分",), (Decimal("-1.50"),), (-3,)])
    assert content[len(BOM) :].decode("utf-8").splitlines()[1:] == ["-1.50", "-3"]


def test_several_tables_follow_one_another_in_one_csv():
    first = Sheet("候选排名", ("位次",), [(1,), (2,)])
    second = Sheet("建议名单", ("项目", "内容"), [("能否生成建议名单", "是")])
    assert list(csv_of([first, second])) == [
        ["候选排名"],
        ("位次",),
        (1,),
        (2,),
        [],
        ["建议名单"],
        ("项目", "内容"),
        ("能否生成建议名单", "是"),
    ]


class Reread:
    """Rows that come from a query: given again, in chunks, each time they are iterated."""

    def __init__(self, count):
        self.count, self.passes = count, 0

    def __iter__(self):
        self.passes += 1
        return ((f"{index:06d}", f"新疆生产建设兵团第{index}师") for index in range(self.count))


def test_rows_read_in_passes_need_not_be_a_list():
    rows = Reread(3)
    sheet = read(xlsx_bytes([Sheet("申报一览", ("区划代码", "申报地方"), rows)])).active
    assert rows.passes == 2  # the widths and the row count first, then the cells
    assert sheet.auto_filter.ref == "A1:B4" and sheet["B4"].value == "新疆生产建设兵团第2师"
    assert sheet.column_dimensions["B"].width == 10 * 2 + 1 + 2  # the widest row, wider than the header


def test_a_failure_while_writing_leaves_no_temporary_file(monkeypatch, tmp_path):
    # openpyxl keeps each write-only sheet in a temporary file until the workbook is saved.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def failing():
        yield ("440902", "茂南区")
        raise RuntimeError("the database went away")

    class Failing(Reread):
        def __iter__(self):
            self.passes += 1
            return iter([("440902", "茂南区")]) if self.passes == 1 else failing()

    with pytest.raises(RuntimeError):
        xlsx([Sheet("申报一览", ("区划代码", "申报地方"), Failing(1))], io.BytesIO())
    assert list(tmp_path.iterdir()) == []


def test_wide_characters_count_double():
    assert display_width("茂南区") == 6
    assert display_width("ab（c）") == 7
    assert display_width(None) == 0


def test_one_set_of_parameters_per_format():
    assert by_format({"campaign": 1}) == {
        "xlsx": {"campaign": 1, "format": "xlsx"},
        "csv": {"campaign": 1, "format": "csv"},
    }
