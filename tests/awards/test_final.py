# ruff: noqa: F811 - fixtures imported from test_national_list are redefined as arguments
"""From the approved list to the awards: publicity, finalisation (the others not selected), the report and the
awards (art. 10, 11), the tasks (art. 13), disqualification and sanctions (art. 14), revocation (art. 15), and the
e-mails each of these sends once."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from awards.domain import award_tasks, revocation
from awards.domain import report as reporting
from awards.models import Award, TaskStatus
from core.models import AuditEvent, Notification
from core.tasks import send_notification
from criteria.domain import sanctions
from criteria.enums import DeterminingAuthority, IncidentDomain, SanctionKind, SanctionReason
from criteria.models import Incident, Sanction
from national.domain import national_list
from national.models import NationalListEntry, NationalListState
from nominations.domain import applications
from nominations.enums import NominationState
from provinces.models import Division
from publicity.domain import publication
from publicity.domain import publicity as publicity_stage

from ..national.test_national_list import evaluated  # noqa: F401
from ..nominations.factories import CampaignFactory

pytestmark = pytest.mark.django_db
S = NominationState
L = NationalListState


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def approved_list(evaluated, campaign, samr_reviewer, samr_approver):
    the_list = national_list.national_list_for(campaign, "quality")
    national_list.add(samr_reviewer, the_list, evaluated[1])
    return national_list.approve(samr_approver, the_list)


@pytest.fixture
def left_out(evaluated):
    return fresh(evaluated[0])


@pytest.fixture
def in_publicity(approved_list, samr_approver):
    return publicity_stage.start_publicity(samr_approver, approved_list)


@pytest.fixture
def finalised(in_publicity, samr_approver):
    return publication.finalise_list(samr_approver, in_publicity)


@pytest.fixture
def reported(finalised, samr_approver):
    return reporting.report(
        samr_approver, finalised, document_number="国市监信函〔2026〕12号", document_date=timezone.localdate()
    )


@pytest.fixture
def award(reported):
    return Award.objects.get()


class TestTheListToTheAwards:
    def test_publicity_then_final_then_awarded(self, approved_list, left_out, samr_approver, evaluated):
        listed = evaluated[1]
        the_list = publicity_stage.start_publicity(samr_approver, approved_list)
        assert (the_list.state, fresh(listed).state, fresh(left_out).state) == (
            L.IN_PUBLICITY,
            S.IN_PUBLICITY,
            S.EVALUATED,
        )
        the_list = publication.finalise_list(samr_approver, the_list)
        assert (the_list.state, fresh(listed).state, fresh(left_out).state) == (L.FINALISED, S.APPROVED, S.NOT_SELECTED)
        assert the_list.finalised_by == samr_approver
        the_list = reporting.report(
            samr_approver, the_list, document_number="国市监信函〔2026〕12号", document_date=timezone.localdate()
        )
        assert (the_list.state, the_list.report_number) == (L.REPORTED, "国市监信函〔2026〕12号")
        award = Award.objects.get()
        assert (award.nomination_id, fresh(listed).state) == (listed.pk, S.AWARDED)
        assert (
            award.measures
            == [
                m.value
                for m in award.nomination.award.__class__.objects.none().model.__mro__[0].objects.none().model and []
            ]
            or award.measures
        )
        assert award.measures[0] == "q_pilot" and len(award.measures) == 5  # art. 11 for the quality category

    def test_only_samr_leadership(self, approved_list, samr_reviewer):
        with pytest.raises(PermissionDenied):
            publicity_stage.start_publicity(samr_reviewer, approved_list)
        assert fresh(approved_list).state == L.APPROVED

    def test_out_of_order_is_refused(self, approved_list, samr_approver):
        with pytest.raises(ValidationError, match="已批准"):
            publication.finalise_list(samr_approver, approved_list)
        with pytest.raises(ValidationError):
            reporting.report(samr_approver, approved_list, document_number="x", document_date=timezone.localdate())
        assert fresh(approved_list).state == L.APPROVED

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"document_number": " "}, "请填写上报文号"),
            ({"document_number": "国市监信函〔2026〕号"}, "上报文号“国市监信函〔2026〕号”不完整"),
            ({"document_number": "国市监信函2026年12号"}, "应为发文机关代字、年份和序号"),
            ({"document_date": None}, "请填写上报日期"),
            ({"document_date": date.today() + timedelta(days=2)}, "不能晚于今天"),
            ({"measures": ["br_pilot"]}, "不适用于本类别"),
            ({"measures": []}, "至少选择一项"),
        ],
    )
    def test_a_bad_report_changes_nothing(self, finalised, samr_approver, fields, message):
        arguments = {"document_number": "国市监信函〔2026〕12号", "document_date": timezone.localdate()} | fields
        with pytest.raises(ValidationError, match=message):
            reporting.report(samr_approver, finalised, **arguments)
        assert fresh(finalised).state == L.FINALISED and not Award.objects.exists()

    def test_chosen_measures(self, finalised, samr_approver):
        reporting.report(
            samr_approver,
            finalised,
            document_number="国市监信函〔2026〕12号",
            document_date=timezone.localdate(),
            measures=["q_training", "q_pilot", "q_training"],
        )
        assert Award.objects.get().measures == ["q_training", "q_pilot"]


class TestRevocation:
    def incident(self, division, **fields):
        return Incident.objects.create(
            division=division,
            occurred_on=fields.pop("occurred_on", timezone.localdate()),
            domain=IncidentDomain.values[0],
            title="食品安全事件",
            determining_authority=DeterminingAuthority.STATE_COUNCIL,
            source_document="国务院调查组报告",
            **fields,
        )

    def test_art_15_with_the_incident(self, award, samr_approver):
        incident = self.incident(award.nomination.division, government_responsibility=True)
        revocation.revoke_award(samr_approver, award, reason="重大食品安全事件，属于政府责任", incident=incident)
        award = fresh(award)
        assert (award.is_revoked, award.incident, fresh(award.nomination).state) == (True, incident, S.REVOKED)

    @pytest.mark.parametrize(
        ("where", "responsibility", "years_ago", "message"),
        [
            ("other", True, 0, "不发生在"),
            ("same", False, 0, "不属于政府责任"),
            ("same", True, 1, "不在认定当年"),
        ],
    )
    def test_an_incident_that_does_not_count(self, award, samr_approver, where, responsibility, years_ago, message):
        division = award.nomination.division if where == "same" else Division.objects.get(code="630202")
        incident = self.incident(
            division,
            government_responsibility=responsibility,
            occurred_on=timezone.localdate().replace(year=timezone.localdate().year - years_ago),
        )
        with pytest.raises(ValidationError, match=message):
            revocation.revoke_award(samr_approver, award, reason="事件", incident=incident)
        assert not fresh(award).is_revoked and fresh(award.nomination).state == S.AWARDED

    def test_only_once_and_only_by_leadership(self, award, samr_approver, samr_reviewer):
        incident = self.incident(award.nomination.division, government_responsibility=True)
        with pytest.raises(PermissionDenied):
            revocation.revoke_award(samr_reviewer, award, reason="x", incident=incident)
        revocation.revoke_award(samr_approver, award, reason="x", incident=incident)
        with pytest.raises(ValidationError, match="已于"):
            revocation.revoke_award(samr_approver, fresh(award), reason="again", incident=incident)

    def test_no_revocation_without_its_basis(self, award, samr_approver):
        """art. 15 names the incident; fraud (art. 14) revokes only with its finding, through disqualification."""
        with pytest.raises(ValidationError, match="须依据所涉重大质量安全事件"):
            revocation.revoke_award(samr_approver, award, reason="地方工作不力", incident=None)
        assert not fresh(award).is_revoked and fresh(award.nomination).state == S.AWARDED

    def test_the_award_year_is_its_campaign_year(self, award, samr_approver):
        """A campaign reported in the January after its year: 当年内 is the campaign's year, not the grant's."""
        year = award.nomination.campaign.year
        Award.objects.filter(pk=award.pk).update(granted_at=timezone.make_aware(datetime(year + 1, 1, 8, 10)))
        division = award.nomination.division
        next_year = self.incident(division, government_responsibility=True, occurred_on=date(year + 1, 1, 5))
        with pytest.raises(ValidationError, match="不在认定当年"):
            revocation.revoke_award(samr_approver, fresh(award), reason="事件", incident=next_year)
        in_year = self.incident(division, government_responsibility=True, occurred_on=date(year, 12, 30))
        revocation.revoke_award(samr_approver, fresh(award), reason="事件", incident=in_year)
        assert fresh(award).incident == in_year


class TestDisqualification:
    def test_an_upheld_objection_without_fraud_only_disqualifies(self, in_publicity, samr_approver, evaluated):
        listed = evaluated[1]
        revocation.disqualify(samr_approver, fresh(listed), finding="不符合 6.3 指标")
        assert fresh(listed).state == S.DISQUALIFIED
        assert not NationalListEntry.objects.filter(nomination=listed).exists()
        assert not Sanction.objects.exists()

    def test_fraud_starts_both_terms(self, left_out, samr_approver):
        year = left_out.campaign.year  # the campaign of the finding, opened today (campaign_year_at)
        revocation.disqualify(
            samr_approver, left_out, finding="伪造投诉办结数据", fraud=True, decision_number="国市监〔2026〕1号"
        )
        ban = Sanction.objects.get(kind=SanctionKind.APPLICATION_BAN)
        province_ban = Sanction.objects.get(kind=SanctionKind.RECOMMENDATION_BAN)
        assert (ban.division, ban.starts_on, ban.first_year, ban.last_year) == (
            left_out.division,
            timezone.localdate(),
            year,
            year + 3,
        )
        assert (province_ban.division, province_ban.first_year, province_ban.last_year) == (
            left_out.division.province,
            year + 1,
            year + 1,
        )
        assert ban.fraud_findings.get().nomination == left_out and ban.decision_number == "国市监〔2026〕1号"
        assert {ban.reason, province_ban.reason} == {SanctionReason.FRAUD}  # never stored without its reason

    def test_the_terms_are_read_in_campaign_years(self, left_out, samr_approver):
        revocation.disqualify(samr_approver, left_out, finding="伪造", fraud=True)
        year = left_out.campaign.year
        division, province = left_out.division, left_out.division.province
        for campaign_year in (year + 1, year + 2, year + 3):
            # Whatever the day: a campaign opened in the December before its year is barred as its year's.
            assert sanctions.application_ban(division, campaign_year, on=date(campaign_year - 1, 12, 20)) is not None
        assert sanctions.application_ban(division, year + 4, on=date(year + 3, 12, 20)) is None
        assert sanctions.recommendation_ban(province, year + 1) is not None
        assert sanctions.recommendation_ban(province, year) is None
        assert sanctions.recommendation_ban(province, year + 2) is None

    def test_a_finding_years_after_the_award_counts_from_its_own_year(
        self, left_out, samr_approver, admin_user, county_clerk
    ):
        """Fraud found two campaign years late starts the terms from the year of the finding, never a term that
        ended before it began (art. 14: 3年内, 下一年度)."""
        from nominations.domain.campaigns import open_campaign

        year = left_out.campaign.year
        later = open_campaign(admin_user, CampaignFactory(year=year + 2, ready=True))
        assert later.opened_at is not None
        revocation.disqualify(samr_approver, left_out, finding="两年后查实伪造材料", fraud=True)
        ban = Sanction.objects.get(kind=SanctionKind.APPLICATION_BAN)
        province_ban = Sanction.objects.get(kind=SanctionKind.RECOMMENDATION_BAN)
        assert (ban.first_year, ban.last_year) == (year + 2, year + 5)
        assert (province_ban.first_year, province_ban.last_year) == (year + 3, year + 3)
        with pytest.raises(ValidationError, match="取消申报资格期内"):
            applications.create_nomination(county_clerk, later, "quality")

    def test_a_banned_locality_cannot_apply_next_year(self, left_out, samr_approver, admin_user, county_clerk):
        from nominations.domain.campaigns import open_campaign

        revocation.disqualify(samr_approver, left_out, finding="伪造", fraud=True)
        next_year = open_campaign(admin_user, CampaignFactory(year=left_out.campaign.year + 1, ready=True))
        division = left_out.division
        assert county_clerk.memberships.filter(bureau__division=division).exists()
        with pytest.raises(ValidationError, match="取消申报资格期内"):
            applications.create_nomination(county_clerk, next_year, "quality")

    def test_fraud_after_the_award_revokes_it(self, award, samr_approver):
        revocation.disqualify(samr_approver, award.nomination, finding="伪造材料", fraud=True)
        assert fresh(award).is_revoked and fresh(award.nomination).state == S.REVOKED
        assert Sanction.objects.count() == 2

    def test_without_a_finding_nothing_changes(self, left_out, samr_approver, samr_reviewer):
        with pytest.raises(ValidationError, match="请填写认定的事实"):
            revocation.disqualify(samr_approver, left_out, finding=" ", fraud=True)
        with pytest.raises(PermissionDenied):
            revocation.disqualify(samr_reviewer, left_out, finding="x")
        assert fresh(left_out).state == S.EVALUATED and not Sanction.objects.exists()


class TestSanctionExpiry:
    def test_the_job_marks_each_ended_term_once(self, left_out, samr_approver):
        revocation.disqualify(samr_approver, left_out, finding="伪造", fraud=True)
        year = left_out.campaign.year
        assert sanctions.expire_sanctions(year + 1) == 0
        assert sanctions.expire_sanctions(year + 2) == 1  # the province's term
        assert sanctions.expire_sanctions(year + 2) == 0
        assert sanctions.expire_sanctions(year + 9) == 1  # the locality's
        assert AuditEvent.objects.filter(action="sanction.end").count() == 2

    def test_a_late_job_never_changes_who_is_banned(self, left_out, samr_approver):
        revocation.disqualify(samr_approver, left_out, finding="伪造", fraud=True)
        year = left_out.campaign.year
        # The job has not run at all: the years alone decide.
        assert sanctions.application_ban(left_out.division, year + 4) is None
        assert sanctions.application_ban(left_out.division, year + 3) is not None


class TestTasks:
    def test_assign_and_report(self, award, samr_reviewer, county_clerk, city_clerk):
        clerk = county_clerk if award.nomination.division.code == "440902" else city_clerk
        task = award_tasks.assign_task(
            samr_reviewer,
            award,
            kind="pilot",
            title="信用风险分类管理试点",
            due_on=timezone.localdate() + timedelta(days=90),
        )
        with pytest.raises(ValidationError, match="请填写完成情况"):
            award_tasks.report_task(clerk, task, status="done", report="")
        award_tasks.report_task(clerk, task, status="problem", report="数据共享尚未打通")
        assert fresh(task).status == TaskStatus.PROBLEM
        award_tasks.report_task(clerk, task, status="done", report="已完成试点并报送总结")
        with pytest.raises(ValidationError, match="已报告完成"):
            award_tasks.report_task(clerk, task, status="problem", report="x")

    def test_bad_tasks_and_foreign_localities(self, award, samr_reviewer, other_county_clerk):
        with pytest.raises(ValidationError):
            award_tasks.assign_task(
                samr_reviewer, award, kind="party", title="", due_on=timezone.localdate() - timedelta(1)
            )
        task = award_tasks.assign_task(samr_reviewer, award, kind="research", title="课题", due_on=timezone.localdate())
        with pytest.raises(Http404):
            award_tasks.report_task(other_county_clerk, task, status="done", report="x")
        assert fresh(task).status == TaskStatus.OPEN


class TestNotifications:
    def test_the_locality_hears_once(
        self,
        evaluated,
        approved_list,
        samr_approver,
        county_clerk,
        city_clerk,
        django_capture_on_commit_callbacks,
        eager_tasks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            publicity_stage.start_publicity(samr_approver, approved_list)
        listed = evaluated[1]
        clerk = city_clerk if listed.division.code == "440900" else county_clerk
        publicised = [m for m in mail.outbox if clerk.email in m.to]
        assert len(publicised) == 1 and "列入建议名单并公示" in publicised[0].subject
        event = AuditEvent.objects.get(action="nomination.publicise")
        notification = Notification.objects.get(event=event)
        assert clerk.email in notification.recipients
        sent = len(mail.outbox)
        send_notification(event.pk)  # a repeated task sends nothing again
        assert len(mail.outbox) == sent


def test_sanctions_are_announced_to_the_locality_and_its_province(
    left_out,
    samr_approver,
    county_clerk,
    city_clerk,
    province_reviewer,
    province_approver,
    django_capture_on_commit_callbacks,
    eager_tasks,
):
    with django_capture_on_commit_callbacks(execute=True):
        revocation.disqualify(samr_approver, left_out, finding="伪造数据", fraud=True)
    clerk = county_clerk if left_out.division.code == "440902" else city_clerk
    started = Notification.objects.filter(event__action="sanction.start")
    recipients = sorted(tuple(n.recipients) for n in started)
    assert recipients == sorted([(clerk.email,), tuple(sorted([province_reviewer.email, province_approver.email]))])
    assert Notification.objects.filter(event__action="nomination.disqualify").exists()
