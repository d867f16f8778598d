"""Changing the catalogue of criteria: edit, freeze, copy into a new year.

The admin and the API call these functions; who may call them is decided by the
callers through ``accounts.policy`` ("criteria.change"). The integrity rules live
here and in the models: a frozen set and its criteria cannot change.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CriteriaSet, Criterion

# Copied field by field so that a new field is a deliberate decision, not an accident.
SET_FIELDS = ("category", "document_number", "document_title", "article", "rule")
CRITERION_FIELDS = (
    "number",
    "title",
    "text",
    "kind",
    "evidence_required",
    "max_attachments",
    "weight",
    "position",
    "indicator_name",
    "unit",
    "comparator",
    "threshold",
    "lookback_years",
    "incident_domains",
    "extra_indicators",
)


def _lock(criteria_set):
    return CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)


@transaction.atomic
def freeze(criteria_set, *, at=None):
    """Freeze ``criteria_set``; idempotent (an already frozen set keeps its date).

    The Campaign calls this when a campaign that uses the set opens: from then on
    every applicant must be judged against the same conditions.
    """
    locked = _lock(criteria_set)
    if locked.frozen_at is None:
        locked.frozen_at = at or timezone.now()
        locked.save(update_fields=["frozen_at", "updated_at"])
    criteria_set.frozen_at = locked.frozen_at
    return locked


def update_criteria_set(criteria_set, changes):
    """Apply ``changes`` (field → value) to an unfrozen set."""
    return _apply(criteria_set, criteria_set, changes)


def update_criterion(criterion, changes):
    """Apply ``changes`` (field → value) to a criterion of an unfrozen set."""
    return _apply(criterion, criterion.criteria_set, changes)


@transaction.atomic
def _apply(obj, criteria_set, changes):
    _lock(criteria_set).check_editable()
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def copy_set(source, year):
    """A new, unfrozen set for ``year`` with copies of every criterion of ``source``.

    Refused when ``year`` already has a set of the same category.
    """
    if CriteriaSet.objects.filter(year=year, category=source.category).exists():
        raise ValidationError(
            {
                "year": _("%(year)s年度“%(category)s”认定条件已存在，不能重复复制；请直接修改该年度的条件。")
                % {"year": year, "category": source.get_category_display()}
            },
            code="exists",
        )
    copy = CriteriaSet(year=year, copied_from=source, **{name: getattr(source, name) for name in SET_FIELDS})
    copy.full_clean()
    copy.save()
    Criterion.objects.bulk_create(
        Criterion(criteria_set=copy, **{name: getattr(criterion, name) for name in CRITERION_FIELDS})
        for criterion in source.criteria.order_by("position", "id")
    )
    return copy
