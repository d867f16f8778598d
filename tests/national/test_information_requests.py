# ruff: noqa: F811 - fixtures imported from test_national are redefined as arguments
"""SAMR asks the recommending province for more information (补充材料); the province answers once; the national
score waits for the answer. Domain, pages and API."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import policy
from core.models import AuditEvent
from national.domain import evaluation
from national.models import InformationRequest
from nominations.enums import AttachmentPurpose, NominationState
from nominations.models import Nomination

from ..helpers import api_client
from ..nominations.conftest import PDF
from ..nominations.test_nominations_api import make
from .test_evaluation import recommended  # noqa: F401

pytestmark = pytest.mark.django_db
S = NominationState
API = "/api/v1/information-requests/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def pdf(name="补充说明.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def snapshot():
    return (
        list(InformationRequest.objects.order_by("pk").values_list("answer", "answered_at", "attachment")),
        AuditEvent.objects.count(),
        list(Nomination.objects.order_by("pk").values_list("state", "national_score")),
    )


@pytest.fixture
def asked(recommended, samr_reviewer):
    return evaluation.request_information(samr_reviewer, recommended, question="请补充 6.3 投诉办结率的统计口径。")


# ---------------------------------------------------------------- domain


class TestRequest:
    def test_the_score_waits_for_the_answer(self, asked, samr_reviewer, province_reviewer):
        with pytest.raises(ValidationError, match="尚未答复补充材料要求"):
            evaluation.evaluate(samr_reviewer, asked.nomination, score=90)
        assert Nomination.objects.get(pk=asked.nomination_id).state == S.RECOMMENDED
        evaluation.answer_information(province_reviewer, asked, answer="口径为国家平台办结数。", evidence=pdf())
        assert evaluation.evaluate(samr_reviewer, asked.nomination, score=90).state == S.EVALUATED

    def test_the_answer_is_stored_with_its_file_and_audited(self, asked, province_reviewer):
        answered = evaluation.answer_information(province_reviewer, asked, answer="已补充。", evidence=pdf())
        assert (answered.answer, answered.answered_by, answered.is_open) == ("已补充。", province_reviewer, False)
        assert answered.attachment.purpose == AttachmentPurpose.SUPPLEMENT
        assert answered.attachment.original_name == "补充说明.pdf"
        actions = list(AuditEvent.objects.filter(object_pk=str(asked.nomination_id)).values_list("action", flat=True))
        assert actions[-2:] == ["nomination.information.request", "nomination.information.answer"]

    def test_answered_once(self, asked, province_reviewer, province_approver):
        evaluation.answer_information(province_reviewer, asked, answer="已补充。")
        before = snapshot()
        with pytest.raises(ValidationError, match="不能再次答复"):
            evaluation.answer_information(province_approver, asked, answer="再补充。")
        assert snapshot() == before

    @pytest.mark.parametrize(
        ("question", "due", "message"),
        [("  ", None, "请写明"), ("请补充。", timedelta(days=-1), "答复期限须晚于现在")],
    )
    def test_bad_requests_change_nothing(self, recommended, samr_reviewer, question, due, message):
        before = snapshot()
        due_at = timezone.now() + due if due else None
        with pytest.raises(ValidationError, match=message):
            evaluation.request_information(samr_reviewer, recommended, question=question, due_at=due_at)
        assert snapshot() == before

    def test_blank_answer_is_refused(self, asked, province_reviewer):
        with pytest.raises(ValidationError, match="请填写答复内容"):
            evaluation.answer_information(province_reviewer, asked, answer=" ")
        assert InformationRequest.objects.get(pk=asked.pk).is_open

    def test_only_samr_reviewers_ask_and_only_while_recommended(
        self, recommended, samr_approver, province_reviewer, samr_reviewer
    ):
        with pytest.raises(PermissionDenied):
            evaluation.request_information(samr_approver, recommended, question="?")
        with pytest.raises(PermissionDenied):
            evaluation.request_information(province_reviewer, recommended, question="?")
        evaluation.evaluate(samr_reviewer, recommended, score=80)
        with pytest.raises(ValidationError):
            evaluation.request_information(samr_reviewer, Nomination.objects.get(pk=recommended.pk), question="?")
        assert not InformationRequest.objects.exists()

    def test_only_the_recommending_province_answers(self, asked, other_province_reviewer, county_clerk, samr_reviewer):
        with pytest.raises(Http404):
            evaluation.answer_information(other_province_reviewer, asked, answer="x")
        for user in (county_clerk, samr_reviewer):
            with pytest.raises((PermissionDenied, Http404)):
                evaluation.answer_information(user, asked, answer="x")
        assert InformationRequest.objects.get(pk=asked.pk).is_open

    def test_who_sees_the_requests(
        self, asked, province_reviewer, other_province_reviewer, county_clerk, samr_approver
    ):
        queryset = InformationRequest.objects.all()
        assert list(policy.visible(province_reviewer, queryset)) == [asked]
        assert list(policy.visible(samr_approver, queryset)) == [asked]
        assert not policy.visible(other_province_reviewer, queryset).exists()
        assert not policy.visible(county_clerk, queryset).exists()

    def test_the_province_and_then_samr_hear_of_it(
        self,
        recommended,
        samr_reviewer,
        province_reviewer,
        province_approver,
        django_capture_on_commit_callbacks,
        eager_tasks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            asked = evaluation.request_information(samr_reviewer, recommended, question="请补充。")
        assert sorted(mail.outbox[0].to) == sorted([province_reviewer.email, province_approver.email])
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            evaluation.answer_information(province_reviewer, asked, answer="已补充。")
        assert [m.to for m in mail.outbox] == [[samr_reviewer.email]]


# ---------------------------------------------------------------- pages


def test_samr_asks_from_the_evaluation_page(recommended, samr_reviewer):
    client = signed_in(samr_reviewer)
    url = reverse("national:evaluation", args=[recommended.pk])
    response = client.post(url, {"action": "information", "information-question": ""})
    assert response.status_code == 200 and "请写明" in response.content.decode()
    assert not InformationRequest.objects.exists()
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        url, {"action": "information", "information-question": "请补充统计口径。", "information-due_date": due}
    )
    assert response.status_code == 302
    page = client.get(url)
    assert page.context["waiting_for_province"] and not page.context["can_evaluate"]
    assert "请补充统计口径。" in page.content.decode()
    assert timezone.localtime(InformationRequest.objects.get().due_at).date().isoformat() == due


def test_the_province_answers_from_its_page(asked, province_reviewer, samr_reviewer):
    client = signed_in(province_reviewer)
    page = client.get(reverse("national:information_requests"))
    assert page.status_code == 200 and asked.question in page.content.decode()
    url = reverse("national:information_answer", args=[asked.pk])
    response = client.post(url, {f"r{asked.pk}-answer": ""})
    assert response.status_code == 200 and InformationRequest.objects.get(pk=asked.pk).is_open
    response = client.post(url, {f"r{asked.pk}-answer": "已补充。", f"r{asked.pk}-evidence": pdf()})
    assert response.status_code == 302
    answered = InformationRequest.objects.get(pk=asked.pk)
    assert answered.answer == "已补充。" and answered.attachment is not None
    download = reverse("nominations:download", args=[asked.nomination_id, answered.attachment_id])
    assert signed_in(samr_reviewer).get(download).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_province_reviewer", 404), ("samr_reviewer", 403), ("county_clerk", 403)],
    indirect=["persona"],
)
def test_others_cannot_answer(asked, persona, status):
    url = reverse("national:information_answer", args=[asked.pk])
    assert signed_in(persona).post(url, {f"r{asked.pk}-answer": "x"}).status_code == status
    assert InformationRequest.objects.get(pk=asked.pk).is_open


@pytest.mark.parametrize("size", [1, 4])
def test_the_province_page_runs_a_constant_number_of_queries(
    size, campaign, county_clerk, samr_reviewer, province_reviewer, django_assert_num_queries
):
    codes = ["440303", "440304", "440305", "440306"][:size]
    for code in codes:
        nomination = make(campaign, code, county_clerk, state=S.RECOMMENDED)
        InformationRequest.objects.create(nomination=nomination, question="请补充。", requested_by=samr_reviewer)
    client = signed_in(province_reviewer)
    # session, user, memberships, the per-object grants, count, page (with nomination, division, campaign, people,
    # attachment)
    with django_assert_num_queries(6):
        response = client.get(reverse("national:information_requests"))
    assert len(response.context["rows"]) == size


# ---------------------------------------------------------------- API


def test_the_api_path(recommended, samr_reviewer, province_reviewer, other_province_reviewer):
    samr, province = api_client(samr_reviewer), api_client(province_reviewer)
    response = samr.post(API, {"nomination": recommended.pk, "question": ""}, format="json")
    assert response.status_code == 400 and response.json()["detail"]
    response = samr.post(API, {"nomination": recommended.pk, "question": "请补充。"}, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["is_open"], created["division"], created["requested_by"]) == (
        True,
        recommended.division.code,
        samr_reviewer.full_name or samr_reviewer.username,
    )
    evaluate = samr.post(f"/api/v1/nominations/{recommended.pk}/evaluate/", {"score": "90"}, format="json")
    assert evaluate.status_code == 400 and "尚未答复" in evaluate.json()["detail"]
    assert api_client(other_province_reviewer).get(f"{API}{created['id']}/").status_code == 404
    assert province.get(API, {"open": "true"}).json()["count"] == 1
    response = province.post(
        f"{API}{created['id']}/answer/", {"answer": "已补充。", "evidence": pdf()}, format="multipart"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["is_open"], body["answer"], body["attachment"]["purpose"]) == (False, "已补充。", "supplement")
    again = province.post(f"{API}{created['id']}/answer/", {"answer": "再补充。"}, format="json")
    assert again.status_code == 400 and "不能再次答复" in again.json()["detail"]
    assert province.get(API, {"open": "true"}).json()["count"] == 0
    assert (
        samr.post(f"/api/v1/nominations/{recommended.pk}/evaluate/", {"score": "90"}, format="json").status_code == 200
    )


@pytest.mark.parametrize("size", [1, 4])
def test_the_api_list_runs_a_constant_number_of_queries(size, campaign, county_clerk, samr_reviewer):
    for code in ["440303", "440304", "440305", "440306"][:size]:
        nomination = make(campaign, code, county_clerk, state=S.RECOMMENDED)
        InformationRequest.objects.create(nomination=nomination, question="请补充。", requested_by=samr_reviewer)
    client = api_client(samr_reviewer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(API)
    assert response.json()["count"] == size
    assert len(queries) == 3  # memberships, count, page with everything joined
