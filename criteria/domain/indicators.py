"""Importing SAMR's own indicator data per locality (总局指标数据, art. 4).

Art. 4: recognition rests mainly on what SAMR itself knows of each locality's
work. SAMR's figures for the metric criteria (6.3 消费者投诉办结率, 6.6 产品质量
合格率, …) arrive as an Excel or CSV file, one row per locality, criterion and
data year, and are set against what each locality declared
(``nominations.domain.discrepancies``).

* ``parse(data, filename)`` reads the file and checks every row (format and
  against the divisions and criteria); each error names its line.
* ``plan(rows)`` says what an import would create, change and leave unchanged.
* ``apply(user, data, filename, dry_run=...)`` does both and, unless it is a dry
  run, stores the plan: all or nothing, in one transaction, audited.

The file is read in memory (at most ``MAX_FILE_BYTES``) and never kept.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain.audit import record
from core.domain.uploads import inspect_upload
from provinces.enums import Level
from provinces.models import Division

from ..enums import CriterionKind
from ..models import MIN_YEAR, Criterion, IndicatorImport, IndicatorValue

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
# A title line or two above the header is common in government spreadsheets.
HEADER_SEARCH_ROWS = 10
VALUE_PLACES = Decimal("0.0001")
MAX_VALUE = Decimal("1e10")
SOURCE_MAX_LENGTH = IndicatorValue._meta.get_field("source").max_length

# column: accepted headers (compared without spaces, case and a bracketed unit such as “数值（%）”)
HEADERS = {
    "division": ("区划代码", "division", "code"),
    "criterion": ("指标", "条件编号", "indicator", "criterion"),
    "value": ("数值", "value"),
    "source": ("来源", "source"),
    "year": ("年度", "数据年度", "year"),
}
REQUIRED = ("division", "criterion", "value", "year")
HEADER_LABELS = {"division": "区划代码", "criterion": "指标", "value": "数值", "source": "来源", "year": "年度"}

DIVISION_CODE = re.compile(r"^\d{6}$")
CRITERION_NUMBER = re.compile(r"^\d+(\.\d+)*$")
YEAR = re.compile(r"^(\d{4})\s*年?$")
BRACKETED = re.compile(r"[（(][^）)]*[）)]")


class FileError(Exception):
    """The file as a whole cannot be read."""


@dataclass(frozen=True)
class RowError:
    line: int | None  # None: the file as a whole
    message: str


@dataclass(frozen=True)
class IndicatorRow:
    line: int
    division: Division
    criterion_number: str
    year: int
    value: Decimal
    source: str

    @property
    def key(self):
        return (self.division.pk, self.criterion_number, self.year)


@dataclass
class Parsed:
    rows: list[IndicatorRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class PlannedValue:
    """One row of the plan: the figure in the file and the one stored now (None: none yet)."""

    row: IndicatorRow
    before: Decimal | None = None
    source_before: str = ""


@dataclass
class Plan:
    creates: list[PlannedValue] = field(default_factory=list)
    changes: list[PlannedValue] = field(default_factory=list)
    unchanged: int = 0

    @property
    def created(self):
        return len(self.creates)

    @property
    def changed(self):
        return len(self.changes)


@dataclass
class ImportReport:
    file_name: str
    sha256: str
    dry_run: bool
    rows: int = 0
    plan: Plan = field(default_factory=Plan)
    errors: list[RowError] = field(default_factory=list)
    batch: IndicatorImport | None = None

    @property
    def ok(self):
        return not self.errors


# ---------------------------------------------------------------- reading


def _decode(data):
    """UTF-8 (with or without BOM), else GB18030: Excel on a Chinese Windows saves “CSV” in GBK."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("无法识别文件编码，请另存为 UTF-8 或 GB18030（GBK）编码的 CSV 文件。"))


def _csv_lines(data):
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise FileError(_("文件内容是 Excel 工作簿而不是 CSV 文本，请使用 .xlsx 扩展名上传，或另存为 CSV。"))
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise FileError(_("CSV 文件格式有误（第 %(line)s 行）。") % {"line": reader.line_num}) from error


def _xlsx_cell(cell):
    value = cell.value
    # A cell shown as “97.5%” holds 0.975: the portal's figures are in percent, as the criterion's unit says.
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return Decimal(str(value)) * 100
    return value


def _xlsx_lines(data):
    """The first worksheet's rows with their row numbers, as Excel shows them."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # some writers record a wrong sheet size; read every row there is
            lines = []
            for line, cells in enumerate(sheet.iter_rows(), start=1):
                if line > 2 * MAX_ROWS:  # blank lines included; parse() counts the data rows exactly
                    raise FileError(_("数据超过 %(max)s 行，请拆分后分批导入。") % {"max": MAX_ROWS})
                lines.append((line, [_xlsx_cell(cell) for cell in cells]))
            return lines
        finally:
            workbook.close()
    except FileError:
        raise
    # openpyxl reports a damaged, encrypted or mislabelled workbook with many exception types
    # (zipfile, XML, KeyError, ValueError, …); any of them means the same to the person uploading.
    except Exception as error:
        raise FileError(_("无法读取该 Excel 文件，请确认是 .xlsx 格式、未加密且未损坏。")) from error


# The evidence refusals that say more than "cannot be read": what is wrong inside the ZIP.
ZIP_REFUSALS = {"zip_bomb", "too_many_members", "encrypted", "macros"}


def _check_workbook(data, filename):
    """The evidence checks before openpyxl opens the workbook: it reads the shared strings whole, so a ZIP that
    inflates far beyond its size (a zip bomb), or with too many or encrypted parts, is refused unread."""
    try:
        inspected = inspect_upload(ContentFile(data, name=filename), max_bytes=MAX_FILE_BYTES)
    except ValidationError as error:
        if error.code in ZIP_REFUSALS:
            raise FileError(" ".join(error.messages)) from error
        inspected = None  # damaged or not a ZIP at all: openpyxl's refusal below says so in the import's words
    if inspected is not None and inspected.kind != "xlsx":
        raise FileError(_("文件内容不是 Excel 工作簿（.xlsx），请确认文件格式后重新导入。"))


def _lines(data, filename):
    name = (filename or "").lower()
    if not data:
        raise FileError(_("文件是空的。"))
    if len(data) > MAX_FILE_BYTES:
        raise FileError(_("文件超过 %(mb)s MB，请拆分后分批导入。") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
    if name.endswith(".xlsx"):
        _check_workbook(data, filename)
        return _xlsx_lines(data)
    if name.endswith(".csv"):
        return _csv_lines(data)
    if name.endswith(".xls"):
        raise FileError(_("不支持 Excel 97-2003（.xls）文件，请另存为 .xlsx 或 CSV 后再导入。"))
    raise FileError(_("只能导入 .xlsx 或 .csv 文件。"))


# ---------------------------------------------------------------- cells


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header_name(value):
    return BRACKETED.sub("", _text(value)).replace(" ", "").replace("\u3000", "").lower()


def _columns(cells):
    """{column: index} for the recognised headers in ``cells``."""
    found = {}
    names = [_header_name(cell) for cell in cells]
    for column, accepted in HEADERS.items():
        for index, name in enumerate(names):
            if name in accepted:
                found[column] = index
                break
    return found


def _header_error(lines):
    first = next(((line, cells) for line, cells in lines if any(_text(c) for c in cells)), None)
    missing = REQUIRED if first is None else [c for c in REQUIRED if c not in _columns(first[1])]
    return RowError(
        first[0] if first else 1,
        _(
            "找不到表头：须有“区划代码”“指标”“数值”“年度”四列（“来源”可选；也可用英文 division、indicator、"
            "value、year、source），缺少：%(missing)s。"
        )
        % {"missing": "、".join(HEADER_LABELS[c] for c in missing)},
    )


def _decimal(value):
    """A finite Decimal from a cell, or None. Text may carry thousands separators and a trailing %."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    else:
        text = _text(value).replace(",", "").replace("，", "").removesuffix("%").removesuffix("％").strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    return number if number.is_finite() else None


def _year(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else None
    match = YEAR.match(_text(value))
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------- parse


@dataclass(frozen=True)
class _Raw:
    """A row's cells as read; a cell that failed its own check is None (and ``ok`` False)."""

    line: int
    code: str | None
    criterion: str | None
    value: Decimal | None
    year: int | None
    source: str
    ok: bool


def parse(data, filename):
    """Read ``data`` (the bytes of ``filename``, .xlsx or .csv) and check every row.

    Returns ``Parsed(rows, errors)``; the rows are only meaningful when there is
    no error. Every error of every row is listed, with its line. Two queries
    (divisions, criteria), whatever the size of the file.
    """
    parsed = Parsed()
    try:
        lines = _lines(data, filename)
    except FileError as error:
        parsed.errors.append(RowError(None, str(error)))
        return parsed

    header_at = next(
        (i for i, (_line, cells) in enumerate(lines[:HEADER_SEARCH_ROWS]) if set(REQUIRED) <= set(_columns(cells))),
        None,
    )
    if header_at is None:
        parsed.errors.append(_header_error(lines[:HEADER_SEARCH_ROWS]))
        return parsed
    columns = _columns(lines[header_at][1])

    raw_rows = []
    for line, cells in lines[header_at + 1 :]:
        if not any(_text(cell) for cell in cells):
            continue
        if len(raw_rows) >= MAX_ROWS:
            parsed.errors.append(RowError(line, _("数据超过 %(max)s 行，请拆分后分批导入。") % {"max": MAX_ROWS}))
            return parsed
        raw_rows.append(_check_cells(line, cells, columns, parsed.errors))
    if not raw_rows:
        parsed.errors.append(RowError(None, _("文件中没有数据行。")))
        return parsed

    parsed.rows = _resolve(raw_rows, parsed.errors)
    parsed.errors.sort(key=lambda error: error.line or 0)
    return parsed


def _check_cells(line, cells, columns, errors):
    """The row's cells, each checked for form alone (errors added)."""

    def cell(column):
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    count = len(errors)
    code = _text(cell("division"))
    if not code:
        errors.append(RowError(line, _("请填写区划代码。")))
    elif not DIVISION_CODE.match(code):
        errors.append(RowError(line, _("区划代码“%(code)s”应为 6 位数字（GB/T 2260），例如 440902。") % {"code": code}))
        code = None

    criterion = _text(cell("criterion"))
    if not criterion:
        errors.append(RowError(line, _("请填写指标（条件编号，例如 6.3）。")))

    raw_value = cell("value")
    value = _decimal(raw_value)
    if not _text(raw_value):
        errors.append(RowError(line, _("请填写数值。")))
    elif value is None:
        errors.append(RowError(line, _("数值“%(value)s”不是数字。") % {"value": _text(raw_value)}))
    elif abs(value) >= MAX_VALUE:
        errors.append(RowError(line, _("数值“%(value)s”过大。") % {"value": _text(raw_value)}))
    else:
        value = value.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)

    raw_year = cell("year")
    year = _year(raw_year)
    last_year = timezone.localdate().year
    if not _text(raw_year):
        errors.append(RowError(line, _("请填写年度。")))
    elif year is None:
        errors.append(RowError(line, _("年度“%(year)s”不是有效的年份，例如 2025。") % {"year": _text(raw_year)}))
    elif not MIN_YEAR <= year <= last_year:
        # The earliest campaign under the 2020 measures looks at 2019; no year after the current one has data.
        errors.append(
            RowError(
                line,
                _("年度应在 %(first)s 至 %(last)s 之间，而不是 %(year)s。")
                % {"first": MIN_YEAR, "last": last_year, "year": year},
            )
        )

    source = _text(cell("source"))
    if len(source) > SOURCE_MAX_LENGTH:
        errors.append(RowError(line, _("来源不能超过 %(max)s 个字。") % {"max": SOURCE_MAX_LENGTH}))

    return _Raw(line, code or None, criterion or None, value, year, source, ok=len(errors) == count)


def _resolve(raw_rows, errors):
    """Rows checked against the divisions and the criteria (two queries); duplicates refused."""
    divisions = {d.code: d for d in Division.objects.filter(code__in={row.code for row in raw_rows if row.code})}
    known, metric, by_name = set(), set(), {}
    for number, kind, name in Criterion.objects.values_list("number", "kind", "indicator_name"):
        known.add(number)
        if kind == CriterionKind.METRIC:
            metric.add(number)
            by_name.setdefault(name, set()).add(number)

    rows, seen = [], {}
    for raw in raw_rows:
        count = len(errors)
        division = divisions.get(raw.code)
        if raw.code and division is None:
            errors.append(
                RowError(raw.line, _("区划代码“%(code)s”不存在，请核对 6 位 GB/T 2260 代码。") % {"code": raw.code})
            )
        elif division is not None and division.level == Level.PROVINCE:
            # art. 2: only cities and counties apply, so only they declare a figure to compare with.
            errors.append(
                RowError(
                    raw.line,
                    _("%(name)s（%(code)s）是省级单位；指标数据按市（地、州、盟）、县（市、区、旗）填报（第二条）。")
                    % {"name": division.name, "code": division.code},
                )
            )
        number = _criterion_number(raw, known, metric, by_name, errors) if raw.criterion else None
        if not raw.ok or len(errors) > count:
            continue
        key = (raw.code, number, raw.year)
        if key in seen:
            errors.append(
                RowError(
                    raw.line,
                    _("与第 %(line)s 行重复：同一地方、指标和年度只能有一行。") % {"line": seen[key]},
                )
            )
            continue
        seen[key] = raw.line
        rows.append(IndicatorRow(raw.line, division, number, raw.year, raw.value, raw.source))
    return rows


def _criterion_number(raw, known, metric, by_name, errors):
    """The number named in the row (``6.3``, or the indicator's name such as 消费者投诉办结率), if it is a metric."""
    text = raw.criterion
    if CRITERION_NUMBER.match(text):
        if text in metric:
            return text
        if text in known:
            errors.append(
                RowError(
                    raw.line,
                    _("条件 %(number)s 不是量化指标，没有可比对的数值；量化指标有：%(metric)s。")
                    % {"number": text, "metric": "、".join(sorted(metric))},
                )
            )
            return None
    elif len(by_name.get(text, ())) == 1:
        return next(iter(by_name[text]))
    errors.append(
        RowError(
            raw.line,
            _("没有“%(criterion)s”这一指标；请填写量化指标的条件编号：%(metric)s。")
            % {"criterion": text, "metric": "、".join(sorted(metric))},
        )
    )
    return None


# ---------------------------------------------------------------- plan and apply


def plan(rows):
    """What importing ``rows`` would do to the stored values (one query)."""
    result = Plan()
    if not rows:
        return result
    stored = {
        (v.division_id, v.criterion_number, v.year): v
        for v in IndicatorValue.objects.filter(
            division_id__in={row.division.pk for row in rows},
            criterion_number__in={row.criterion_number for row in rows},
            year__in={row.year for row in rows},
        ).order_by()
    }
    for row in rows:
        current = stored.get(row.key)
        if current is None:
            result.creates.append(PlannedValue(row))
        elif current.value != row.value or current.source != row.source:
            result.changes.append(PlannedValue(row, current.value, current.source))
        else:
            result.unchanged += 1
    return result


def apply(user, data, filename, *, dry_run, request=None):
    """Check the file, plan the import and, unless ``dry_run``, store it: all or nothing.

    ``user`` must hold "indicator.import" (SAMR staff); ``None`` is the server's
    operator running ``manage.py import_indicators``. Any error leaves the
    stored data untouched and is reported with its line.
    """
    if user is not None and not policy.can(user, "indicator.import"):
        raise PermissionDenied
    report = ImportReport(file_name=filename or "", sha256=hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    parsed = parse(data, filename)
    report.rows = len(parsed.rows)
    if parsed.errors:
        report.errors = parsed.errors
        return report
    if dry_run:
        report.plan = plan(parsed.rows)
        return report
    with transaction.atomic():
        report.plan = plan(parsed.rows)
        report.batch = _store(user, report, request)
    return report


def _store(user, report, request):
    result = report.plan
    batch = IndicatorImport.objects.create(
        file_name=report.file_name[:255],
        sha256=report.sha256,
        rows=report.rows,
        created_count=len(result.creates),
        changed_count=len(result.changes),
        unchanged_count=result.unchanged,
        created_by=user,
    )
    now = timezone.now()
    values = [
        IndicatorValue(
            division=planned.row.division,
            criterion_number=planned.row.criterion_number,
            year=planned.row.year,
            value=planned.row.value,
            source=planned.row.source,
            batch=batch,
            imported_at=now,
            imported_by=user,
        )
        for planned in (*result.creates, *result.changes)
    ]
    # An upsert, so that an import running at the same moment cannot make this one fail half-way.
    IndicatorValue.objects.bulk_create(
        values,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["division", "criterion_number", "year"],
        update_fields=["value", "source", "batch", "imported_at", "imported_by"],
    )
    record(
        user,
        "indicator.import",
        batch,
        request=request,
        comment="" if user is not None else "manage.py import_indicators",
        file_name=batch.file_name,
        sha256=batch.sha256,
        rows=batch.rows,
        created=batch.created_count,
        changed=batch.changed_count,
        unchanged=batch.unchanged_count,
    )
    return batch
