"""The national evaluation (art. 4, art. 7(4)): SAMR's findings, expert assignments, blind opinions, the score."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from accounts import policy
from core.models import AuditEvent
from national.domain import evaluation
from national.models import ExpertAssignment, SamrFinding
from nominations.domain import applications, workflow
from nominations.enums import NominationState, ReviewStage
from nominations.models import Nomination, Review
from provinces.enums import Role

from ..factories import member
from ..nominations.conftest import complete

pytestmark = pytest.mark.django_db
S = NominationState


def recommend(province_reviewer, province_approver, *nominations):
    """Arrange: shortlist verified applications of one province and recommend them to SAMR."""
    for nomination in nominations:
        workflow.shortlist(province_reviewer, nomination)
    first = nominations[0]
    recommendation = workflow.recommendation_for(first.campaign, first.division.province, first.category)
    workflow.confirm(
        province_approver, recommendation, document_number="粤府函〔2026〕88号", document_date=date.today()
    )
    workflow.recommend(province_approver, recommendation)
    return [Nomination.objects.get(pk=n.pk) for n in nominations]


@pytest.fixture
def recommended(verified, province_reviewer, province_approver):
    return recommend(province_reviewer, province_approver, verified)[0]


@pytest.fixture
def two_recommended(verified, campaign, city_clerk, province_reviewer, province_approver):
    other = complete(applications.create_nomination(city_clerk, campaign, "quality"), city_clerk)
    other = workflow.submit(city_clerk, other, pledge=True)
    other = workflow.verify(province_reviewer, other, note="经核实，材料真实。")
    return recommend(province_reviewer, province_approver, verified, other)


@pytest.fixture
def gd_expert(db):
    return member(Role.EXPERT, "440000", username="gd_expert")


@pytest.fixture
def qh_expert(db):
    return member(Role.EXPERT, "630000", username="qh_expert")


@pytest.fixture
def third_expert(db):
    return member(Role.EXPERT, None, username="third_expert")


def scores(nomination, score):
    """Every criterion scored alike, so the weighted score is ``score`` whatever the weights."""
    return {c.number: {"score": score, "remark": "符合"} for c in nomination.criteria_set.criteria.all()}


def opinion(expert, nomination, score, stage=ReviewStage.EXPERT, samr=None):
    """Arrange: assign ``expert`` (by ``samr``) and file its opinion."""
    evaluation.assign(samr, nomination, expert, stage=stage)
    return evaluation.file_opinion(expert, nomination, criteria=scores(nomination, score), comment="同意")


def snapshot(nomination):
    nomination = Nomination.objects.get(pk=nomination.pk)
    return (
        nomination.state,
        nomination.national_score,
        SamrFinding.objects.count(),
        ExpertAssignment.objects.count(),
        Review.objects.exclude(stage=ReviewStage.PROVINCE).count(),
        AuditEvent.objects.count(),
    )


class TestRecommended:
    def test_the_fixture_reaches_recommended_and_samr_sees_it(self, recommended, samr_reviewer):
        assert recommended.state == S.RECOMMENDED
        assert policy.can(samr_reviewer, "nomination.view", recommended)


class TestFindings:
    def test_samr_reviewer_records_its_own_data(self, recommended, samr_reviewer):
        finding = evaluation.add_finding(
            samr_reviewer,
            recommended,
            kind="inspection",
            text="大督查发现营商环境明显改善。",
            criterion="6.3",
            value="98.10",
            source="国务院大督查",
        )
        assert (finding.kind, finding.criterion, finding.value, finding.source, finding.recorded_by) == (
            "inspection",
            "6.3",
            Decimal("98.10"),
            "国务院大督查",
            samr_reviewer,
        )
        assert AuditEvent.objects.for_object(recommended).filter(action="nomination.finding").exists()

    @pytest.mark.parametrize(
        "persona, error",
        [
            ("province_reviewer", PermissionDenied),
            ("samr_approver", PermissionDenied),
            ("expert", Http404),
            ("other_province_reviewer", Http404),
            ("county_clerk", PermissionDenied),
        ],
        indirect=["persona"],
    )
    def test_only_samr_reviewers(self, recommended, persona, error):
        before = snapshot(recommended)
        with pytest.raises(error):
            evaluation.add_finding(persona, recommended, kind="inspection", text="x")
        assert snapshot(recommended) == before

    def test_not_before_recommended(self, verified, samr_reviewer):
        with pytest.raises(Http404):
            evaluation.add_finding(samr_reviewer, verified, kind="inspection", text="x")

    def test_bad_input_is_refused_whole(self, recommended, samr_reviewer):
        before = snapshot(recommended)
        with pytest.raises(ValidationError) as error:
            evaluation.add_finding(samr_reviewer, recommended, kind="gossip", text=" ", criterion="99.9", value="abc")
        assert len(error.value.messages) == 4
        assert snapshot(recommended) == before


class TestAssignment:
    def test_samr_assigns_and_the_expert_sees_exactly_its_assignment(self, two_recommended, samr_reviewer, expert):
        mine, other = two_recommended
        assert not policy.visible(expert, Nomination.objects.all()).exists()
        assignment = evaluation.assign(samr_reviewer, mine, expert, stage="expert")
        assert (assignment.expert, assignment.stage, assignment.assigned_by) == (expert, "expert", samr_reviewer)
        assert list(policy.visible(expert, Nomination.objects.all())) == [mine]
        assert policy.can(expert, "nomination.view", mine)
        with pytest.raises(Http404):
            evaluation.file_opinion(expert, other, criteria=scores(other, 80))

    @pytest.mark.parametrize(
        "persona, error",
        [("samr_approver", PermissionDenied), ("province_reviewer", PermissionDenied), ("expert", Http404)],
        indirect=["persona"],
    )
    def test_only_samr_reviewers_assign(self, recommended, persona, error, qh_expert):
        before = snapshot(recommended)
        with pytest.raises(error):
            evaluation.assign(persona, recommended, qh_expert, stage="expert")
        assert snapshot(recommended) == before

    @pytest.mark.parametrize("assignee", ["province_reviewer", "samr_reviewer", "county_clerk"])
    def test_the_assignee_must_be_an_expert(self, recommended, samr_reviewer, assignee, request):
        user = request.getfixturevalue(assignee)
        before = snapshot(recommended)
        with pytest.raises(ValidationError, match="不是专家或相关部门账号"):
            evaluation.assign(samr_reviewer, recommended, user, stage="expert")
        assert snapshot(recommended) == before

    def test_conflict_of_interest(self, recommended, samr_reviewer, gd_expert, qh_expert):
        before = snapshot(recommended)
        with pytest.raises(ValidationError, match=r"（gd_expert）所在单位属于广东省，不能评议广东省的申报"):
            evaluation.assign(samr_reviewer, recommended, gd_expert, stage="expert")
        assert snapshot(recommended) == before
        assert not policy.visible(gd_expert, Nomination.objects.all()).exists()
        evaluation.assign(samr_reviewer, recommended, qh_expert, stage="department")
        assert list(policy.visible(qh_expert, Nomination.objects.all())) == [recommended]

    def test_twice_and_unknown_stage_are_refused(self, recommended, samr_reviewer, expert):
        evaluation.assign(samr_reviewer, recommended, expert, stage="expert")
        with pytest.raises(ValidationError, match="已分配"):
            evaluation.assign(samr_reviewer, recommended, expert, stage="department")
        with pytest.raises(ValidationError, match="意见类型"):
            evaluation.assign(samr_reviewer, recommended, expert, stage="samr")

    def test_unassign_removes_the_grant_until_the_opinion_is_filed(self, recommended, samr_reviewer, expert, qh_expert):
        assignment = evaluation.assign(samr_reviewer, recommended, expert, stage="expert")
        evaluation.unassign(samr_reviewer, assignment)
        assert not ExpertAssignment.objects.exists()
        assert not policy.visible(expert, Nomination.objects.all()).exists()
        with pytest.raises(Http404):
            evaluation.file_opinion(expert, recommended, criteria=scores(recommended, 80))
        opinion(qh_expert, recommended, 80, samr=samr_reviewer)
        filed = ExpertAssignment.objects.get(expert=qh_expert)
        before = snapshot(recommended)
        with pytest.raises(ValidationError, match="已提交意见，不能取消分配"):
            evaluation.unassign(samr_reviewer, filed)
        assert snapshot(recommended) == before
        assert policy.can(qh_expert, "nomination.view", recommended)


class TestOpinions:
    def test_filed_with_the_assignment_stage_and_weighted_score(self, recommended, samr_reviewer, qh_expert):
        criteria = scores(recommended, 90)
        first = next(iter(criteria))
        criteria[first] = {"score": 60, "remark": "有差距"}
        evaluation.assign(samr_reviewer, recommended, qh_expert, stage="department")
        review = evaluation.file_opinion(qh_expert, recommended, criteria=criteria, comment="基本同意")
        weights = {c.number: c.weight for c in recommended.criteria_set.criteria.all()}
        expected = (
            sum(weights[n] * Decimal(v["score"]) for n, v in criteria.items()) / sum(weights.values())
        ).quantize(Decimal("0.01"))
        assert (review.stage, review.score, review.criteria[first]["remark"]) == ("department", expected, "有差距")

    def test_refiling_replaces_its_own(self, recommended, samr_reviewer, expert):
        opinion(expert, recommended, 70, samr=samr_reviewer)
        evaluation.file_opinion(expert, recommended, criteria=scores(recommended, 85))
        assert list(Review.objects.filter(stage=ReviewStage.EXPERT).values_list("score", flat=True)) == [Decimal(85)]

    def test_an_opinion_says_something(self, recommended, samr_reviewer, expert):
        """Neither a score nor a comment is no opinion: refused, nothing stored."""
        evaluation.assign(samr_reviewer, recommended, expert, stage=ReviewStage.EXPERT)
        blank = {c.number: {"score": "", "remark": ""} for c in recommended.criteria_set.criteria.all()}
        with pytest.raises(ValidationError, match="请至少为一项条件打分，或填写总体意见"):
            evaluation.file_opinion(expert, recommended, criteria=blank, comment=" ")
        assert not Review.objects.filter(stage=ReviewStage.EXPERT).exists()
        review = evaluation.file_opinion(expert, recommended, criteria=blank, comment="材料不足以判断，建议核实")
        assert review.score is None and review.comment == "材料不足以判断，建议核实"

    def test_bad_scores_change_nothing(self, recommended, samr_reviewer, expert):
        evaluation.assign(samr_reviewer, recommended, expert, stage="expert")
        before = snapshot(recommended)
        with pytest.raises(ValidationError, match="分数须在 0 到 100 之间"):
            evaluation.file_opinion(expert, recommended, criteria=scores(recommended, 120))
        assert snapshot(recommended) == before

    @pytest.mark.parametrize(
        "persona, error",
        [
            ("samr_reviewer", PermissionDenied),
            ("province_reviewer", PermissionDenied),
            ("county_clerk", PermissionDenied),
        ],
        indirect=["persona"],
    )
    def test_only_an_assigned_expert_files(self, recommended, persona, error):
        with pytest.raises(error):
            evaluation.file_opinion(persona, recommended, criteria=scores(recommended, 80))
        assert not Review.objects.filter(stage__in=evaluation.OPINION_STAGES).exists()

    def test_blind_until_its_own_is_filed(self, recommended, samr_reviewer, expert, qh_expert):
        first = opinion(expert, recommended, 70, samr=samr_reviewer)
        evaluation.assign(samr_reviewer, recommended, qh_expert, stage="department")
        assert list(evaluation.opinions_visible_to(qh_expert, recommended)) == []
        assert list(evaluation.opinions_visible_to(expert, recommended)) == [first]
        second = evaluation.file_opinion(qh_expert, recommended, criteria=scores(recommended, 90))
        assert set(evaluation.opinions_visible_to(qh_expert, recommended)) == {first, second}
        assert set(evaluation.opinions_visible_to(expert, recommended)) == {first, second}

    @pytest.mark.parametrize(
        "persona, sees",
        [
            ("samr_reviewer", 1),
            ("samr_approver", 1),
            ("province_reviewer", 0),
            ("province_approver", 0),
            ("county_clerk", 0),
            ("other_county_clerk", 0),
            ("anonymous", 0),
        ],
        indirect=["persona"],
    )
    def test_who_sees_the_opinions(self, recommended, samr_reviewer, expert, persona, sees):
        opinion(expert, recommended, 70, samr=samr_reviewer)
        assert evaluation.opinions_visible_to(persona, recommended).count() == sees
        assert policy.can(persona, "nomination.opinions.view", recommended) == bool(sees)

    def test_an_unassigned_expert_sees_none(self, recommended, samr_reviewer, expert, qh_expert):
        opinion(expert, recommended, 70, samr=samr_reviewer)
        assert not evaluation.opinions_visible_to(qh_expert, recommended).exists()


class TestAggregate:
    @pytest.mark.parametrize(
        "given, mean, median",
        [
            ([], None, None),
            ([70], "70.00", "70.00"),
            ([70, 80], "75.00", "75.00"),
            ([70, 80, 95], "81.67", "80.00"),
            ([95, 70, 80], "81.67", "80.00"),
        ],
    )
    def test_mean_and_median(
        self,
        recommended,
        samr_reviewer,
        expert,
        qh_expert,
        third_expert,
        given,
        mean,
        median,
        django_assert_num_queries,
    ):
        for user, score in zip([expert, qh_expert, third_expert], given, strict=False):
            opinion(user, recommended, score, samr=samr_reviewer)
        with django_assert_num_queries(1):
            result = evaluation.aggregate(recommended)
        assert result == evaluation.Aggregate(
            len(given), None if mean is None else Decimal(mean), None if median is None else Decimal(median)
        )

    def test_the_province_and_samr_reviews_do_not_count(self, recommended, samr_reviewer, expert):
        opinion(expert, recommended, 70, samr=samr_reviewer)
        Review.objects.create(nomination=recommended, stage=ReviewStage.SAMR, reviewer=samr_reviewer, score=10)
        assert evaluation.aggregate(recommended) == evaluation.Aggregate(1, Decimal("70.00"), Decimal("70.00"))


class TestEvaluate:
    def test_default_score_is_the_mean_of_the_opinions(
        self, recommended, samr_reviewer, expert, qh_expert, third_expert
    ):
        for user, score in [(expert, 70), (qh_expert, 80), (third_expert, 95)]:
            opinion(user, recommended, score, samr=samr_reviewer)
        nomination = evaluation.evaluate(samr_reviewer, recommended, comment="综合评估")
        nomination.refresh_from_db()
        assert (nomination.state, nomination.national_score) == (S.EVALUATED, Decimal("81.67"))
        review = Review.objects.get(stage=ReviewStage.SAMR)
        assert (review.reviewer, review.score, review.comment) == (samr_reviewer, Decimal("81.67"), "综合评估")
        event = AuditEvent.objects.for_object(recommended).get(action="nomination.evaluate")
        assert (event.from_state, event.to_state, event.data["score"]) == (S.RECOMMENDED, S.EVALUATED, "81.67")

    def test_an_explicit_score(self, recommended, samr_reviewer):
        nomination = evaluation.evaluate(samr_reviewer, recommended, score="88.5")
        assert Nomination.objects.get(pk=nomination.pk).national_score == Decimal("88.50")

    @pytest.mark.parametrize(
        "score, message",
        [
            (None, "尚无专家或相关部门意见"),
            ("101", "0 到 100"),
            ("-1", "0 到 100"),
            ("abc", "须为数字"),
            ("nan", "须为数字"),
        ],
    )
    def test_refused_scores_change_nothing(self, recommended, samr_reviewer, score, message):
        before = snapshot(recommended)
        with pytest.raises(ValidationError, match=message):
            evaluation.evaluate(samr_reviewer, recommended, score=score)
        assert snapshot(recommended) == before

    @pytest.mark.parametrize(
        "persona, error",
        [("samr_approver", PermissionDenied), ("province_reviewer", PermissionDenied), ("expert", Http404)],
        indirect=["persona"],
    )
    def test_only_samr_reviewers_evaluate(self, recommended, persona, error):
        before = snapshot(recommended)
        with pytest.raises(error):
            evaluation.evaluate(persona, recommended, score=80)
        assert snapshot(recommended) == before

    def test_an_assigned_expert_is_refused_with_403(self, recommended, samr_reviewer, expert):
        evaluation.assign(samr_reviewer, recommended, expert, stage="expert")
        before = snapshot(recommended)
        with pytest.raises(PermissionDenied):
            evaluation.evaluate(expert, recommended, score=80)
        assert snapshot(recommended) == before

    def test_only_once(self, recommended, samr_reviewer):
        evaluation.evaluate(samr_reviewer, recommended, score=80)
        before = snapshot(recommended)
        with pytest.raises(ValidationError, match="已评估"):
            evaluation.evaluate(samr_reviewer, recommended, score=90)
        assert snapshot(recommended) == before
