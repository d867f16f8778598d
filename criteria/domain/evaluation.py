"""The evaluation engine: does a locality's application meet the conditions?

A pure function over plain data. It reads no database and no clock, so the same
inputs always give the same verdict and the tests can state every rule as a
table. ``criteria.domain.facts`` builds its inputs from the models.

Per criterion (one verdict each, with a reason in Chinese):

* ``attestation``: no answer or ``met`` unset → missing; declared not met →
  not met; declared met without a narrative, or without attachments when
  evidence is required → needs review; otherwise met.
* ``metric``: no value → missing; the value compared with the threshold
  (``Decimal``, exact: 97.00 passes ≥ 97, 96.99 does not) fails → not met;
  declared not met (the rest of the item's text) → not met; evidence required
  and none attached → needs review; otherwise met. A narrative is optional.
* ``no_incident``: read from the incident register, not from the answer. Any
  incident in the counted domains dated within (decision − N years, decision]
  → not met: art. 6(8)'s 近3年 ends on the day of the decision that reads it
  (a submission, a verification, a recommendation…), so an incident recorded
  after the campaign's reference date still stops the application. Government responsibility is not required: art. 6(8)
  asks that no major incident happened at all; responsibility matters only for
  revoking an award under art. 15. An applicant that declares an incident
  itself (``met`` false) is not met too.

Overall (eligible only when every verdict is met, and):

* ``all_and_highlight`` (art. 5): at least one answer is marked as the
  outstanding aspect (突出亮点) and carries a narrative;
* ``all`` (art. 6): nothing more; highlights are ignored.
"""

from collections.abc import Iterable, Mapping
from dataclasses import KW_ONLY, dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from ..enums import COMPARE, CategoryRule, Comparator, CriterionKind, IncidentDomain, Verdict


@dataclass(frozen=True)
class CriterionSpec:
    number: str
    title: str
    kind: str
    _: KW_ONLY
    evidence_required: bool = True
    indicator_name: str = ""
    unit: str = ""
    comparator: str = ""
    threshold: Decimal | None = None
    lookback_years: int | None = None
    incident_domains: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SetSpec:
    rule: str
    criteria: tuple[CriterionSpec, ...]


@dataclass(frozen=True)
class Answer:
    met: bool | None = None
    value: Decimal | None = None
    narrative: str = ""
    highlight: bool = False
    attachments: int = 0


@dataclass(frozen=True)
class IncidentFact:
    date: date
    domain: str
    government_responsibility: bool = False


@dataclass(frozen=True)
class CriterionVerdict:
    number: str
    verdict: Verdict
    reason: str

    @property
    def met(self):
        return self.verdict == Verdict.MET


@dataclass(frozen=True)
class Evaluation:
    eligible: bool
    verdicts: tuple[CriterionVerdict, ...]
    reasons: tuple[str, ...] = field(default=())

    def verdict_for(self, number):
        return next((v for v in self.verdicts if v.number == number), None)


def evaluate(criteria_set: SetSpec, answers: Mapping[str, Answer], incidents: Iterable[IncidentFact], on):
    """Judge ``answers`` (keyed by criterion number) against ``criteria_set`` on the day ``on`` of the decision.

    ``incidents`` are those of the applicant (see ``incidents_for``); look-backs
    such as art. 6(8)'s 近3年 end on ``on``, so each step that re-reads the
    application judges it on that step's day.
    """
    incidents = tuple(incidents)
    verdicts = tuple(
        _judge(criterion, answers.get(criterion.number), incidents, on) for criterion in criteria_set.criteria
    )
    reasons = [
        _("%(number)s %(title)s：%(reason)s") % {"number": c.number, "title": c.title, "reason": v.reason}
        for c, v in zip(criteria_set.criteria, verdicts, strict=True)  # pragma: no mutate (one verdict each)
        if not v.met
    ]
    if criteria_set.rule == CategoryRule.ALL_AND_HIGHLIGHT and not _has_highlight(criteria_set, answers):
        # art. 5: 并在其中一个方面工作成效显著，具有突出亮点
        reasons.append(_("缺少突出亮点：须至少将一项条件标为突出亮点，并填写其说明（第五条）。"))
    return Evaluation(eligible=not reasons, verdicts=verdicts, reasons=tuple(reasons))


def _has_highlight(criteria_set, answers):
    numbers = {c.number for c in criteria_set.criteria}
    return any(answer.highlight and answer.narrative.strip() for number, answer in answers.items() if number in numbers)


def _judge(criterion, answer, incidents, on):
    judge = {
        CriterionKind.ATTESTATION: _judge_attestation,
        CriterionKind.METRIC: _judge_metric,
        CriterionKind.NO_INCIDENT: _judge_no_incident,
    }[criterion.kind]
    verdict, reason = judge(criterion, answer, incidents, on)
    return CriterionVerdict(criterion.number, verdict, reason)


def _support(criterion, answer, *, narrative_required):
    """The checks an item declared met still needs: a narrative and the evidence."""
    if narrative_required and not answer.narrative.strip():
        return Verdict.NEEDS_REVIEW, _("已声明符合，但未填写情况说明。")
    if criterion.evidence_required and answer.attachments < 1:
        return Verdict.NEEDS_REVIEW, _("已声明符合，但未上传佐证材料。")
    return None


def _judge_attestation(criterion, answer, incidents, on):
    if answer is None or answer.met is None:
        return Verdict.MISSING, _("未填报。")
    if not answer.met:
        return Verdict.NOT_MET, _("申报单位声明未达到该条件。")
    return _support(criterion, answer, narrative_required=True) or (Verdict.MET, _("已声明符合，并提供说明和佐证。"))


def _judge_metric(criterion, answer, incidents, on):
    if criterion.threshold is None or not criterion.comparator:
        return Verdict.NEEDS_REVIEW, _("该指标未设置门槛值，须人工审核。")
    requirement = f"{Comparator(criterion.comparator).label} {_number(criterion.threshold.normalize())}{criterion.unit}"
    if answer is None or answer.value is None:
        return Verdict.MISSING, _("未填报%(indicator)s。") % {"indicator": criterion.indicator_name}
    figures = {
        "indicator": criterion.indicator_name,
        "value": f"{_number(answer.value)}{criterion.unit}",
        "requirement": requirement,
    }
    if not COMPARE[criterion.comparator](answer.value, criterion.threshold):
        return Verdict.NOT_MET, _("%(indicator)s为 %(value)s，未达到 %(requirement)s。") % figures
    if answer.met is False:
        return Verdict.NOT_MET, _("申报单位声明未达到该条件的其他要求。")
    return _support(criterion, answer, narrative_required=False) or (  # pragma: no mutate (None reads as False)
        Verdict.MET,
        _("%(indicator)s为 %(value)s，达到 %(requirement)s。") % figures,
    )


def years_before(day, years):
    """The same calendar day ``years`` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def incident_window(on, years):
    """The first and last day counted by a look-back of ``years`` ending on the day ``on`` of the decision (art.
    6(8): 近3年, the three years up to the decision, with no gap before it)."""
    return years_before(on, years) + timedelta(days=1), on


def _judge_no_incident(criterion, answer, incidents, on):
    if not criterion.lookback_years or not criterion.incident_domains:
        return Verdict.NEEDS_REVIEW, _("该条件未设置追溯年数或事件领域，须人工审核。")
    first, last = incident_window(on, criterion.lookback_years)
    counted = sorted(
        (i for i in incidents if i.domain in criterion.incident_domains and first <= i.date <= last),
        key=lambda i: i.date,
    )
    window = {"first": first.isoformat(), "last": last.isoformat(), "years": criterion.lookback_years}
    if counted:
        listed = "、".join(f"{i.date.isoformat()}（{IncidentDomain(i.domain).label}）" for i in counted)
        return Verdict.NOT_MET, _("近%(years)s年（%(first)s至%(last)s）发生重大质量安全事件：%(incidents)s。") % {
            **window,
            "incidents": listed,
        }
    if answer is not None and answer.met is False:
        return Verdict.NOT_MET, _("申报单位声明近%(years)s年发生过重大质量安全事件。") % window
    return Verdict.MET, _("近%(years)s年（%(first)s至%(last)s）事件登记册中无重大质量安全事件。") % window


def _number(value):
    """A decimal as written, never in exponent form (Decimal("1E+2") → "100")."""
    return f"{value:f}"
