"""Who may apply (art. 2), and which incidents count against whom (art. 6(8))."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from criteria.domain.eligibility import applicant_eligibility
from criteria.domain.incidents import incidents_for
from provinces.models import Division

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "eligible", "phrase"),
    [
        ("440000", False, "广东省是省级单位"),
        ("110000", False, "省级单位"),  # 直辖市
        ("150000", False, "省级单位"),  # 自治区
        ("660000", False, "新疆生产建设兵团"),
        ("440900", True, "市（地、州、盟）"),  # 地级市
        ("152900", True, "市（地、州、盟）"),  # 盟
        ("440902", True, "县（市、区、旗）"),  # 市辖区
        ("110105", True, "县（市、区、旗）"),  # a district of a municipality
        ("469001", True, "县（市、区、旗）"),  # a county-level city under the province
        ("659001", True, "市（地、州、盟）"),  # a city of the Corps: 师市合一, prefecture level
    ],
)
def test_only_prefectures_and_counties_may_apply(code, eligible, phrase, django_assert_num_queries):
    division = Division.objects.get(code=code)
    with django_assert_num_queries(0):
        result = applicant_eligibility(division)
    assert result.eligible is eligible
    assert bool(result) is eligible
    assert phrase in result.reason


def test_an_inactive_division_may_not_apply():
    division = Division.objects.get(code="440902")
    division.active = False
    assert not applicant_eligibility(division).eligible


def test_incidents_of_a_county_count_for_its_prefecture(make_incident):
    maonan = make_incident("440902")  # 茂南区, 茂名市
    huazhou = make_incident("440982")  # 化州市, 茂名市
    maoming = make_incident("440900")  # 茂名市 itself
    make_incident("630202")  # 乐都区, 青海

    def counted(code):
        return set(incidents_for(Division.objects.get(code=code)))

    assert counted("440900") == {maonan, huazhou, maoming}
    assert counted("440902") == {maonan}
    assert counted("440982") == {huazhou}
    assert counted("440000") == {maonan, huazhou, maoming}


@pytest.mark.parametrize(
    ("code", "fields", "field"),
    [
        ("440000", {}, "division"),  # a province does not apply, so nothing counts against it
        ("440902", {"occurred_on": date(2999, 1, 1)}, "occurred_on"),
        ("440902", {"determining_authority": "authorised_department"}, "authority_name"),
    ],
)
def test_incident_validation(make_incident, code, fields, field):
    incident = make_incident("440902", **fields)
    incident.division = Division.objects.get(code=code)
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert field in error.value.message_dict
