"""The rest of a campaign's rules, exactly (``nominations.domain.campaigns``; ``make mutation`` reads these): what an
opened campaign keeps (art. 17: its year and its frozen criteria sets), whose province a user works for, the board of
the provinces' acknowledgements of the notice, and the notice's attachment as it is downloaded."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import Http404

from core.models import AuditEvent
from nominations.domain import campaigns
from nominations.enums import CampaignStatus
from nominations.models import Campaign, CampaignAcknowledgement
from provinces.enums import Level
from provinces.models import Division

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(admin_user):
    return campaigns.open_campaign(admin_user, CampaignFactory(ready=True))


def test_only_an_opened_campaign_keeps_its_year_and_criteria_sets(opened):
    assert campaigns.fixed_fields(None) == ()
    assert campaigns.fixed_fields(CampaignFactory.build()) == ()  # not saved yet
    assert campaigns.fixed_fields(CampaignFactory(ready=True, year=2030)) == ()  # a draft
    assert campaigns.fixed_fields(opened) == ("year", "criteria_sets")


def test_changing_what_an_opened_campaign_keeps_is_refused_field_by_field(opened):
    sets = list(opened.criteria_sets.all())
    assert campaigns.opened_campaign_changes(opened, {"year": opened.year, "criteria_sets": sets}) == {}
    assert campaigns.opened_campaign_changes(opened, {"title": "改名"}) == {}
    assert campaigns.opened_campaign_changes(opened, {"year": opened.year + 1, "criteria_sets": sets[:1]}) == {
        "year": "年度工作已启动，不能修改年度。",
        "criteria_sets": "年度工作已启动，认定条件已冻结，不能更换。",
    }
    draft = CampaignFactory(ready=True, year=2030)
    assert campaigns.opened_campaign_changes(draft, {"year": 2031, "criteria_sets": []}) == {}


def test_the_year_compared_is_the_stored_one(opened):
    """An instance changed in memory (as a form does before saving) is compared with what the database holds."""
    stored = opened.year
    opened.year = stored + 1
    assert campaigns.opened_campaign_changes(opened, {"year": stored}) == {}
    assert Campaign.objects.get(pk=opened.pk).year == stored


def test_whose_province_a_user_works_for(province_reviewer, province_approver, county_clerk, samr_reviewer):
    assert campaigns.province_of(province_reviewer).code == "440000"
    assert campaigns.province_of(province_approver).code == "440000"
    assert campaigns.province_of(county_clerk) is None
    assert campaigns.province_of(samr_reviewer) is None


def test_the_board_lists_every_active_province_in_code_order_with_its_acknowledgement(
    opened, province_approver, django_assert_num_queries
):
    acknowledged = campaigns.acknowledge(province_approver, opened)
    served = Division.objects.filter(level=Level.PROVINCE, active=True)
    retired = served.exclude(code="440000").order_by("-code").first()
    served.filter(pk=retired.pk).update(active=False)  # a unit no longer served
    with django_assert_num_queries(2):
        board = campaigns.acknowledgement_board(opened)
        assert [ack.acknowledged_by.username for _, ack in board if ack] == [province_approver.username]
    provinces = list(Division.objects.filter(level=Level.PROVINCE, active=True).order_by("code"))
    assert [province for province, _ in board] == provinces and retired not in provinces
    assert {province.code: ack for province, ack in board if ack is not None} == {"440000": acknowledged}
    assert acknowledged.acknowledged_by == province_approver
    assert CampaignAcknowledgement.objects.count() == 1


def test_the_notice_downloads_under_its_number_and_is_audited(opened, province_reviewer, rf):
    with pytest.raises(Http404):
        campaigns.open_notice_file(province_reviewer, opened)
    opened.notice_file.save("notice.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    opened.notice_file_name, opened.notice_file_content_type = "通知.pdf", "application/pdf"
    opened.save()
    handle, content_type, name = campaigns.open_notice_file(
        province_reviewer, opened, request=rf.get("/", REMOTE_ADDR="203.0.113.9")
    )
    with handle:
        assert handle.read() == b"%PDF-1.4\n%%EOF\n"
    assert (content_type, name) == ("application/pdf", f"{opened.notice_number}.pdf")
    event = AuditEvent.objects.get(action="campaign.notice.download")
    assert (event.actor, event.object_pk, event.ip) == (province_reviewer, str(opened.pk), "203.0.113.9")

    opened.notice_file_name = "通知.ofd"  # the suffix of what was uploaded
    handle, content_type, name = campaigns.open_notice_file(province_reviewer, opened)
    handle.close()
    assert name == f"{opened.notice_number}.ofd"

    opened.notice_number, opened.notice_file_name, opened.notice_file_content_type = "", "", ""
    handle, content_type, name = campaigns.open_notice_file(province_reviewer, opened)
    handle.close()
    assert (content_type, name) == ("application/octet-stream", f"{opened.title}.pdf")


def test_a_second_acknowledgement_is_refused_with_when(opened, province_approver):
    campaigns.acknowledge(province_approver, opened)
    with pytest.raises(ValidationError, match="广东省已于.*签收，无需重复签收。"):
        campaigns.acknowledge(province_approver, opened)
    opened.status = CampaignStatus.CLOSED
    opened.save()
    with pytest.raises(ValidationError, match="该年度工作尚未启动或已结束，无需签收。"):
        campaigns.acknowledge(province_approver, opened)
