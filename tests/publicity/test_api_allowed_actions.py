"""The objections' allowed actions (``allowed_actions``): SAMR's reviewers take up and dismiss, its leadership also
upholds; in a constant number of queries per list."""

import pytest

from publicity.domain import objections

from ..helpers import api_client
from ..nominations.test_api_allowed_actions import by_name, detail, expected, in_list, queries
from .conftest import listed, running

pytestmark = pytest.mark.django_db
OBJECTIONS = "/api/v1/objections/"


def file(period, n=0):
    return objections.submit_objection(
        period,
        nomination=listed(period.national_list)[0],
        name="王五",
        contact="wangwu@example.cn",
        grounds="申报材料中的数据存在虚报。",
        ip=f"198.51.100.{n}",
    )


@pytest.fixture
def period(quality_list, samr_approver):
    return running(quality_list, samr_approver)


def test_reviewers_take_up_and_dismiss_leadership_also_upholds(period, samr_reviewer, samr_approver, admin_user):
    received = file(period)

    for user in (samr_reviewer, samr_approver):
        client = api_client(user)
        assert detail(client, OBJECTIONS, received.pk) == expected(received, user, costly=True)
        assert in_list(client, OBJECTIONS, received.pk) == expected(received, user, costly=False)
    assert by_name(detail(api_client(samr_reviewer), OBJECTIONS, received.pk)).keys() == {"investigate", "dismiss"}
    upholding = by_name(detail(api_client(samr_approver), OBJECTIONS, received.pk))["uphold"]
    assert (upholding["allowed"], upholding["irreversible"]) == (True, True)
    assert detail(api_client(admin_user), OBJECTIONS, received.pk) == []  # administrators read, do not handle


def test_others_get_404_as_before(period, province_reviewer, expert):
    received = file(period)

    for user in (province_reviewer, expert):
        assert api_client(user).get(f"{OBJECTIONS}{received.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["samr_reviewer", "samr_approver"])
def test_the_list_of_objections_runs_a_constant_number_of_queries(persona, request, period):
    client = api_client(request.getfixturevalue(persona))
    file(period)
    one = queries(client, OBJECTIONS)
    for n in range(1, 4):
        file(period, n)

    several = queries(client, OBJECTIONS)

    assert (one, several) == ((2, 1), (2, 4))  # count, page
