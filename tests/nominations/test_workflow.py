"""Each action of the application workflow: allowed and refused, per persona."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import AuditEvent
from criteria.domain.evaluation import years_before as years_before_today
from criteria.enums import DeterminingAuthority, IncidentDomain, SanctionKind, SanctionReason
from criteria.models import Incident, Sanction
from nominations.domain import applications, workflow
from nominations.enums import NominationState, RecommendationState
from nominations.models import Campaign, Nomination, ProvinceCap, ProvinceRecommendation
from provinces.models import Division

from .conftest import complete, later

pytestmark = pytest.mark.django_db
S = NominationState


def events(nomination):
    return list(AuditEvent.objects.for_object(nomination).values_list("action", "from_state", "to_state"))


class TestCreate:
    def test_a_county_creates_one_application_per_category(self, campaign, county_clerk):
        nomination = applications.create_nomination(county_clerk, campaign, "quality")
        assert (nomination.state, nomination.division.code, nomination.criteria_set.category) == (
            S.DRAFT,
            "440902",
            "quality",
        )
        with pytest.raises(ValidationError, match="每类只能申报一份"):
            applications.create_nomination(county_clerk, campaign, "quality")
        other = applications.create_nomination(county_clerk, campaign, "business_reform")
        assert other.criteria_set.category == "business_reform"
        assert Nomination.objects.count() == 2

    @pytest.mark.parametrize("name", ["province_reviewer", "province_approver", "samr_reviewer", "expert"])
    def test_only_applicants_create(self, name, request, campaign):
        with pytest.raises(ValidationError, match="只有市、县市场监管部门"):
            applications.create_nomination(request.getfixturevalue(name), campaign, "quality")

    def test_after_the_deadline_nothing_is_created(self, campaign, county_clerk):
        campaign.application_deadline = timezone.now() - timedelta(minutes=1)
        campaign.save()
        with pytest.raises(ValidationError, match="申报已于.*截止"):
            applications.create_nomination(county_clerk, campaign, "quality")
        assert not Nomination.objects.exists()

    def test_a_banned_locality_cannot_apply(self, campaign, county_clerk):
        Sanction.objects.create(
            division=Division.objects.get(code="440902"),
            kind=SanctionKind.APPLICATION_BAN,
            reason=SanctionReason.FRAUD,
            starts_on=date.today() - timedelta(days=30),
            first_year=campaign.year,
            last_year=campaign.year + 3,
        )
        with pytest.raises(ValidationError, match="取消申报资格期内"):
            applications.create_nomination(county_clerk, campaign, "quality")


class TestAnswers:
    def test_answers_are_saved_and_updated(self, draft, county_clerk):
        applications.save_answers(
            county_clerk, draft, [{"criterion": "6.3", "met": True, "value": "97.00%", "narrative": "办结率高"}]
        )
        applications.save_answers(county_clerk, draft, [{"criterion": "6.3", "value": "96.99"}])
        answer = draft.answers.get()
        assert (answer.criterion.number, answer.met, str(answer.value), answer.narrative) == (
            "6.3",
            True,
            "96.99",
            "办结率高",
        )

    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("９７．５％", "97.50"),  # full-width digits, point and percent sign
            ("٩٧", "97.00"),  # Arabic-Indic digits
            (" 100 ", "100.00"),
            ("0", "0.00"),
        ],
    )
    def test_a_figure_is_stored_normalised(self, draft, county_clerk, typed, stored):
        applications.save_answers(county_clerk, draft, [{"criterion": "6.3", "value": typed}])
        assert str(draft.answers.get().value) == stored

    @pytest.mark.parametrize(
        ("item", "message"),
        [
            ({"criterion": "6.3", "value": "100.01"}, "6.3：指标值100.01%超出 0 到 100 的范围"),
            ({"criterion": "6.3", "value": "-1"}, "6.3：指标值-1.00%超出 0 到 100 的范围"),
            ({"criterion": "6.3", "value": "九十七"}, "6.3：指标值“九十七”不是数字"),
            (
                {"criterion": "6.5", "indicators": {"药品抽检合格率": "１０１"}},
                "6.5：附加指标“药品抽检合格率”101.00%超出",
            ),
            (
                {"criterion": "6.5", "indicators": {"药品抽检合格率": "很高"}},
                "6.5：附加指标“药品抽检合格率”的值“很高”不是数字",
            ),
        ],
    )
    def test_a_figure_that_cannot_be_true_is_refused_naming_the_criterion(self, draft, county_clerk, item, message):
        with pytest.raises(ValidationError, match=message):
            applications.save_answers(county_clerk, draft, [item])
        assert not draft.answers.exists()

    def test_an_extra_indicator_is_stored_normalised(self, draft, county_clerk):
        applications.save_answers(
            county_clerk, draft, [{"criterion": "6.6", "indicators": {"服务质量满意度": "８５．５"}}]
        )
        assert draft.answers.get().indicators == {"服务质量满意度": "85.50"}  # 分, not a percentage: no 0–100 check

    def test_a_whole_checklist_is_saved_in_a_constant_number_of_statements(self, draft, county_clerk):
        criteria = list(draft.criteria_set.criteria.all())
        first = [{"criterion": c.number, "met": True, "narrative": f"{c.title}：情况属实。"} for c in criteria[:2]]
        everything = [{"criterion": c.number, "met": True, "narrative": "已补充。"} for c in criteria]
        applications.save_answers(county_clerk, draft, first)

        with CaptureQueriesContext(connection) as queries:
            applications.save_answers(county_clerk, draft, everything)  # 2 updated, the others created

        writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))]
        answer_writes = [sql for sql in writes if '"nominations_answer"' in sql]
        assert len(criteria) > 4 and len(answer_writes) == 2  # one INSERT of the new, one UPDATE of the others
        assert sorted(draft.answers.values_list("narrative", flat=True)) == ["已补充。"] * len(criteria)

    def test_a_bad_item_refuses_the_whole_request(self, draft, county_clerk):
        with pytest.raises(ValidationError) as error:
            applications.save_answers(
                county_clerk,
                draft,
                [
                    {"criterion": "6.1", "met": True, "narrative": "好"},
                    {"criterion": "5.1", "met": True},
                    {"criterion": "6.3", "value": "很高"},
                    {"criterion": "6.2", "value": "3"},
                ],
            )
        text = "；".join(error.value.messages)
        assert "“5.1”不在本类认定条件中" in text and "“很高”不是数字" in text and "不是量化指标" in text
        assert not draft.answers.exists()

    def test_others_cannot_touch_the_answers(self, draft, other_county_clerk, province_reviewer):
        with pytest.raises(Http404):
            applications.save_answers(other_county_clerk, draft, [{"criterion": "6.1", "met": True}])
        with pytest.raises(PermissionDenied):
            applications.save_answers(province_reviewer, draft, [{"criterion": "6.1", "met": True}])


class TestSubmit:
    def test_an_eligible_application_is_submitted_with_its_pledge_and_version(self, draft, county_clerk):
        complete(draft, county_clerk)
        nomination = workflow.submit(county_clerk, draft, pledge=True)
        assert nomination.state == S.SUBMITTED and nomination.version == 1
        assert nomination.pledge_accepted_by == county_clerk and "第十四条" in nomination.pledge_text
        assert nomination.versions.get().answers["6.3"]["value"] == "98.50"
        assert ("nomination.submit", "draft", "submitted") in events(nomination)

    def test_the_answers_are_read_once_for_the_evaluation_and_the_version(self, draft, county_clerk):
        complete(draft, county_clerk)
        with CaptureQueriesContext(connection) as queries:
            nomination = workflow.submit(county_clerk, draft, pledge=True)
        reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
        assert len([sql for sql in reads if 'FROM "nominations_answer"' in sql]) == 1
        kept = nomination.versions.get().answers
        assert set(kept) == {c.number for c in draft.criteria_set.criteria.all()}
        assert all(row["met"] and row["narrative"] for row in kept.values())

    @pytest.mark.parametrize(
        ("years_before", "days_after", "blocked"),
        [
            (0, 0, True),  # the day of the submission
            (0, 1, False),  # the day after it (a date still to come)
            (3, 1, True),  # the first day of the three years (近3年)
            (3, 0, False),  # exactly three years before: out of the window
        ],
    )
    def test_art_6_8_counts_back_from_the_day_of_the_decision(
        self, draft, county_clerk, years_before, days_after, blocked
    ):
        """An incident recorded after the campaign's reference date, up to the day of the decision, stops it: 近3年
        ends at the decision that reads it, leaving no gap after the reference date."""
        complete(draft, county_clerk)
        today = timezone.localdate()
        assert draft.campaign.reference_date < today - timedelta(days=1)
        Incident.objects.create(
            division=draft.division,
            occurred_on=years_before_today(today, years_before) + timedelta(days=days_after),
            domain=IncidentDomain.SPECIAL_EQUIPMENT,
            title="电梯困人致伤事故",
            determining_authority=DeterminingAuthority.STATE_COUNCIL,
            source_document="国务院调查组报告",
        )
        if blocked:
            with pytest.raises(ValidationError, match="重大质量安全事件"):
                workflow.submit(county_clerk, draft, pledge=True)
            assert Nomination.objects.get(pk=draft.pk).state == S.DRAFT
        else:
            assert workflow.submit(county_clerk, draft, pledge=True).state == S.SUBMITTED

    def test_without_the_pledge_nothing_happens(self, draft, county_clerk):
        complete(draft, county_clerk)
        with pytest.raises(ValidationError, match="真实性承诺"):
            workflow.submit(county_clerk, draft, pledge=False)
        assert Nomination.objects.get(pk=draft.pk).state == S.DRAFT

    def test_an_ineligible_application_is_refused_with_reasons_per_criterion(self, draft, county_clerk):
        complete(draft, county_clerk)
        applications.save_answers(county_clerk, draft, [{"criterion": "6.3", "value": "96.99"}])
        with pytest.raises(ValidationError) as error:
            workflow.submit(county_clerk, draft, pledge=True)
        assert any(m.startswith("6.3") and "96.99" in m for m in error.value.messages)
        assert Nomination.objects.get(pk=draft.pk).state == S.DRAFT
        assert not draft.versions.exists()

    def test_missing_evidence_is_a_reason(self, draft, county_clerk):
        complete(draft, county_clerk, with_evidence=False)
        with pytest.raises(ValidationError, match="佐证|附件|材料"):
            workflow.submit(county_clerk, draft, pledge=True)

    def test_after_the_deadline(self, draft, county_clerk):
        complete(draft, county_clerk)
        campaign = draft.campaign
        campaign.application_deadline = timezone.now() - timedelta(seconds=1)
        campaign.save()
        with pytest.raises(ValidationError, match="截止"):
            workflow.submit(county_clerk, draft, pledge=True)

    def test_another_locality_gets_404(self, draft, county_clerk, other_county_clerk):
        complete(draft, county_clerk)
        with pytest.raises(Http404):
            workflow.submit(other_county_clerk, draft, pledge=True)

    def test_submission_tells_the_province(
        self, draft, county_clerk, province_reviewer, django_capture_on_commit_callbacks, eager_tasks
    ):
        complete(draft, county_clerk)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.submit(county_clerk, draft, pledge=True)
        assert [m.to for m in mail.outbox] == [[province_reviewer.email]]
        assert "茂南区" in mail.outbox[0].subject


class TestWithdraw:
    @pytest.mark.parametrize("stage", ["draft", "submitted"])
    def test_before_the_province_decides(self, stage, request, county_clerk):
        nomination = request.getfixturevalue(stage)
        assert workflow.withdraw(county_clerk, nomination, comment="材料不全").state == S.WITHDRAWN

    def test_not_after_verification(self, verified, county_clerk):
        with pytest.raises(ValidationError, match="已核实"):
            workflow.withdraw(county_clerk, verified)


class TestProvinceReview:
    def test_return_and_resubmit_keep_both_versions(self, submitted, county_clerk, province_reviewer):
        workflow.return_for_revision(province_reviewer, submitted, reason="请补充 6.5 抽检数据", deadline=later())
        returned = Nomination.objects.get(pk=submitted.pk)
        assert returned.state == S.RETURNED and returned.return_reason == "请补充 6.5 抽检数据"
        applications.save_answers(
            county_clerk, returned, [{"criterion": "6.5", "narrative": "补充：食品抽检合格率 98%"}]
        )
        with pytest.raises(ValidationError, match="请填写修改说明"):
            workflow.resubmit(county_clerk, returned, pledge=True, comment=" ")
        assert Nomination.objects.get(pk=submitted.pk).state == S.RETURNED
        workflow.resubmit(county_clerk, returned, pledge=True, comment="已补充 6.5 抽检数据")
        nomination = Nomination.objects.get(pk=submitted.pk)
        assert nomination.state == S.SUBMITTED and nomination.version == 2
        assert AuditEvent.objects.filter(action="nomination.resubmit", comment="已补充 6.5 抽检数据").exists()
        first, second = nomination.versions.all()
        assert first.answers["6.5"]["narrative"] != second.answers["6.5"]["narrative"]

    def test_return_needs_a_reason_and_a_deadline_within_the_provincial_one(self, submitted, province_reviewer):
        with pytest.raises(ValidationError) as error:
            workflow.return_for_revision(
                province_reviewer, submitted, reason=" ", deadline=timezone.now() - timedelta(days=1)
            )
        assert len(error.value.messages) == 2
        too_late = submitted.campaign.province_deadline + timedelta(days=1)
        with pytest.raises(ValidationError, match="不能晚于省级推荐截止时间"):
            workflow.return_for_revision(province_reviewer, submitted, reason="补充", deadline=too_late)

    def test_resubmit_after_the_revision_deadline_is_refused(self, submitted, county_clerk, province_reviewer):
        workflow.return_for_revision(province_reviewer, submitted, reason="补充", deadline=later(1))
        Nomination.objects.filter(pk=submitted.pk).update(return_deadline=timezone.now() - timedelta(minutes=1))
        with pytest.raises(ValidationError, match="修改期限"):
            workflow.resubmit(county_clerk, Nomination.objects.get(pk=submitted.pk), pledge=True, comment="已补充")

    def test_verify_and_reject(self, submitted, province_reviewer):
        verified = workflow.verify(province_reviewer, submitted, note="现场核查属实")
        assert verified.state == S.VERIFIED and verified.verification_note == "现场核查属实"
        rejected = workflow.reject(province_reviewer, verified, reason="综合比选未入围")
        assert rejected.state == S.NOT_RECOMMENDED
        assert [e[0] for e in events(rejected)][-2:] == ["nomination.verify", "nomination.reject"]

    def test_who_may_review(self, submitted, other_province_reviewer, province_approver, county_clerk):
        with pytest.raises(Http404):
            workflow.verify(other_province_reviewer, submitted, note="x")
        for user in (province_approver, county_clerk):
            with pytest.raises(PermissionDenied):
                workflow.verify(user, submitted, note="x")
        assert Nomination.objects.get(pk=submitted.pk).state == S.SUBMITTED

    def test_after_the_provincial_deadline(self, submitted, province_reviewer):
        campaign = submitted.campaign
        campaign.province_deadline = timezone.now() - timedelta(seconds=1)
        campaign.application_deadline = campaign.province_deadline - timedelta(days=1)
        campaign.save()
        with pytest.raises(ValidationError, match="省级推荐已于"):
            workflow.verify(province_reviewer, submitted, note="x")

    def test_weighted_score(self, submitted, province_reviewer):
        review = workflow.save_province_review(
            province_reviewer,
            submitted,
            criteria={"6.1": {"score": 90, "remark": "好"}, "6.3": {"score": 80}, "6.5": {"score": ""}},
            comment="总体较好",
        )
        assert str(review.score) == "85.00"
        assert str(Nomination.objects.get(pk=submitted.pk).province_score) == "85.00"
        with pytest.raises(ValidationError, match="0 到 100"):
            workflow.save_province_review(province_reviewer, submitted, criteria={"6.1": {"score": 101}})


def verified_in_guangdong(count, campaign, reviewer):
    """``count`` verified quality applications of Guangdong counties other than 茂南区."""
    from provinces.enums import Level, Role

    from ..factories import member

    nominations = []
    counties = Division.objects.filter(province__code="440000", level=Level.COUNTY).exclude(code="440902")[:count]
    for county in counties:
        clerk = member(Role.APPLICANT, county.code, username=f"clerk_{county.code}")
        nomination = applications.create_nomination(clerk, campaign, "quality")
        complete(nomination, clerk)
        workflow.submit(clerk, nomination, pledge=True)
        nominations.append(workflow.verify(reviewer, nomination, note="属实"))
    return nominations


class TestShortlistAndRank:
    def test_shortlisting_stops_at_the_cap(self, verified, campaign, province_reviewer):
        ProvinceCap.objects.create(campaign=campaign, province=verified.division.province, category="quality", cap=1)
        other = verified_in_guangdong(1, campaign, province_reviewer)[0]
        workflow.shortlist(province_reviewer, verified)
        with pytest.raises(ValidationError, match="最多推荐 1 个，已列入 1 个"):
            workflow.shortlist(province_reviewer, other)
        assert Nomination.objects.get(pk=other.pk).state == S.VERIFIED
        workflow.unshortlist(province_reviewer, Nomination.objects.get(pk=verified.pk))
        assert workflow.shortlist(province_reviewer, other).state == S.SHORTLISTED

    def test_rank_orders_and_refuses_foreign_ids(self, verified, campaign, province_reviewer, other_county_clerk):
        others = verified_in_guangdong(2, campaign, province_reviewer)
        recommendation = workflow.recommendation_for(campaign, verified.division.province, "quality")
        order = [others[1].pk, verified.pk, others[0].pk]
        workflow.rank(province_reviewer, recommendation, order)
        ranks = dict(Nomination.objects.filter(pk__in=order).values_list("pk", "province_rank"))
        assert [ranks[pk] for pk in order] == [1, 2, 3]
        foreign = applications.create_nomination(other_county_clerk, campaign, "quality")
        with pytest.raises(ValidationError, match=str(foreign.pk)):
            workflow.rank(province_reviewer, recommendation, [verified.pk, foreign.pk])
        assert ranks == dict(Nomination.objects.filter(pk__in=order).values_list("pk", "province_rank"))

    def test_cap_cannot_drop_below_the_shortlist(self, verified, campaign, province_reviewer, admin_user):
        from nominations.domain.quotas import set_province_caps

        workflow.shortlist(province_reviewer, verified)
        with pytest.raises(ValidationError, match="上限不能低于此数"):
            set_province_caps(admin_user, campaign, [{"province": "440000", "category": "quality", "cap": 0}])
        # A cap equal to what the province has shortlisted holds the list as it is.
        set_province_caps(admin_user, campaign, [{"province": "440000", "category": "quality", "cap": 1}])
        assert ProvinceCap.objects.get(campaign=campaign, province__code="440000", category="quality").cap == 1

    @pytest.mark.parametrize(("cap", "valid"), [(0, False), (1, True)])
    def test_the_admins_caps_inline_runs_the_domains_shortlist_check(
        self, verified, campaign, province_reviewer, cap, valid
    ):
        # Only the domain knows what a province has shortlisted: the admin's inline must ask it.
        from django.forms import inlineformset_factory

        from nominations.admin import CapFormSet

        workflow.shortlist(province_reviewer, verified)
        province = verified.division.province
        data = {
            "caps-TOTAL_FORMS": "1",
            "caps-INITIAL_FORMS": "0",
            "caps-0-province": str(province.pk),
            "caps-0-category": "quality",
            "caps-0-cap": str(cap),
        }
        formset = inlineformset_factory(
            Campaign, ProvinceCap, formset=CapFormSet, fields=["province", "category", "cap"]
        )(data, instance=campaign, prefix="caps")
        assert formset.is_valid() is valid
        if not valid:
            assert any("上限不能低于此数" in error for error in formset.non_form_errors())
        assert not ProvinceCap.objects.filter(campaign=campaign, province=province).exists()

    @pytest.mark.parametrize("cap", [-1, "3", 2.5, None])
    def test_a_cap_is_a_whole_number_of_at_least_zero(self, campaign, admin_user, cap):
        from nominations.domain.quotas import set_province_caps

        with pytest.raises(ValidationError, match="上限须为非负整数"):
            set_province_caps(admin_user, campaign, [{"province": "440000", "category": "quality", "cap": cap}])
        assert not ProvinceCap.objects.filter(campaign=campaign, province__code="440000").exists()

    @pytest.mark.parametrize("places", [0, -3, "60", 1.5])
    def test_national_places_are_a_positive_whole_number_and_nothing_changes_otherwise(
        self, campaign, admin_user, places
    ):
        from nominations.domain.quotas import set_quotas

        before = dict(campaign.quotas.values_list("category", "places"))
        with pytest.raises(ValidationError, match="名额须为正整数"):
            set_quotas(admin_user, campaign, {"quality": places, "business_reform": 61})
        assert dict(campaign.quotas.values_list("category", "places")) == before


class TestConfirmAndRecommend:
    @pytest.fixture
    def shortlisted(self, verified, province_reviewer):
        return workflow.shortlist(province_reviewer, verified)

    def recommendation(self, nomination):
        return workflow.recommendation_for(nomination.campaign, nomination.division.province, nomination.category)

    def test_confirm_then_recommend_locks_the_list(
        self, shortlisted, province_approver, province_reviewer, samr_reviewer
    ):
        recommendation = self.recommendation(shortlisted)
        workflow.confirm(
            province_approver, recommendation, document_number="粤府函〔2026〕88号", document_date=date.today()
        )
        with pytest.raises(ValidationError, match="名单已经省政府已确认"):
            workflow.unshortlist(province_reviewer, Nomination.objects.get(pk=shortlisted.pk))
        workflow.recommend(province_approver, recommendation)
        assert Nomination.objects.get(pk=shortlisted.pk).state == S.RECOMMENDED
        recommendation.refresh_from_db()
        assert (
            recommendation.state == RecommendationState.RECOMMENDED
            and recommendation.recommended_by == province_approver
        )
        # now it is national business: SAMR sees it
        from accounts import policy

        assert policy.can(samr_reviewer, "nomination.view", Nomination.objects.get(pk=shortlisted.pk))

    def test_recommend_needs_the_confirmation(self, shortlisted, province_approver):
        with pytest.raises(ValidationError, match="须先登记省级人民政府的确认文件"):
            workflow.recommend(province_approver, self.recommendation(shortlisted))

    def test_only_the_approver_of_the_province(self, shortlisted, province_reviewer, other_province_reviewer):
        recommendation = self.recommendation(shortlisted)
        with pytest.raises(PermissionDenied):
            workflow.confirm(province_reviewer, recommendation, document_number="x", document_date=date.today())
        with pytest.raises(Http404):
            workflow.confirm(other_province_reviewer, recommendation, document_number="x", document_date=date.today())

    def test_a_banned_province_cannot_recommend(self, shortlisted, province_approver):
        Sanction.objects.create(
            division=Division.objects.get(code="440000"),
            kind=SanctionKind.RECOMMENDATION_BAN,
            reason=SanctionReason.FRAUD,
            starts_on=date.today() - timedelta(days=1),
            first_year=shortlisted.campaign.year,
            last_year=shortlisted.campaign.year,
        )
        recommendation = self.recommendation(shortlisted)
        workflow.confirm(
            province_approver, recommendation, document_number="粤府函〔2026〕88号", document_date=date.today()
        )
        with pytest.raises(ValidationError, match="取消推荐资格期内"):
            workflow.recommend(province_approver, recommendation)
        assert ProvinceRecommendation.objects.get(pk=recommendation.pk).state == RecommendationState.CONFIRMED

    def test_confirmation_needs_number_date_and_a_list(self, campaign, province_approver):
        recommendation = workflow.recommendation_for(campaign, Division.objects.get(code="440000"), "quality")
        with pytest.raises(ValidationError) as error:
            workflow.confirm(province_approver, recommendation, document_number="", document_date=None)
        assert len(error.value.messages) == 3


class TestEvidenceAndVersions:
    def test_download_is_audited_and_foreign_users_get_404(
        self, submitted, county_clerk, province_reviewer, other_province_reviewer
    ):
        attachment = submitted.attachments.first()
        with applications.open_attachment(province_reviewer, attachment) as handle:
            assert handle.read().startswith(b"%PDF")
        assert AuditEvent.objects.filter(action="attachment.download", actor=province_reviewer).count() == 1
        with pytest.raises(Http404):
            applications.open_attachment(other_province_reviewer, attachment)

    def test_changes_since_the_return(self, submitted, county_clerk, province_reviewer):
        workflow.return_for_revision(province_reviewer, submitted, reason="补充", deadline=later())
        returned = Nomination.objects.get(pk=submitted.pk)
        applications.save_answers(county_clerk, returned, [{"criterion": "6.6", "value": "96"}])
        workflow.resubmit(county_clerk, returned, pledge=True, comment="已补充")
        assert applications.changes_since_previous(returned) == [("6.6", "value", "95.00", "96.00")]


class TestAttachments:
    def test_upload_checks_content_and_limits(self, draft, county_clerk):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from .conftest import PDF

        attachment = applications.add_attachment(
            county_clerk, draft, SimpleUploadedFile("../../报告.pdf", PDF, "text/html"), criterion_number="6.1"
        )
        assert (attachment.kind, attachment.original_name, attachment.size) == ("pdf", "报告.pdf", len(PDF))
        assert ".." not in attachment.file.name and "报告" not in attachment.file.name
        with pytest.raises(ValidationError):
            applications.add_attachment(county_clerk, draft, SimpleUploadedFile("a.pdf", b"<html><script>x</script>"))
        draft.campaign.max_attachments = 1
        draft.campaign.save()
        with pytest.raises(ValidationError, match="最多 1 个附件"):
            applications.add_attachment(county_clerk, draft, SimpleUploadedFile("b.pdf", PDF + b"b"))
        assert draft.attachments.count() == 1
        applications.remove_attachment(county_clerk, attachment)
        assert not draft.attachments.exists()

    def test_a_criterion_has_its_own_limit_counted_with_the_whole(self, draft, county_clerk):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from .conftest import PDF

        criteria = draft.criteria_set.criteria.order_by("number")
        first, second = criteria[0], criteria[1]
        type(first).objects.filter(pk=first.pk).update(max_attachments=1)
        applications.add_attachment(
            county_clerk, draft, SimpleUploadedFile("a.pdf", PDF + b"a"), criterion_number=first.number
        )
        with pytest.raises(ValidationError, match=f"{first.number} 最多 1 个附件"):
            applications.add_attachment(
                county_clerk, draft, SimpleUploadedFile("b.pdf", PDF), criterion_number=first.number
            )
        with CaptureQueriesContext(connection) as queries:
            applications.add_attachment(
                county_clerk, draft, SimpleUploadedFile("c.pdf", PDF + b"c"), criterion_number=second.number
            )
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
        assert len(counts) == 1  # the whole application's and the criterion's, in one query
        assert sorted(draft.attachments.values_list("original_name", flat=True)) == ["a.pdf", "c.pdf"]


class TestTypicalExperience:
    def test_a_province_records_one_and_the_queue_flags_priority(self, submitted, province_reviewer):
        maonan = Division.objects.get(code="440902")
        applications.add_typical_experience(
            province_reviewer, maonan, title="“你点我检”食品抽检", summary="群众点单、政府买单"
        )
        flagged = Nomination.objects.with_priority().get(pk=submitted.pk)
        assert flagged.priority is True
        assert AuditEvent.objects.filter(action="typical_experience.create").exists()

    @pytest.mark.parametrize(("years_ago", "priority"), [(0, True), (1, True), (2, False), (-1, False)])
    def test_priority_counts_an_experience_of_the_campaign_year_or_the_year_before(
        self, submitted, province_reviewer, years_ago, priority
    ):
        """art. 9: 优先支持 the localities whose experience the province has found recently, not years ago."""
        year = submitted.campaign.year - years_ago
        applications.add_typical_experience(province_reviewer, submitted.division, title="经验", year=year)
        assert Nomination.objects.with_priority().get(pk=submitted.pk).priority is priority

    def test_an_experience_belongs_to_the_campaign_year_of_today(self, submitted, province_reviewer):
        experience = applications.add_typical_experience(province_reviewer, submitted.division, title="经验")
        assert experience.year == submitted.campaign.year  # the campaign opened today

    def test_only_the_localitys_province(self, other_province_reviewer, county_clerk):
        maonan = Division.objects.get(code="440902")
        for user in (other_province_reviewer, county_clerk):
            with pytest.raises((PermissionDenied, Http404)):
                applications.add_typical_experience(user, maonan, title="x")

    def test_not_for_a_province(self, province_reviewer):
        with pytest.raises(ValidationError, match="省级单位"):
            applications.add_typical_experience(province_reviewer, Division.objects.get(code="440000"), title="x")


@pytest.mark.parametrize("bad", [["x"], [None], "12"])
def test_rank_refuses_non_numeric_ids(bad, verified, campaign, province_reviewer):
    recommendation = workflow.recommendation_for(campaign, verified.division.province, "quality")
    with pytest.raises(ValidationError):
        workflow.rank(province_reviewer, recommendation, bad)


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-1", "abc"])
def test_scores_must_be_finite_numbers_in_range(bad, submitted, province_reviewer):
    with pytest.raises(ValidationError, match="0 到 100"):
        workflow.save_province_review(province_reviewer, submitted, criteria={"6.1": {"score": bad}})


class TestNationalStaffDoNotActForOthers:
    """SAMR staff and administrators see a recommended list, but may not rank, confirm or change it."""

    @pytest.mark.parametrize("name", ["samr_reviewer", "samr_approver", "admin_user"])
    def test_not_as_province_reviewer_or_approver(self, name, request, verified):
        user = request.getfixturevalue(name)
        recommendation = workflow.recommendation_for(verified.campaign, verified.division.province, "quality")
        with pytest.raises(PermissionDenied):
            workflow.rank(user, recommendation, [verified.pk])
        with pytest.raises(PermissionDenied):
            workflow.confirm(user, recommendation, document_number="x", document_date=date.today())
        with pytest.raises((PermissionDenied, Http404)):
            workflow.shortlist(user, verified)
        assert Nomination.objects.get(pk=verified.pk).province_rank is None

    @pytest.mark.parametrize("name", ["samr_reviewer", "admin_user"])
    def test_not_as_applicant(self, name, request, draft):
        with pytest.raises((PermissionDenied, Http404)):
            applications.save_answers(request.getfixturevalue(name), draft, [{"criterion": "6.1", "met": True}])


def test_verification_may_keep_on_site_evidence(submitted, province_reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nominations.enums import AttachmentPurpose

    from .conftest import PDF

    workflow.verify(province_reviewer, submitted, note="实地查看", evidence=SimpleUploadedFile("现场照片.pdf", PDF))
    kept = submitted.attachments.get(purpose=AttachmentPurpose.VERIFICATION)
    assert (kept.uploaded_by, kept.original_name) == (province_reviewer, "现场照片.pdf")
    event = AuditEvent.objects.for_object(submitted).get(action="nomination.verify")
    assert event.data["sha256"] == kept.sha256


def test_bad_verification_evidence_refuses_the_verification(submitted, province_reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        workflow.verify(province_reviewer, submitted, note="x", evidence=SimpleUploadedFile("a.pdf", b"<svg onload=1>"))
    assert Nomination.objects.get(pk=submitted.pk).state == S.SUBMITTED


class TestRecheckedAtEveryStep:
    """What can change after a locality applied is read again at every forward step (docs/workflow.md)."""

    @staticmethod
    def incident(division, occurred_on):
        return Incident.objects.create(
            division=division,
            occurred_on=occurred_on,
            domain=IncidentDomain.SPECIAL_EQUIPMENT,
            title="电梯困人致伤事故",
            determining_authority=DeterminingAuthority.STATE_COUNCIL,
            source_document="国务院调查组报告",
        )

    def test_an_incident_recorded_after_submission_stops_the_verification(self, submitted, province_reviewer):
        self.incident(submitted.division, timezone.localdate() - timedelta(days=2))
        with pytest.raises(ValidationError) as stopped:
            workflow.verify(province_reviewer, submitted, note="现场核查属实")
        assert stopped.value.messages[0] == "茂南区的申报已不符合认定条件，不能核实："
        assert any(message.startswith("6.8") and "重大质量安全事件" in message for message in stopped.value.messages)
        assert Nomination.objects.get(pk=submitted.pk).state == S.SUBMITTED
        # The province decides what becomes of it: here, not recommended, with the reason.
        workflow.reject(province_reviewer, submitted, reason="近3年发生重大质量安全事件（第六条第八项）")
        assert Nomination.objects.get(pk=submitted.pk).state == S.NOT_RECOMMENDED

    def test_an_incident_outside_the_counted_years_does_not_stop_it(self, submitted, province_reviewer):
        self.incident(submitted.division, timezone.localdate().replace(year=timezone.localdate().year - 4))
        assert workflow.verify(province_reviewer, submitted, note="属实").state == S.VERIFIED

    def test_a_ban_started_after_submission_stops_the_shortlisting(self, verified, province_reviewer):
        """The locality's other application found fraudulent this year: this one may go no further (art. 14)."""
        Sanction.objects.create(
            division=verified.division,
            kind=SanctionKind.APPLICATION_BAN,
            reason=SanctionReason.FRAUD,
            starts_on=timezone.localdate(),
            first_year=verified.campaign.year,
            last_year=verified.campaign.year + 3,
        )
        with pytest.raises(ValidationError, match="处于取消申报资格期内.*第十四条"):
            workflow.shortlist(province_reviewer, verified)
        assert Nomination.objects.get(pk=verified.pk).state == S.VERIFIED

    def test_the_application_page_tells_the_reviewers_why(self, submitted, province_reviewer, client):
        self.incident(submitted.division, timezone.localdate() - timedelta(days=2))
        client.force_login(province_reviewer)
        page = client.get(f"/nominations/{submitted.pk}/").content.decode()
        assert "该申报提交后已不再符合认定条件" in page and "6.8" in page


class TestNothingLeftHanging:
    @pytest.fixture
    def submitted_other(self, campaign, city_clerk):
        """茂名市's quality application, in the same province and category, submitted and never verified."""
        other = complete(applications.create_nomination(city_clerk, campaign, "quality"), city_clerk)
        return workflow.submit(city_clerk, other, pledge=True)

    def test_recommending_ends_what_the_province_left_off(
        self, verified, submitted_other, campaign, province_reviewer, province_approver, county_clerk
    ):
        """art. 7(3): once the province recommends a category, its applications not on the list are not recommended,
        with the reason shown to the applicant."""
        shortlisted = workflow.shortlist(province_reviewer, verified)
        recommendation = workflow.recommendation_for(campaign, shortlisted.division.province, "quality")
        workflow.confirm(
            province_approver, recommendation, document_number="粤府函〔2026〕88号", document_date=date.today()
        )
        workflow.recommend(province_approver, recommendation)
        left = Nomination.objects.get(pk=submitted_other.pk)
        assert left.state == S.NOT_RECOMMENDED
        assert left.rejection_reason.startswith("未列入广东省“推进质量工作”推荐名单")
        assert AuditEvent.objects.filter(action="nomination.leave_off", object_pk=str(left.pk)).exists()
        assert Nomination.objects.get(pk=shortlisted.pk).state == S.RECOMMENDED

    def test_the_provincial_deadline_closes_what_is_still_open(self, verified, campaign, province_reviewer):
        returned = verified  # another state still before the province
        Campaign.objects.filter(pk=campaign.pk).update(province_deadline=timezone.now() - timedelta(minutes=1))
        assert workflow.close_province_stages() == 1
        closed = Nomination.objects.get(pk=returned.pk)
        assert closed.state == S.NOT_RECOMMENDED and "省级推荐已于" in closed.rejection_reason
        assert workflow.close_province_stages() == 0  # once

    def test_before_the_deadline_nothing_is_closed(self, verified):
        assert workflow.close_province_stages() == 0
        assert Nomination.objects.get(pk=verified.pk).state == S.VERIFIED
