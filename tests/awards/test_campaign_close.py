# ruff: noqa: F811 - fixtures imported from other test modules are redefined as arguments
"""The campaign's end (art. 7(4)): it closes by itself when its last final list is reported, or by SAMR once the
national deadline has passed with no list between approval and report; whatever it leaves unfinished ends with a
reason its applicant reads (drafts lapse, the province's applications are left off, SAMR's are not selected)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.domain import workflow as table
from core.models import AuditEvent
from criteria.enums import Category
from national.domain import national_list
from nominations.domain import applications, workflow
from nominations.enums import CampaignStatus, NominationState
from nominations.models import Campaign, Nomination, Quota

from ..helpers import api_client
from ..national.test_national_list import evaluated  # noqa: F401
from ..nominations.conftest import complete
from .test_final import approved_list, finalised, fresh, in_publicity, left_out, reported  # noqa: F401

pytestmark = pytest.mark.django_db
S = NominationState


def national_deadline(campaign, delta):
    """Move the national deadline to ``now + delta`` (and the earlier deadlines before it)."""
    deadline = timezone.now() + delta
    Campaign.objects.filter(pk=campaign.pk).update(
        application_deadline=deadline - timedelta(days=60), province_deadline=deadline - timedelta(days=30),
        national_deadline=deadline,
    )  # fmt: skip
    return fresh(campaign)


@pytest.fixture
def unfinished(evaluated, campaign, county_clerk, other_county_clerk):
    """At SAMR: one application evaluated; before the province: one submitted; one draft never submitted."""
    draft = applications.create_nomination(county_clerk, campaign, Category.BUSINESS_REFORM)
    submitted = complete(
        applications.create_nomination(other_county_clerk, campaign, Category.QUALITY), other_county_clerk
    )
    submitted = workflow.submit(other_county_clerk, submitted, pledge=True)
    return {"evaluated": evaluated[0], "submitted": submitted, "draft": draft}


class TestClosingByHand:
    def test_refused_before_the_national_deadline_until_every_final_list_is_reported(self, campaign, admin_user):
        for delta in (timedelta(minutes=1), timedelta(seconds=3)):  # the day before; the day (still inside it)
            campaign = national_deadline(campaign, delta)
            with pytest.raises(ValidationError) as refused:
                workflow.close_campaign(admin_user, campaign)
            text = "".join(refused.value.messages)
            assert "“推进质量工作”最终名单尚未上报国务院办公厅" in text
            assert "“深化商事制度改革和加强事中事后监管”最终名单尚未上报" in text
            assert fresh(campaign).status == CampaignStatus.OPEN
        campaign = national_deadline(campaign, timedelta(minutes=-1))  # the day after
        closed = workflow.close_campaign(admin_user, campaign, note="  经局务会研究，\n本年度工作结束。 ")
        assert closed.status == CampaignStatus.CLOSED and closed.closed_at is not None
        assert closed.closed_reason.startswith("总局评估已于") and closed.closed_reason.endswith(
            "经局务会研究， 本年度工作结束。"
        )

    def test_what_is_unfinished_ends_with_its_reason(self, unfinished, evaluated, campaign, admin_user, samr_reviewer):
        the_list = national_list.national_list_for(campaign, Category.QUALITY)  # a draft list, never approved
        unfinished["proposed"] = national_list.add(samr_reviewer, the_list, evaluated[1]) and evaluated[1]
        campaign = national_deadline(campaign, timedelta(minutes=-1))
        workflow.close_campaign(admin_user, campaign)
        ended = {name: fresh(n) for name, n in unfinished.items()}
        assert {name: n.state for name, n in ended.items()} == {
            "evaluated": S.NOT_SELECTED,
            "proposed": S.NOT_SELECTED,
            "submitted": S.NOT_RECOMMENDED,
            "draft": S.LAPSED,
        }
        assert "本申报未入选" in ended["evaluated"].rejection_reason
        assert "省级推荐未完成" in ended["submitted"].rejection_reason
        assert "前未提交" in ended["draft"].rejection_reason and campaign.title in ended["draft"].rejection_reason
        event = AuditEvent.objects.get(action="campaign.close")
        assert event.actor == admin_user and event.data["ended"] == {"lapse": 1, "leave_off": 1, "not_select": 2}
        for name, nomination in ended.items():
            step = {"draft": "lapse", "submitted": "leave_off"}.get(name, "not_select")
            assert AuditEvent.objects.filter(action=f"nomination.{step}", object_pk=str(nomination.pk)).count() == 1
        # Nothing can move any more: no state of the campaign allows a forward step without an open campaign.
        assert table.problems(fresh(unfinished["draft"]), "submit")
        with pytest.raises(ValidationError):
            workflow.close_campaign(admin_user, fresh(campaign))  # once

    def test_a_list_between_approval_and_report_holds_the_campaign_open(
        self, in_publicity, campaign, admin_user, evaluated
    ):
        campaign = national_deadline(campaign, timedelta(days=-1))
        with pytest.raises(ValidationError) as refused:
            workflow.close_campaign(admin_user, campaign)
        assert "“推进质量工作”名单当前为“公示中”，须先上报国务院办公厅。" in refused.value.messages
        assert fresh(campaign).status == CampaignStatus.OPEN
        assert fresh(evaluated[1]).state == S.IN_PUBLICITY

    def test_only_the_administrator(self, campaign, samr_approver, province_reviewer):
        campaign = national_deadline(campaign, timedelta(minutes=-1))
        for user in (samr_approver, province_reviewer):
            with pytest.raises(PermissionDenied):
                workflow.close_campaign(user, campaign)
        assert fresh(campaign).status == CampaignStatus.OPEN

    def test_a_long_note_is_refused_and_nothing_changes(self, unfinished, campaign, admin_user):
        campaign = national_deadline(campaign, timedelta(minutes=-1))
        with pytest.raises(ValidationError, match="不能超过200个字"):
            workflow.close_campaign(admin_user, campaign, note="说" * 201)
        assert fresh(campaign).status == CampaignStatus.OPEN and fresh(unfinished["draft"]).state == S.DRAFT


class TestClosingByItself:
    def test_the_last_final_list_reported_closes_the_campaign(self, finalised, campaign, samr_approver, left_out):
        Quota.objects.filter(campaign=campaign, category=Category.BUSINESS_REFORM).delete()  # one category this year
        from awards.domain import report as reporting

        reporting.report(
            samr_approver, finalised, document_number="国市监信函〔2026〕12号", document_date=timezone.localdate()
        )
        campaign = fresh(campaign)
        assert campaign.status == CampaignStatus.CLOSED
        assert campaign.closed_reason == "各类别最终名单均已上报国务院办公厅，年度工作结束（第七条第四项）。"
        assert AuditEvent.objects.get(action="campaign.close").actor == samr_approver

    def test_another_category_still_at_work_keeps_it_open(self, reported, campaign):
        assert fresh(campaign).status == CampaignStatus.OPEN  # 深化商事制度改革 has places and no reported list

    def test_reported_after_the_national_deadline_closes_it(self, finalised, campaign, samr_approver, unfinished):
        campaign = national_deadline(campaign, timedelta(days=-1))
        from awards.domain import report as reporting

        reporting.report(
            samr_approver, finalised, document_number="国市监信函〔2026〕12号", document_date=timezone.localdate()
        )
        assert fresh(campaign).status == CampaignStatus.CLOSED
        assert (
            fresh(unfinished["draft"]).state == S.LAPSED and fresh(unfinished["submitted"]).state == S.NOT_RECOMMENDED
        )
        assert fresh(finalised.entries.get().nomination).state == S.AWARDED  # it was on the reported list


class TestInterfaces:
    def test_the_api(self, campaign, admin_user, samr_approver):
        api = api_client(admin_user)
        refused = api.post(f"/api/v1/campaigns/{campaign.pk}/close/", {"note": ""}, format="json")
        assert refused.status_code == 400 and "尚未上报国务院办公厅" in refused.json()["detail"]
        assert api_client(samr_approver).post(f"/api/v1/campaigns/{campaign.pk}/close/").status_code == 403
        too_long = api.post(f"/api/v1/campaigns/{campaign.pk}/close/", {"note": "说" * 201}, format="json")
        assert too_long.status_code == 400
        national_deadline(campaign, timedelta(minutes=-1))
        closed = api.post(f"/api/v1/campaigns/{campaign.pk}/close/", {"note": "年度工作结束。"}, format="json")
        assert closed.status_code == 200, closed.json()
        body = closed.json()
        assert body["status"] == "closed" and body["closed_reason"].endswith("年度工作结束。") and body["closed_at"]

    def test_the_admin_action(self, campaign, admin_user, client):
        client.force_login(admin_user)
        url = reverse("admin:nominations_campaign_changelist")
        response = client.post(url, {"action": "close_selected", "_selected_action": [campaign.pk]}, follow=True)
        assert "尚未上报国务院办公厅" in response.content.decode()
        assert fresh(campaign).status == CampaignStatus.OPEN
        national_deadline(campaign, timedelta(minutes=-1))
        response = client.post(url, {"action": "close_selected", "_selected_action": [campaign.pk]}, follow=True)
        assert "已结束" in response.content.decode() and fresh(campaign).status == CampaignStatus.CLOSED

    def test_the_applicant_still_sees_how_it_ended(self, unfinished, campaign, admin_user, county_clerk, client):
        workflow.close_campaign(admin_user, national_deadline(campaign, timedelta(minutes=-1)))
        client.force_login(county_clerk)
        page = client.get(reverse("nominations:my_list")).content.decode()
        assert "逾期未提交" in page and "前未提交" in page
        detail = client.get(reverse("nominations:detail", args=[unfinished["draft"].pk])).content.decode()
        assert "逾期未提交：" in detail and campaign.title in detail
        assert Nomination.objects.filter(campaign=campaign, state=S.DRAFT).count() == 0

    def test_the_dashboards_show_the_year_that_ended_until_the_next_opens(
        self, unfinished, campaign, admin_user, samr_approver, county_clerk, client
    ):
        workflow.close_campaign(admin_user, national_deadline(campaign, timedelta(minutes=-1)))
        for user in (samr_approver, county_clerk):
            client.force_login(user)
            page = client.get("/").content.decode()
            assert campaign.title in page and "已结束" in page and "总局评估已于" in page
            assert "已过期" not in page  # a closed campaign's deadlines are no longer to be met
        from nominations.domain.campaigns import open_campaign

        from ..nominations.factories import CampaignFactory

        following = open_campaign(admin_user, CampaignFactory(year=campaign.year + 1, ready=True))
        page = client.get("/").content.decode()
        assert following.title in page and "已结束" not in page
