"""The national lists' allowed actions (``allowed_actions``): the workflow table's answer for SAMR's leadership and
staff, in a constant number of queries per list."""

import pytest

from national.models import NationalList, NationalListState

from ..helpers import api_client
from ..nominations.factories import CampaignFactory
from ..nominations.test_api_allowed_actions import detail, expected, in_list, queries

pytestmark = pytest.mark.django_db
LISTS = "/api/v1/national-lists/"


def test_samr_leadership_sees_approve_on_a_draft_list(campaign, samr_approver, samr_reviewer):
    draft_list = NationalList.objects.create(campaign=campaign, category="quality")
    approver = api_client(samr_approver)

    shown = detail(approver, LISTS, draft_list.pk)

    assert shown == expected(draft_list, samr_approver, costly=True)
    assert in_list(approver, LISTS, draft_list.pk) == expected(draft_list, samr_approver, costly=False)
    assert [(action["name"], action["allowed"], action["irreversible"]) for action in shown] == [
        ("approve", True, True)
    ]
    assert detail(api_client(samr_reviewer), LISTS, draft_list.pk) == []  # the reviewers draft, leadership approves


def test_the_next_step_follows_the_state(campaign, samr_approver):
    finalised = NationalList.objects.create(campaign=campaign, category="quality", state=NationalListState.FINALISED)

    shown = detail(api_client(samr_approver), LISTS, finalised.pk)

    assert [action["name"] for action in shown] == ["report"]


def test_others_get_404_as_before(campaign, province_reviewer, county_clerk):
    draft_list = NationalList.objects.create(campaign=campaign, category="quality")

    for user in (province_reviewer, county_clerk):
        assert api_client(user).get(f"{LISTS}{draft_list.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["samr_approver", "samr_reviewer"])
def test_the_list_of_national_lists_runs_a_constant_number_of_queries(persona, request, campaign):
    client = api_client(request.getfixturevalue(persona))
    campaigns = (campaign, CampaignFactory(year=2027, ready=True))
    places = [(c, category) for c in campaigns for category in ("quality", "business_reform")]
    NationalList.objects.create(campaign=places[0][0], category=places[0][1])
    one = queries(client, LISTS)
    for place_campaign, category in places[1:]:
        NationalList.objects.create(campaign=place_campaign, category=category)

    several = queries(client, LISTS)

    assert (one, several) == ((3, 1), (3, 4))  # count, page, the page's entries
