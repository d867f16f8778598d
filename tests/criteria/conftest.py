from datetime import date

import pytest

from criteria.enums import Category, DeterminingAuthority, IncidentDomain
from criteria.models import CriteriaSet, Incident
from provinces.models import Division


@pytest.fixture
def make_incident(db):
    def make(code, occurred_on=date(2019, 5, 1), domain=IncidentDomain.SPECIAL_EQUIPMENT, **fields):
        return Incident.objects.create(
            division=Division.objects.get(code=code),
            occurred_on=occurred_on,
            domain=domain,
            title=fields.pop("title", "电梯困人致伤事故"),
            determining_authority=fields.pop("determining_authority", DeterminingAuthority.STATE_COUNCIL),
            source_document=fields.pop("source_document", "国务院调查组报告"),
            **fields,
        )

    return make


@pytest.fixture
def quality_2020(db):
    return CriteriaSet.objects.get(year=2020, category=Category.QUALITY)


@pytest.fixture
def business_2020(db):
    return CriteriaSet.objects.get(year=2020, category=Category.BUSINESS_REFORM)
