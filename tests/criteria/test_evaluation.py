"""The evaluation engine, rule by rule (art. 5, art. 6), as tables."""

from datetime import date
from decimal import Decimal

import pytest

from criteria.domain.evaluation import (
    Answer,
    CriterionSpec,
    IncidentFact,
    SetSpec,
    evaluate,
    incident_window,
)
from criteria.domain.facts import incident_facts, set_spec
from criteria.domain.incidents import incidents_for
from criteria.enums import Category, CategoryRule, CriterionKind, IncidentDomain, Verdict
from criteria.models import CriteriaSet, Incident
from provinces.models import Division

REFERENCE = date(2020, 12, 31)
ALL_DOMAINS = frozenset(IncidentDomain.values)

ATTESTATION = CriterionSpec("6.1", "质量工作组织领导", CriterionKind.ATTESTATION)
ATTESTATION_NO_EVIDENCE = CriterionSpec("6.1", "质量工作组织领导", CriterionKind.ATTESTATION, evidence_required=False)
COMPLAINTS = CriterionSpec(
    "6.3",
    "质量信用与消费者投诉",
    CriterionKind.METRIC,
    indicator_name="消费者投诉办结率",
    unit="%",
    comparator="gte",
    threshold=Decimal("97.00"),
)
NO_INCIDENT = CriterionSpec(
    "6.8",
    "无重大质量安全事件",
    CriterionKind.NO_INCIDENT,
    evidence_required=False,
    lookback_years=3,
    incident_domains=ALL_DOMAINS,
)

GOOD = Answer(met=True, narrative="情况说明", attachments=1)


def verdict(criterion, answer, incidents=(), reference=REFERENCE):
    answers = {} if answer is None else {criterion.number: answer}
    result = evaluate(SetSpec(CategoryRule.ALL, (criterion,)), answers, incidents, reference)
    return result.verdicts[0]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("criterion", "answer", "expected"),
    [
        (ATTESTATION, None, Verdict.MISSING),
        (ATTESTATION, Answer(), Verdict.MISSING),
        (ATTESTATION, Answer(met=False, narrative="尚未建立", attachments=1), Verdict.NOT_MET),
        (ATTESTATION, Answer(met=True, narrative="", attachments=1), Verdict.NEEDS_REVIEW),
        (ATTESTATION, Answer(met=True, narrative="  \n", attachments=1), Verdict.NEEDS_REVIEW),
        (ATTESTATION, Answer(met=True, narrative="情况说明", attachments=0), Verdict.NEEDS_REVIEW),
        (ATTESTATION, Answer(met=True, narrative="情况说明", attachments=2), Verdict.MET),
        (ATTESTATION_NO_EVIDENCE, Answer(met=True, narrative="情况说明", attachments=0), Verdict.MET),
        (ATTESTATION_NO_EVIDENCE, Answer(met=True, narrative="", attachments=0), Verdict.NEEDS_REVIEW),
    ],
)
def test_attestation(criterion, answer, expected):
    assert verdict(criterion, answer).verdict == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (None, Verdict.MISSING),
        (Answer(met=True, narrative="x", attachments=1), Verdict.MISSING),  # no value
        (Answer(value=Decimal("97.00"), attachments=1), Verdict.MET),  # 以上 includes 97
        (Answer(value=Decimal("97"), attachments=1), Verdict.MET),
        (Answer(value=Decimal("96.99"), attachments=1), Verdict.NOT_MET),
        (Answer(value=Decimal("96.999"), attachments=1), Verdict.NOT_MET),
        (Answer(value=Decimal("100"), attachments=1), Verdict.MET),
        (Answer(value=Decimal("99.5"), met=False, attachments=1), Verdict.NOT_MET),  # the rest of the item
        (Answer(value=Decimal("99.5"), attachments=0), Verdict.NEEDS_REVIEW),  # evidence of the figure
        (Answer(value=Decimal("99.5"), narrative="", attachments=1), Verdict.MET),  # narrative optional
    ],
)
def test_metric_at_least_97_percent(answer, expected):
    assert verdict(COMPLAINTS, answer).verdict == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    ("comparator", "value", "expected"),
    [
        ("gte", "1.50", Verdict.MET),
        ("gt", "1.50", Verdict.NOT_MET),
        ("gt", "1.51", Verdict.MET),
        ("lte", "1.50", Verdict.MET),
        ("lte", "1.51", Verdict.NOT_MET),
        ("lt", "1.50", Verdict.NOT_MET),
        ("lt", "1.49", Verdict.MET),
    ],
)
def test_every_comparator_at_its_boundary(comparator, value, expected):
    criterion = CriterionSpec(
        "5.7",
        "广告监管",
        CriterionKind.METRIC,
        indicator_name="广告违法率",
        unit="%",
        comparator=comparator,
        threshold=Decimal("1.5"),
        evidence_required=False,
    )
    assert verdict(criterion, Answer(value=Decimal(value))).verdict == expected


@pytest.mark.unit
def test_metric_reasons_name_the_figures():
    failed = verdict(COMPLAINTS, Answer(value=Decimal("96.99"), attachments=1))
    assert failed.reason == "消费者投诉办结率为 96.99%，未达到 ≥ 97%。"
    passed = verdict(COMPLAINTS, Answer(value=Decimal("97.00"), attachments=1))
    assert passed.reason == "消费者投诉办结率为 97.00%，达到 ≥ 97%。"
    assert verdict(COMPLAINTS, None).reason == "未填报消费者投诉办结率。"


def incident(day, domain=IncidentDomain.FOOD_DRUG, responsibility=True):
    return IncidentFact(date=day, domain=domain, government_responsibility=responsibility)


# Reference 2020-12-31, 3 years back: the window is 2018-01-01 … 2020-12-31.
@pytest.mark.unit
@pytest.mark.parametrize(
    ("criterion", "incidents", "answer", "expected"),
    [
        (NO_INCIDENT, [], None, Verdict.MET),  # the register decides; no answer needed
        (NO_INCIDENT, [incident(date(2018, 1, 1))], None, Verdict.NOT_MET),  # one day inside
        (NO_INCIDENT, [incident(date(2017, 12, 31))], None, Verdict.MET),  # one day outside
        (NO_INCIDENT, [incident(REFERENCE)], None, Verdict.NOT_MET),
        (NO_INCIDENT, [incident(date(2021, 1, 1))], None, Verdict.MET),  # after the reference date
        (NO_INCIDENT, [incident(date(2019, 6, 1), responsibility=False)], None, Verdict.NOT_MET),
        (NO_INCIDENT, [incident(date(2019, 6, 1), IncidentDomain.SERVICE)], None, Verdict.NOT_MET),
        (
            CriterionSpec("6.8", "t", CriterionKind.NO_INCIDENT, lookback_years=3, incident_domains={"food_drug"}),
            [incident(date(2019, 6, 1), IncidentDomain.ENGINEERING)],
            None,
            Verdict.MET,  # a domain the criterion does not count
        ),
        (
            CriterionSpec("6.8", "t", CriterionKind.NO_INCIDENT, lookback_years=1, incident_domains=ALL_DOMAINS),
            [incident(date(2019, 6, 1))],
            None,
            Verdict.MET,  # outside a one-year look-back
        ),
        (
            CriterionSpec("6.8", "t", CriterionKind.NO_INCIDENT, lookback_years=3, incident_domains=frozenset()),
            [],
            None,
            Verdict.NEEDS_REVIEW,  # no domain to count: nobody may judge it met
        ),
        (
            CriterionSpec("6.8", "t", CriterionKind.NO_INCIDENT, lookback_years=0, incident_domains=ALL_DOMAINS),
            [],
            None,
            Verdict.NEEDS_REVIEW,  # no look-back
        ),
        (NO_INCIDENT, [], Answer(met=False), Verdict.NOT_MET),  # declared by the applicant
        (NO_INCIDENT, [], Answer(met=True), Verdict.MET),
    ],
)
def test_no_incident(criterion, incidents, answer, expected):
    assert verdict(criterion, answer, incidents).verdict == expected


@pytest.mark.unit
def test_no_incident_reason_lists_the_incidents():
    result = verdict(NO_INCIDENT, None, [incident(date(2019, 6, 1)), incident(date(2018, 3, 2))])
    assert result.reason == (
        "近3年（2018-01-01至2020-12-31）发生重大质量安全事件：2018-03-02（食品药品）、2019-06-01（食品药品）。"
    )


@pytest.mark.unit
@pytest.mark.parametrize(
    ("reference", "years", "window"),
    [
        (date(2020, 12, 31), 3, (date(2018, 1, 1), date(2020, 12, 31))),
        (date(2021, 6, 30), 3, (date(2018, 7, 1), date(2021, 6, 30))),
        (date(2024, 2, 29), 3, (date(2021, 3, 1), date(2024, 2, 29))),  # no 29 February in 2021
        (date(2020, 12, 31), 1, (date(2020, 1, 1), date(2020, 12, 31))),
    ],
)
def test_incident_window(reference, years, window):
    assert incident_window(reference, years) == window


# --- Both category rules, on the real 2020 sets ---------------------------------------------


def complete_answers(spec, **overrides):
    answers = {}
    for criterion in spec.criteria:
        if criterion.kind == CriterionKind.METRIC:
            answers[criterion.number] = Answer(met=True, value=criterion.threshold, narrative="说明", attachments=1)
        elif criterion.kind == CriterionKind.ATTESTATION:
            answers[criterion.number] = GOOD
    answers.update(overrides)
    return answers


@pytest.fixture
def specs(db):
    sets = CriteriaSet.objects.filter(year=2020).prefetch_related("criteria")
    return {s.category: set_spec(s) for s in sets}


@pytest.mark.parametrize(
    ("category", "overrides", "eligible", "reason"),
    [
        (Category.QUALITY, {}, True, None),
        (Category.QUALITY, {"6.2": None}, False, "6.2 质量工作改革创新：未填报。"),
        (Category.QUALITY, {"6.3": Answer(value=Decimal("96.99"), attachments=1)}, False, "未达到 ≥ 97%"),
        (Category.QUALITY, {"6.6": Answer(value=Decimal("89.99"), attachments=1)}, False, "未达到 ≥ 90%"),
        (Category.QUALITY, {"6.4": Answer(met=True, narrative="说明")}, False, "6.4 企业质量主体责任：已声明符合"),
        (Category.BUSINESS_REFORM, {}, False, "缺少突出亮点"),  # art. 5 needs a highlight
        (
            Category.BUSINESS_REFORM,
            {"5.1": Answer(met=True, narrative="全程电子化登记", attachments=1, highlight=True)},
            True,
            None,
        ),
        (
            Category.BUSINESS_REFORM,
            {"6.1": Answer(met=True, narrative="不属于本类别", attachments=1, highlight=True)},
            False,
            "缺少突出亮点",  # a highlight on a number outside the set does not count
        ),
        (
            Category.BUSINESS_REFORM,
            {
                "5.1": Answer(met=True, narrative="全程电子化登记", attachments=1, highlight=True),
                "5.4": Answer(met=False, narrative="不在本级职权内"),
            },
            False,
            "5.4 竞争政策与反垄断执法：申报单位声明未达到该条件。",
        ),
    ],
)
def test_category_rules(specs, category, overrides, eligible, reason):
    spec = specs[category]
    answers = {k: v for k, v in complete_answers(spec, **overrides).items() if v is not None}
    result = evaluate(spec, answers, [], REFERENCE)
    assert result.eligible is eligible
    if reason is None:
        assert result.reasons == ()
        assert all(v.verdict == Verdict.MET for v in result.verdicts)
    else:
        assert any(reason in r for r in result.reasons), result.reasons


def test_an_incident_vetoes_an_otherwise_complete_quality_application(specs):
    spec = specs[Category.QUALITY]
    result = evaluate(spec, complete_answers(spec), [incident(date(2018, 1, 1))], REFERENCE)
    assert not result.eligible
    assert result.verdict_for("6.8").verdict == Verdict.NOT_MET
    assert [v.number for v in result.verdicts if not v.met] == ["6.8"]


def test_the_engine_reads_no_database(specs, django_assert_num_queries):
    maoming = Division.objects.get(code="440900")
    Incident.objects.create(
        division=Division.objects.get(code="440902"),
        occurred_on=date(2019, 5, 1),
        domain=IncidentDomain.SPECIAL_EQUIPMENT,
        title="电梯事故",
        determining_authority="state_council",
        source_document="国务院调查报告",
    )
    spec = specs[Category.QUALITY]
    facts = incident_facts(incidents_for(maoming))
    answers = complete_answers(spec)
    with django_assert_num_queries(0):
        result = evaluate(spec, answers, facts, REFERENCE)
    assert result.verdict_for("6.8").verdict == Verdict.NOT_MET
