"""/api/v1/incidents/: SAMR records, everyone reads what lies in its jurisdiction."""

from datetime import date

import pytest

from accounts import policy
from criteria.models import Incident
from tests.helpers import api_client

pytestmark = pytest.mark.django_db

NEW_INCIDENT = {
    "division": "440902",
    "occurred_on": "2019-05-01",
    "domain": "special_equipment",
    "title": "电梯坠落致人死亡事故",
    "description": "住宅小区电梯坠落，造成 2 人死亡。",
    "determining_authority": "authorised_department",
    "authority_name": "国家市场监督管理总局",
    "government_responsibility": True,
    "source_document": "市监特函〔2019〕1号",
}


@pytest.fixture
def register(make_incident):
    """One incident in 茂南区 (广东), one in 化州市 (广东), one in 乐都区 (青海)."""
    return {
        "maonan": make_incident("440902", date(2019, 5, 1), "special_equipment"),
        "huazhou": make_incident("440982", date(2020, 8, 1), "food_drug"),
        "ledu": make_incident("630202", date(2018, 2, 1), "engineering"),
    }


# persona: which of (maonan, huazhou, ledu) it reads
VISIBLE = {
    "county_clerk": {"maonan"},  # its own division
    "other_county_clerk": {"ledu"},
    "city_clerk": set(),  # a prefecture's jurisdiction is itself; counties' incidents reach it through incidents_for
    "province_reviewer": {"maonan", "huazhou"},
    "other_province_reviewer": {"ledu"},
    "expert": set(),
    "samr_reviewer": {"maonan", "huazhou", "ledu"},
    "samr_approver": {"maonan", "huazhou", "ledu"},
    "admin_user": {"maonan", "huazhou", "ledu"},
}


@pytest.mark.parametrize("persona", list(VISIBLE), indirect=True)
def test_who_reads_which_incidents(persona, request, register):
    expected = VISIBLE[request.node.callspec.params["persona"]]
    api = api_client(persona)
    listed = {row["id"] for row in api.get("/api/v1/incidents/").json()["results"]}
    assert listed == {register[name].pk for name in expected}
    for name, incident in register.items():
        status = api.get(f"/api/v1/incidents/{incident.pk}/").status_code
        assert status == (200 if name in expected else 404)


def test_anonymous_is_refused(anonymous, register):
    response = api_client(anonymous).get("/api/v1/incidents/")
    assert response.status_code in (401, 403) and response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"division": "440902"}, {"maonan"}),
        ({"province": "440000"}, {"maonan", "huazhou"}),
        ({"domain": "food_drug"}, {"huazhou"}),
        ({"date_from": "2019-01-01"}, {"maonan", "huazhou"}),
        ({"date_from": "2019-01-01", "date_to": "2019-12-31"}, {"maonan"}),
        ({"date_to": "2018-02-01"}, {"ledu"}),
    ],
)
def test_filters(samr_reviewer, register, params, expected):
    rows = api_client(samr_reviewer).get("/api/v1/incidents/", params).json()["results"]
    assert {row["id"] for row in rows} == {register[name].pk for name in expected}


@pytest.mark.parametrize("persona", ["samr_reviewer", "samr_approver", "admin_user"], indirect=True)
def test_samr_staff_record_and_correct_incidents(persona):
    api = api_client(persona)
    response = api.post("/api/v1/incidents/", NEW_INCIDENT, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["division"], body["division_name"], body["domain_display"]) == ("440902", "茂南区", "特种设备")
    incident = Incident.objects.get(pk=body["id"])
    assert incident.recorded_by == persona

    response = api.patch(f"/api/v1/incidents/{incident.pk}/", {"government_responsibility": False}, format="json")
    assert response.status_code == 200
    incident.refresh_from_db()
    assert incident.government_responsibility is False and incident.recorded_by == persona


@pytest.mark.parametrize(
    "persona", ["county_clerk", "city_clerk", "province_reviewer", "province_approver", "expert"], indirect=True
)
def test_others_may_not_record_or_change(persona, register):
    api = api_client(persona)
    assert api.post("/api/v1/incidents/", NEW_INCIDENT, format="json").status_code == 403
    # a visible incident is a 403, an invisible one a 404
    status = api.patch(f"/api/v1/incidents/{register['maonan'].pk}/", {"title": "改"}, format="json").status_code
    assert status in (403, 404)
    assert Incident.objects.get(pk=register["maonan"].pk).title == "电梯困人致伤事故"


def test_province_reviewer_sees_403_on_its_own_incidents(province_reviewer, register):
    response = api_client(province_reviewer).patch(
        f"/api/v1/incidents/{register['maonan'].pk}/", {"title": "改"}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"division": "440000"}, "division"),  # provinces do not apply; record the place
        ({"division": "999999"}, "division"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"authority_name": ""}, "authority_name"),
        ({"domain": "weather"}, "domain"),
    ],
)
def test_invalid_incidents_are_a_400(samr_reviewer, changes, field):
    response = api_client(samr_reviewer).post("/api/v1/incidents/", {**NEW_INCIDENT, **changes}, format="json")
    assert response.status_code == 400
    assert field in response.json() and response.json()["detail"]


@pytest.mark.parametrize("persona", ["samr_reviewer", "province_reviewer"], indirect=True)
@pytest.mark.parametrize("count", [1, 6])
def test_list_query_count_is_constant(persona, make_incident, count, django_assert_num_queries):
    for day in range(1, count + 1):
        make_incident("440902", date(2019, 5, day))
    api = api_client(persona)
    # memberships, [a province's reviewer: the per-object grants, SAMR sees the whole country], count, page
    national = policy.is_national(type(persona).objects.get(pk=persona.pk))  # not the client's object: no cache
    with django_assert_num_queries(3 if national else 4):
        response = api.get("/api/v1/incidents/")
    assert len(response.json()["results"]) == count
