"""Art. 8 balance: bonuses, the distribution of a list and the optimal suggestion (by hand and by brute force)."""

import random
import time
from decimal import Decimal
from itertools import combinations

import pytest

from national.domain.balance import Bonuses, Candidate, Constraints, adjusted_score, distribution, rank, suggest

pytestmark = pytest.mark.unit

D = Decimal


def cand(id, province, region, level="prefecture", underdeveloped=False, score="80"):
    return Candidate(id, province, region, level, underdeveloped, D(score))


# Six places, one per province; three counties, two western, one underdeveloped.
SIX = [
    cand("a", "P1", "east", score="90"),
    cand("b", "P2", "east", score="88"),
    cand("c", "P3", "central", score="85"),
    cand("d", "P4", "west", "county", score="80"),
    cand("e", "P5", "west", "county", True, score="70"),
    cand("f", "P6", "east", "county", score="60"),
]


# --- bonuses and ranking ------------------------------------------------------------------------------------------


def test_adjusted_score_adds_every_bonus_that_applies_and_keeps_the_raw_score():
    bonuses = Bonuses(region={"west": D("2")}, level={"county": D("1.5")}, underdeveloped=D("0.5"))
    e = SIX[4]
    assert adjusted_score(e, bonuses) == D("74.0")
    assert e.score == D("70")
    assert adjusted_score(SIX[0], bonuses) == D("90")
    assert adjusted_score(e, None) == D("70")


def test_rank_shows_raw_score_bonus_and_adjusted_score_and_breaks_ties_by_raw_score_then_id():
    bonuses = Bonuses(region={"west": D("10")})
    lines = rank([*SIX, cand("g", "P7", "east", score="90")], bonuses)
    assert [(r.position, r.candidate.id, r.score, r.bonus, r.adjusted) for r in lines[:4]] == [
        (1, "a", D("90"), D("0"), D("90")),
        (2, "g", D("90"), D("0"), D("90")),
        (3, "d", D("80"), D("10"), D("90")),
        (4, "b", D("88"), D("0"), D("88")),
    ]


# --- distribution -------------------------------------------------------------------------------------------------


def test_distribution_counts_every_region_and_level_with_zeros_and_shares_to_one_place():
    listed = [SIX[0], SIX[1], SIX[4]]
    result = distribution(listed, 4)
    assert (result.total, result.quota, result.remaining, result.over_quota) == (3, 4, 1, False)
    assert result.quota_share == D("75.0")
    assert result.by_region == {"east": 2, "central": 0, "west": 1, "northeast": 0}
    assert list(result.by_region) == ["east", "central", "west", "northeast"]
    assert result.by_level == {"prefecture": 2, "county": 1}
    assert result.by_underdeveloped == {True: 1, False: 2}
    assert result.by_province == {"P1": 1, "P2": 1, "P5": 1}
    assert result.region_shares == {"east": D("66.7"), "central": D("0.0"), "west": D("33.3"), "northeast": D("0.0")}
    assert result.level_shares == {"prefecture": D("66.7"), "county": D("33.3")}
    assert result.underdeveloped_shares == {True: D("33.3"), False: D("66.7")}
    assert str(result.region_shares["east"]) == "66.7"


def test_distribution_orders_provinces_by_count_and_flags_a_list_over_the_quota():
    listed = [cand(1, "P2", "west"), cand(2, "P1", "east"), cand(3, "P2", "west")]
    result = distribution(listed, 2)
    assert list(result.by_province.items()) == [("P2", 2), ("P1", 1)]
    assert (result.remaining, result.over_quota, result.quota_share) == (-1, True, D("150.0"))
    assert result.province_shares == {"P2": D("66.7"), "P1": D("33.3")}


def test_distribution_of_an_empty_list_is_all_zeros():
    result = distribution([], 0)
    assert result.total == 0 and result.quota_share == D("0.0")
    assert set(result.region_shares.values()) == {D("0.0")}
    assert result.by_province == {}


# --- suggestion: hand-checked cases -------------------------------------------------------------------------------


def test_without_constraints_the_suggestion_is_the_top_of_the_ranking():
    result = suggest(SIX, 3, Constraints())
    assert (result.selected, result.total_score, result.feasible, result.binding) == (
        ("a", "b", "c"),
        D("263"),
        True,
        (),
    )
    assert result.reasons == ("名额 3 个，建议入选 3 个，调整后总分 263（原始分合计 263）",)


def test_at_least_one_county_swaps_the_third_place_and_binds():
    result = suggest(SIX, 3, Constraints(min_county=1))
    assert (result.selected, result.total_score, result.feasible) == (("a", "b", "d"), D("258"), True)
    assert result.binding == ("至少 1 个县级地方（放宽 1 个可使总分提高 5）",)


def test_a_constraint_already_met_by_the_ranking_does_not_bind():
    result = suggest(SIX, 3, Constraints(min_per_region={"east": 2}, min_county=0))
    assert result.selected == ("a", "b", "c") and result.binding == ()
    assert "各项约束均未影响结果" in result.reasons[-1]


def test_at_least_two_from_the_west():
    result = suggest(SIX, 3, Constraints(min_per_region={"west": 2}))
    assert (result.selected, result.total_score) == (("a", "d", "e"), D("240"))
    assert result.binding == ("至少 2 个西部地方（放宽 1 个可使总分提高 18）",)


def test_at_least_one_underdeveloped():
    result = suggest(SIX, 3, Constraints(min_underdeveloped=1))
    assert (result.selected, result.total_score) == (("a", "b", "e"), D("248"))
    assert result.binding == ("至少 1 个欠发达地区（放宽 1 个可使总分提高 15）",)


def test_at_most_one_per_province():
    pool = [
        cand(1, "P1", "east", score="95"),
        cand(2, "P1", "east", score="94"),
        cand(3, "P2", "central", score="90"),
        cand(4, "P2", "central", score="89"),
        cand(5, "P3", "west", score="70"),
    ]
    result = suggest(pool, 3, Constraints(max_per_province=1))
    assert (result.selected, result.total_score, result.places) == ((1, 3, 5), D("255"), 3)
    assert result.binding == ("每省至多 1 个（放宽 1 个可使总分提高 24）",)
    assert suggest(pool, 3, Constraints(max_per_province=2)).selected == (1, 2, 3)


def test_a_province_cap_can_leave_places_empty_and_says_so():
    pool = [cand(1, "P1", "east", score="95"), cand(2, "P1", "east", score="94"), cand(3, "P2", "west", score="60")]
    result = suggest(pool, 3, Constraints(max_per_province=1))
    assert (result.feasible, result.selected, result.places) == (True, (1, 3), 2)
    assert "每省至多 1 个，最多只能选出 2 个，不足名额 3 个" in result.reasons


def test_fewer_candidates_than_places():
    result = suggest(SIX[:2], 5, Constraints())
    assert result.selected == ("a", "b") and "候选只有 2 个，不足名额 5 个" in result.reasons


def test_combined_constraints():
    result = suggest(SIX, 4, Constraints(min_county=2, min_per_region={"central": 1}, min_underdeveloped=1))
    # a 90 + b 88 + c 85 (central) + the two counties must include e (underdeveloped): d 80 replaces b.
    assert (result.selected, result.total_score) == (("a", "c", "d", "e"), D("325"))


def test_bonuses_change_the_choice_and_totals_are_adjusted():
    bonuses = Bonuses(region={"west": D("10")}, underdeveloped=D("5"))
    result = suggest(SIX, 3, Constraints(), bonuses)
    # Adjusted: a 90, d 90, b 88, e 85, c 85.
    assert (result.selected, result.total_score, result.raw_total) == (("a", "d", "b"), D("268"), D("258"))


def test_equal_scores_are_broken_by_id():
    pool = [cand(3, "P1", "east"), cand(1, "P2", "east"), cand(2, "P3", "east")]
    assert suggest(pool, 2).selected == (1, 2)


def test_quota_zero_and_no_candidates():
    assert suggest(SIX, 0).selected == () and suggest(SIX, 0).feasible
    assert suggest([], 3).selected == () and suggest([], 3).feasible


# --- suggestion: infeasible ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quota", "constraints", "reason"),
    [
        (3, Constraints(min_per_region={"west": 3}), "至少 3 个西部地方，但候选中只有 2 个西部地方"),
        (3, Constraints(min_per_region={"northeast": 1}), "至少 1 个东北地方，但候选中只有 0 个东北地方"),
        (3, Constraints(min_county=4), "至少 4 个县级地方，但候选中只有 3 个县级地方"),
        (3, Constraints(min_underdeveloped=2), "至少 2 个欠发达地区，但候选中只有 1 个欠发达地区"),
        (2, Constraints(min_county=3), "至少 3 个县级地方，但名单最多只有 2 个名额"),
        (3, Constraints(min_per_region={"east": 2, "west": 2}), "各地区下限合计 4 个，超过名单最多的 3 个名额"),
    ],
)
def test_a_constraint_that_cannot_be_met_is_named_and_nothing_is_selected(quota, constraints, reason):
    result = suggest(SIX, quota, constraints)
    assert (result.feasible, result.selected, result.total_score, result.binding) == (False, (), D("0"), ())
    assert result.reasons == (reason,)


def test_a_province_cap_that_starves_a_region_is_named():
    pool = [cand(1, "P1", "west"), cand(2, "P1", "west"), cand(3, "P2", "east")]
    result = suggest(pool, 3, Constraints(min_per_region={"west": 2}, max_per_province=1))
    assert result.reasons == ("至少 2 个西部地方，但每省至多 1 个时最多只能选出 1 个西部地方",)


def test_constraints_that_only_conflict_together_are_named_together():
    result = suggest(SIX, 3, Constraints(min_county=2, min_per_region={"east": 2, "central": 1}))
    assert not result.feasible
    assert result.reasons == (
        "以下约束无法同时满足：至少 2 个县级地方、至少 2 个东部地方、至少 1 个中部地方"
        "（去掉其中任一项，其余各项即可满足）",
    )


def test_malformed_input_is_a_programming_error():
    with pytest.raises(ValueError):
        suggest(SIX, -1)
    with pytest.raises(ValueError):
        suggest([SIX[0], SIX[0]], 1)
    with pytest.raises(ValueError):
        suggest(SIX, 3, Constraints(min_per_region={"south": 1}))


# --- brute force --------------------------------------------------------------------------------------------------

PROVINCES = [("P1", "east"), ("P2", "east"), ("P3", "central"), ("P4", "west"), ("P5", "west"), ("P6", "northeast")]


def random_instance(rng):
    pool = []
    for i in range(rng.randint(6, 10)):
        province, region = rng.choice(PROVINCES)
        level = rng.choice(["prefecture", "county"])
        score = D(rng.randint(60, 70)) + rng.choice([D("0"), D("0.5")])  # coarse, so ties happen
        pool.append(Candidate(i, province, region, level, rng.random() < 0.35, score))
    constraints = Constraints(
        min_county=rng.choice([0, 0, 1, 2, 3]),
        min_per_region={
            r: rng.randint(1, 2) for r in rng.sample(["east", "central", "west", "northeast"], rng.randint(0, 2))
        },
        max_per_province=rng.choice([None, None, 1, 2, 3]),
        min_underdeveloped=rng.choice([0, 0, 1, 2]),
    )
    bonuses = rng.choice([None, Bonuses(region={"west": D("3")}, level={"county": D("1.5")}, underdeveloped=D("2"))])
    return pool, rng.randint(1, 6), constraints, bonuses


def meets(subset, constraints):
    if sum(c.level == "county" for c in subset) < constraints.min_county:
        return False
    if sum(c.underdeveloped for c in subset) < constraints.min_underdeveloped:
        return False
    if any(sum(c.region == r for c in subset) < n for r, n in constraints.min_per_region.items()):
        return False
    cap = constraints.max_per_province
    return cap is None or all(sum(c.province == p for c in subset) <= cap for p in {c.province for c in subset})


def brute_force(pool, quota, constraints, bonuses):
    """Every subset of at most ``quota`` candidates: the best total, and the best-ranked optimal list."""
    order = {c.id: i for i, c in enumerate(r.candidate for r in rank(pool, bonuses))}
    best = None
    for size in range(min(quota, len(pool)) + 1):
        for subset in combinations(pool, size):
            if meets(subset, constraints):
                total = sum((adjusted_score(c, bonuses) for c in subset), D(0))
                key = (total, size, -sum(order[c.id] for c in subset))
                if best is None or key > best[0]:
                    best = (key, subset)
    return best


def relaxations(constraints):
    if constraints.min_county:
        yield (
            "县级",
            Constraints(
                constraints.min_county - 1,
                constraints.min_per_region,
                constraints.max_per_province,
                constraints.min_underdeveloped,
            ),
        )
    for region, n in constraints.min_per_region.items():
        yield (
            region,
            Constraints(
                constraints.min_county,
                {**constraints.min_per_region, region: n - 1},
                constraints.max_per_province,
                constraints.min_underdeveloped,
            ),
        )
    if constraints.min_underdeveloped:
        yield (
            "欠发达",
            Constraints(
                constraints.min_county,
                constraints.min_per_region,
                constraints.max_per_province,
                constraints.min_underdeveloped - 1,
            ),
        )
    if constraints.max_per_province is not None:
        yield (
            "每省",
            Constraints(
                constraints.min_county,
                constraints.min_per_region,
                constraints.max_per_province + 1,
                constraints.min_underdeveloped,
            ),
        )


REGION_LABELS = {"east": "东部", "central": "中部", "west": "西部", "northeast": "东北"}


def test_the_suggestion_is_optimal_on_200_random_instances():
    rng = random.Random(20260508)
    feasible = infeasible = binding_checked = 0
    for _ in range(200):
        pool, quota, constraints, bonuses = random_instance(rng)
        result = suggest(pool, quota, constraints, bonuses)
        best = brute_force(pool, quota, constraints, bonuses)
        assert result.feasible == (best is not None), (pool, quota, constraints)
        if best is None:
            infeasible += 1
            assert result.selected == () and result.reasons
            continue
        feasible += 1
        (total, size, _), subset = best
        chosen = [c for c in pool if c.id in result.selected]
        assert meets(chosen, constraints) and len(chosen) <= quota
        assert result.total_score == total and len(chosen) == size, (pool, quota, constraints)
        assert set(result.selected) == {c.id for c in subset}  # the same tie-break: best-ranked optimal list
        assert list(result.selected) == [r.candidate.id for r in rank(chosen, bonuses)]
        if binding_checked < 80:
            binding_checked += 1
            expected = set()
            for name, relaxed in relaxations(constraints):
                better = brute_force(pool, quota, relaxed, bonuses)
                if better is not None and better[0][0] > total:
                    expected.add(REGION_LABELS.get(name, name))
            found = {
                next(label for label in ["县级", "欠发达", "每省", *REGION_LABELS.values()] if label in b)
                for b in result.binding
            }
            assert found == expected, (pool, quota, constraints, result.binding)
    assert feasible > 50 and infeasible > 20  # both verdicts are exercised


# --- size ---------------------------------------------------------------------------------------------------------


def test_320_candidates_are_balanced_in_well_under_two_seconds():
    rng = random.Random(7)
    regions = ["east", "central", "west", "northeast"]
    pool = [
        Candidate(
            i,
            f"P{i % 32:02d}",
            regions[(i % 32) % 4],
            rng.choice(["prefecture", "county"]),
            rng.random() < 0.3,
            D(rng.randint(6000, 10000)) / 100,
        )
        for i in range(320)
    ]
    constraints = Constraints(
        min_county=30, min_per_region={"west": 14, "northeast": 10}, max_per_province=2, min_underdeveloped=20
    )
    bonuses = Bonuses(region={"west": D("1.5")}, level={"county": D("1")}, underdeveloped=D("0.5"))
    start = time.perf_counter()
    result = suggest(pool, 60, constraints, bonuses)
    elapsed = time.perf_counter() - start
    assert result.feasible and len(result.selected) == 60
    assert meets([c for c in pool if c.id in result.selected], constraints)
    assert elapsed < 2, elapsed
