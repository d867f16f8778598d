import pytest
from django.core.management import call_command

from nominations.enums import CampaignStatus
from nominations.models import Campaign, ProvinceCap

pytestmark = pytest.mark.django_db


def test_seed_demo_prints_accounts_and_opens_a_campaign_idempotently(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "maonan" in out and "gd_reviewer" in out and "演示工作" in out
    campaign = Campaign.objects.get()
    assert campaign.status == CampaignStatus.OPEN and campaign.application_window_open()
    assert ProvinceCap.objects.filter(campaign=campaign).count() == 64


def test_seed_demo_refuses_outside_debug(settings):
    from django.core.management import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="演示环境"):
        call_command("seed_demo")
