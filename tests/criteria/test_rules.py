"""The criteria and incident rules of the policy, as a persona × action table."""

import pytest

from accounts import policy
from criteria.models import CriteriaSet, Incident

from ..conftest import PERSONAS

pytestmark = pytest.mark.django_db

# persona: (criteria.view, criteria.change, incident.change)
RULES = {
    "county_clerk": (True, False, False),
    "other_county_clerk": (True, False, False),
    "city_clerk": (True, False, False),
    "province_reviewer": (True, False, False),
    "other_province_reviewer": (True, False, False),
    "province_approver": (True, False, False),
    "expert": (True, False, False),
    "samr_reviewer": (True, False, True),
    "samr_approver": (True, False, True),
    "admin_user": (True, True, True),
    "anonymous": (False, False, False),
}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_rules(persona, request, quality_2020, make_incident):
    expected = RULES[request.node.callspec.params["persona"]]
    incident = make_incident("440902")
    actual = (
        policy.can(persona, "criteria.view", quality_2020),
        policy.can(persona, "criteria.change", quality_2020),
        policy.can(persona, "incident.change", incident),
    )
    assert actual == expected
    assert policy.visible(persona, CriteriaSet.objects.all()).exists() is expected[0]
    # the single-object rule and the list filter agree
    assert policy.can(persona, "incident.view", incident) is policy.visible(persona, Incident.objects.all()).exists()
