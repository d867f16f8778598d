"""Shared fixtures: the real administrative tree and the personas of STYLE.md.

The divisions are loaded once per test session (``load_divisions`` on the test
database), so every test sees the real tree: 茂南区 440902 under 茂名市 440900
under 广东省 440000, and so on.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from provinces.domain.divisions import load_divisions
from provinces.enums import Role

from .factories import PASSWORD, member

MAONAN = "440902"  # 茂南区, 茂名市, 广东省
MAOMING = "440900"  # 茂名市
GUANGDONG = "440000"
LEDU = "630202"  # 乐都区, 海东市, 青海省
QINGHAI = "630000"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_divisions()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def county_clerk(db):
    return member(Role.APPLICANT, MAONAN, username="county_clerk")


@pytest.fixture
def other_county_clerk(db):
    return member(Role.APPLICANT, LEDU, username="other_county_clerk")


@pytest.fixture
def city_clerk(db):
    return member(Role.APPLICANT, MAOMING, username="city_clerk")


@pytest.fixture
def province_reviewer(db):
    return member(Role.PROVINCE_REVIEWER, GUANGDONG, username="province_reviewer")


@pytest.fixture
def other_province_reviewer(db):
    return member(Role.PROVINCE_REVIEWER, QINGHAI, username="other_province_reviewer")


@pytest.fixture
def province_approver(db):
    return member(Role.PROVINCE_APPROVER, GUANGDONG, username="province_approver")


@pytest.fixture
def expert(db):
    return member(Role.EXPERT, None, username="expert")


@pytest.fixture
def samr_reviewer(db):
    return member(Role.SAMR_REVIEWER, None, username="samr_reviewer")


@pytest.fixture
def samr_approver(db):
    return member(Role.SAMR_APPROVER, None, username="samr_approver")


@pytest.fixture
def admin_user(db):
    return member(Role.ADMIN, None, username="portal_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def anonymous():
    return AnonymousUser()


PERSONAS = [
    "county_clerk",
    "other_county_clerk",
    "city_clerk",
    "province_reviewer",
    "other_province_reviewer",
    "province_approver",
    "expert",
    "samr_reviewer",
    "samr_approver",
    "admin_user",
    "anonymous",
]


@pytest.fixture
def persona(request):
    """Indirect fixture: ``@pytest.mark.parametrize("persona", PERSONAS, indirect=True)``."""
    return request.getfixturevalue(request.param)
