"""The provincial lists API (`/api/v1/province-recommendations/`): rank, confirm, recommend, the document, queries."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import AuditEvent
from nominations.domain import workflow
from nominations.enums import NominationState, RecommendationState
from nominations.models import Nomination, ProvinceCap, ProvinceRecommendation
from provinces.enums import Level
from provinces.models import Division

from ..helpers import api_client

pytestmark = pytest.mark.django_db
S = NominationState
URL = "/api/v1/province-recommendations/"
PDF = b"%PDF-1.4\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def make(campaign, code, user, *, category="quality", state=S.VERIFIED, **fields):
    """Arrange-only: an application of ``code`` stored in ``state`` without going through the workflow."""
    return Nomination.objects.create(
        campaign=campaign,
        category=category,
        division=Division.objects.get(code=code),
        criteria_set=campaign.criteria_sets.get(category=category),
        state=state,
        created_by=user,
        **fields,
    )


def guangdong(campaign, category="quality"):
    return workflow.recommendation_for(campaign, Division.objects.get(code="440000"), category)


def confirmation(document=None):
    body = {"document_number": "粤府函〔2026〕88号", "document_date": timezone.localdate().isoformat()}
    if document is not None:
        body["document"] = SimpleUploadedFile("确认文件.pdf", document, content_type="application/pdf")
    return body


@pytest.fixture
def shortlisted(campaign, county_clerk):
    return make(campaign, "440902", county_clerk, state=S.SHORTLISTED, province_rank=1)


# ---------------------------------------------------------------- create, see


def test_a_province_opens_its_list_once(campaign, province_reviewer, province_approver):
    body = {"campaign": campaign.pk, "category": "quality"}

    created = api_client(province_reviewer).post(URL, body, format="json")
    again = api_client(province_approver).post(URL, body, format="json")

    assert created.status_code == 201 and again.status_code == 200
    assert created.json()["id"] == again.json()["id"]
    assert (created.json()["province"], created.json()["state"], created.json()["cap"]) == ("440000", "draft", None)
    assert ProvinceRecommendation.objects.count() == 1


@pytest.mark.parametrize("name", ["county_clerk", "samr_reviewer", "expert"])
def test_only_provincial_users_open_a_list(name, request, campaign):
    response = api_client(request.getfixturevalue(name)).post(
        URL, {"campaign": campaign.pk, "category": "quality"}, format="json"
    )

    assert response.status_code == 403 and "省级" in response.json()["detail"]
    assert not ProvinceRecommendation.objects.exists()


@pytest.mark.parametrize("body", [{"campaign": "x", "category": "quality"}, {"campaign": 1, "category": "moon"}, {}])
def test_bad_create_input(body, campaign, province_reviewer):
    response = api_client(province_reviewer).post(URL, body, format="json")

    assert response.status_code == 400 and response.json()["detail"]


def test_who_sees_which_list(
    campaign, shortlisted, county_clerk, province_reviewer, other_province_reviewer, samr_reviewer
):
    ProvinceCap.objects.create(campaign=campaign, province=shortlisted.division.province, category="quality", cap=3)
    ours = guangdong(campaign)
    theirs = workflow.recommendation_for(campaign, Division.objects.get(code="630000"), "quality")

    listed = api_client(province_reviewer).get(URL).json()
    assert [row["id"] for row in listed["results"]] == [ours.pk]
    assert listed["results"][0]["cap"] == 3 and [e["id"] for e in listed["results"][0]["entries"]] == [shortlisted.pk]
    assert api_client(province_reviewer).get(f"{URL}{theirs.pk}/").status_code == 404
    assert api_client(other_province_reviewer).get(f"{URL}{ours.pk}/").status_code == 404
    assert api_client(county_clerk).get(URL).json()["count"] == 0
    # SAMR sees every list, but not the entries a province has not recommended yet.
    national = api_client(samr_reviewer).get(URL).json()["results"]
    assert {row["id"] for row in national} == {ours.pk, theirs.pk}
    assert all(row["entries"] == [] for row in national)


def test_list_filters(campaign, shortlisted, province_approver, samr_reviewer):
    quality = guangdong(campaign)
    reform = guangdong(campaign, "business_reform")
    qinghai = workflow.recommendation_for(campaign, Division.objects.get(code="630000"), "quality")
    ProvinceRecommendation.objects.filter(pk=quality.pk).update(state=RecommendationState.CONFIRMED)
    api = api_client(samr_reviewer)

    def ids(**params):
        return {row["id"] for row in api.get(URL, params).json()["results"]}

    assert ids(campaign=campaign.pk) == {quality.pk, reform.pk, qinghai.pk}
    assert ids(category="quality") == {quality.pk, qinghai.pk}
    assert ids(province="440000") == {quality.pk, reform.pk}
    assert ids(state="confirmed") == {quality.pk}
    assert ids(campaign=campaign.pk + 1) == set()
    assert api.get(URL, {"state": "lost"}).status_code == 400


# ---------------------------------------------------------------- rank


def test_rank_orders_the_entries(campaign, county_clerk, province_reviewer):
    first = make(campaign, "440902", county_clerk)
    second = make(campaign, "440106", county_clerk, state=S.SHORTLISTED)
    make(campaign, "440304", county_clerk, state=S.SUBMITTED)  # not verified yet: not an entry
    recommendation = guangdong(campaign)

    response = api_client(province_reviewer).post(
        f"{URL}{recommendation.pk}/rank/", {"order": [second.pk, first.pk]}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert [(e["id"], e["province_rank"]) for e in response.json()["entries"]] == [(second.pk, 1), (first.pk, 2)]
    assert AuditEvent.objects.filter(action="recommendation.rank", actor=province_reviewer).exists()


def test_rank_refusals(campaign, county_clerk, province_reviewer, province_approver, other_province_reviewer):
    entry = make(campaign, "440902", county_clerk)
    foreign = make(campaign, "630202", county_clerk)
    recommendation = guangdong(campaign)
    rank = f"{URL}{recommendation.pk}/rank/"

    not_numbers = api_client(province_reviewer).post(rank, {"order": ["first", entry.pk]}, format="json")
    assert not_numbers.status_code == 400 and not_numbers.json()["detail"].startswith("order 第 1 项：")
    not_a_list = api_client(province_reviewer).post(rank, {"order": 3}, format="json")
    assert not_a_list.status_code == 400 and "order" in not_a_list.json()
    outside = api_client(province_reviewer).post(rank, {"order": [entry.pk, foreign.pk]}, format="json")
    assert outside.status_code == 400 and str(foreign.pk) in outside.json()["detail"]
    assert api_client(province_approver).post(rank, {"order": [entry.pk]}, format="json").status_code == 403
    assert api_client(other_province_reviewer).post(rank, {"order": [entry.pk]}, format="json").status_code == 404
    assert Nomination.objects.get(pk=entry.pk).province_rank is None


# ---------------------------------------------------------------- confirm, recommend, document


def test_confirm_and_recommend_without_a_scan(campaign, shortlisted, province_approver):
    recommendation = guangdong(campaign)
    api = api_client(province_approver)

    premature = api.post(f"{URL}{recommendation.pk}/recommend/")
    assert premature.status_code == 400 and "须先登记省级人民政府的确认文件" in premature.json()["detail"]
    confirmed = api.post(f"{URL}{recommendation.pk}/confirm/", confirmation(), format="json")
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["government_document_number"] == "粤府函〔2026〕88号"
    assert confirmed.json()["document_url"] is None
    assert api.get(f"{URL}{recommendation.pk}/document/").status_code == 404
    recommended = api.post(f"{URL}{recommendation.pk}/recommend/")
    assert recommended.json()["state"] == "recommended"
    assert Nomination.objects.get(pk=shortlisted.pk).state == S.RECOMMENDED


@pytest.mark.parametrize("name", ["province_reviewer", "county_clerk"])
def test_only_the_approver_confirms(name, request, campaign, shortlisted):
    recommendation = guangdong(campaign)

    response = api_client(request.getfixturevalue(name)).post(
        f"{URL}{recommendation.pk}/confirm/", confirmation(), format="json"
    )

    assert response.status_code == (403 if name == "province_reviewer" else 404)
    assert ProvinceRecommendation.objects.get(pk=recommendation.pk).state == RecommendationState.DRAFT


def test_another_province_gets_404(campaign, shortlisted, other_province_reviewer):
    recommendation = guangdong(campaign)
    api = api_client(other_province_reviewer)

    for action in ("confirm", "recommend"):
        assert api.post(f"{URL}{recommendation.pk}/{action}/", confirmation(), format="json").status_code == 404
    assert api.get(f"{URL}{recommendation.pk}/document/").status_code == 404


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"document_number": "粤府函〔2026〕88号", "document_date": "昨天"}, ("document_date",)),
        ({"document_number": "", "document_date": None}, ("文号",)),
        ({**confirmation(), "document_date": "2999-01-01"}, ("不能晚于今天",)),
    ],
)
def test_confirmation_input_refusals(body, words, campaign, shortlisted, province_approver):
    recommendation = guangdong(campaign)

    response = api_client(province_approver).post(f"{URL}{recommendation.pk}/confirm/", body, format="json")

    assert response.status_code == 400 and all(word in response.json()["detail"] for word in words), response.json()
    assert ProvinceRecommendation.objects.get(pk=recommendation.pk).state == RecommendationState.DRAFT


def test_a_wrong_content_scan_is_refused(campaign, shortlisted, province_approver):
    recommendation = guangdong(campaign)

    response = api_client(province_approver).post(
        f"{URL}{recommendation.pk}/confirm/", confirmation(document=HTML), format="multipart"
    )

    assert response.status_code == 400 and "只接受" in response.json()["detail"]
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.DRAFT and not recommendation.government_document


def test_the_document_download_is_audited(campaign, shortlisted, province_approver, province_reviewer, samr_reviewer):
    recommendation = guangdong(campaign)
    confirmed = api_client(province_approver).post(
        f"{URL}{recommendation.pk}/confirm/", confirmation(document=PDF), format="multipart"
    )
    assert confirmed.status_code == 200, confirmed.json()

    for user in (province_reviewer, samr_reviewer):
        response = api_client(user).get(confirmed.json()["document_url"])
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert f"filename*=UTF-8''{quote('确认文件.pdf', safe='')}" in response["Content-Disposition"]

    events = AuditEvent.objects.for_object(recommendation).filter(action="recommendation.document.download")
    assert [e.actor for e in events] == [province_reviewer, samr_reviewer]


def test_entries_reach_samr_once_recommended(campaign, shortlisted, province_approver, samr_reviewer):
    recommendation = guangdong(campaign)
    approver, samr = api_client(province_approver), api_client(samr_reviewer)
    assert samr.get(f"{URL}{recommendation.pk}/").json()["entries"] == []

    approver.post(f"{URL}{recommendation.pk}/confirm/", confirmation(), format="json")
    approver.post(f"{URL}{recommendation.pk}/recommend/")

    entries = samr.get(f"{URL}{recommendation.pk}/").json()["entries"]
    assert [(e["id"], e["state"], e["province_rank"]) for e in entries] == [(shortlisted.pk, "recommended", 1)]


# ---------------------------------------------------------------- queries


@pytest.mark.parametrize(("categories", "per_list"), [(["quality"], 2), (["quality", "business_reform"], 4)])
def test_list_query_count_is_constant(
    categories, per_list, campaign, county_clerk, province_reviewer, django_assert_num_queries
):
    counties = list(Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code"))
    for index, category in enumerate(categories):
        guangdong(campaign, category)
        for county in counties[index * per_list : (index + 1) * per_list]:
            make(campaign, county.code, county_clerk, category=category)
    workflow.recommendation_for(campaign, Division.objects.get(code="630000"), "quality")  # not visible
    api = api_client(province_reviewer)
    api.get(URL)  # the user's memberships are loaded once and cached

    with django_assert_num_queries(3):  # count, page, the page's entries
        response = api.get(URL)

    assert response.json()["count"] == len(categories)
    assert sum(len(row["entries"]) for row in response.json()["results"]) == len(categories) * per_list
