"""Regional balance of the proposed national list (art. 8, 综合平衡) — pure functions.

Art. 8 of the measures asks the evaluation to 充分考虑东、中、西部地区发展差异，适当向欠发达地区和县（市、区、旗）倾斜.
This module turns that into numbers, without touching the database: plain frozen dataclasses in and out.

* :func:`adjusted_score` — the raw score plus the bonuses SAMR configured per region, per level and for the
  underdeveloped flag (the tilt); :func:`rank` shows raw score, bonus and adjusted score side by side.
* :func:`distribution` — the make-up of a draft list by region, level, underdeveloped flag and province against the
  quota, with shares.
* :func:`suggest` — an exactly optimal list under the configured minimum/maximum shares, which constraints bind,
  and, when the constraints cannot be met, a Chinese reason naming the one that fails (never an exception).
* :func:`suggestion_digest` — a digest of everything :func:`suggest` reads, under which its answer may be kept.

The optimisation is a small 0/1 integer programme solved exactly by HiGHS (``scipy.optimize.milp``); see
:func:`suggest` for the model, the list size and the tie-break.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from scipy.optimize import Bounds, LinearConstraint, milp

from provinces.enums import Level, Region

ZERO = Decimal("0")
HUNDRED = Decimal("100")
ONE_PLACE = Decimal("0.1")
# Scores enter the solver as integers (score × 10**places); beyond this many places they are rounded for the solver
# only (totals are always summed exactly in Decimal).
MAX_PLACES = 6
# The two levels that may apply (art. 2): 地级 and 县级.
LIST_LEVELS = (Level.PREFECTURE, Level.COUNTY)


@dataclass(frozen=True)
class Candidate:
    """A nomination as the balance sees it. ``region`` is a :class:`~provinces.enums.Region` value, ``level`` a
    :class:`~provinces.enums.Level` value (``prefecture``/``county``), ``province`` any stable label (code or name)."""

    id: int | str
    province: str
    region: str
    level: str
    underdeveloped: bool
    score: Decimal


@dataclass(frozen=True)
class Bonuses:
    """Points added to the raw score (art. 8 tilt): per region value, per level value, and for underdeveloped places.

    Bonuses add up: a western underdeveloped county gets ``region["west"] + level["county"] + underdeveloped``.
    """

    region: dict[str, Decimal] = field(default_factory=dict)
    level: dict[str, Decimal] = field(default_factory=dict)
    underdeveloped: Decimal = ZERO


NO_BONUSES = Bonuses()


def bonus(candidate: Candidate, bonuses: Bonuses | None) -> Decimal:
    """The points ``bonuses`` add to ``candidate`` (0 without bonuses)."""
    if bonuses is None:
        return ZERO
    points = Decimal(bonuses.region.get(candidate.region, ZERO)) + Decimal(bonuses.level.get(candidate.level, ZERO))
    if candidate.underdeveloped:
        points += Decimal(bonuses.underdeveloped)
    return points


def adjusted_score(candidate: Candidate, bonuses: Bonuses | None) -> Decimal:
    """Raw score plus every bonus that applies; the raw score itself stays in ``candidate.score``."""
    return Decimal(candidate.score) + bonus(candidate, bonuses)


@dataclass(frozen=True)
class Ranked:
    """One line of the ranking: the raw score, the bonus and the adjusted score shown separately."""

    position: int  # 1-based
    candidate: Candidate
    score: Decimal
    bonus: Decimal
    adjusted: Decimal


def _rank_key(candidate: Candidate, bonuses: Bonuses | None):
    return (-adjusted_score(candidate, bonuses), -Decimal(candidate.score), candidate.id)


def rank(candidates, bonuses: Bonuses | None = None) -> tuple[Ranked, ...]:
    """Candidates by adjusted score (higher first), then raw score (higher first), then id (ascending)."""
    ordered = sorted(candidates, key=lambda c: _rank_key(c, bonuses))
    return tuple(
        Ranked(
            position=i,
            candidate=c,
            score=Decimal(c.score),
            bonus=bonus(c, bonuses),
            adjusted=adjusted_score(c, bonuses),
        )
        for i, c in enumerate(ordered, start=1)
    )


# --- distribution -------------------------------------------------------------------------------------------------


def _share(count: int, whole: int) -> Decimal:
    if whole <= 0:
        return ZERO.quantize(ONE_PLACE)
    return (Decimal(count) * HUNDRED / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def quota_share(count: int, quota: int) -> Decimal | None:
    """``count`` as a percentage of ``quota`` (1 place, half up), or None without a quota."""
    return _share(count, quota) if quota else None


def _shares(counts: dict, whole: int) -> dict:
    return {key: _share(count, whole) for key, count in counts.items()}


@dataclass(frozen=True)
class Distribution:
    """The make-up of a list. Counts are ints; shares are percentages of the list's total (Decimal, 1 place, half
    up), except ``quota_share`` which is the total as a percentage of the quota.

    ``by_region`` always has the four regions (east, central, west, northeast) in that order, zeros included;
    ``by_level`` always has prefecture and county (any other level found is appended); ``by_underdeveloped`` has
    ``True`` and ``False``; ``by_province`` has the provinces on the list, most first, then by province.
    """

    total: int
    quota: int
    remaining: int  # quota - total; negative when over the quota
    over_quota: bool
    quota_share: Decimal
    by_region: dict[str, int]
    by_level: dict[str, int]
    by_underdeveloped: dict[bool, int]
    by_province: dict[str, int]
    region_shares: dict[str, Decimal]
    level_shares: dict[str, Decimal]
    underdeveloped_shares: dict[bool, Decimal]
    province_shares: dict[str, Decimal]


def distribution(candidates_on_list, quota: int) -> Distribution:
    """Counts and shares of ``candidates_on_list`` by region, level, underdeveloped flag and province."""
    listed = list(candidates_on_list)
    total = len(listed)
    regions = Counter(c.region for c in listed)
    levels = Counter(c.level for c in listed)
    provinces = Counter(c.province for c in listed)
    by_region = {str(value): regions.get(value, 0) for value in Region.values}
    by_region.update({key: n for key, n in regions.items() if key not in by_region})
    by_level = {str(value): levels.get(value, 0) for value in LIST_LEVELS}
    by_level.update({key: n for key, n in levels.items() if key not in by_level})
    by_underdeveloped = {
        True: sum(1 for c in listed if c.underdeveloped),
        False: sum(1 for c in listed if not c.underdeveloped),
    }
    by_province = dict(sorted(provinces.items(), key=lambda item: (-item[1], item[0])))
    return Distribution(
        total=total,
        quota=quota,
        remaining=quota - total,
        over_quota=total > quota,
        quota_share=_share(total, quota),
        by_region=by_region,
        by_level=by_level,
        by_underdeveloped=by_underdeveloped,
        by_province=by_province,
        region_shares=_shares(by_region, total),
        level_shares=_shares(by_level, total),
        underdeveloped_shares=_shares(by_underdeveloped, total),
        province_shares=_shares(by_province, total),
    )


# --- suggestion ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Constraints:
    """Minimum/maximum shares of the list. All counts; 0 / empty / None means "no constraint".

    ``min_per_region`` maps :class:`~provinces.enums.Region` values to a minimum number of places.
    """

    min_county: int = 0
    min_per_region: dict[str, int] = field(default_factory=dict)
    max_per_province: int | None = None
    min_underdeveloped: int = 0


@dataclass(frozen=True)
class Suggestion:
    """The proposed list. ``selected`` are ids in ranking order (adjusted score, raw score, id); ``total_score`` is
    the sum of their adjusted scores, ``raw_total`` of their raw scores. When ``feasible`` is False nothing is
    selected and ``reasons`` name the constraint(s) that cannot be met."""

    selected: tuple
    total_score: Decimal
    feasible: bool
    binding: tuple[str, ...]
    reasons: tuple[str, ...]
    raw_total: Decimal = ZERO
    places: int = 0  # how many places the list can fill: min(quota, what max_per_province allows)


def _region_label(value: str) -> str:
    try:
        return str(Region(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class _Row:
    """One constraint of the model: ``lower <= sum(x[i] for i in members) <= upper``."""

    key: str
    members: tuple[int, ...]
    lower: int
    upper: float  # np.inf for none


class _Model:
    """The 0/1 programme over ``candidates`` (in ranking order): exactly ``places`` chosen, every row respected."""

    def __init__(self, candidates, weights):
        self.candidates = candidates
        self.weights = weights  # integers, the scaled adjusted scores
        self.n = len(candidates)

    def solve(self, places, rows, *, objective=True, floor=None):
        """Return the chosen indices (a maximum-weight choice; with ``floor`` the best-ranked choice of at least
        that weight), or None when infeasible. ``objective=False`` only tests feasibility."""
        n = self.n
        if places == 0:
            ok = all(r.lower <= 0 for r in rows) and (floor is None or floor <= 0)
            return () if ok else None
        matrix = [np.ones(n)]
        lower, upper = [places], [places]
        for row in rows:
            line = np.zeros(n)
            line[list(row.members)] = 1
            matrix.append(line)
            lower.append(row.lower)
            upper.append(row.upper)
        if floor is not None:
            matrix.append(np.array(self.weights, dtype=float))
            lower.append(floor)
            upper.append(np.inf)
            cost = np.arange(n, dtype=float)  # minimise the sum of ranking positions
        elif objective:
            cost = -np.array(self.weights, dtype=float)
        else:
            cost = np.zeros(n)
        result = milp(
            cost,
            constraints=LinearConstraint(np.vstack(matrix), np.array(lower, dtype=float), np.array(upper, dtype=float)),
            integrality=np.ones(n),
            bounds=Bounds(0, 1),
            options={"mip_rel_gap": 0},
        )
        if result.status != 0 or result.x is None:
            return None
        return tuple(i for i in range(n) if result.x[i] > 0.5)

    def best(self, places, rows):
        chosen = self.solve(places, rows)
        return None if chosen is None else sum(self.weights[i] for i in chosen)


def _scale_places(values) -> int:
    """The decimal places needed to make every value an integer (at most MAX_PLACES)."""
    places = 0
    for value in values:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return min(places, MAX_PLACES)


def _scale(values) -> list[int]:
    """Decimals → integers with a common power of ten, for the solver."""
    factor = Decimal(10) ** _scale_places(values)
    return [int((value * factor).to_integral_value(rounding=ROUND_HALF_UP)) for value in values]


def _places(candidates, quota: int, cap: int | None) -> int:
    if cap is None:
        return min(quota, len(candidates))
    per_province = Counter(c.province for c in candidates)
    return min(quota, sum(min(cap, n) for n in per_province.values()))


def _validate(candidates, quota, constraints):
    if not isinstance(quota, int) or quota < 0:
        raise ValueError("quota must be a non-negative integer")
    ids = [c.id for c in candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("candidate ids must be unique")
    counts = [constraints.min_county, constraints.min_underdeveloped, *constraints.min_per_region.values()]
    if constraints.max_per_province is not None:
        counts.append(constraints.max_per_province)
    if any(not isinstance(n, int) or n < 0 for n in counts):
        raise ValueError("constraint counts must be non-negative integers")
    unknown = set(constraints.min_per_region) - set(Region.values)
    if unknown:
        raise ValueError(f"unknown regions: {sorted(unknown)}")


def _describe(key: str, constraints: Constraints) -> str:
    if key == "county":
        return _("至少 %(n)s 个县级地方") % {"n": constraints.min_county}
    if key == "underdeveloped":
        return _("至少 %(n)s 个欠发达地区") % {"n": constraints.min_underdeveloped}
    if key == "province":
        return _("每省至多 %(n)s 个") % {"n": constraints.max_per_province}
    region = key.removeprefix("region:")
    return _("至少 %(n)s 个%(region)s地方") % {"n": constraints.min_per_region[region], "region": _region_label(region)}


def _rows(candidates, constraints: Constraints, relax: str | None = None, drop: frozenset = frozenset()) -> list[_Row]:
    """The model's rows; ``relax`` loosens one constraint by one place, ``drop`` removes constraints."""

    def lower(key, value):
        return max(0, value - 1) if key == relax else value

    rows = []
    if constraints.min_county and "county" not in drop:
        members = tuple(i for i, c in enumerate(candidates) if c.level == Level.COUNTY)
        rows.append(_Row("county", members, lower("county", constraints.min_county), np.inf))
    for region in Region.values:
        minimum = constraints.min_per_region.get(region, 0)
        key = f"region:{region}"
        if minimum and key not in drop:
            members = tuple(i for i, c in enumerate(candidates) if c.region == region)
            rows.append(_Row(key, members, lower(key, minimum), np.inf))
    if constraints.min_underdeveloped and "underdeveloped" not in drop:
        members = tuple(i for i, c in enumerate(candidates) if c.underdeveloped)
        rows.append(_Row("underdeveloped", members, lower("underdeveloped", constraints.min_underdeveloped), np.inf))
    if constraints.max_per_province is not None and "province" not in drop:
        cap = constraints.max_per_province + (1 if relax == "province" else 0)
        provinces = sorted({c.province for c in candidates})
        for province in provinces:
            members = tuple(i for i, c in enumerate(candidates) if c.province == province)
            if len(members) > cap:
                rows.append(_Row("province", members, 0, cap))
    return rows


def _active_keys(constraints: Constraints) -> list[str]:
    keys = ["county"] if constraints.min_county else []
    keys += [f"region:{r}" for r in Region.values if constraints.min_per_region.get(r, 0)]
    if constraints.min_underdeveloped:
        keys.append("underdeveloped")
    if constraints.max_per_province is not None:
        keys.append("province")
    return keys


def _obvious_failures(candidates, places: int, constraints: Constraints) -> list[str]:
    """Constraints that fail on their own, each with a reason naming it and the numbers."""
    cap = constraints.max_per_province
    reasons = []

    def check(description, members, minimum, group):
        available = len(members)
        if minimum > available:
            reasons.append(
                _("%(c)s，但候选中只有 %(m)s 个%(group)s") % {"c": description, "m": available, "group": group}
            )
            return
        if cap is not None:
            reachable = sum(min(cap, n) for n in Counter(c.province for c in members).values())
            if minimum > reachable:
                reasons.append(
                    _("%(c)s，但每省至多 %(k)s 个时最多只能选出 %(m)s 个%(group)s")
                    % {"c": description, "k": cap, "m": reachable, "group": group}
                )
                return
        if minimum > places:
            reasons.append(_("%(c)s，但名单最多只有 %(m)s 个名额") % {"c": description, "m": places})

    if constraints.min_county:
        check(
            _describe("county", constraints),
            [c for c in candidates if c.level == Level.COUNTY],
            constraints.min_county,
            _("县级地方"),
        )
    for region in Region.values:
        minimum = constraints.min_per_region.get(region, 0)
        if minimum:
            label = _region_label(region)
            check(
                _describe(f"region:{region}", constraints),
                [c for c in candidates if c.region == region],
                minimum,
                _("%(region)s地方") % {"region": label},
            )
    if constraints.min_underdeveloped:
        check(
            _describe("underdeveloped", constraints),
            [c for c in candidates if c.underdeveloped],
            constraints.min_underdeveloped,
            _("欠发达地区"),
        )
    regional = sum(constraints.min_per_region.values())
    if not reasons and regional > places:
        reasons.append(_("各地区下限合计 %(n)s 个，超过名单最多的 %(m)s 个名额") % {"n": regional, "m": places})
    return reasons


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def suggest(
    candidates, quota: int, constraints: Constraints | None = None, bonuses: Bonuses | None = None
) -> Suggestion:
    """Propose the list with the highest total adjusted score that meets ``constraints``.

    **Model.** One 0/1 variable per candidate; maximise the sum of adjusted scores (:func:`adjusted_score`) subject
    to: at least ``min_county`` county-level candidates, at least ``min_per_region[r]`` from each region ``r``, at
    least ``min_underdeveloped`` underdeveloped ones, at most ``max_per_province`` from any province, and a list size
    of exactly ``places = min(quota, sum over provinces of min(max_per_province, candidates of the province))``.
    Solved exactly by HiGHS branch and bound (``scipy.optimize.milp`` with a zero optimality gap).

    **List size.** The list fills as many places as it can: all ``quota`` places, or fewer only when there are fewer
    candidates or ``max_per_province`` leaves fewer eligible (then ``reasons`` says so). Minimums never shrink the
    list. Province caps plus the quota form a matroid and minimums only grow with more members, so any feasible
    shorter list extends to a feasible full one: with non-negative scores this is the same optimum as "choose up to
    ``quota``", and the same feasibility verdict.

    **Ties.** Among lists with the same highest total adjusted score, the one whose members rank highest wins: the
    smallest sum of ranking positions, the ranking being adjusted score (desc), raw score (desc), id (asc). The
    solver is deterministic, so equal inputs give equal answers.

    **Binding.** A constraint *binds* when relaxing it by one place (a minimum lowered by one, the province cap
    raised by one), all other constraints unchanged, allows a strictly higher total adjusted score. ``binding`` lists
    those constraints with what the relaxation would gain.

    **Infeasible.** ``feasible`` is False, nothing is selected, and ``reasons`` name the constraint that cannot be
    met (e.g. "至少 3 个西部地方，但候选中只有 2 个西部地方") or, when only a combination fails, the constraints in
    conflict. Malformed input (negative counts, duplicate ids, unknown regions) raises ``ValueError``.
    """
    constraints = constraints or Constraints()
    pool = list(candidates)
    _validate(pool, quota, constraints)
    ordered = sorted(pool, key=lambda c: _rank_key(c, bonuses))
    adjusted = [adjusted_score(c, bonuses) for c in ordered]
    model = _Model(ordered, _scale(adjusted))
    places = _places(ordered, quota, constraints.max_per_province)

    failures = _obvious_failures(ordered, places, constraints)
    rows = _rows(ordered, constraints)
    chosen = None if failures else model.solve(places, rows)
    if chosen is None:
        if not failures:
            failures = [_conflict(model, ordered, quota, places, constraints)]
        return Suggestion(selected=(), total_score=ZERO, feasible=False, binding=(), reasons=tuple(failures))

    best = sum(model.weights[i] for i in chosen)
    chosen = model.solve(places, rows, floor=best) or chosen  # the best-ranked list among the optimal ones
    chosen = tuple(sorted(chosen))
    total = sum((adjusted[i] for i in chosen), ZERO)
    raw_total = sum((Decimal(ordered[i].score) for i in chosen), ZERO)

    binding = []
    for key in _active_keys(constraints):
        relaxed = model.best(
            _places(ordered, quota, _relaxed_cap(constraints, key)), _rows(ordered, constraints, relax=key)
        )
        if relaxed is not None and relaxed > best:
            gain = Decimal(relaxed - best) / (Decimal(10) ** _scale_places(adjusted))
            binding.append(
                _("%(c)s（放宽 1 个可使总分提高 %(gain)s）") % {"c": _describe(key, constraints), "gain": _fmt(gain)}
            )

    reasons = [
        _("名额 %(quota)s 个，建议入选 %(n)s 个，调整后总分 %(total)s（原始分合计 %(raw)s）")
        % {"quota": quota, "n": len(chosen), "total": _fmt(total), "raw": _fmt(raw_total)}
    ]
    if places < quota:
        if places == len(ordered):
            reasons.append(_("候选只有 %(n)s 个，不足名额 %(quota)s 个") % {"n": places, "quota": quota})
        else:
            reasons.append(
                _("每省至多 %(k)s 个，最多只能选出 %(n)s 个，不足名额 %(quota)s 个")
                % {"k": constraints.max_per_province, "n": places, "quota": quota}
            )
    if not binding and _active_keys(constraints):
        reasons.append(_("各项约束均未影响结果：建议名单即按调整后得分排名的最优名单"))
    return Suggestion(
        selected=tuple(ordered[i].id for i in chosen),
        total_score=total,
        feasible=True,
        binding=tuple(binding),
        reasons=tuple(reasons),
        raw_total=raw_total,
        places=places,
    )


def _relaxed_cap(constraints: Constraints, key: str) -> int | None:
    cap = constraints.max_per_province
    return cap + 1 if key == "province" and cap is not None else cap


def _conflict(model: _Model, candidates, quota: int, places: int, constraints: Constraints) -> str:
    """Each constraint can be met alone but not all together: name those whose removal restores feasibility."""
    keys = _active_keys(constraints)
    culprits = []
    for key in keys:
        size = _places(candidates, quota, None) if key == "province" else places
        if model.solve(size, _rows(candidates, constraints, drop=frozenset({key})), objective=False) is not None:
            culprits.append(key)
    names = "、".join(_describe(key, constraints) for key in (culprits or keys))
    if culprits:
        return _("以下约束无法同时满足：%(names)s（去掉其中任一项，其余各项即可满足）") % {"names": names}
    return _("以下约束无法同时满足：%(names)s") % {"names": names}


# --- the suggestion's inputs, for keeping its answer -----------------------------------------------------------------

# A suggestion kept under the digest of an older version of this module must never be served after an upgrade.
SOURCE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _canonical(value):
    """``value`` as nested tuples of plain values: every field of a dataclass, a dict's items sorted, choice members
    as their plain strings, decimals as they are (``Decimal("1.50")`` stays apart from ``Decimal("1.5")``)."""
    if is_dataclass(value):
        return (type(value).__name__, *(_canonical(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, dict):
        return tuple(sorted((_canonical(key), _canonical(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_canonical(item) for item in value)
    if isinstance(value, str):
        return str(value)
    return value


def suggestion_digest(candidates, quota: int, constraints: Constraints | None, bonuses: Bonuses | None) -> str:
    """A digest of everything :func:`suggest` reads: each candidate's every field in the order given, the quota,
    the constraints, the bonuses, the active language (its reasons are translated) and this module's source.
    Equal digests give equal suggestions, so the answer may be kept under it and any change of input misses."""
    inputs = (SOURCE_DIGEST, get_language(), quota, constraints or Constraints(), bonuses, list(candidates))
    return hashlib.sha256(repr(_canonical(inputs)).encode()).hexdigest()
