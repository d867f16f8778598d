"""The balance suggestion kept in the cache (bench/causes.md, cause 4): solved once for the same inputs, solved
again when any input changes, and always the answer ``balance.suggest`` gives for the inputs of the moment."""

import dataclasses
import pickle
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awards.domain import revocation
from national.domain import balance, national_list
from national.domain.balance import Bonuses, Candidate, Constraints, suggestion_digest
from nominations.enums import NominationState
from nominations.models import Nomination, Quota

from ..nominations.test_nominations_api import make

S = NominationState
D = Decimal
SUGGEST = balance.suggest  # the solver itself, uncounted

CANDIDATES = [
    Candidate(1, "广东省", "east", "county", False, D("95.00")),
    Candidate(2, "青海省", "west", "county", True, D("90.00")),
    Candidate(3, "青海省", "west", "prefecture", False, D("89.00")),
]
CONSTRAINTS = Constraints(min_county=1, min_per_region={"west": 1}, max_per_province=2, min_underdeveloped=1)
BONUSES = Bonuses(region={"west": D("2.00")}, level={"county": D("1.00")}, underdeveloped=D("0.50"))


def replaced(index, **change):
    return [dataclasses.replace(c, **change) if i == index else c for i, c in enumerate(CANDIDATES)]


@pytest.mark.unit
class TestDigest:
    def test_equal_inputs_give_equal_digests_and_choice_members_count_as_their_values(self):
        from provinces.enums import Level, Region

        same = Bonuses(region={Region.WEST: D("2.00")}, level={Level.COUNTY: D("1.00")}, underdeveloped=D("0.50"))
        assert suggestion_digest(list(CANDIDATES), 2, CONSTRAINTS, BONUSES) == suggestion_digest(
            tuple(CANDIDATES), 2, CONSTRAINTS, same
        )

    @pytest.mark.parametrize(
        ("candidates", "quota", "constraints", "bonuses"),
        [
            (replaced(0, score=D("95.01")), 2, CONSTRAINTS, BONUSES),
            (replaced(0, score=D("95.0")), 2, CONSTRAINTS, BONUSES),  # the same value written otherwise
            (replaced(1, region="central"), 2, CONSTRAINTS, BONUSES),
            (replaced(1, level="prefecture"), 2, CONSTRAINTS, BONUSES),
            (replaced(1, underdeveloped=False), 2, CONSTRAINTS, BONUSES),
            (replaced(2, province="甘肃省"), 2, CONSTRAINTS, BONUSES),
            (replaced(2, id=4), 2, CONSTRAINTS, BONUSES),
            (CANDIDATES[:2], 2, CONSTRAINTS, BONUSES),
            ([*CANDIDATES, Candidate(4, "广东省", "east", "prefecture", False, D("80.00"))], 2, CONSTRAINTS, BONUSES),
            (CANDIDATES, 3, CONSTRAINTS, BONUSES),
            (CANDIDATES, 2, dataclasses.replace(CONSTRAINTS, min_county=2), BONUSES),
            (CANDIDATES, 2, dataclasses.replace(CONSTRAINTS, min_per_region={"west": 2}), BONUSES),
            (CANDIDATES, 2, dataclasses.replace(CONSTRAINTS, min_per_region={"west": 1, "east": 1}), BONUSES),
            (CANDIDATES, 2, dataclasses.replace(CONSTRAINTS, max_per_province=None), BONUSES),
            (CANDIDATES, 2, dataclasses.replace(CONSTRAINTS, min_underdeveloped=0), BONUSES),
            (CANDIDATES, 2, CONSTRAINTS, dataclasses.replace(BONUSES, region={"west": D("3.00")})),
            (CANDIDATES, 2, CONSTRAINTS, dataclasses.replace(BONUSES, level={})),
            (CANDIDATES, 2, CONSTRAINTS, dataclasses.replace(BONUSES, underdeveloped=D("0.75"))),
            (CANDIDATES, 2, CONSTRAINTS, None),
        ],
    )
    def test_any_change_of_input_changes_the_digest(self, candidates, quota, constraints, bonuses):
        assert suggestion_digest(candidates, quota, constraints, bonuses) != suggestion_digest(
            CANDIDATES, 2, CONSTRAINTS, BONUSES
        )

    def test_the_language_is_an_input(self):
        with translation.override("en"):
            english = suggestion_digest(CANDIDATES, 2, CONSTRAINTS, BONUSES)
        with translation.override("zh-hans"):
            assert suggestion_digest(CANDIDATES, 2, CONSTRAINTS, BONUSES) != english

    def test_a_suggestion_survives_the_cache(self):
        for quota in (2, 0):
            suggestion = balance.suggest(CANDIDATES, quota, CONSTRAINTS, BONUSES)
            assert pickle.loads(pickle.dumps(suggestion)) == suggestion
        impossible = balance.suggest(CANDIDATES, 2, Constraints(min_per_region={"northeast": 1}))
        assert not impossible.feasible and pickle.loads(pickle.dumps(impossible)) == impossible


# ---------------------------------------------------------------- through the analysis


@pytest.fixture
def solves(monkeypatch):
    """Every call of ``balance.suggest``, with what it returned."""
    calls = []

    def counted(*args, **kwargs):
        calls.append(SUGGEST(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(balance, "suggest", counted)
    cache.clear()
    return calls


def fresh(user, the_list):
    """The suggestion computed now, bypassing the cache."""
    pool = national_list.candidates_for(user, the_list).order_by("pk")
    return SUGGEST(
        [national_list.candidate(n) for n in pool],
        national_list._quota(the_list),
        national_list.constraints_of(the_list),
        national_list.bonuses_of(the_list),
    )


def reloaded(the_list):
    return type(the_list).objects.get(pk=the_list.pk)


@pytest.mark.django_db
class TestAnalyse:
    def test_the_same_inputs_are_solved_once(self, five_candidates, quality_list, samr_reviewer, solves):
        first = national_list.analyse(samr_reviewer, quality_list)
        second = national_list.analyse(samr_reviewer, quality_list)
        assert len(solves) == 1
        assert second.suggestion == first.suggestion == solves[0]
        assert set(second.suggestion.selected) == {n.pk for n in five_candidates[:3]}

    @pytest.mark.parametrize(
        "change",
        [
            pytest.param(
                lambda the_list, user, candidates: national_list.configure(user, the_list, min_west=2), id="share"
            ),
            pytest.param(
                lambda the_list, user, candidates: national_list.configure(user, the_list, bonus_west=6),
                id="bonus",
            ),
            pytest.param(
                lambda the_list, user, candidates: Quota.objects.filter(campaign=the_list.campaign).update(places=2),
                id="quota",
            ),
            pytest.param(
                lambda the_list, user, candidates: Nomination.objects.filter(pk=candidates[4].pk).update(
                    national_score=99
                ),
                id="score",
            ),
            pytest.param(
                lambda the_list, user, candidates: make(
                    the_list.campaign, "630223", candidates[0].created_by, state=S.EVALUATED, national_score=98
                ),
                id="candidate added",
            ),
            pytest.param(
                lambda the_list, user, candidates: Nomination.objects.filter(pk=candidates[0].pk).update(
                    state=S.WITHDRAWN
                ),
                id="candidate withdrawn",
            ),
        ],
    )
    def test_any_change_of_input_is_solved_again(self, change, five_candidates, quality_list, samr_reviewer, solves):
        national_list.analyse(samr_reviewer, quality_list)
        change(quality_list, samr_reviewer, five_candidates)
        quality_list = reloaded(quality_list)
        analysis = national_list.analyse(samr_reviewer, quality_list)
        assert len(solves) == 2
        assert analysis.suggestion == fresh(samr_reviewer, quality_list)
        assert analysis.suggestion != solves[0]
        national_list.analyse(samr_reviewer, quality_list)
        assert len(solves) == 2

    def test_a_disqualified_candidate_leaves_the_suggestion(
        self, five_candidates, quality_list, samr_reviewer, samr_approver, solves
    ):
        before = national_list.analyse(samr_reviewer, quality_list).suggestion
        assert five_candidates[0].pk in before.selected
        revocation.disqualify(samr_approver, Nomination.objects.get(pk=five_candidates[0].pk), finding="材料不实")
        after = national_list.analyse(samr_reviewer, quality_list).suggestion
        assert five_candidates[0].pk not in after.selected and after == fresh(samr_reviewer, quality_list)
        assert len(solves) == 2

    def test_each_language_has_its_own_reasons(self, five_candidates, quality_list, samr_reviewer, solves):
        quality_list = national_list.configure(samr_reviewer, quality_list, min_west=2)
        with translation.override("en"):
            english = national_list.analyse(samr_reviewer, quality_list).suggestion
        chinese = national_list.analyse(samr_reviewer, quality_list).suggestion
        assert len(solves) == 2 and english.selected == chinese.selected
        assert english.reasons != chinese.reasons and "名额" in chinese.reasons[0]

    def test_accepting_takes_the_suggestion_of_the_settings_of_the_moment(
        self, five_candidates, quality_list, samr_reviewer, solves
    ):
        national_list.analyse(samr_reviewer, quality_list)  # kept: the three eastern counties
        national_list.configure(samr_reviewer, quality_list, min_west=2)
        national_list.accept_suggestion(samr_reviewer, reloaded(quality_list))
        assert list(quality_list.entries.order_by("position").values_list("nomination_id", flat=True)) == [
            five_candidates[0].pk,
            five_candidates[3].pk,
            five_candidates[4].pk,
        ]

    def test_the_page_solves_once_for_repeated_views(self, five_candidates, samr_reviewer, solves):
        client = Client()
        client.force_login(samr_reviewer)
        url = reverse("national:national_list", args=["quality"])
        pages = [client.get(url) for _ in range(3)]
        assert [page.status_code for page in pages] == [200, 200, 200]
        assert len(solves) == 1
        assert pages[0].context["suggestion"] == pages[2].context["suggestion"]
