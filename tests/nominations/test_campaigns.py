from datetime import timedelta

import pytest
from django.contrib.admin.sites import AdminSite
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone

from core.models import AuditEvent
from criteria.models import CriteriaSet
from nominations.admin import CampaignAdmin, QuotaFormSet
from nominations.domain.campaigns import acknowledge, acknowledgement_board, open_campaign, save_campaign
from nominations.enums import CampaignStatus
from nominations.models import Campaign, CampaignAcknowledgement, Quota

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_opening_freezes_the_criteria_sets_and_is_audited(admin_user):
    campaign = CampaignFactory(ready=True)
    open_campaign(admin_user, campaign)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN and campaign.opened_at is not None
    assert all(s.frozen_at is not None for s in CriteriaSet.objects.filter(year=2020))
    event = AuditEvent.objects.get(action="campaign.open")
    assert (event.actor, event.from_state, event.to_state) == (admin_user, "draft", "open")


def test_opening_lists_every_missing_piece(admin_user):
    campaign = CampaignFactory(application_deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        open_campaign(admin_user, campaign)
    messages = error.value.messages
    assert any("认定条件" in m and "推进质量工作" in m for m in messages)
    assert any("全国名额" in m for m in messages)
    assert any("申报截止时间已过" in m for m in messages)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    assert not CriteriaSet.objects.filter(frozen_at__isnull=False).exists()


def test_only_admins_open_campaigns(samr_approver):
    with pytest.raises(PermissionDenied):
        open_campaign(samr_approver, CampaignFactory(ready=True))


def test_opening_twice_is_refused(admin_user):
    campaign = CampaignFactory(ready=True)
    open_campaign(admin_user, campaign)
    with pytest.raises(ValidationError, match="不能重复启动"):
        open_campaign(admin_user, campaign)


def test_deadlines_must_be_in_order():
    campaign = CampaignFactory.build(year=2027)
    campaign.province_deadline = campaign.application_deadline - timedelta(days=1)
    with pytest.raises(ValidationError, match="截止时间须依次为"):
        campaign.full_clean()


class TestAcknowledgement:
    def test_a_province_signs_once_and_samr_sees_the_board(
        self, admin_user, province_reviewer, other_province_reviewer
    ):
        campaign = open_campaign(admin_user, CampaignFactory(ready=True))
        acknowledge(province_reviewer, campaign)
        with pytest.raises(ValidationError, match="已于.*签收"):
            acknowledge(province_reviewer, campaign)
        board = {p.code: a for p, a in acknowledgement_board(campaign)}
        assert len(board) == 32
        assert board["440000"].acknowledged_by == province_reviewer
        assert board["630000"] is None
        assert AuditEvent.objects.filter(action="campaign.acknowledge").count() == 1

    def test_board_runs_two_queries(self, admin_user, django_assert_num_queries):
        campaign = CampaignFactory(ready=True)
        with django_assert_num_queries(2):
            acknowledgement_board(campaign)

    @pytest.mark.parametrize("name", ["county_clerk", "samr_reviewer", "expert"])
    def test_only_provincial_bureaus_sign(self, name, request, admin_user):
        campaign = open_campaign(admin_user, CampaignFactory(ready=True))
        with pytest.raises(PermissionDenied):
            acknowledge(request.getfixturevalue(name), campaign)
        assert not CampaignAcknowledgement.objects.exists()

    def test_a_draft_campaign_cannot_be_signed_for(self, province_reviewer):
        with pytest.raises(ValidationError, match="尚未启动"):
            acknowledge(province_reviewer, CampaignFactory(ready=True))


class TestNoSideDoors:
    """The admin changes a campaign, its places and its caps through the same domain functions as the API."""

    def test_an_opened_campaign_keeps_its_year_and_criteria_sets(self, admin_user):
        campaign = open_campaign(admin_user, CampaignFactory(ready=True))
        with pytest.raises(ValidationError) as refused:
            save_campaign(admin_user, campaign, {"year": campaign.year + 1, "criteria_sets": []})
        assert set(refused.value.message_dict) == {"year", "criteria_sets"}
        campaign.refresh_from_db()
        assert campaign.year == 2026 and campaign.criteria_sets.count() == 2
        admin = CampaignAdmin(Campaign, AdminSite())
        assert {"year", "criteria_sets"} <= set(admin.get_readonly_fields(None, campaign))
        assert "year" not in admin.get_readonly_fields(None, CampaignFactory(year=2027))

    def test_a_saved_change_is_audited_with_its_fields(self, admin_user):
        campaign = CampaignFactory(ready=True)
        save_campaign(admin_user, campaign, {"title": "新标题"})
        event = AuditEvent.objects.get(action="campaign.update")
        assert event.actor == admin_user and event.data["fields"] == ["title"]

    @pytest.mark.parametrize(("places", "valid"), [(0, False), (-3, False), (41, True)])
    def test_the_places_inline_refuses_a_place_count_below_one(self, places, valid):
        campaign = CampaignFactory(ready=True)
        quota = campaign.quotas.get(category="quality")
        data = {
            "quotas-TOTAL_FORMS": "1",
            "quotas-INITIAL_FORMS": "1",
            "quotas-0-id": str(quota.pk),
            "quotas-0-campaign": str(campaign.pk),
            "quotas-0-category": "quality",
            "quotas-0-places": str(places),
        }
        formset = inlineformset_factory(Campaign, Quota, formset=QuotaFormSet, fields=["category", "places"])(
            data, instance=campaign, prefix="quotas"
        )
        assert formset.is_valid() is valid
        assert bool(formset.errors[0].get("places")) is not valid  # the row says which field to fix
        assert [row["places"] for row in formset.rows()] == ([places] if valid else [])  # only a changed, valid row
