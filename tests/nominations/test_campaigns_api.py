from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import AuditEvent
from criteria.models import CriteriaSet
from nominations.enums import CampaignStatus
from nominations.models import Campaign, ProvinceCap

from ..helpers import api_client
from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


def campaign_payload(**overrides):
    now = timezone.now()
    return {
        "year": 2027,
        "title": "2027年度推荐认定工作",
        "notice_number": "市监信函〔2027〕3号",
        "criteria_sets": list(CriteriaSet.objects.filter(year=2020).values_list("pk", flat=True)),
        "application_deadline": (now + timedelta(days=20)).isoformat(),
        "province_deadline": (now + timedelta(days=40)).isoformat(),
        "national_deadline": (now + timedelta(days=60)).isoformat(),
        "reference_date": "2026-12-31",
        **overrides,
    }


def test_admin_creates_sets_quotas_and_caps_then_opens(admin_user):
    api = api_client(admin_user)
    created = api.post("/api/v1/campaigns/", campaign_payload(), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    quotas = api.put(
        f"/api/v1/campaigns/{pk}/quotas/",
        [{"category": "business_reform", "places": 60}, {"category": "quality", "places": 40}],
        format="json",
    )
    assert quotas.status_code == 200
    caps = api.put(
        f"/api/v1/campaigns/{pk}/caps/", [{"province": "440000", "category": "quality", "cap": 3}], format="json"
    )
    assert caps.json() == [{"province": "440000", "province_name": "广东省", "category": "quality", "cap": 3}]
    opened = api.post(f"/api/v1/campaigns/{pk}/open/")
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert {e.action for e in AuditEvent.objects.all()} == {
        "campaign.create",
        "campaign.quotas",
        "campaign.caps",
        "campaign.open",
    }


def test_refusals_are_400_with_chinese_detail_and_change_nothing(admin_user):
    api = api_client(admin_user)
    campaign = CampaignFactory()
    response = api.post(f"/api/v1/campaigns/{campaign.pk}/open/")
    assert response.status_code == 400 and "认定条件" in response.json()["detail"]
    bad_order = campaign_payload(province_deadline=(timezone.now() + timedelta(days=1)).isoformat())
    response = api.post("/api/v1/campaigns/", bad_order, format="json")
    assert response.status_code == 400 and "截止时间须依次为" in response.json()["detail"]
    response = api.put(
        f"/api/v1/campaigns/{campaign.pk}/caps/",
        [{"province": "440900", "category": "quality", "cap": 3}],
        format="json",
    )
    assert response.status_code == 400 and "不是省级区划代码" in response.json()["detail"]
    assert not ProvinceCap.objects.exists()
    assert Campaign.objects.count() == 1


def test_an_open_campaign_keeps_its_criteria_sets(admin_user):
    api = api_client(admin_user)
    campaign = CampaignFactory(ready=True)
    api.post(f"/api/v1/campaigns/{campaign.pk}/open/")
    response = api.patch(f"/api/v1/campaigns/{campaign.pk}/", {"criteria_sets": []}, format="json")
    assert response.status_code == 400 and "已冻结" in response.json()["detail"]
    later = (campaign.application_deadline + timedelta(days=3)).isoformat()
    assert (
        api.patch(f"/api/v1/campaigns/{campaign.pk}/", {"application_deadline": later}, format="json").status_code
        == 200
    )


@pytest.mark.parametrize("name", ["county_clerk", "province_reviewer", "samr_reviewer", "samr_approver", "expert"])
def test_only_admins_write(name, request):
    api = api_client(request.getfixturevalue(name))
    campaign = CampaignFactory(ready=True)
    assert api.get("/api/v1/campaigns/").status_code == 200
    assert api.post("/api/v1/campaigns/", campaign_payload(), format="json").status_code == 403
    assert api.patch(f"/api/v1/campaigns/{campaign.pk}/", {"title": "x"}, format="json").status_code == 403
    assert api.post(f"/api/v1/campaigns/{campaign.pk}/open/").status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT and campaign.title != "x"


def test_acknowledge_and_board(admin_user, province_reviewer, county_clerk, samr_reviewer):
    campaign = CampaignFactory(ready=True)
    api_client(admin_user).post(f"/api/v1/campaigns/{campaign.pk}/open/")
    response = api_client(province_reviewer).post(f"/api/v1/campaigns/{campaign.pk}/acknowledge/")
    assert response.status_code == 201 and response.json()["province"] == "440000"
    again = api_client(province_reviewer).post(f"/api/v1/campaigns/{campaign.pk}/acknowledge/")
    assert again.status_code == 400 and "无需重复签收" in again.json()["detail"]
    assert api_client(county_clerk).post(f"/api/v1/campaigns/{campaign.pk}/acknowledge/").status_code == 403
    assert api_client(province_reviewer).get(f"/api/v1/campaigns/{campaign.pk}/acknowledgements/").status_code == 403
    board = api_client(samr_reviewer).get(f"/api/v1/campaigns/{campaign.pk}/acknowledgements/").json()
    signed = {row["province"]: row["acknowledged_at"] for row in board}
    assert len(signed) == 32 and signed["440000"] and signed["630000"] is None


@pytest.mark.parametrize("count", [1, 4])
def test_list_query_count_is_constant(count, samr_reviewer, django_assert_num_queries):
    for year in range(2030, 2030 + count):
        CampaignFactory(year=year, ready=True)
    api = api_client(samr_reviewer)
    api.get("/api/v1/campaigns/")  # the user's memberships are loaded once and cached
    with django_assert_num_queries(5):  # count, page, quotas, criteria sets, caps
        assert api.get("/api/v1/campaigns/").json()["count"] == count


@pytest.mark.parametrize("path", ["quotas", "caps"])
def test_a_refused_user_hears_403_before_anything_about_the_body(path, samr_reviewer, admin_user):
    campaign = CampaignFactory()
    bad = {"not": "a list"}
    refused = api_client(samr_reviewer).put(f"/api/v1/campaigns/{campaign.pk}/{path}/", bad, format="json")
    assert refused.status_code == 403
    judged = api_client(admin_user).put(f"/api/v1/campaigns/{campaign.pk}/{path}/", bad, format="json")
    assert judged.status_code == 400


def test_a_row_error_says_where_it_is_never_a_python_repr(admin_user):
    campaign = CampaignFactory()
    response = api_client(admin_user).put(
        f"/api/v1/campaigns/{campaign.pk}/quotas/", [{"category": "quality"}], format="json"
    )
    assert response.status_code == 400
    assert (
        response.json()["detail"] == "第1行 places：该字段是必填项。" and "ErrorDetail" not in response.content.decode()
    )
