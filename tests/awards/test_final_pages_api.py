# ruff: noqa: F811 - fixtures imported from other test modules are redefined as arguments
"""The final stage's pages and API: the report, the awards and their tasks, revocation, disqualification, sanctions;
refusals change nothing; lists run a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.domain import award_tasks, fraud
from awards.models import Award, AwardTask, TaskStatus
from criteria.enums import DeterminingAuthority, IncidentDomain
from criteria.models import Incident, Sanction
from national.models import NationalListState
from nominations.enums import NominationState
from nominations.models import Nomination
from provinces.enums import Level
from provinces.models import Division

from ..helpers import api_client
from ..national.test_national_list import evaluated  # noqa: F401
from ..nominations.test_nominations_api import make
from .test_final import approved_list, award, finalised, in_publicity, left_out, reported  # noqa: F401

pytestmark = pytest.mark.django_db
S = NominationState


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def clerk_of(nomination, county_clerk, city_clerk):
    return county_clerk if nomination.division.code == "440902" else city_clerk


# ---------------------------------------------------------------- pages


def test_the_report_page(finalised, samr_approver, samr_reviewer):
    url = reverse("awards:national_list_report", args=["quality"])
    assert signed_in(samr_reviewer).get(url).status_code == 403
    client = signed_in(samr_approver)
    page = client.get(url)
    assert page.status_code == 200 and "第十一条 质量工作改革创新先行先试" in page.content.decode()
    response = client.post(url, {"document_number": "", "document_date": ""})
    assert response.status_code == 200 and not Award.objects.exists()
    today = timezone.localdate().isoformat()
    listed = finalised.entries.get().nomination_id
    response = client.post(
        url, {"document_number": "国市监信函〔2026〕12号", "document_date": today, f"m{listed}": ["q_pilot"]}
    )
    assert response.status_code == 302
    assert Award.objects.get().measures == ["q_pilot"]


def test_awards_and_tasks_pages(award, samr_reviewer, samr_approver, county_clerk, city_clerk, other_county_clerk):
    clerk = clerk_of(award.nomination, county_clerk, city_clerk)
    url = reverse("awards:award", args=[award.pk])
    assert signed_in(other_county_clerk).get(url).status_code == 404
    samr = signed_in(samr_reviewer)
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = samr.post(url, {"action": "task", "task-kind": "pilot", "task-title": "", "task-due_on": due})
    assert response.status_code == 200 and not AwardTask.objects.exists()
    response = samr.post(url, {"action": "task", "task-kind": "pilot", "task-title": "试点", "task-due_on": due})
    assert response.status_code == 302
    task = AwardTask.objects.get()
    page = signed_in(clerk).get(url)
    assert page.status_code == 200 and "试点" in page.content.decode()
    report = reverse("awards:task_report", args=[award.pk, task.pk])
    signed_in(clerk).post(report, {f"t{task.pk}-status": "done", f"t{task.pk}-report": "已完成"})
    assert AwardTask.objects.get().status == TaskStatus.DONE
    assert signed_in(clerk).get(reverse("awards:awards")).context["page"].paginator.count == 1
    assert signed_in(other_county_clerk).get(reverse("awards:awards")).context["page"].paginator.count == 0
    approver = signed_in(samr_approver)
    refused = approver.post(url, {"action": "revoke", "revoke-reason": "重大事件"})  # no incident: art. 15's basis
    assert refused.status_code == 200 and not Award.objects.get().is_revoked
    incident = Incident.objects.create(
        division=award.nomination.division,
        occurred_on=timezone.localdate(),
        domain=IncidentDomain.FOOD_DRUG,
        title="食品安全事件",
        determining_authority=DeterminingAuthority.STATE_COUNCIL,
        source_document="国务院调查组报告",
        government_responsibility=True,
    )
    assert str(incident) in approver.get(url).content.decode()  # offered: in the locality, in the award's year
    revoke = approver.post(url, {"action": "revoke", "revoke-reason": "重大事件", "revoke-incident": incident.pk})
    assert revoke.status_code == 302 and Award.objects.get().is_revoked


def test_the_disqualify_page(left_out, samr_approver, samr_reviewer):
    url = reverse("awards:disqualify", args=[left_out.pk])
    assert signed_in(samr_reviewer).get(url).status_code == 403
    client = signed_in(samr_approver)
    assert client.post(url, {"finding": ""}).status_code == 200
    assert Nomination.objects.get(pk=left_out.pk).state == S.EVALUATED
    assert client.post(url, {"finding": "伪造数据", "fraud": "on"}).status_code == 302
    assert Nomination.objects.get(pk=left_out.pk).state == S.DISQUALIFIED and Sanction.objects.count() == 2


@pytest.mark.parametrize("size", [1, 4])
def test_the_awards_page_runs_a_constant_number_of_queries(size, campaign, county_clerk, samr_reviewer):
    counties = Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:size]
    for county in counties:
        nomination = make(campaign, county.code, county_clerk, state=S.AWARDED)
        Award.objects.create(
            nomination=nomination, measures=["q_pilot"], granted_at=timezone.now(), granted_by=samr_reviewer
        )
    client = signed_in(samr_reviewer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("awards:awards"))
    assert len(response.context["page"]) == size
    assert len(queries) == 6  # session, user, memberships, the per-object grants, count, page


# ---------------------------------------------------------------- API


def test_the_api_path(finalised, samr_approver, samr_reviewer, county_clerk, city_clerk, other_county_clerk):
    approver, reviewer = api_client(samr_approver), api_client(samr_reviewer)
    url = f"/api/v1/national-lists/{finalised.pk}/report/"
    bad = approver.post(
        url,
        {"document_number": "x", "document_date": timezone.localdate().isoformat(), "measures": ["br_pilot"]},
        format="json",
    )
    assert bad.status_code == 400 and "不适用于本类别" in bad.json()["detail"]
    assert (
        reviewer.post(url, {"document_number": "x", "document_date": timezone.localdate().isoformat()}).status_code
        == 403
    )
    response = approver.post(
        url,
        {"document_number": "国市监信函〔2026〕12号", "document_date": timezone.localdate().isoformat()},
        format="json",
    )
    assert response.status_code == 200 and response.json()["state"] == NationalListState.REPORTED
    awards_list = reviewer.get("/api/v1/awards/").json()
    assert awards_list["count"] == 1
    award = awards_list["results"][0]
    assert {m["code"] for m in award["measures"]} >= {"q_pilot", "q_training"}
    clerk = clerk_of(Award.objects.get().nomination, county_clerk, city_clerk)
    assert api_client(other_county_clerk).get(f"/api/v1/awards/{award['id']}/").status_code == 404
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    created = reviewer.post(
        "/api/v1/award-tasks/",
        {"award": award["id"], "kind": "research", "title": "课题研究", "due_on": due},
        format="json",
    )
    assert created.status_code == 201, created.json()
    task_id = created.json()["id"]
    assert (
        api_client(clerk)
        .post(f"/api/v1/award-tasks/{task_id}/report/", {"status": "open", "report": "x"}, format="json")
        .status_code
        == 400
    )
    done = api_client(clerk).post(
        f"/api/v1/award-tasks/{task_id}/report/", {"status": "done", "report": "已完成"}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    refused = approver.post(f"/api/v1/awards/{award['id']}/revoke/", {"reason": "事件"}, format="json")
    assert refused.status_code == 400 and "第十五条" in refused.json()["detail"]
    incident = Incident.objects.create(
        division=Award.objects.get().nomination.division,
        occurred_on=timezone.localdate(),
        domain=IncidentDomain.FOOD_DRUG,
        title="食品安全事件",
        determining_authority=DeterminingAuthority.STATE_COUNCIL,
        source_document="国务院调查组报告",
        government_responsibility=True,
    )
    revoked = approver.post(
        f"/api/v1/awards/{award['id']}/revoke/", {"reason": "事件", "incident": incident.pk}, format="json"
    )
    assert revoked.status_code == 200 and revoked.json()["is_revoked"] is True


def test_disqualify_and_sanctions_through_the_api(
    left_out, samr_approver, county_clerk, other_county_clerk, province_reviewer
):
    approver = api_client(samr_approver)
    url = f"/api/v1/nominations/{left_out.pk}/disqualify/"
    assert approver.post(url, {"finding": ""}, format="json").status_code == 400
    response = approver.post(url, {"finding": "伪造数据", "fraud": True}, format="json")
    assert response.status_code == 200 and response.json()["state"] == S.DISQUALIFIED
    listed = approver.get("/api/v1/sanctions/").json()
    assert listed["count"] == 2
    # Each names the application of the fraud finding that started it (kept by ``awards.FraudFinding``).
    assert [item["nomination"] for item in listed["results"]] == [left_out.pk, left_out.pk]
    province = api_client(province_reviewer).get("/api/v1/sanctions/").json()
    assert province["count"] == 2 and all(item["in_force"] is not None for item in province["results"])
    assert api_client(other_county_clerk).get("/api/v1/sanctions/").json()["count"] == 0


@pytest.mark.parametrize("size", [1, 4])
def test_api_lists_run_a_constant_number_of_queries(size, campaign, county_clerk, samr_reviewer):
    counties = Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:size]
    for county in counties:
        nomination = make(campaign, county.code, county_clerk, state=S.AWARDED)
        award = Award.objects.create(
            nomination=nomination, measures=["q_pilot"], granted_at=timezone.now(), granted_by=samr_reviewer
        )
        award_tasks.assign_task(samr_reviewer, award, kind="pilot", title="试点", due_on=timezone.localdate())
        fraud.record_fraud_finding(samr_reviewer, nomination, finding="x")
    client = api_client(samr_reviewer)
    counts = []
    for url in ("/api/v1/awards/", "/api/v1/award-tasks/", "/api/v1/sanctions/"):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).json()["count"] >= size
        counts.append(len(queries))
    # count and page each; the sanctions also read the campaign year of today (their in_force)
    assert counts == [2, 2, 3]
