"""The national stage API: assignments, findings, opinions, evaluation, the national list and its balance."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from national.models import ExpertAssignment, NationalList, NationalListEntry, SamrFinding
from nominations.enums import NominationState
from nominations.models import Nomination, Quota, Review
from provinces.enums import Level
from provinces.models import Division

from ..helpers import api_client
from ..nominations.test_nominations_api import make
from .test_evaluation import gd_expert, qh_expert, recommend, scores, third_expert  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
S = NominationState
URL = "/api/v1/nominations/"
ASSIGNMENTS = "/api/v1/assignments/"
LISTS = "/api/v1/national-lists/"


@pytest.fixture
def recommended(verified, province_reviewer, province_approver):
    return recommend(province_reviewer, province_approver, verified)[0]


def state(nomination):
    return Nomination.objects.get(pk=nomination.pk).state


def snapshot():
    return (
        ExpertAssignment.objects.count(),
        SamrFinding.objects.count(),
        Review.objects.count(),
        NationalListEntry.objects.count(),
        AuditEvent.objects.count(),
        list(Nomination.objects.order_by("pk").values_list("state", flat=True)),
    )


def test_the_whole_national_path(recommended, campaign, samr_reviewer, samr_approver, qh_expert, third_expert):  # noqa: F811
    samr = api_client(samr_reviewer)
    response = samr.post(ASSIGNMENTS, {"nomination": recommended.pk, "expert": "qh_expert", "stage": "expert"})
    assert response.status_code == 201, response.json()
    assert (response.json()["expert"], response.json()["stage"]) == ("qh_expert", "expert")
    samr.post(ASSIGNMENTS, {"nomination": recommended.pk, "expert": "third_expert", "stage": "department"})

    response = samr.post(
        f"{URL}{recommended.pk}/findings/", {"kind": "inspection", "text": "大督查发现营商环境明显改善。"}
    )
    assert response.status_code == 201, response.json()

    expert = api_client(qh_expert)
    listed = expert.get(ASSIGNMENTS).json()
    assert [row["expert"] for row in listed["results"]] == ["qh_expert"]
    assert [row["id"] for row in expert.get(URL).json()["results"]] == [recommended.pk]
    assert expert.get(f"{URL}{recommended.pk}/opinions/").json() == []
    assert expert.get(f"{URL}{recommended.pk}/findings/").json()["count"] == 1
    response = expert.put(
        f"{URL}{recommended.pk}/opinions/", {"criteria": scores(recommended, 90), "comment": "同意"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert Decimal(response.json()["score"]) == Decimal("90.00")
    api_client(third_expert).put(
        f"{URL}{recommended.pk}/opinions/", {"criteria": scores(recommended, 80)}, format="json"
    )
    assert len(expert.get(f"{URL}{recommended.pk}/opinions/").json()) == 2

    aggregate = samr.get(f"{URL}{recommended.pk}/aggregate/").json()
    assert aggregate == {"count": 2, "mean": "85.00", "median": "85.00"}
    response = samr.post(f"{URL}{recommended.pk}/evaluate/", {"comment": "综合评估"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == S.EVALUATED

    response = samr.post(LISTS, {"campaign": campaign.pk, "category": "quality"})
    assert response.status_code == 201, response.json()
    list_id = response.json()["id"]
    assert samr.post(LISTS, {"campaign": campaign.pk, "category": "quality"}).status_code == 200
    response = samr.post(f"{LISTS}{list_id}/entries/", {"nomination": recommended.pk})
    assert response.status_code == 200, response.json()
    entry = response.json()["entries"][0]
    assert (entry["position"], entry["nomination"], entry["national_score"]) == (1, recommended.pk, "85.00")
    assert entry["province_name"] == "广东省"
    assert state(recommended) == S.PROPOSED

    assert samr.post(f"{LISTS}{list_id}/approve/").status_code == 403
    response = api_client(samr_approver).post(f"{LISTS}{list_id}/approve/")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "approved"


def test_remove_and_unassign(recommended, campaign, samr_reviewer, qh_expert):  # noqa: F811
    samr = api_client(samr_reviewer)
    assignment = samr.post(ASSIGNMENTS, {"nomination": recommended.pk, "expert": "qh_expert", "stage": "expert"})
    assert samr.delete(f"{ASSIGNMENTS}{assignment.json()['id']}/").status_code == 204
    assert not ExpertAssignment.objects.exists()
    samr.post(f"{URL}{recommended.pk}/evaluate/", {"score": "88"}, format="json")
    list_id = samr.post(LISTS, {"campaign": campaign.pk, "category": "quality"}).json()["id"]
    samr.post(f"{LISTS}{list_id}/entries/", {"nomination": recommended.pk})
    response = samr.delete(f"{LISTS}{list_id}/entries/{recommended.pk}/")
    assert response.status_code == 200, response.json()
    assert response.json()["entries"] == []
    assert state(recommended) == S.EVALUATED


class TestRefusals:
    def test_province_reviewer_sees_no_national_records(self, recommended, campaign, province_reviewer):
        client = api_client(province_reviewer)
        before = snapshot()
        assert client.get(ASSIGNMENTS).json()["results"] == []
        assert client.post(LISTS, {"campaign": campaign.pk, "category": "quality"}).status_code == 404
        response = client.post(ASSIGNMENTS, {"nomination": recommended.pk, "expert": "x", "stage": "expert"})
        assert response.status_code == 400
        assert client.post(f"{URL}{recommended.pk}/evaluate/", {"score": 90}, format="json").status_code == 403
        assert client.post(f"{URL}{recommended.pk}/findings/", {"kind": "other", "text": "x"}).status_code == 403
        assert snapshot() == before

    def test_samr_approver_may_not_draft(self, recommended, campaign, samr_approver):
        before = snapshot()
        assert (
            api_client(samr_approver).post(LISTS, {"campaign": campaign.pk, "category": "quality"}).status_code == 403
        )
        assert snapshot() == before

    def test_expert_cannot_see_others(self, recommended, samr_reviewer, qh_expert, third_expert):  # noqa: F811
        samr = api_client(samr_reviewer)
        samr.post(ASSIGNMENTS, {"nomination": recommended.pk, "expert": "qh_expert", "stage": "expert"})
        other = api_client(third_expert)
        before = snapshot()
        assert other.get(URL).json()["results"] == []
        assert other.get(f"{URL}{recommended.pk}/").status_code == 404
        assert other.get(f"{URL}{recommended.pk}/opinions/").status_code == 404
        assert other.put(f"{URL}{recommended.pk}/opinions/", {"criteria": {}}, format="json").status_code == 404
        assert other.get(ASSIGNMENTS).json()["results"] == []
        assert other.get(LISTS).json()["results"] == []
        assignment = ExpertAssignment.objects.get()
        assert api_client(qh_expert).delete(f"{ASSIGNMENTS}{assignment.pk}/").status_code == 403
        assert snapshot() == before

    def test_conflict_of_interest(self, recommended, samr_reviewer, gd_expert):  # noqa: F811
        before = snapshot()
        response = api_client(samr_reviewer).post(
            ASSIGNMENTS, {"nomination": recommended.pk, "expert": "gd_expert", "stage": "expert"}
        )
        assert response.status_code == 400
        assert "不能评议广东省的申报（回避）" in response.json()["detail"]
        assert snapshot() == before

    def test_quota_full(self, campaign, samr_reviewer, county_clerk):
        Quota.objects.filter(campaign=campaign, category="quality").update(places=1)
        first, second = (
            make(campaign, code, county_clerk, state=S.EVALUATED, national_score=90) for code in ("440303", "440304")
        )
        samr = api_client(samr_reviewer)
        list_id = samr.post(LISTS, {"campaign": campaign.pk, "category": "quality"}).json()["id"]
        assert samr.post(f"{LISTS}{list_id}/entries/", {"nomination": first.pk}).status_code == 200
        before = snapshot()
        response = samr.post(f"{LISTS}{list_id}/entries/", {"nomination": second.pk})
        assert response.status_code == 400
        assert "名额为 1 个，名单已满" in response.json()["detail"]
        assert snapshot() == before


def test_balance_on_a_small_case(campaign, samr_reviewer, county_clerk):
    Quota.objects.filter(campaign=campaign, category="quality").update(places=2)
    counties = list(Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:3])
    made = [
        make(campaign, county.code, county_clerk, state=S.EVALUATED, national_score=score)
        for county, score in zip(counties, (95, 90, 80), strict=True)
    ]
    samr = api_client(samr_reviewer)
    list_id = samr.post(LISTS, {"campaign": campaign.pk, "category": "quality"}).json()["id"]
    samr.post(f"{LISTS}{list_id}/entries/", {"nomination": made[2].pk})

    data = samr.get(f"{LISTS}{list_id}/balance/").json()
    assert (data["total"], data["quota"], data["remaining"], data["quota_share"]) == (1, 2, 1, "50.0")
    assert data["by_region"] == {"east": 1, "central": 0, "west": 0, "northeast": 0}
    assert data["by_level"]["county"] == 1 and data["level_shares"]["county"] == "100.0"
    assert data["by_province"] == {"广东省": 1}
    suggestion = data["suggestion"]
    assert (suggestion["selected"], suggestion["total_score"], suggestion["feasible"]) == (
        [made[0].pk, made[1].pk],
        "185.00",
        True,
    )
    assert samr.get(f"{LISTS}{list_id}/balance/", {"max_per_province": 1}).json()["suggestion"]["selected"] == [
        made[0].pk
    ]
    impossible = samr.get(f"{LISTS}{list_id}/balance/", {"min_west": 1}).json()["suggestion"]
    assert impossible["feasible"] is False and impossible["selected"] == [] and impossible["reasons"]
    response = samr.get(f"{LISTS}{list_id}/balance/", {"min_county": "x"})
    assert response.status_code == 400 and "min_county" in response.json()["detail"]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [1, 4])
def test_list_query_counts_are_constant(size, campaign, county_clerk, samr_reviewer, qh_expert):  # noqa: F811
    counties = Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:size]
    national_list = NationalList.objects.create(campaign=campaign, category="quality")
    for position, county in enumerate(counties, start=1):
        nomination = make(campaign, county.code, county_clerk, state=S.PROPOSED, national_score=90)
        ExpertAssignment.objects.create(
            nomination=nomination, expert=qh_expert, stage="expert", assigned_by=samr_reviewer
        )
        NationalListEntry.objects.create(
            national_list=national_list, nomination=nomination, position=position, added_by=samr_reviewer
        )
    samr = api_client(samr_reviewer)
    assert len(samr.get(LISTS).json()["results"][0]["entries"]) == size
    assert samr.get(ASSIGNMENTS).json()["count"] == size
    counts = (
        count_queries(samr, LISTS),
        count_queries(samr, ASSIGNMENTS),
        count_queries(samr, f"{LISTS}{national_list.pk}/"),
    )
    assert counts == EXPECTED_QUERIES


# lists: count, page, entries (one prefetch); assignments: count, page; detail: list, entries.
EXPECTED_QUERIES = (3, 2, 2)
