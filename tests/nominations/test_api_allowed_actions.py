"""The API's allowed actions per object (``allowed_actions``) on applications, provincial lists and campaigns: what
the workflow table (``core.domain.workflow.actions``) lists for the requesting user, without the costly guards on a
list and with them on one object, in a constant number of queries per list."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.domain import workflow as table
from criteria.enums import SanctionKind, SanctionReason
from criteria.models import Sanction
from national.domain import evaluation
from nominations.domain import workflow
from nominations.domain.campaigns import open_campaign
from nominations.enums import NominationState
from nominations.models import Campaign, Nomination, ProvinceRecommendation
from provinces.models import Division

from ..helpers import api_client
from .conftest import complete
from .factories import CampaignFactory
from .test_nominations_api import make

pytestmark = pytest.mark.django_db
S = NominationState
NOMINATIONS = "/api/v1/nominations/"
RECOMMENDATIONS = "/api/v1/province-recommendations/"
CAMPAIGNS = "/api/v1/campaigns/"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def expected(instance, user, *, costly):
    """The workflow table's answer for ``user``, as the API writes it."""
    instance = type(instance).objects.get(pk=instance.pk)
    return [
        {
            "name": action.name,
            "label": action.label,
            "allowed": action.allowed,
            "reasons": list(action.reasons),
            "irreversible": action.irreversible,
            "article": action.article,
        }
        for action in table.actions(instance, user, costly=costly)
    ]


def detail(client, url, pk):
    response = client.get(f"{url}{pk}/")
    assert response.status_code == 200, response.json()
    return response.json()["allowed_actions"]


def in_list(client, url, pk):
    response = client.get(url)
    assert response.status_code == 200, response.json()
    return next(row for row in response.json()["results"] if row["id"] == pk)["allowed_actions"]


def by_name(actions):
    return {action["name"]: action for action in actions}


def queries(client, url):
    """The queries of one list request, and the rows it counted. A first request loads the user's memberships and
    grants, which stay on the user object as they do for the rest of a request."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(captured), response.json()["count"]


@pytest.fixture
def second_campaign(admin_user):
    return open_campaign(admin_user, CampaignFactory(year=2027, ready=True))


def slots(campaign, second_campaign):
    """Four places for an object of one locality or province: two campaigns, two categories."""
    return [(c, category) for c in (campaign, second_campaign) for category in ("quality", "business_reform")]


# ---------------------------------------------------------------- applications


def test_an_applicants_draft_offers_submit(draft, county_clerk):
    client = api_client(county_clerk)

    shown, listed = detail(client, NOMINATIONS, draft.pk), in_list(client, NOMINATIONS, draft.pk)

    assert shown == expected(draft, county_clerk, costly=True)
    assert listed == expected(draft, county_clerk, costly=False)
    assert {action["name"] for action in shown} == {"edit", "submit", "withdraw"}
    submit = by_name(shown)["submit"]
    assert (submit["allowed"], submit["reasons"], submit["label"]) == (
        True,
        [],
        table.get_step(Nomination, "submit").label,
    )


def test_after_the_application_deadline_submit_is_refused_with_the_deadline(draft, county_clerk):
    Campaign.objects.filter(pk=draft.campaign_id).update(application_deadline=timezone.now() - timedelta(minutes=1))
    client = api_client(county_clerk)

    for actions in (detail(client, NOMINATIONS, draft.pk), in_list(client, NOMINATIONS, draft.pk)):
        submit = by_name(actions)["submit"]
        assert submit["allowed"] is False
        assert len(submit["reasons"]) == 1 and re.search("申报已于.+截止", submit["reasons"][0])
        assert by_name(actions)["withdraw"]["allowed"] is True  # no deadline on withdrawing
    assert detail(client, NOMINATIONS, draft.pk) == expected(draft, county_clerk, costly=True)


def test_a_province_reviewer_sees_verify_and_return_on_a_submitted_application(submitted, province_reviewer):
    client = api_client(province_reviewer)

    shown, listed = detail(client, NOMINATIONS, submitted.pk), in_list(client, NOMINATIONS, submitted.pk)

    assert shown == expected(submitted, province_reviewer, costly=True)
    assert listed == expected(submitted, province_reviewer, costly=False)
    assert {"return_for_revision", "verify", "reject"} <= by_name(shown).keys()
    assert all(action["allowed"] for action in shown)
    assert not {"edit", "submit", "withdraw"} & by_name(shown).keys()


def test_actions_the_policy_refuses_the_user_are_absent(submitted, county_clerk, samr_reviewer):
    shown = detail(api_client(county_clerk), NOMINATIONS, submitted.pk)

    assert [action["name"] for action in shown] == ["withdraw"]
    assert expected(submitted, samr_reviewer, costly=True) == []  # SAMR does not act before the recommendation


def test_another_jurisdiction_gets_404_as_before(submitted, other_county_clerk, other_province_reviewer):
    for user in (other_county_clerk, other_province_reviewer):
        client = api_client(user)
        assert client.get(f"{NOMINATIONS}{submitted.pk}/").status_code == 404
        assert client.get(NOMINATIONS).json()["results"] == []


def test_a_refused_actions_reasons_are_chinese(submitted, province_reviewer):
    past = timezone.now() - timedelta(minutes=1)
    Campaign.objects.filter(pk=submitted.campaign_id).update(application_deadline=past, province_deadline=past)

    shown = detail(api_client(province_reviewer), NOMINATIONS, submitted.pk)

    assert shown and not any(action["allowed"] for action in shown)
    for action in shown:
        assert CHINESE.search(action["label"])
        assert action["reasons"] and all(CHINESE.search(reason) for reason in action["reasons"])
    assert re.search("省级推荐已于.+截止", by_name(shown)["verify"]["reasons"][0])


def test_a_list_leaves_the_costly_guards_to_the_object(draft, county_clerk):
    Sanction.objects.create(
        division=Division.objects.get(code="440902"),
        kind=SanctionKind.APPLICATION_BAN,
        reason=SanctionReason.FRAUD,
        starts_on=date.today() - timedelta(days=30),
        first_year=draft.campaign.year,
        last_year=draft.campaign.year + 3,
    )
    client = api_client(county_clerk)

    listed = by_name(in_list(client, NOMINATIONS, draft.pk))["submit"]
    shown = by_name(detail(client, NOMINATIONS, draft.pk))["submit"]

    assert (listed["allowed"], listed["reasons"]) == (True, [])  # the list asks state, policy and deadlines only
    assert shown["allowed"] is False and "不能申报" in shown["reasons"][0]


def test_a_transitions_answer_carries_the_actions_of_the_new_state(draft, county_clerk):
    complete(draft, county_clerk)

    response = api_client(county_clerk).post(f"{NOMINATIONS}{draft.pk}/submit/", {"pledge": True}, format="json")

    assert response.status_code == 200, response.json()
    assert [action["name"] for action in response.json()["allowed_actions"]] == ["withdraw"]


@pytest.mark.parametrize(
    ("persona", "state"),
    [
        ("county_clerk", S.DRAFT),
        ("province_reviewer", S.SUBMITTED),
        ("samr_reviewer", S.RECOMMENDED),
        ("samr_approver", S.RECOMMENDED),
    ],
)
def test_the_list_of_applications_runs_a_constant_number_of_queries(
    persona, state, request, campaign, second_campaign, county_clerk
):
    client = api_client(request.getfixturevalue(persona))
    places = slots(campaign, second_campaign)
    make(places[0][0], "440902", county_clerk, category=places[0][1], state=state)
    one = queries(client, NOMINATIONS)
    for place_campaign, category in places[1:]:
        make(place_campaign, "440902", county_clerk, category=category, state=state)

    several = queries(client, NOMINATIONS)

    assert (one, several) == ((2, 1), (2, 4))  # count, page (jurisdiction, grants and priority are subqueries)
    assert all(row["allowed_actions"] for row in client.get(NOMINATIONS).json()["results"])


def test_an_experts_list_of_applications_runs_a_constant_number_of_queries(
    campaign, second_campaign, county_clerk, samr_reviewer, expert
):
    client = api_client(expert)
    counts = []
    for place_campaign, category in slots(campaign, second_campaign):
        nomination = make(place_campaign, "440902", county_clerk, category=category, state=S.RECOMMENDED)
        evaluation.assign(samr_reviewer, nomination, expert, stage="expert")
        counts.append(queries(client, NOMINATIONS)[0])

    assert counts == [counts[0]] * 4


# ---------------------------------------------------------------- provincial lists


def test_the_province_approver_sees_confirm_on_its_draft_list(campaign, province_approver, province_reviewer):
    recommendation, _created = workflow.open_province_list(province_approver, campaign, "quality")
    approver, reviewer = api_client(province_approver), api_client(province_reviewer)

    shown = detail(approver, RECOMMENDATIONS, recommendation.pk)

    assert shown == expected(recommendation, province_approver, costly=True)
    assert in_list(approver, RECOMMENDATIONS, recommendation.pk) == shown
    assert [(action["name"], action["allowed"]) for action in shown] == [("confirm", True)]
    assert detail(reviewer, RECOMMENDATIONS, recommendation.pk) == []  # the head confirms, not the reviewers


def test_another_provinces_list_is_404_as_before(campaign, province_approver, other_province_reviewer):
    recommendation, _created = workflow.open_province_list(province_approver, campaign, "quality")

    assert api_client(other_province_reviewer).get(f"{RECOMMENDATIONS}{recommendation.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["province_approver", "province_reviewer", "samr_reviewer"])
def test_the_list_of_provincial_lists_runs_a_constant_number_of_queries(persona, request, campaign, second_campaign):
    client = api_client(request.getfixturevalue(persona))
    guangdong = Division.objects.get(code="440000")
    places = slots(campaign, second_campaign)
    workflow.recommendation_for(places[0][0], guangdong, places[0][1])
    one = queries(client, RECOMMENDATIONS)
    for place_campaign, category in places[1:]:
        workflow.recommendation_for(place_campaign, guangdong, category)

    several = queries(client, RECOMMENDATIONS)

    assert (one, several) == ((3, 1), (3, 4))  # count, page, the page's entries
    assert ProvinceRecommendation.objects.count() == 4


# ---------------------------------------------------------------- campaigns


def test_the_administrator_sees_open_on_a_draft_campaign(admin_user, samr_reviewer):
    draft_campaign = CampaignFactory(year=2031, ready=True)

    shown = detail(api_client(admin_user), CAMPAIGNS, draft_campaign.pk)

    assert shown == expected(draft_campaign, admin_user, costly=True)
    assert [(action["name"], action["allowed"]) for action in shown] == [("open", True)]
    assert detail(api_client(samr_reviewer), CAMPAIGNS, draft_campaign.pk) == []


@pytest.mark.parametrize("persona", ["admin_user", "province_reviewer"])
def test_the_list_of_campaigns_runs_a_constant_number_of_queries(persona, request, admin_user):
    client = api_client(request.getfixturevalue(persona))
    open_campaign(admin_user, CampaignFactory(year=2030, ready=True))
    one = queries(client, CAMPAIGNS)
    for year in range(2031, 2034):
        CampaignFactory(year=year, ready=True)

    several = queries(client, CAMPAIGNS)

    assert (one, several) == ((5, 1), (5, 4))  # count, page, quotas, criteria sets, caps
