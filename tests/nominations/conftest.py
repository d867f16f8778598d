"""Fixtures of the application workflow: an open campaign and applications at each stage."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from criteria.enums import CriterionKind
from nominations.domain import applications, workflow
from nominations.domain.campaigns import open_campaign
from nominations.enums import AttachmentPurpose
from nominations.models import Attachment

from .factories import CampaignFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def campaign(admin_user):
    return open_campaign(admin_user, CampaignFactory(ready=True))


def attach(nomination, criterion, user):
    """Arrange-only shortcut: an evidence file stored as add_attachment would store it."""
    attachment = Attachment(
        nomination=nomination,
        criterion=criterion,
        purpose=AttachmentPurpose.EVIDENCE,
        original_name=f"{criterion.number}.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=user,
    )
    attachment.file.save("x", ContentFile(PDF), save=False)
    attachment.save()
    return attachment


def complete(nomination, user, *, with_evidence=True):
    """Answer every criterion so that the application is eligible (6.3 = 98.5 %, 6.6 = 95 %)."""
    items = []
    criteria = list(nomination.criteria_set.criteria.all())
    for criterion in criteria:
        item = {"criterion": criterion.number, "met": True, "narrative": f"{criterion.title}：情况属实，成效明显。"}
        if criterion.kind == CriterionKind.METRIC:
            item["value"] = "98.5" if criterion.number == "6.3" else "95"
        if criterion.number == criteria[0].number:
            item["highlight"] = True
        items.append(item)
    applications.save_answers(user, nomination, items, summary="全面落实各项改革举措。")
    if with_evidence:
        for criterion in criteria:
            if criterion.evidence_required:
                attach(nomination, criterion, user)
    return nomination


@pytest.fixture
def draft(campaign, county_clerk):
    return applications.create_nomination(county_clerk, campaign, "quality")


@pytest.fixture
def submitted(draft, county_clerk):
    complete(draft, county_clerk)
    return workflow.submit(county_clerk, draft, pledge=True)


@pytest.fixture
def verified(submitted, province_reviewer):
    return workflow.verify(province_reviewer, submitted, note="经核实，材料真实。")


def later(days=5):
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def quality_list(campaign):
    """The campaign's national list of the quality category (art. 6)."""
    from national.domain import national_list

    return national_list.national_list_for(campaign, "quality")


@pytest.fixture
def five_candidates(campaign, county_clerk):
    """Five evaluated quality applications: three eastern (广东) counties, one western (青海) county, one western
    prefecture; quota 3."""
    from nominations.enums import NominationState
    from nominations.models import Quota

    from .test_nominations_api import make

    Quota.objects.filter(campaign=campaign, category="quality").update(places=3)
    plan = [("440303", 95), ("440304", 94), ("440305", 93), ("630202", 90), ("630200", 89)]
    return [
        make(campaign, code, county_clerk, state=NominationState.EVALUATED, national_score=score)
        for code, score in plan
    ]
