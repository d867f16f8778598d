"""The evaluation engine's exact reasons (art. 5, 6), found by mutation testing (``make mutation``): what the applicant
and the reviewers read for a criterion SAMR left without its threshold or its look-back, a figure that passes with
the other requirements declared unmet, and art. 6(8) declared or clear. Pure: no database."""

from datetime import date
from decimal import Decimal

import pytest

from criteria.domain.evaluation import Answer, CriterionSpec, SetSpec, evaluate
from criteria.enums import CategoryRule, CriterionKind, IncidentDomain, Verdict

pytestmark = pytest.mark.unit

ON = date(2026, 6, 30)


def attestation():
    return CriterionSpec("5.1", "企业开办便利化", CriterionKind.ATTESTATION)


def metric(**fields):
    spec = {
        "indicator_name": "消费者投诉办结率",
        "unit": "%",
        "comparator": "gte",
        "threshold": Decimal("97"),
        **fields,
    }
    return CriterionSpec("6.3", "质量信用与消费者投诉", CriterionKind.METRIC, **spec)


def no_incident(**fields):
    spec = {"evidence_required": False, "lookback_years": 3, "incident_domains": frozenset(IncidentDomain.values)}
    return CriterionSpec("6.8", "无重大质量安全事件", CriterionKind.NO_INCIDENT, **{**spec, **fields})


def judged(criterion, answer):
    result = evaluate(SetSpec(CategoryRule.ALL, (criterion,)), {criterion.number: answer}, (), ON)
    found = result.verdicts[0]
    return found.verdict, found.reason


PASSING = Answer(value=Decimal("98"), attachments=1)


@pytest.mark.parametrize(
    ("criterion", "answer", "expected"),
    [
        (
            attestation(),
            Answer(met=True, narrative="说明", attachments=1),
            (Verdict.MET, "已声明符合，并提供说明和佐证。"),
        ),
        (attestation(), Answer(met=True, attachments=1), (Verdict.NEEDS_REVIEW, "已声明符合，但未填写情况说明。")),
        (metric(threshold=None), PASSING, (Verdict.NEEDS_REVIEW, "该指标未设置门槛值，须人工审核。")),
        (metric(comparator=""), PASSING, (Verdict.NEEDS_REVIEW, "该指标未设置门槛值，须人工审核。")),
        (
            metric(),
            Answer(value=Decimal("98"), met=False, attachments=1),
            (Verdict.NOT_MET, "申报单位声明未达到该条件的其他要求。"),
        ),
        (metric(), PASSING, (Verdict.MET, "消费者投诉办结率为 98%，达到 ≥ 97%。")),
        (
            no_incident(lookback_years=None),
            Answer(),
            (Verdict.NEEDS_REVIEW, "该条件未设置追溯年数或事件领域，须人工审核。"),
        ),
        (
            no_incident(incident_domains=frozenset()),
            Answer(),
            (Verdict.NEEDS_REVIEW, "该条件未设置追溯年数或事件领域，须人工审核。"),
        ),
        (no_incident(), Answer(met=False), (Verdict.NOT_MET, "申报单位声明近3年发生过重大质量安全事件。")),
        (no_incident(), Answer(), (Verdict.MET, "近3年（2023-07-01至2026-06-30）事件登记册中无重大质量安全事件。")),
    ],
)
def test_the_reason_given_for_each_verdict(criterion, answer, expected):
    assert judged(criterion, answer) == expected


def test_the_applications_reasons_name_each_criterion_not_met_then_the_missing_highlight_of_art_5():
    criteria = (attestation(), metric())
    answers = {"5.1": Answer(met=True, narrative="说明", attachments=1), "6.3": Answer(value=Decimal("96.5"))}
    result = evaluate(SetSpec(CategoryRule.ALL_AND_HIGHLIGHT, criteria), answers, (), ON)
    assert (result.eligible, result.reasons) == (
        False,
        (
            "6.3 质量信用与消费者投诉：消费者投诉办结率为 96.5%，未达到 ≥ 97%。",
            "缺少突出亮点：须至少将一项条件标为突出亮点，并填写其说明（第五条）。",
        ),
    )


def test_a_criterion_the_set_does_not_hold_has_no_verdict():
    result = evaluate(SetSpec(CategoryRule.ALL, (metric(),)), {"6.3": PASSING}, (), ON)
    assert (result.verdict_for("6.3").verdict, result.verdict_for("6.9")) == (Verdict.MET, None)
