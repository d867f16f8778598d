"""Copying a set into a new year, editing it, and freezing it."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from criteria.domain.catalogue import CRITERION_FIELDS, copy_set, freeze, update_criteria_set, update_criterion
from criteria.enums import CriterionKind
from criteria.models import CriteriaSet, Criterion, FrozenCriteriaSetError

pytestmark = pytest.mark.django_db


def test_copy_2020_into_2021_copies_every_criterion(quality_2020):
    copy = copy_set(quality_2020, 2021)

    assert (copy.year, copy.category, copy.rule, copy.article) == (2021, "quality", "all", "第六条")
    assert copy.copied_from == quality_2020 and copy.frozen_at is None
    original = list(quality_2020.criteria.values_list(*CRITERION_FIELDS))
    assert list(copy.criteria.values_list(*CRITERION_FIELDS)) == original
    assert quality_2020.criteria.count() == 8  # the source is untouched


def test_copy_refuses_an_existing_year_and_category(quality_2020, business_2020):
    copy_set(quality_2020, 2021)
    with pytest.raises(ValidationError) as error:
        copy_set(quality_2020, 2021)
    assert error.value.message_dict["year"] == [
        "2021年度“推进质量工作”认定条件已存在，不能重复复制；请直接修改该年度的条件。"
    ]
    copy_set(business_2020, 2021)  # the other category is free
    assert CriteriaSet.objects.filter(year=2021).count() == 2


def test_copy_a_frozen_set_gives_an_editable_one(quality_2020):
    freeze(quality_2020)
    copy = copy_set(quality_2020, 2021)
    criterion = copy.criteria.get(number="6.3")
    update_criterion(criterion, {"threshold": Decimal("98")})
    assert Criterion.objects.get(pk=criterion.pk).threshold == Decimal("98.00")
    assert quality_2020.criteria.get(number="6.3").threshold == Decimal("97.00")


def test_freeze_is_idempotent_and_keeps_the_first_date(quality_2020):
    first = datetime(2021, 3, 1, tzinfo=UTC)
    freeze(quality_2020, at=first)
    freeze(quality_2020, at=datetime(2021, 4, 1, tzinfo=UTC))
    quality_2020.refresh_from_db()
    assert quality_2020.frozen_at == first and quality_2020.is_frozen


@pytest.mark.parametrize(
    "change",
    [
        lambda s: update_criteria_set(s, {"document_title": "新标题"}),
        lambda s: update_criterion(s.criteria.get(number="6.3"), {"threshold": Decimal("95")}),
        lambda s: s.save(),  # a stale in-memory copy cannot bypass the freeze either
        lambda s: s.criteria.get(number="6.3").delete(),
        lambda s: s.delete(),
        lambda s: Criterion.objects.create(criteria_set=s, number="6.9", title="新增", text="新增", kind="attestation"),
    ],
)
def test_a_frozen_set_refuses_every_edit(quality_2020, change):
    stale = CriteriaSet.objects.get(pk=quality_2020.pk)
    freeze(quality_2020, at=datetime(2021, 3, 1, tzinfo=UTC))

    with pytest.raises(FrozenCriteriaSetError) as error:
        change(stale)

    assert error.value.messages == [
        "2020年度“推进质量工作”认定条件已于2021年3月1日冻结（已有评选活动开始使用），不能修改。如需调整，请复制到新年度后再修改。"
    ]
    assert quality_2020.criteria.get(number="6.3").threshold == Decimal("97.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": CriterionKind.METRIC}, "threshold"),  # a metric needs its threshold
        ({"threshold": Decimal("90")}, "threshold"),  # only metrics carry one
        ({"kind": CriterionKind.NO_INCIDENT}, "lookback_years"),
        ({"lookback_years": 3}, "lookback_years"),
        ({"incident_domains": ["weather"]}, "incident_domains"),
        ({"extra_indicators": [{"name": ""}]}, "extra_indicators"),
        ({"extra_indicators": [{"name": "a", "unit": "%"}, {"name": "a", "unit": "%"}]}, "extra_indicators"),
        ({"number": "六.一"}, "number"),
    ],
)
def test_criterion_validation(quality_2020, changes, field):
    criterion = copy_set(quality_2020, 2021).criteria.get(number="6.1")
    with pytest.raises(ValidationError) as error:
        update_criterion(criterion, changes)
    assert field in error.value.message_dict


def test_metric_criteria_validate_when_complete(quality_2020):
    criterion = copy_set(quality_2020, 2021).criteria.get(number="6.5")
    update_criterion(
        criterion,
        {"kind": CriterionKind.METRIC, "indicator_name": "食品评价性抽检合格率", "comparator": "gte", "threshold": 98},
    )
    assert Criterion.objects.get(pk=criterion.pk).threshold == Decimal("98.00")
