import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from provinces.enums import BureauLevel, Role
from provinces.models import Bureau, Division, Membership

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_full_name_walks_the_tree():
    assert Division.objects.get(code="440902").full_name == "广东省茂名市茂南区"
    assert Division.objects.get(code="469001").full_name == "海南省五指山市"


@pytest.mark.parametrize(
    ("role", "code", "allowed"),
    [
        (Role.APPLICANT, "440902", True),
        (Role.APPLICANT, "440900", True),
        (Role.APPLICANT, "440000", False),
        (Role.PROVINCE_REVIEWER, "440000", True),
        (Role.PROVINCE_REVIEWER, "440902", False),
        (Role.PROVINCE_APPROVER, "660000", True),
        (Role.SAMR_REVIEWER, "440000", False),
        (Role.EXPERT, "440902", True),
    ],
)
def test_a_role_is_held_only_at_bureaus_of_its_level(role, code, allowed):
    membership = Membership(user=UserFactory(), bureau=Bureau.objects.get(division__code=code), role=role)
    if allowed:
        membership.full_clean()
    else:
        with pytest.raises(ValidationError, match="只能设在"):
            membership.full_clean()


def test_samr_roles_sit_at_samr():
    samr = Bureau.objects.get(level=BureauLevel.NATIONAL)
    Membership(user=UserFactory(), bureau=samr, role=Role.SAMR_APPROVER).full_clean()
    with pytest.raises(ValidationError):
        Membership(user=UserFactory(), bureau=samr, role=Role.APPLICANT).full_clean()


def test_there_is_only_one_samr_and_local_bureaus_need_a_division():
    with pytest.raises(IntegrityError), transaction.atomic():
        Bureau.objects.create(name="第二个总局", level=BureauLevel.NATIONAL)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bureau.objects.create(name="无区划的县局", level=BureauLevel.COUNTY)


def test_a_province_cannot_be_flagged_underdeveloped():
    qinghai = Division.objects.get(code="630000")
    qinghai.underdeveloped = True
    with pytest.raises(ValidationError, match="欠发达标记只用于地级和县级"):
        qinghai.full_clean()
