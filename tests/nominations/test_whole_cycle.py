"""A whole campaign through the API from an approved national list to the awards (issue 6): publicity, one
objection upheld with fraud (its sanctions start) and one dismissed, finalisation (the others not selected), the
report, the awards, an art. 13 task, and an art. 15 revocation."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from core.domain.workdays import package_knows
from core.models import CalendarYear
from criteria.enums import DeterminingAuthority, SanctionKind
from criteria.models import Incident, Sanction
from national.domain import national_list
from nominations.enums import NominationState
from nominations.models import Nomination, Quota
from provinces.enums import Level
from provinces.models import Division
from publicity.models import PublicityPeriod

from ..helpers import api_client
from .test_nominations_api import make

pytestmark = pytest.mark.django_db
S = NominationState


@pytest.fixture
def approved(campaign, county_clerk, samr_reviewer, samr_approver):
    year = timezone.localdate().year
    for unknown in (y for y in (year, year + 1) if not package_knows(y)):
        CalendarYear.objects.create(year=unknown, complete=True)
    Quota.objects.filter(campaign=campaign, category="quality").update(places=3)
    counties = Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:4]
    made = [
        make(campaign, county.code, county_clerk, state=S.EVALUATED, national_score=90 - index)
        for index, county in enumerate(counties)
    ]
    the_list = national_list.national_list_for(campaign, "quality")
    for nomination in made[:3]:
        national_list.add(samr_reviewer, the_list, nomination)
    national_list.approve(samr_approver, the_list)
    cache.clear()  # the public throttles
    return the_list, made


def state(nomination):
    return Nomination.objects.get(pk=nomination.pk).state


def test_from_the_approved_list_to_the_awards(approved, samr_approver, samr_reviewer):
    the_list, (first, second, third, left_out) = approved
    approver, reviewer, public = api_client(samr_approver), api_client(samr_reviewer), APIClient()
    lists = f"/api/v1/national-lists/{the_list.pk}/"

    response = approver.post(
        f"{lists}publicise/", {"notice_title": "公示", "notice_text": "现予以公示。"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert state(first) == S.IN_PUBLICITY

    # The public files two objections.
    receipts = []
    for nomination in (first, second):
        filed = public.post(
            "/api/v1/objections/",
            {
                "nomination": nomination.pk,
                "name": "张三",
                "contact": "13800138000",
                "grounds": "申报数据与实际不符，请核查。",
            },
            format="multipart",
        )
        assert filed.status_code == 201, filed.json()
        receipts.append(filed.json()["receipt"])
    objections = reviewer.get("/api/v1/objections/").json()["results"]
    by_nomination = {item["nomination"]: item["id"] for item in objections}

    # Publicity ends (time passes); the list cannot be finalised while an objection is open.
    PublicityPeriod.objects.update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    refused = approver.post(f"{lists}finalise/", {"note": ""}, format="json")
    assert refused.status_code == 400 and "异议" in refused.json()["detail"]

    # One upheld with fraud (the locality is disqualified, the sanctions start), one dismissed.
    upheld = approver.post(
        f"/api/v1/objections/{by_nomination[first.pk]}/uphold/",
        {"resolution": "经核查，数据系伪造。", "fraud": True},
        format="json",
    )
    assert upheld.status_code == 200, upheld.json()
    dismissed = reviewer.post(
        f"/api/v1/objections/{by_nomination[second.pk]}/dismiss/", {"resolution": "经核查，数据属实。"}, format="json"
    )
    assert dismissed.status_code == 200, dismissed.json()
    assert state(first) == S.DISQUALIFIED
    assert set(Sanction.objects.values_list("kind", flat=True)) == {
        SanctionKind.APPLICATION_BAN,
        SanctionKind.RECOMMENDATION_BAN,
    }

    final = approver.post(f"{lists}finalise/", {"note": "公示期满，异议已办结"}, format="json")
    assert final.status_code == 201, final.json()
    assert [state(n) for n in (second, third, left_out)] == [S.APPROVED, S.APPROVED, S.NOT_SELECTED]
    assert len(public.get("/api/v1/published-lists/").json()["results"][0]["entries"]) == 2

    report = approver.post(
        f"{lists}report/",
        {"document_number": "国市监信函〔2026〕12号", "document_date": timezone.localdate().isoformat()},
        format="json",
    )
    assert report.status_code == 200, report.json()
    assert [state(n) for n in (second, third)] == [S.AWARDED, S.AWARDED]
    awards = {item["nomination"]: item["id"] for item in reviewer.get("/api/v1/awards/").json()["results"]}
    assert set(awards) == {second.pk, third.pk}

    task = reviewer.post(
        "/api/v1/award-tasks/",
        {
            "award": awards[second.pk],
            "kind": "pilot",
            "title": "质量工作改革创新试点",
            "due_on": str(timezone.localdate()),
        },
        format="json",
    )
    assert task.status_code == 201, task.json()

    incident = Incident.objects.create(
        division=third.division,
        occurred_on=timezone.localdate(),
        domain="food_drug"
        if "food_drug" in Incident._meta.get_field("domain").choices.__class__.__name__
        else Incident._meta.get_field("domain").choices[0][0],
        title="重大食品安全事件",
        determining_authority=DeterminingAuthority.STATE_COUNCIL,
        source_document="国务院调查组报告",
        government_responsibility=True,
    )
    revoked = approver.post(
        f"/api/v1/awards/{awards[third.pk]}/revoke/",
        {"reason": "第十五条：重大食品安全事件", "incident": incident.pk},
        format="json",
    )
    assert revoked.status_code == 200, revoked.json()
    assert state(third) == S.REVOKED and state(second) == S.AWARDED
