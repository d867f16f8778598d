"""The web pages of applications and the provincial stage, driven with the test client as each persona."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.models import AuditEvent
from criteria.enums import CriterionKind
from nominations.domain import applications, workflow
from nominations.enums import NominationState, RecommendationState
from nominations.models import (
    Answer,
    Attachment,
    Nomination,
    ProvinceCap,
    ProvinceRecommendation,
    Review,
    TypicalExperience,
)
from provinces.enums import Level, Role
from provinces.models import Division

from ..factories import member
from .conftest import attach, complete

pytestmark = pytest.mark.django_db
S = NominationState
PDF = b"%PDF-1.4\n%%EOF\n"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, *args):
    return reverse(f"nominations:{name}", args=args)


def page_text(response):
    return response.content.decode()


def pdf(name="证明材料.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def checklist(nomination, **overrides):
    """The checklist form as the browser posts it, filled so that the application is eligible."""
    data = {"summary": "全面落实各项改革举措。"}
    for criterion in nomination.criteria_set.criteria.all():
        prefix = f"c{criterion.pk}"
        data[f"{prefix}-met"] = "yes"
        data[f"{prefix}-narrative"] = f"{criterion.title}：情况属实，成效明显。"
        if criterion.kind == CriterionKind.METRIC:
            data[f"{prefix}-value"] = "98.5" if criterion.number == "6.3" else "95"
    data.update(overrides)
    return data


def field(nomination, number, name):
    return f"c{nomination.criteria_set.criteria.get(number=number).pk}-{name}"


def local_input(moment, fmt="%Y-%m-%dT%H:%M"):
    return timezone.localtime(moment).strftime(fmt)


def refresh(nomination):
    nomination.refresh_from_db()
    return nomination.state


def verified_in(campaign, code, clerk_user=None):
    """Arrange: a verified application of the locality ``code`` (created through the domain functions)."""
    clerk = clerk_user or member(Role.APPLICANT, code)
    nomination = applications.create_nomination(clerk, campaign, "quality")
    complete(nomination, clerk)
    workflow.submit(clerk, nomination, pledge=True)
    reviewer = member(Role.PROVINCE_REVIEWER, "440000")
    return workflow.verify(reviewer, nomination, note="经核实，材料真实。")


class TestApplicantPages:
    def test_the_clerk_creates_fills_uploads_and_submits(self, campaign, county_clerk):
        client = signed_in(county_clerk)
        assert client.get(url("my_list")).status_code == 200
        assert client.get(url("create")).status_code == 200

        response = client.post(url("create"), {"category": "quality"})
        nomination = Nomination.objects.get()
        assert response.status_code == 302 and response["Location"] == url("detail", nomination.pk)

        response = client.post(url("save_answers", nomination.pk), checklist(nomination))
        assert response.status_code == 302
        assert nomination.answers.count() == nomination.criteria_set.criteria.count()

        for criterion in nomination.criteria_set.criteria.filter(evidence_required=True):
            response = client.post(
                url("upload", nomination.pk),
                {"criterion": criterion.number, "file": pdf(data=PDF + criterion.number.encode())},
            )
            assert response.status_code == 302
        required = nomination.criteria_set.criteria.filter(evidence_required=True).count()
        assert Attachment.objects.filter(nomination=nomination).count() == required

        response = client.get(url("detail", nomination.pk))
        assert response.status_code == 200
        assert "按当前填报内容和佐证材料，全部条件符合。" in page_text(response)
        assert "证明材料.pdf" in page_text(response)

        assert client.get(url("submit", nomination.pk)).status_code == 200
        response = client.post(url("submit", nomination.pk), {"pledge": "on"})
        assert response.status_code == 302
        assert refresh(nomination) == S.SUBMITTED
        assert nomination.pledge_text == workflow.PLEDGE

    def test_submitting_without_the_pledge_is_refused_and_changes_nothing(self, draft, county_clerk):
        complete(draft, county_clerk)
        client = signed_in(county_clerk)
        response = client.get(url("submit", draft.pk))
        assert workflow.PLEDGE in page_text(response)
        assert "我已阅读并接受上述承诺" in page_text(response)

        response = client.post(url("submit", draft.pk), {})
        assert response.status_code == 200
        assert "提交前须阅读并接受真实性承诺。" in page_text(response)
        assert refresh(draft) == S.DRAFT
        assert draft.version == 0

    def test_an_ineligible_application_is_refused_with_the_reasons(self, draft, county_clerk):
        complete(draft, county_clerk, with_evidence=False)
        response = signed_in(county_clerk).post(url("submit", draft.pk), {"pledge": "on"})
        assert "申报尚不符合认定条件，未提交：" in page_text(response)
        assert "未上传佐证材料" in page_text(response)
        assert refresh(draft) == S.DRAFT

    def test_a_bad_value_refuses_the_whole_form_and_keeps_what_was_typed(self, draft, county_clerk):
        data = checklist(
            draft, **{field(draft, "6.3", "value"): "九十八", field(draft, "6.1", "narrative"): "新写的说明"}
        )
        response = signed_in(county_clerk).post(url("save_answers", draft.pk), data)
        assert response.status_code == 200
        text = page_text(response)
        assert "指标值“九十八”不是数字。" in text
        assert 'value="九十八"' in text
        assert "新写的说明" in text
        assert not Answer.objects.filter(nomination=draft).exists()

    def test_the_checklist_shows_text_threshold_and_highlight_only_for_article_5(self, campaign, county_clerk):
        quality = applications.create_nomination(county_clerk, campaign, "quality")
        reform = applications.create_nomination(county_clerk, campaign, "business_reform")
        client = signed_in(county_clerk)
        quality_page = page_text(client.get(url("detail", quality.pk)))
        assert "≥ 97%" in quality_page and "消费者投诉办结率达 97% 以上" in quality_page
        assert "<details" in quality_page
        assert "-highlight" not in quality_page
        reform_page = page_text(client.get(url("detail", reform.pk)))
        assert field(reform, "5.1", "highlight") in reform_page
        assert "企业开办时间（个工作日）" in reform_page

    def test_a_second_application_in_a_category_is_refused(self, draft, county_clerk):
        response = signed_in(county_clerk).post(url("create"), {"category": "quality"})
        assert response.status_code == 200
        assert "每类只能申报一份" in page_text(response)
        assert Nomination.objects.count() == 1

    def test_an_upload_judged_by_its_content_is_refused_with_a_message(self, draft, county_clerk):
        html = SimpleUploadedFile("材料.pdf", b"<!DOCTYPE html><html><script>x</script></html>", "application/pdf")
        response = signed_in(county_clerk).post(
            url("upload", draft.pk), {"criterion": "6.1", "file": html}, follow=True
        )
        assert "上传失败：无法识别文件内容" in page_text(response)
        assert not Attachment.objects.exists()

    def test_the_clerk_removes_an_attachment(self, draft, county_clerk):
        attachment = attach(draft, draft.criteria_set.criteria.get(number="6.1"), county_clerk)
        response = signed_in(county_clerk).post(url("remove_attachment", draft.pk, attachment.pk))
        assert response.status_code == 302
        assert not Attachment.objects.exists()

    def test_the_clerk_withdraws_after_a_confirmation_page(self, submitted, county_clerk):
        client = signed_in(county_clerk)
        response = client.get(url("withdraw", submitted.pk))
        assert response.status_code == 200 and "确认撤回" in page_text(response)
        assert refresh(submitted) == S.SUBMITTED
        client.post(url("withdraw", submitted.pk), {"comment": "暂不申报"})
        assert refresh(submitted) == S.WITHDRAWN

    def test_the_list_shows_state_deadline_and_next_step(self, draft, county_clerk):
        text = page_text(signed_in(county_clerk).get(url("my_list")))
        assert "推进质量工作" in text and "草稿" in text
        assert "填写认定条件、上传佐证材料，然后提交。" in text


class TestProvincialCycle:
    def test_return_resubmit_verify_score_rank_shortlist_confirm_recommend(
        self, submitted, county_clerk, province_reviewer, province_approver, city_clerk, campaign
    ):
        reviewer, clerk, approver = signed_in(province_reviewer), signed_in(county_clerk), signed_in(province_approver)
        nomination = submitted

        assert reviewer.get(url("queue")).status_code == 200
        assert reviewer.get(url("detail", nomination.pk)).status_code == 200
        assert reviewer.get(url("return", nomination.pk)).status_code == 200
        deadline = timezone.now() + timedelta(days=5)
        response = reviewer.post(
            url("return", nomination.pk), {"reason": "请补充6.3的统计口径。", "deadline": local_input(deadline)}
        )
        assert response.status_code == 302
        assert refresh(nomination) == S.RETURNED

        text = page_text(clerk.get(url("detail", nomination.pk)))
        assert "请补充6.3的统计口径。" in text and date_format(timezone.localtime(deadline), "DATETIME_FORMAT") in text
        data = checklist(nomination, **{field(nomination, "6.3", "narrative"): "统计口径：全年受理投诉。"})
        assert clerk.post(url("save_answers", nomination.pk), data).status_code == 302
        response = clerk.post(url("submit", nomination.pk), {"pledge": "on", "comment": "已补充统计口径"})
        assert response.status_code == 302
        assert (refresh(nomination), nomination.version) == (S.SUBMITTED, 2)

        text = page_text(reviewer.get(url("detail", nomination.pk)))
        assert "自上次退回以来的修改" in text and "统计口径：全年受理投诉。" in text

        response = reviewer.post(url("verify", nomination.pk), {"note": ""})
        assert response.status_code == 200 and "请填写核实情况" in page_text(response)
        assert refresh(nomination) == S.SUBMITTED
        assert reviewer.post(url("verify", nomination.pk), {"note": "电话核实，情况属实。"}).status_code == 302
        assert refresh(nomination) == S.VERIFIED

        criteria = list(nomination.criteria_set.criteria.all())
        assert reviewer.get(url("review", nomination.pk)).status_code == 200
        scores = {f"s{c.pk}-score": "90" for c in criteria} | {f"s{criteria[0].pk}-remark": "亮点突出", "comment": "好"}
        assert reviewer.post(url("review", nomination.pk), scores).status_code == 302
        review = Review.objects.get(nomination=nomination)
        assert (str(review.score), review.criteria[criteria[0].number]["remark"]) == ("90.00", "亮点突出")

        other = verified_in(campaign, "440900", city_clerk)
        assert reviewer.get(url("ranking", "quality")).status_code == 200
        reviewer.post(url("ranking", "quality"), {f"order-{other.pk}": "1", f"order-{nomination.pk}": "2"})
        assert Nomination.objects.get(pk=other.pk).province_rank == 1
        reviewer.post(url("ranking", "quality"), {"move": f"up:{nomination.pk}"})
        ranks = dict(Nomination.objects.filter(state=S.VERIFIED).values_list("pk", "province_rank"))
        assert ranks == {nomination.pk: 1, other.pk: 2}

        assert reviewer.get(url("shortlist", nomination.pk)).status_code == 200
        assert refresh(nomination) == S.VERIFIED
        assert reviewer.post(url("shortlist", nomination.pk)).status_code == 302
        assert refresh(nomination) == S.SHORTLISTED

        assert approver.get(url("recommendation", "quality")).status_code == 200
        assert approver.get(url("confirm", "quality")).status_code == 200
        scan = SimpleUploadedFile("scan.pdf", PDF, "application/pdf")
        response = approver.post(
            url("confirm", "quality"),
            {
                "document_number": "粤府函〔2026〕12号",
                "document_date": timezone.localdate().isoformat(),
                "document": scan,
            },
        )
        assert response.status_code == 302
        recommendation = ProvinceRecommendation.objects.get()
        assert recommendation.state == RecommendationState.CONFIRMED
        assert approver.get(url("recommend", "quality")).status_code == 200
        assert approver.post(url("recommend", "quality")).status_code == 302
        recommendation.refresh_from_db()
        assert recommendation.state == RecommendationState.RECOMMENDED
        assert refresh(nomination) == S.RECOMMENDED
        text = page_text(approver.get(url("recommendation", "quality")))
        assert "粤府函〔2026〕12号" in text and "已推荐至总局" in text

        response = approver.get(url("confirmation_document", recommendation.pk))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content) == PDF
        assert AuditEvent.objects.filter(action="recommendation.document.download").count() == 1

    def test_the_reviewer_rejects_with_a_reason(self, submitted, province_reviewer):
        client = signed_in(province_reviewer)
        response = client.post(url("reject", submitted.pk), {"reason": " "})
        assert "请填写未推荐原因。" in page_text(response)
        assert refresh(submitted) == S.SUBMITTED
        client.post(url("reject", submitted.pk), {"reason": "材料不实。"})
        assert (refresh(submitted), submitted.rejection_reason) == (S.NOT_RECOMMENDED, "材料不实。")

    def test_a_return_deadline_in_the_past_is_refused(self, submitted, province_reviewer):
        past = local_input(timezone.now() - timedelta(hours=1))
        response = signed_in(province_reviewer).post(url("return", submitted.pk), {"reason": "补充", "deadline": past})
        assert "修改期限须晚于现在。" in page_text(response)
        assert "补充</textarea>" in page_text(response)
        assert refresh(submitted) == S.SUBMITTED

    def test_shortlisting_past_the_cap_shows_the_message_and_changes_nothing(
        self, verified, province_reviewer, campaign, city_clerk
    ):
        guangdong = Division.objects.get(code="440000")
        ProvinceCap.objects.create(campaign=campaign, province=guangdong, category="quality", cap=1)
        client = signed_in(province_reviewer)
        client.post(url("shortlist", verified.pk))
        other = verified_in(campaign, "440900", city_clerk)
        text = page_text(client.get(url("ranking", "quality")))
        assert "已列入 1 / 上限 1" in text

        response = client.post(url("shortlist", other.pk))
        assert response.status_code == 200
        assert "最多推荐 1 个，已列入 1 个" in page_text(response)
        assert refresh(other) == S.VERIFIED

    def test_the_reviewer_unshortlists(self, verified, province_reviewer):
        client = signed_in(province_reviewer)
        client.post(url("shortlist", verified.pk))
        response = client.post(url("unshortlist", verified.pk))
        assert response.status_code == 302 and response["Location"] == url("ranking", "quality")
        assert refresh(verified) == S.VERIFIED

    def test_confirming_an_empty_list_is_refused(self, campaign, province_approver):
        response = signed_in(province_approver).post(
            url("confirm", "quality"), {"document_number": "", "document_date": ""}
        )
        text = page_text(response)
        assert "请填写省级人民政府确认文件的文号。" in text and "名单中还没有拟推荐的地方。" in text
        assert not ProvinceRecommendation.objects.filter(state=RecommendationState.CONFIRMED).exists()

    def test_the_queue_filters_and_counts_per_state(self, submitted, verified_other, province_reviewer):
        client = signed_in(province_reviewer)
        text = page_text(client.get(url("queue")))
        assert "茂南区" in text and "茂名市" in text
        text = page_text(client.get(url("queue"), {"state": "verified"}))
        assert "茂南区" not in text.split("<tbody>")[1] and "茂名市" in text.split("<tbody>")[1]
        text = page_text(client.get(url("queue"), {"level": "county"}))
        assert "茂南区" in text.split("<tbody>")[1]
        text = page_text(client.get(url("queue"), {"priority": "on"}))
        assert "没有符合条件的申报。" in text

    @pytest.mark.parametrize(
        ("place", "found"),
        [
            ("mnq", ["茂南区"]),
            ("MN", ["茂南区"]),
            ("mm", ["茂名市"]),
            ("m", ["茂南区", "茂名市"]),
            ("茂南", ["茂南区"]),
            ("茂", ["茂南区", "茂名市"]),
            ("xq", []),
            ("南区", ["茂南区"]),
        ],
    )
    def test_the_queue_finds_a_place_by_name_or_pinyin_initials(
        self, submitted, verified_other, province_reviewer, place, found
    ):
        """Issue 19: search by place name, also by pinyin initials ("mnq" → 茂南区), kept in the URL."""
        rows = page_text(signed_in(province_reviewer).get(url("queue"), {"place": place})).split("<tbody>")[1]
        assert sorted(re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', rows)) == sorted(found)


@pytest.fixture
def verified_other(campaign, city_clerk):
    return verified_in(campaign, "440900", city_clerk)


class TestDownloads:
    def test_the_evidence_download_is_private_named_and_audited(self, draft, county_clerk, province_reviewer):
        signed_in(county_clerk).post(url("upload", draft.pk), {"criterion": "6.1", "file": pdf("质量 报告.pdf")})
        attachment = Attachment.objects.get()
        response = signed_in(province_reviewer).get(url("download", draft.pk, attachment.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == (
            f"attachment; filename=\"attachment.pdf\"; filename*=UTF-8''{quote('质量 报告.pdf', safe='')}"
        )
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == PDF
        assert AuditEvent.objects.filter(action="attachment.download", actor=province_reviewer).count() == 1


# ---------------------------------------------------------------- who may do what


def nomination_urls(nomination, attachment):
    return [
        url("detail", nomination.pk),
        url("save_answers", nomination.pk),
        url("upload", nomination.pk),
        url("download", nomination.pk, attachment.pk),
        url("remove_attachment", nomination.pk, attachment.pk),
        url("submit", nomination.pk),
        url("withdraw", nomination.pk),
        url("return", nomination.pk),
        url("verify", nomination.pk),
        url("reject", nomination.pk),
        url("review", nomination.pk),
        url("shortlist", nomination.pk),
        url("unshortlist", nomination.pk),
    ]


@pytest.mark.parametrize("outsider", ["other_province_reviewer", "other_county_clerk"])
def test_an_outsider_gets_404_everywhere(outsider, request, submitted, county_clerk):
    attachment = submitted.attachments.first()
    client = signed_in(request.getfixturevalue(outsider))
    for address in nomination_urls(submitted, attachment):
        assert client.get(address).status_code in (404, 405), address
        assert client.post(address, {"note": "x", "reason": "x", "pledge": "on"}).status_code == 404, address
    assert refresh(submitted) == S.SUBMITTED
    assert not AuditEvent.objects.filter(action="attachment.download").exists()


def test_the_outsider_gets_404_on_the_confirmation_document(submitted, province_approver, other_province_reviewer):
    recommendation = ProvinceRecommendation.objects.create(
        campaign=submitted.campaign, province=Division.objects.get(code="440000"), category="quality"
    )
    response = signed_in(other_province_reviewer).get(url("confirmation_document", recommendation.pk))
    assert response.status_code == 404


REVIEWER_ACTIONS = ["return", "verify", "reject", "review", "shortlist", "unshortlist"]


@pytest.mark.parametrize("action", REVIEWER_ACTIONS)
def test_the_clerk_gets_403_on_reviewer_actions(action, submitted, county_clerk):
    response = signed_in(county_clerk).post(url(action, submitted.pk), {"note": "x", "reason": "x"})
    assert response.status_code == 403
    assert refresh(submitted) == S.SUBMITTED


@pytest.mark.parametrize("name", ["queue", "ranking", "recommendation", "confirm", "recommend"])
def test_the_clerk_gets_403_on_the_provincial_pages(name, campaign, county_clerk):
    args = () if name == "queue" else ("quality",)
    assert signed_in(county_clerk).get(url(name, *args)).status_code == 403
    assert signed_in(county_clerk).post(url(name, *args)).status_code == 403


@pytest.mark.parametrize("name", ["confirm", "recommend"])
def test_the_reviewer_gets_403_on_the_approver_actions(name, verified, province_reviewer):
    assert signed_in(province_reviewer).post(url(name, "quality")).status_code == 403


def test_the_approver_cannot_rank(verified, province_approver):
    response = signed_in(province_approver).post(url("ranking", "quality"), {f"order-{verified.pk}": "1"})
    assert response.status_code == 403
    assert refresh(verified) == S.VERIFIED and verified.province_rank is None


def test_the_reviewer_cannot_change_the_answers(draft, province_reviewer):
    response = signed_in(province_reviewer).post(url("save_answers", draft.pk), checklist(draft))
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_anonymous_users_are_sent_to_the_login(draft):
    response = Client().get(url("detail", draft.pk))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_every_post_needs_the_csrf_token(submitted, province_reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(province_reviewer)
    assert client.post(url("verify", submitted.pk), {"note": "x"}).status_code == 403
    assert refresh(submitted) == S.SUBMITTED


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("county_clerk", "my_list"),
        ("county_clerk", "create"),
        ("county_clerk", "detail"),
        ("county_clerk", "withdraw"),
        ("province_reviewer", "queue"),
        ("province_reviewer", "detail"),
        ("province_reviewer", "return"),
        ("province_reviewer", "verify"),
        ("province_reviewer", "reject"),
        ("province_reviewer", "review"),
        ("province_reviewer", "ranking"),
        ("province_reviewer", "recommendation"),
        ("province_approver", "queue"),
        ("province_approver", "detail"),
        ("province_approver", "ranking"),
        ("province_approver", "recommendation"),
        ("province_approver", "confirm"),
        ("province_approver", "recommend"),
    ],
)
def test_every_page_opens_for_its_persona(persona, name, request, submitted):
    if name in ("my_list", "create", "queue"):
        address = url(name)
    elif name in ("ranking", "recommendation", "confirm", "recommend"):
        address = url(name, "quality")
    else:
        address = url(name, submitted.pk)
    assert signed_in(request.getfixturevalue(persona)).get(address).status_code == 200


def test_home_links_to_the_pages_of_the_roles(county_clerk, province_reviewer):
    assert url("my_list") in page_text(signed_in(county_clerk).get("/"))
    assert url("queue") in page_text(signed_in(province_reviewer).get("/"))


# ---------------------------------------------------------------- query counts


def applications_in_guangdong(campaign, admin_user, counties):
    """Arrange: applications of ``counties`` in several states, every third with a typical experience (art. 9)."""
    criteria_set = campaign.criteria_sets.get(category="quality")
    for index, county in enumerate(counties):
        Nomination.objects.create(
            campaign=campaign,
            category="quality",
            division=county,
            criteria_set=criteria_set,
            created_by=admin_user,
            state=[S.SUBMITTED, S.VERIFIED, S.RETURNED][index % 3],
        )
        if index % 3 == 0:
            TypicalExperience.objects.create(
                province=county.province, division=county, title="经验", year=2025, created_by=admin_user
            )


# session, user, memberships, the per-object grants, campaign, [queue: prefectures, counts per state], page count,
# page rows, [queue: the page's data discrepancies]
QUERIES = {"queue": 10, "my_list": 7}


@pytest.mark.parametrize("name", ["queue", "my_list"])
def test_the_lists_take_a_constant_number_of_queries(
    name, campaign, admin_user, province_reviewer, django_assert_num_queries
):
    counties = list(Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[:8])
    client = signed_in(province_reviewer)
    applications_in_guangdong(campaign, admin_user, counties[:2])
    client.get(url(name))  # the first request of the process fills the content-type cache
    with django_assert_num_queries(QUERIES[name]):
        response = client.get(url(name))
    assert all(url("detail", n.pk) in page_text(response) for n in Nomination.objects.all())

    applications_in_guangdong(campaign, admin_user, counties[2:])
    with django_assert_num_queries(QUERIES[name]):
        response = client.get(url(name))
    assert all(url("detail", n.pk) in page_text(response) for n in Nomination.objects.all())


def test_the_verify_page_takes_on_site_evidence(client, submitted, province_reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(province_reviewer)
    page = client.get(reverse("nominations:verify", args=[submitted.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in page
    response = client.post(
        reverse("nominations:verify", args=[submitted.pk]),
        {"note": "实地查看", "evidence": SimpleUploadedFile("照片.pdf", b"%PDF-1.4\n%%EOF\n")},
    )
    assert response.status_code == 302
    assert submitted.attachments.filter(purpose="verification").count() == 1


def test_the_ranking_page_offers_drag_and_keyboard_ranking_without_inline_script(client, verified, province_reviewer):
    client.force_login(province_reviewer)
    page = client.get(reverse("nominations:ranking", args=["quality"])).content.decode()
    assert "data-drag-rank" in page and "data-position" in page and "js/ranking.js" in page
    assert 'name="move"' in page  # the keyboard fallback
    assert "<script>" not in page


def test_new_application_is_offered_only_while_a_category_is_left(campaign, county_clerk):
    """Issue 19: 新建申报 was offered on 我的申报 when every category already had an application; the page and the
    dashboard now read the same rule (``applications.start_refusal``)."""
    client = signed_in(county_clerk)
    new = f'href="{url("create")}"'
    assert new in page_text(client.get(url("my_list")))
    applications.create_nomination(county_clerk, campaign, "quality")
    assert new in page_text(client.get(url("my_list")))
    applications.create_nomination(county_clerk, campaign, "business_reform")
    for page in (client.get(url("my_list")), client.get(reverse("home"))):
        assert new not in page_text(page)
        assert "本年度各类别均已申报（每类只能申报一份）。" in page_text(page)


def test_new_application_is_not_offered_after_the_deadline_and_says_so(campaign, county_clerk):
    campaign.application_deadline = timezone.now() - timedelta(minutes=1)
    campaign.save()
    text = page_text(signed_in(county_clerk).get(url("my_list")))
    assert f'href="{url("create")}"' not in text and "申报已于" in text and "截止。" in text
