"""What a locality declared set against SAMR's own figures: leads for a possible art. 14 case (弄虚作假线索).

For each metric criterion of an application, the declared value (``Answer.value``)
is compared with SAMR's ``IndicatorValue`` for the same division, criterion
number and data year. The data year is the year of the campaign's reference
date (``Campaign.reference_date``, 31 December of the year the work was done:
the 2026 campaign looks at 2025).

A gap (declared − SAMR) whose size is **greater than** the tolerance is
flagged; a gap exactly equal to it is not. The tolerance is in the criterion's
unit (percentage points for a rate): ``INDICATOR_TOLERANCE`` (default 1.0),
overridden per criterion number by ``INDICATOR_TOLERANCE_BY_CRITERION``.
Arithmetic is in ``Decimal``, in Python, so the boundary is exact on every
database.

A flag is a lead for the reviewers, not a finding: only the policy rule
"nomination.discrepancies.view" (the province's reviewers and SAMR staff, never
the applicant) may see it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import ExtractYear

from accounts import policy
from criteria.checks import DEFAULT_TOLERANCE, as_tolerance
from criteria.enums import CriterionKind
from criteria.models import Criterion, IndicatorValue
from nominations.models import Answer


def tolerance_for(number):
    """The tolerance of criterion ``number`` (settings checked at start-up by ``criteria.checks``)."""
    overrides = getattr(settings, "INDICATOR_TOLERANCE_BY_CRITERION", {}) or {}
    value = overrides.get(number, getattr(settings, "INDICATOR_TOLERANCE", DEFAULT_TOLERANCE))
    tolerance = as_tolerance(value)
    return DEFAULT_TOLERANCE if tolerance is None else tolerance


def data_year(campaign):
    """The year whose figures a campaign compares: its reference date's."""
    return campaign.reference_date.year


def is_flagged(declared, samr_value, tolerance):
    return declared is not None and samr_value is not None and abs(declared - samr_value) > tolerance


@dataclass(frozen=True)
class Discrepancy:
    """One metric criterion of an application: declared, SAMR's figure, the gap, whether it is flagged."""

    number: str
    title: str
    indicator_name: str
    unit: str
    year: int
    declared: Decimal | None
    samr_value: Decimal | None
    source: str
    tolerance: Decimal

    @property
    def gap(self):
        """Declared minus SAMR's figure (positive: the locality declared more), or None when one is missing."""
        if self.declared is None or self.samr_value is None:
            return None
        return self.declared - self.samr_value

    @property
    def flagged(self):
        return is_flagged(self.declared, self.samr_value, self.tolerance)


def discrepancies_for(nomination):
    """One ``Discrepancy`` per metric criterion of ``nomination``'s set, in the set's order.

    At most four queries whatever the application (the campaign if not loaded,
    the criteria, the answers, SAMR's figures).
    """
    year = data_year(nomination.campaign)
    criteria = list(
        Criterion.objects.filter(criteria_set_id=nomination.criteria_set_id, kind=CriterionKind.METRIC).order_by(
            "position", "pk"
        )
    )
    if not criteria:
        return []
    declared = dict(
        Answer.objects.filter(nomination=nomination, criterion__in=criteria).values_list("criterion_id", "value")
    )
    samr = {
        value.criterion_number: value
        for value in IndicatorValue.objects.filter(
            division_id=nomination.division_id, year=year, criterion_number__in=[c.number for c in criteria]
        ).order_by()
    }
    rows = []
    for criterion in criteria:
        found = samr.get(criterion.number)
        rows.append(
            Discrepancy(
                number=criterion.number,
                title=criterion.title,
                indicator_name=criterion.indicator_name,
                unit=criterion.unit,
                year=year,
                declared=declared.get(criterion.pk),
                samr_value=found.value if found else None,
                source=found.source if found else "",
                tolerance=tolerance_for(criterion.number),
            )
        )
    return rows


def visible_discrepancies(user, nomination):
    """``discrepancies_for(nomination)`` if ``user`` may see them, else None (the applicant never does)."""
    if not policy.can(user, "nomination.discrepancies.view", nomination):
        return None
    return discrepancies_for(nomination)


def flagged_nomination_ids(nominations):
    """The ids among ``nominations`` (a queryset or an iterable of applications) with at least one flag.

    One query: each metric answer with SAMR's figure for its division, number
    and year alongside; the comparison is made here, in ``Decimal``.
    """
    if isinstance(nominations, QuerySet):
        scope = nominations.values("pk")
    else:
        scope = [nomination.pk for nomination in nominations]
    samr = (
        IndicatorValue.objects.filter(
            division_id=OuterRef("nomination__division_id"),
            criterion_number=OuterRef("criterion__number"),
            year=ExtractYear(OuterRef("nomination__campaign__reference_date")),
        )
        .order_by()
        .values("value")[:1]
    )
    rows = (
        Answer.objects.filter(nomination__in=scope, criterion__kind=CriterionKind.METRIC, value__isnull=False)
        .annotate(samr_value=Subquery(samr))
        .filter(samr_value__isnull=False)
        .values_list("nomination_id", "criterion__number", "value", "samr_value")
    )
    tolerances = {}
    flagged = set()
    for nomination_id, number, declared, samr_value in rows:
        if number not in tolerances:
            tolerances[number] = tolerance_for(number)
        if is_flagged(declared, samr_value, tolerances[number]):
            flagged.add(nomination_id)
    return flagged


def visible_flags(user, nominations):
    """The ids among ``nominations`` (a page of applications) that ``user`` may see compared and that carry a flag:
    the 数据差异 mark of the reviewers' lists (one query, none for an empty page or for the applicant)."""
    shown = [nomination for nomination in nominations if policy.can(user, "nomination.discrepancies.view", nomination)]
    return flagged_nomination_ids(shown) if shown else set()
