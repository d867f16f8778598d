"""``manage.py seed_demo``: the demo campaign at each stage, built by the domain functions (issue 8).

The stages are built with one generated application per province and category (``per_province=1``): every province
still has applicants in both categories, and the whole module stays well under a minute.
"""

import os
import subprocess
import sys
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from awards.models import Award, AwardTask
from core.domain.audit import history
from core.models import AuditEvent
from criteria.enums import SanctionKind
from criteria.models import Sanction
from demo.seed import built
from national.models import ExpertAssignment, InformationRequest, NationalList, NationalListState
from nominations.domain.applications import evaluation_for
from nominations.domain.discrepancies import flagged_nomination_ids
from nominations.enums import CampaignStatus, NominationState, RecommendationState
from nominations.models import (
    Attachment,
    Campaign,
    CampaignAcknowledgement,
    Nomination,
    ProvinceCap,
    ProvinceRecommendation,
    Review,
)
from publicity.enums import ObjectionStatus
from publicity.models import Objection, PublicityPeriod, PublishedList, Story

pytestmark = pytest.mark.django_db
S = NominationState
EARLY = {S.DRAFT, S.SUBMITTED, S.RETURNED, S.VERIFIED, S.NOT_RECOMMENDED, S.SHORTLISTED}
PROVINCIAL = {S.SUBMITTED, S.RETURNED, S.VERIFIED, S.SHORTLISTED}


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def seed(stage=None, **options):
    call_command("seed_demo", per_province=1, **({"stage": stage} if stage else {}), **options)
    return Campaign.objects.get()


def states():
    return Counter(Nomination.objects.values_list("state", flat=True))


def demo(code, category):
    return Nomination.objects.get(division__code=code, category=category)


def assert_explained_by_the_audit_trail():
    """Every application was made by the domain functions: its history starts with its creation, and the last
    state change recorded is the state it is in."""
    for nomination in Nomination.objects.select_related("campaign", "criteria_set", "division"):
        events = list(history(nomination))
        assert events[0].action == "nomination.create", nomination
        assert [e.to_state for e in events if e.to_state][-1] == nomination.state, nomination
        if nomination.state not in (S.DRAFT, S.LAPSED):  # never submitted
            assert nomination.versions.exists() and evaluation_for(nomination).eligible, nomination


def totals():
    return (Nomination.objects.count(), AuditEvent.objects.count(), User.objects.count(), Attachment.objects.count())


def test_the_stages_one_after_the_other(debug, capsys):
    # applying (without --stage): the window is open, the provinces have started; again, nothing changes.
    campaign = seed()
    before = totals()
    assert seed() == campaign and seed("applying") == campaign and totals() == before
    out = capsys.readouterr().out
    assert "演示阶段：申报中（applying）" in out and "已是该阶段，未做改动" in out
    assert "maonan" in out and "gd_reviewer" in out and "/nominations/" in out and "gd_approver" in out
    assert campaign.status == CampaignStatus.OPEN and ProvinceCap.objects.filter(campaign=campaign).count() == 64
    counts = states()
    assert set(counts) <= EARLY
    assert counts[S.DRAFT] and counts[S.SUBMITTED] and counts[S.VERIFIED]
    assert counts[S.RETURNED] == 1 and demo("440902", "quality").state == S.RETURNED
    assert counts[S.SHORTLISTED] == 1 and demo("441300", "quality").state == S.SHORTLISTED
    assert campaign.application_window_open()
    assert CampaignAcknowledgement.objects.count() == 31  # 广东省 has still to sign
    assert demo("440902", "quality").pk in flagged_nomination_ids(Nomination.objects.all())
    applying = set(Nomination.objects.values_list("category", "division__province__code"))
    assert len(applying) == 64  # every province, both categories
    assert_explained_by_the_audit_trail()

    # province: applications closed, lists at every step.
    campaign = seed("province")
    counts = states()
    assert not campaign.application_window_open() and campaign.province_window_open()
    assert counts[S.RETURNED] == 0 and counts[S.WITHDRAWN] == 2
    assert counts[S.RECOMMENDED] and counts[S.SHORTLISTED] and counts[S.DRAFT]
    lists = Counter(ProvinceRecommendation.objects.values_list("state", flat=True))
    assert lists[RecommendationState.RECOMMENDED] and lists[RecommendationState.CONFIRMED] and lists["draft"]
    assert demo("440902", "quality").versions.count() == 2
    assert_explained_by_the_audit_trail()

    # national: every province has recommended; SAMR is evaluating.
    campaign = seed("national")
    counts = states()
    assert not campaign.province_window_open()
    assert not set(counts) & PROVINCIAL
    assert set(ProvinceRecommendation.objects.values_list("state", flat=True)) == {RecommendationState.RECOMMENDED}
    assert counts[S.RECOMMENDED] and counts[S.EVALUATED]
    assert InformationRequest.objects.filter(answered_at__isnull=True).count() == 1
    assert InformationRequest.objects.filter(answered_at__isnull=False).count() == 1
    filed = set(Review.objects.filter(stage__in=["expert", "department"]).values_list("nomination", "reviewer"))
    outstanding = [a for a in ExpertAssignment.objects.all() if (a.nomination_id, a.expert_id) not in filed]
    assert filed and outstanding
    national_lists = NationalList.objects.all()
    assert [nl.state for nl in national_lists] == [NationalListState.DRAFT] * 2
    assert all(nl.max_per_province == 2 and nl.entries.exists() for nl in national_lists)
    assert counts[S.PROPOSED] == sum(nl.entries.count() for nl in national_lists)
    assert_explained_by_the_audit_trail()

    # publicity: the approved lists are out, two objections.
    seed("publicity")
    counts = states()
    assert {nl.state for nl in NationalList.objects.all()} == {NationalListState.IN_PUBLICITY}
    assert all(period.is_open() for period in PublicityPeriod.objects.all())
    assert sorted(Objection.objects.values_list("status", flat=True)) == [
        ObjectionStatus.INVESTIGATING,
        ObjectionStatus.RECEIVED,
    ]
    assert counts[S.IN_PUBLICITY] == sum(nl.entries.count() for nl in NationalList.objects.all())
    assert not counts[S.RECOMMENDED]
    assert_explained_by_the_audit_trail()

    # final cannot follow while the publicity runs; nothing changes.
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="公示期"):
        seed("final")
    assert AuditEvent.objects.count() == events and built(Campaign.objects.get())["stage"] == "publicity"

    # and no stage can be taken back.
    with pytest.raises(CommandError, match="不能退回"):
        seed("province")


def test_the_final_stage_from_a_fresh_database(debug):
    seed("final")
    counts = states()
    lists = NationalList.objects.all()
    assert {nl.state for nl in lists} == {NationalListState.REPORTED}
    assert PublishedList.objects.count() == 2
    assert all(period.has_ended() for period in PublicityPeriod.objects.all())
    assert counts[S.AWARDED] == Award.objects.count() == sum(nl.entries.count() for nl in lists)
    assert counts[S.NOT_SELECTED] and counts[S.DISQUALIFIED] == 1
    # The last final list reported closed the campaign: nothing is left in progress, the drafts lapsed (art. 7(4)).
    assert set(counts) <= {S.LAPSED, S.NOT_RECOMMENDED, S.WITHDRAWN, S.NOT_SELECTED, S.AWARDED, S.DISQUALIFIED}
    assert counts[S.LAPSED] and Campaign.objects.get().status == CampaignStatus.CLOSED
    upheld = Objection.objects.get(status=ObjectionStatus.UPHELD)
    assert upheld.fraud and upheld.nomination.state == S.DISQUALIFIED
    assert Objection.objects.filter(status=ObjectionStatus.DISMISSED).count() == 1
    assert set(Sanction.objects.values_list("kind", flat=True)) == {
        SanctionKind.APPLICATION_BAN,
        SanctionKind.RECOMMENDATION_BAN,
    }
    assert AwardTask.objects.count() >= 2 and AwardTask.objects.exclude(status="open").exists()
    assert Story.objects.filter(published_at__isnull=False).count() == 1
    assert timezone.localdate() > Campaign.objects.get().national_deadline.date()
    assert_explained_by_the_audit_trail()


def test_a_campaign_with_applications_of_its_own_is_left_alone(debug, admin_user, county_clerk, capsys):
    from demo.seed import ensure_demo_campaign
    from nominations.domain.applications import create_nomination

    campaign = ensure_demo_campaign(admin_user)
    create_nomination(county_clerk, campaign, "quality")
    call_command("seed_demo")  # `make demo` still serves the portal
    assert "未建立演示数据" in capsys.readouterr().err and Nomination.objects.count() == 1
    with pytest.raises(CommandError, match="不是由 seed_demo 建立"):
        seed("applying")


@pytest.mark.parametrize("flags", [{}, {"stage": "final"}])
def test_seed_demo_refuses_outside_the_embedded_demo_whatever_the_flags(settings, flags):
    settings.DEMO_DATA_ALLOWED, settings.DEBUG = False, True
    with pytest.raises(CommandError, match="正式环境（config.settings.production）一律拒绝"):
        call_command("seed_demo", **flags)
    assert not User.objects.exists() and not Campaign.objects.exists()


@pytest.mark.parametrize("flags", [[], ["--stage", "final"], ["--force"]])
def test_seed_demo_under_the_production_settings_is_refused(tmp_path, flags):
    """The command as a deployer would type it, in a process of its own with the production settings."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "p" * 64,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "DEMO_DATA_ALLOWED": "true",
        "DEBUG": "true",
    }
    ran = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", *flags],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode != 0
    assert "一律拒绝" in ran.stderr or "unrecognized arguments: --force" in ran.stderr, ran.stderr[-500:]
