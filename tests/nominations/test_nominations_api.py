"""The applications API (`/api/v1/nominations/`): the whole path, refusals per persona, evidence, filters, queries."""

from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.domain.uploads import content_disposition
from core.models import AuditEvent
from criteria.enums import CriterionKind
from nominations.domain import applications
from nominations.enums import NominationState
from nominations.models import Attachment, Nomination, TypicalExperience
from provinces.enums import Level
from provinces.models import Division

from ..helpers import api_client
from .conftest import later

pytestmark = pytest.mark.django_db
S = NominationState
URL = "/api/v1/nominations/"
RECOMMENDATIONS = "/api/v1/province-recommendations/"
PDF = b"%PDF-1.4\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def pdf(name="证明材料.pdf", data=None):
    """A PDF named ``name``; by default its content differs with the name (the same content is refused twice)."""
    data = PDF + f"% {name}\n".encode() if data is None else data
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def eligible_answers(sheet):
    """The checklist answered as ``complete()`` answers it (6.3 = 98.5 %, 6.6 = 95 %, a highlight on the first)."""
    items = []
    for position, row in enumerate(sheet["answers"]):
        item = {"criterion": row["criterion"], "met": True, "narrative": f"{row['title']}：情况属实，成效明显。"}
        if row["kind"] == CriterionKind.METRIC:
            item["value"] = "98.5" if row["criterion"] == "6.3" else 95
        if position == 0:
            item["highlight"] = True
        items.append(item)
    return items


def make(campaign, code, user, *, category="quality", state=S.SUBMITTED, **fields):
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


def stored_files():
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return {path for path in root.rglob("*") if path.is_file()}


# ---------------------------------------------------------------- the whole path


def test_the_whole_path_through_the_api(campaign, county_clerk, province_reviewer, province_approver, samr_reviewer):
    clerk, reviewer, approver, samr = (
        api_client(user) for user in (county_clerk, province_reviewer, province_approver, samr_reviewer)
    )

    # The county creates its application and fills the checklist (a list, then the object form).
    created = clerk.post(URL, {"campaign": campaign.pk, "category": "quality"}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["state"], body["division"], body["division_name"], body["level"], body["province"]) == (
        "draft",
        "440902",
        "茂南区",
        "county",
        "440000",
    )
    assert body["application_deadline"] and body["province_deadline"] and body["priority"] is False
    detail = f"{URL}{body['id']}/"
    sheet = clerk.get(f"{detail}answers/").json()
    assert sheet["answers"] and not any(row["answered"] for row in sheet["answers"])
    assert clerk.put(f"{detail}answers/", eligible_answers(sheet), format="json").status_code == 200
    saved = clerk.put(f"{detail}answers/", {"summary": "全面落实各项改革举措。"}, format="json").json()
    assert saved["summary"] == "全面落实各项改革举措。"
    assert all(row["answered"] and row["met"] for row in saved["answers"])
    assert next(row for row in saved["answers"] if row["criterion"] == "6.3")["value"] == "98.50"

    # Without evidence the evaluation says so; with a file for every criterion that needs one it is eligible.
    assert clerk.get(f"{detail}evaluation/").json()["eligible"] is False
    for row in sheet["answers"]:
        if row["evidence_required"]:
            uploaded = clerk.post(
                f"{detail}attachments/",
                {"file": pdf(f"{row['criterion']} 证明材料.pdf"), "criterion": row["criterion"]},
                format="multipart",
            )
            assert uploaded.status_code == 201, uploaded.json()
    evaluation = clerk.get(f"{detail}evaluation/").json()
    assert evaluation["eligible"] is True and evaluation["reasons"] == []
    assert {c["verdict"] for c in evaluation["criteria"]} == {"met"}

    # Submission needs the pledge; SAMR does not see the application yet.
    assert "第十四条" in clerk.get(f"{URL}pledge/").json()["text"]
    refused = clerk.post(f"{detail}submit/", {}, format="json")
    assert refused.status_code == 400 and "真实性承诺" in refused.json()["detail"]
    submitted = clerk.post(f"{detail}submit/", {"pledge": True}, format="json").json()
    assert (submitted["state"], submitted["version"]) == ("submitted", 1) and submitted["pledge_accepted_at"]
    assert samr.get(detail).status_code == 404 and samr.get(URL).json()["count"] == 0

    # The province returns it, the county corrects a figure and resubmits, the province sees the change.
    returned = reviewer.post(
        f"{detail}return/", {"reason": "请补充 6.6 抽检数据", "deadline": later().isoformat()}, format="json"
    ).json()
    assert (returned["state"], returned["return_reason"]) == ("returned", "请补充 6.6 抽检数据")
    assert returned["return_deadline"]
    clerk.put(f"{detail}answers/", [{"criterion": "6.6", "value": "96"}], format="json")
    resubmitted = clerk.post(f"{detail}resubmit/", {"pledge": True, "comment": "已补充"}, format="json").json()
    assert (resubmitted["state"], resubmitted["version"]) == ("submitted", 2)
    assert reviewer.get(f"{detail}changes/").json() == [
        {"criterion": "6.6", "field": "value", "before": "95.00", "after": "96.00"}
    ]

    # Verification and scores; the applicant sees neither the reviews nor the score.
    verified = reviewer.post(f"{detail}verify/", {"note": "经核实，材料真实。"}, format="json").json()
    assert (verified["state"], verified["verification_note"]) == ("verified", "经核实，材料真实。")
    review = reviewer.put(
        f"{detail}reviews/",
        {"criteria": {"6.1": {"score": 90, "remark": "组织有力"}, "6.3": {"score": 80}}, "comment": "总体较好"},
        format="json",
    )
    assert review.status_code == 200 and review.json()["score"] == "85.00"
    assert reviewer.get(f"{detail}reviews/").json()[0]["criteria"]["6.1"] == {"score": "90.00", "remark": "组织有力"}
    assert reviewer.get(detail).json()["province_score"] == "85.00"
    assert clerk.get(detail).json()["province_score"] is None
    assert clerk.get(f"{detail}reviews/").status_code == 403

    # Ranking and shortlisting on the province's list.
    listed = reviewer.post(RECOMMENDATIONS, {"campaign": campaign.pk, "category": "quality"}, format="json")
    assert listed.status_code == 201, listed.json()
    recommendation = f"{RECOMMENDATIONS}{listed.json()['id']}/"
    ranked = reviewer.post(f"{recommendation}rank/", {"order": [body["id"]]}, format="json").json()
    assert [(e["id"], e["province_rank"]) for e in ranked["entries"]] == [(body["id"], 1)]
    assert reviewer.post(f"{detail}shortlist/").json()["state"] == "shortlisted"

    # The approver records the government's confirmation with its scan, and recommends.
    confirmed = approver.post(
        f"{recommendation}confirm/",
        {
            "document_number": "粤府函〔2026〕88号",
            "document_date": timezone.localdate().isoformat(),
            "document": pdf("确认文件.pdf"),
        },
        format="multipart",
    )
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["state"] == "confirmed" and confirmed.json()["document_url"]
    recommended = approver.post(f"{recommendation}recommend/").json()
    assert recommended["state"] == "recommended"
    assert [e["state"] for e in recommended["entries"]] == ["recommended"]

    # Now it is national business: SAMR sees it, with its history (and no IP address in it).
    seen = samr.get(detail)
    assert seen.status_code == 200 and seen.json()["state"] == "recommended"
    assert [row["id"] for row in samr.get(URL).json()["results"]] == [body["id"]]
    history = samr.get(f"{detail}history/").json()["results"]
    assert [e["to_state"] for e in history if e["to_state"]] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "verified",
        "shortlisted",
        "recommended",
    ]
    assert all("ip" not in event for event in history)
    assert history[0]["actor"] == county_clerk.full_name and history[0]["bureau"] == "茂南区市场监督管理局"


# ---------------------------------------------------------------- refusals


OUTSIDER_REQUESTS = [
    ("get", "{pk}/"),
    ("get", "{pk}/answers/"),
    ("put", "{pk}/answers/"),
    ("get", "{pk}/attachments/"),
    ("post", "{pk}/attachments/"),
    ("delete", "{pk}/attachments/{attachment}/"),
    ("get", "{pk}/attachments/{attachment}/download/"),
    ("get", "{pk}/evaluation/"),
    ("get", "{pk}/history/"),
    ("get", "{pk}/changes/"),
    ("get", "{pk}/reviews/"),
    ("put", "{pk}/reviews/"),
    *(("post", f"{{pk}}/{action}/") for action in ("submit", "resubmit", "withdraw", "return", "verify", "reject")),
    *(("post", f"{{pk}}/{action}/") for action in ("shortlist", "unshortlist")),
]


@pytest.mark.parametrize(("method", "path"), OUTSIDER_REQUESTS)
def test_another_provinces_reviewer_gets_404_everywhere(method, path, submitted, other_province_reviewer):
    attachment = submitted.attachments.first()
    url = URL + path.format(pk=submitted.pk, attachment=attachment.pk)

    response = getattr(api_client(other_province_reviewer), method)(url, {}, format="json")

    assert response.status_code == 404 and response.json()["detail"]
    assert Nomination.objects.get(pk=submitted.pk).state == S.SUBMITTED
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert not AuditEvent.objects.filter(actor=other_province_reviewer).exists()


@pytest.mark.parametrize("name", ["other_county_clerk", "city_clerk", "expert", "samr_reviewer"])
def test_others_do_not_see_a_submitted_application(name, request, submitted):
    api = api_client(request.getfixturevalue(name))

    assert api.get(f"{URL}{submitted.pk}/").status_code == 404
    assert api.get(URL).json()["count"] == 0


@pytest.mark.parametrize(
    ("name", "action", "payload"),
    [
        ("county_clerk", "verify", {"note": "自己核实"}),
        ("county_clerk", "return", {"reason": "x", "deadline": None}),
        ("province_approver", "verify", {"note": "x"}),
        ("province_reviewer", "withdraw", {"comment": "x"}),
    ],
)
def test_visible_but_not_allowed_is_a_403_and_changes_nothing(name, action, payload, request, submitted):
    response = api_client(request.getfixturevalue(name)).post(f"{URL}{submitted.pk}/{action}/", payload, format="json")

    assert response.status_code == 403 and response.json()["detail"]
    assert Nomination.objects.get(pk=submitted.pk).state == S.SUBMITTED


def test_reviewers_cannot_edit_the_answers_or_the_evidence(draft, county_clerk, province_reviewer):
    api = api_client(province_reviewer)

    assert api.put(f"{URL}{draft.pk}/answers/", [{"criterion": "6.1", "met": True}], format="json").status_code == 403
    assert api.post(f"{URL}{draft.pk}/attachments/", {"file": pdf()}, format="multipart").status_code == 403
    assert not draft.answers.exists() and not draft.attachments.exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("post", ""),
        ("get", "pledge/"),
        ("get", "{pk}/"),
        ("get", "{pk}/history/"),
        ("post", "{pk}/submit/"),
    ],
)
def test_anonymous_is_refused(method, path, draft, anonymous):
    response = getattr(api_client(anonymous), method)(URL + path.format(pk=draft.pk), {}, format="json")

    assert response.status_code in (401, 403) and response.json()["detail"]


def test_domain_refusals_are_400_with_a_chinese_detail(draft, county_clerk, province_approver):
    clerk = api_client(county_clerk)

    second = clerk.post(URL, {"campaign": draft.campaign_id, "category": "quality"}, format="json")
    assert second.status_code == 400 and "每类只能申报一份" in second.json()["detail"]
    reviewer_creates = api_client(province_approver).post(
        URL, {"campaign": draft.campaign_id, "category": "quality"}, format="json"
    )
    assert reviewer_creates.status_code == 400 and "只有市、县市场监管部门" in reviewer_creates.json()["detail"]
    premature = clerk.post(f"{URL}{draft.pk}/submit/", {"pledge": True}, format="json")
    assert premature.status_code == 400 and "不符合认定条件" in premature.json()["detail"]
    assert len(premature.json()["errors"]) > 1
    assert Nomination.objects.get(pk=draft.pk).state == S.DRAFT


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"campaign": "abc", "category": "quality"}, "campaign"),
        ({"campaign": 999999, "category": "quality"}, "campaign"),
        ({"category": "quality"}, "campaign"),
        ({"campaign": None, "category": "space"}, "category"),
    ],
)
def test_bad_create_input_is_a_400_with_field_messages(body, field, campaign, county_clerk):
    response = api_client(county_clerk).post(URL, body, format="json")

    assert response.status_code == 400 and field in response.json() and response.json()["detail"]
    assert not Nomination.objects.exists()


def test_bad_answers_refuse_the_whole_request(draft, county_clerk):
    clerk = api_client(county_clerk)
    answers = f"{URL}{draft.pk}/answers/"

    unknown = clerk.put(answers, [{"criterion": "6.1", "met": True}, {"criterion": "5.1", "met": True}], format="json")
    assert unknown.status_code == 400 and "“5.1”不在本类认定条件中" in unknown.json()["detail"]
    not_a_number = clerk.put(answers, [{"criterion": "6.3", "value": "很高"}], format="json")
    assert not_a_number.status_code == 400 and "不是数字" in not_a_number.json()["detail"]
    not_a_boolean = clerk.put(answers, [{"criterion": "6.1", "met": "maybe"}], format="json")
    assert not_a_boolean.status_code == 400 and not_a_boolean.json()["detail"].startswith("answers 第 1 项 met：")
    not_a_list = clerk.put(answers, "6.1", format="json")
    assert not_a_list.status_code == 400 and not_a_list.json()["detail"]
    assert not draft.answers.exists()


def test_a_bad_date_is_a_400_naming_the_field(submitted, province_reviewer):
    response = api_client(province_reviewer).post(
        f"{URL}{submitted.pk}/return/", {"reason": "补充", "deadline": "下周五"}, format="json"
    )

    assert response.status_code == 400 and "deadline" in response.json()
    assert response.json()["detail"].startswith("deadline：")
    assert Nomination.objects.get(pk=submitted.pk).state == S.SUBMITTED


def test_a_pledge_that_is_not_a_boolean_is_a_400(draft, county_clerk):
    response = api_client(county_clerk).post(f"{URL}{draft.pk}/submit/", {"pledge": "也许"}, format="json")

    assert response.status_code == 400 and response.json()["detail"].startswith("pledge：")
    assert Nomination.objects.get(pk=draft.pk).state == S.DRAFT


def test_return_needs_a_reason_and_a_future_deadline(submitted, province_reviewer):
    response = api_client(province_reviewer).post(f"{URL}{submitted.pk}/return/", {}, format="json")

    assert response.status_code == 400
    assert "退回原因" in response.json()["detail"] and len(response.json()["errors"]) == 2


def test_withdraw_and_reject(submitted, county_clerk, province_reviewer):
    rejected = api_client(province_reviewer).post(f"{URL}{submitted.pk}/reject/", {"reason": "未入围"}, format="json")
    assert (rejected.json()["state"], rejected.json()["rejection_reason"]) == ("not_recommended", "未入围")
    withdrawn = api_client(county_clerk).post(f"{URL}{submitted.pk}/withdraw/", {"comment": "x"}, format="json")
    assert withdrawn.status_code == 400 and "未推荐" in withdrawn.json()["detail"]


# ---------------------------------------------------------------- evidence


def test_a_wrong_content_upload_is_refused_and_nothing_is_stored(draft, county_clerk):
    before = stored_files()

    response = api_client(county_clerk).post(
        f"{URL}{draft.pk}/attachments/", {"file": pdf("报告.pdf", HTML), "criterion": "6.1"}, format="multipart"
    )

    assert response.status_code == 400 and "只接受" in response.json()["detail"]
    assert not Attachment.objects.exists() and stored_files() == before
    assert not AuditEvent.objects.filter(action="attachment.upload").exists()


@pytest.mark.parametrize(
    ("body", "words"),
    [({}, ("file",)), ({"file": "not a file"}, ("file",)), ({"file": "FILE", "criterion": "9.9"}, ("“9.9”",))],
)
def test_bad_uploads_are_400s(body, words, draft, county_clerk):
    body = {key: pdf() if value == "FILE" else value for key, value in body.items()}

    response = api_client(county_clerk).post(f"{URL}{draft.pk}/attachments/", body, format="multipart")

    assert response.status_code == 400
    assert all(word in response.json()["detail"] for word in words), response.json()
    assert not Attachment.objects.exists()


def test_download_headers_and_its_audit_event(draft, county_clerk, province_reviewer):
    uploaded = api_client(county_clerk).post(
        f"{URL}{draft.pk}/attachments/",
        {"file": pdf("消费者投诉 统计.pdf", data=PDF), "criterion": "6.3"},
        format="multipart",
    )
    assert uploaded.status_code == 201, uploaded.json()
    row = uploaded.json()
    assert (row["criterion"], row["original_name"], row["kind"], row["size"]) == (
        "6.3",
        "消费者投诉 统计.pdf",
        "pdf",
        15,
    )
    assert row["uploaded_by"] == county_clerk.full_name

    response = api_client(province_reviewer).get(row["download_url"])

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == content_disposition("消费者投诉 统计.pdf")
    assert f"filename*=UTF-8''{quote('消费者投诉 统计.pdf', safe='')}" in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="attachment.download")
    assert (event.actor, event.role, event.data["attachment"]) == (province_reviewer, "province_reviewer", row["id"])
    assert event.ip == "127.0.0.1"


def test_attachments_list_and_removal(submitted, county_clerk, province_reviewer, other_county_clerk):
    draft = applications.create_nomination(county_clerk, submitted.campaign, "business_reform")
    clerk = api_client(county_clerk)
    uploaded = clerk.post(f"{URL}{draft.pk}/attachments/", {"file": pdf()}, format="multipart").json()
    listing = clerk.get(f"{URL}{draft.pk}/attachments/").json()
    assert listing["count"] == 1 and listing["results"][0]["criterion"] is None
    removal = f"{URL}{draft.pk}/attachments/{uploaded['id']}/"

    assert api_client(province_reviewer).delete(removal).status_code == 403
    assert api_client(other_county_clerk).delete(removal).status_code == 404
    foreign = submitted.attachments.first()
    assert clerk.delete(f"{URL}{draft.pk}/attachments/{foreign.pk}/").status_code == 404
    assert clerk.get(f"{URL}{draft.pk}/attachments/{foreign.pk}/download/").status_code == 404
    assert clerk.delete(removal).status_code == 204
    assert not draft.attachments.exists() and Attachment.objects.filter(pk=foreign.pk).exists()
    locked = clerk.delete(f"{URL}{submitted.pk}/attachments/{foreign.pk}/")
    assert locked.status_code == 400 and "不能修改" in locked.json()["detail"]


# ---------------------------------------------------------------- list: filters and queries


def ids(response):
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_list_filters(campaign, admin_user, county_clerk):
    underdeveloped = Division.objects.filter(province__code="630000", level=Level.COUNTY).exclude(code="630202")[0]
    Division.objects.filter(pk=underdeveloped.pk).update(underdeveloped=True)
    maonan = make(campaign, "440902", county_clerk, state=S.VERIFIED, province_rank=2, province_score=80)
    maoming = make(campaign, "440900", county_clerk, category="business_reform", state=S.DRAFT)
    tianhe = make(campaign, "440106", county_clerk, state=S.SHORTLISTED, province_rank=1, province_score=90)
    ledu = make(campaign, "630202", county_clerk, state=S.SUBMITTED)
    poor = make(campaign, underdeveloped.code, county_clerk, state=S.RETURNED)
    TypicalExperience.objects.create(
        province=tianhe.division.province,
        division=tianhe.division,
        title="质量基础设施一站式服务",
        year=2025,
        created_by=admin_user,
    )
    api = api_client(admin_user)

    assert ids(api.get(URL)) == {maonan.pk, maoming.pk, tianhe.pk, ledu.pk, poor.pk}
    assert ids(api.get(URL, {"campaign": campaign.pk, "category": "business_reform"})) == {maoming.pk}
    assert ids(api.get(URL, {"state": ["verified", "shortlisted"]})) == {maonan.pk, tianhe.pk}
    assert ids(api.get(URL, {"province": "440000"})) >= {maonan.pk, maoming.pk, tianhe.pk}
    assert ledu.pk not in ids(api.get(URL, {"province": "440000"}))
    assert ids(api.get(URL, {"prefecture": "440900"})) == {maonan.pk, maoming.pk}
    assert ids(api.get(URL, {"prefecture": "440900", "level": "county"})) == {maonan.pk}
    assert ids(api.get(URL, {"level": "prefecture"})) == {maoming.pk}
    assert ids(api.get(URL, {"region": "west"})) == {ledu.pk, poor.pk}
    assert ids(api.get(URL, {"underdeveloped": "true"})) == {poor.pk}
    assert ids(api.get(URL, {"priority": "1"})) == {tianhe.pk}
    assert ids(api.get(URL, {"priority": "false"})) == {maonan.pk, maoming.pk, ledu.pk, poor.pk}
    assert ids(api.get(URL, {"q": "茂"})) == {maonan.pk, maoming.pk}
    assert ids(api.get(URL, {"q": "6302"})) == {ledu.pk}
    assert api.get(URL, {"q": "天河"}).json()["results"][0]["priority"] is True

    by_rank = [row["id"] for row in api.get(URL, {"ordering": "province_rank"}).json()["results"]]
    assert by_rank[:2] == [tianhe.pk, maonan.pk]
    by_score = [row["id"] for row in api.get(URL, {"ordering": "-province_score"}).json()["results"]]
    assert by_score[:2] == [tianhe.pk, maonan.pk]
    by_code = [row["division"] for row in api.get(URL, {"ordering": "-division"}).json()["results"]]
    assert by_code == sorted(by_code, reverse=True)


@pytest.mark.parametrize(
    "params",
    [{"underdeveloped": "maybe"}, {"priority": "yes"}, {"state": "lost"}, {"ordering": "secret"}, {"campaign": "x"}],
)
def test_bad_filter_values_are_400s(params, county_clerk):
    response = api_client(county_clerk).get(URL, params)

    assert response.status_code == 400 and next(iter(params)) in response.json() and response.json()["detail"]


def test_the_applicant_sees_its_own_only_and_no_scores(campaign, county_clerk, other_county_clerk, city_clerk):
    own = make(campaign, "440902", county_clerk, state=S.VERIFIED, province_rank=1, province_score=88)
    make(campaign, "630202", other_county_clerk)
    make(campaign, "440900", city_clerk)

    rows = api_client(county_clerk).get(URL).json()["results"]

    assert [row["id"] for row in rows] == [own.pk]
    assert (rows[0]["province_score"], rows[0]["province_rank"]) == (None, None)


@pytest.mark.parametrize("size", [2, 8])
def test_list_query_count_is_constant(size, campaign, county_clerk, province_reviewer, django_assert_num_queries):
    counties = Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:size]
    for county in counties:
        make(campaign, county.code, county_clerk)
        TypicalExperience.objects.create(
            province=county.province, division=county, title="典型经验", year=2025, created_by=county_clerk
        )
    make(campaign, "630202", county_clerk)  # another province: not listed
    api = api_client(province_reviewer)
    api.get(URL)  # the user's memberships are loaded once and cached

    with django_assert_num_queries(2):  # count, page (jurisdiction, grants and priority are subqueries)
        response = api.get(URL, {"ordering": "province_rank"})

    assert response.json()["count"] == size
    assert all(row["priority"] for row in response.json()["results"])


def test_verify_with_on_site_evidence_over_multipart(submitted, province_reviewer):
    response = api_client(province_reviewer).post(
        f"/api/v1/nominations/{submitted.pk}/verify/",
        {"note": "实地查看属实", "evidence": pdf("现场核查.pdf")},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "verified"
    assert submitted.attachments.filter(purpose="verification", original_name="现场核查.pdf").exists()
    assert (
        api_client(province_reviewer)
        .post(f"/api/v1/nominations/{submitted.pk}/verify/", {"note": "x"}, format="json")
        .status_code
        == 400
    )  # already verified: a Chinese 400, not a 500


def test_the_labels_follow_the_language_of_the_request(submitted, county_clerk):
    client = api_client(county_clerk)
    url = f"/api/v1/nominations/{submitted.pk}/"

    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()

    assert (chinese["state_display"], chinese["category_display"], chinese["level_display"]) == (
        "已提交",
        "推进质量工作",
        "县级",
    )
    assert english["state_display"] == "Submitted" and english["category_display"] != chinese["category_display"]
    listed = client.get("/api/v1/nominations/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert listed["state_display"] == "Submitted" and listed["region_display"] == english["region_display"]
