import pytest
from django.db import transaction
from django.test import RequestFactory

from core.domain.audit import history, record
from core.models import AuditEvent
from core.models.audit import AppendOnlyError
from provinces.enums import Role

from ..nominations.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_an_event_records_actor_role_bureau_ip_and_states(province_reviewer, settings):
    settings.TRUSTED_PROXY_COUNT = 2  # the client's address is the one the outer of two proxies saw
    campaign = CampaignFactory()
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    event = record(
        province_reviewer, "campaign.acknowledge", campaign, from_state="a", to_state="b", comment="好", request=request
    )
    event.refresh_from_db()
    assert (event.role, event.bureau.name, event.ip) == (Role.PROVINCE_REVIEWER, "广东省市场监督管理局", "203.0.113.9")
    assert (event.from_state, event.to_state, event.comment, event.object_repr) == ("a", "b", "好", campaign.title)
    assert list(history(campaign)) == [event]


def test_the_trail_cannot_be_changed_or_deleted(samr_reviewer):
    campaign = CampaignFactory()
    event = record(samr_reviewer, "campaign.open", campaign)
    event.comment = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(comment="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["comment"])
    event.refresh_from_db()
    assert event.comment == ""


def test_the_admin_is_read_only(client, admin_user):
    campaign = CampaignFactory()
    event = record(admin_user, "campaign.open", campaign)
    client.force_login(admin_user)
    assert client.get(f"/admin/core/auditevent/{event.pk}/change/").status_code == 200
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    assert client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
