"""Adapters from the models to the plain data the evaluation engine takes."""

from .evaluation import CriterionSpec, IncidentFact, SetSpec


def set_spec(criteria_set):
    """The engine's view of ``criteria_set`` (prefetch ``criteria`` to avoid a query)."""
    return SetSpec(
        rule=criteria_set.rule,
        criteria=tuple(
            CriterionSpec(
                number=c.number,
                title=c.title,
                kind=c.kind,
                evidence_required=c.evidence_required,
                indicator_name=c.indicator_name,
                unit=c.unit,
                comparator=c.comparator,
                threshold=c.threshold,
                lookback_years=c.lookback_years,
                incident_domains=frozenset(c.incident_domains),
            )
            for c in sorted(criteria_set.criteria.all(), key=lambda c: (c.position, c.pk))
        ),
    )


def incident_facts(incidents):
    return tuple(
        IncidentFact(date=i.occurred_on, domain=i.domain, government_responsibility=i.government_responsibility)
        for i in incidents
    )
