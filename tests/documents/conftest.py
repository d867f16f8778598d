import hashlib

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from national.domain import evaluation
from national.models import NationalList, NationalListState
from nominations.domain import applications, workflow
from nominations.domain.campaigns import open_campaign
from nominations.enums import AttachmentPurpose
from nominations.models import Attachment, Nomination
from provinces.enums import Level, Role
from provinces.models import Division

from ..factories import member
from ..national.test_evaluation import opinion, recommend
from ..nominations.conftest import PDF, complete
from ..nominations.factories import CampaignFactory


@pytest.fixture
def campaign(admin_user):
    return open_campaign(admin_user, CampaignFactory(ready=True))


def entries(count, offset=0):
    """``count`` published entries of real prefectures and counties, all over the country."""
    divisions = Division.objects.filter(level__in=(Level.PREFECTURE, Level.COUNTY)).select_related("province")
    chosen = list(divisions.order_by("code")[offset * 7 :: 7][:count])
    return [
        {
            "position": position,
            "nomination": 10_000 + offset + position,
            "division": division.code,
            "division_name": division.name,
            "province_name": division.province.name,
            "level": division.level,
        }
        for position, division in enumerate(chosen, start=1)
    ]


@pytest.fixture
def published(campaign, samr_approver):
    """Both categories finalised and published, 40 entries each."""
    from publicity.models import PublishedList

    lists = []
    for index, category in enumerate(("business_reform", "quality")):
        national_list = NationalList.objects.create(
            campaign=campaign, category=category, state=NationalListState.FINALISED
        )
        PublishedList.objects.create(
            national_list=national_list,
            version=1,
            entries=entries(40, offset=index),
            published_by=samr_approver,
            published_at=timezone.now(),
        )
        lists.append(national_list)
    return lists


# ---------------------------------------------------------------- an application with everything a dossier shows


def stored_evidence(nomination, user, name, content, criterion=None, purpose=AttachmentPurpose.EVIDENCE):
    """Arrange: a file stored as ``store_attachment`` stores it, with its real size and SHA-256."""
    attachment = Attachment(
        nomination=nomination,
        criterion=criterion,
        purpose=purpose,
        original_name=name,
        kind="pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
    )
    attachment.file.save("x", ContentFile(content), save=False)
    attachment.save()
    return attachment


def pdf_bytes(label):
    return PDF.replace(b"%%EOF", f"% {label}\n%%EOF".encode())


@pytest.fixture
def evidenced(campaign, county_clerk):
    """The county clerk's complete quality application: a file for every criterion that takes one, two files that
    share a name, and one whose name needs cleaning inside a ZIP."""
    nomination = complete(
        applications.create_nomination(county_clerk, campaign, "quality"), county_clerk, with_evidence=False
    )
    criteria = [criterion for criterion in nomination.criteria_set.criteria.all() if criterion.evidence_required]
    for criterion in criteria:
        stored_evidence(
            nomination, county_clerk, f"{criterion.number}佐证材料.pdf", pdf_bytes(criterion.number), criterion
        )
    stored_evidence(nomination, county_clerk, "工作总结.pdf", pdf_bytes("总结一"), criteria[0])
    stored_evidence(nomination, county_clerk, "工作总结.pdf", pdf_bytes("总结二"), criteria[1])
    stored_evidence(nomination, county_clerk, "..\\报告:终稿?.pdf", pdf_bytes("终稿"))
    return nomination


@pytest.fixture
def submitted_dossier(evidenced, county_clerk):
    return workflow.submit(county_clerk, evidenced, pledge=True)


@pytest.fixture
def assigned_expert(db):
    return member(Role.EXPERT, None, username="assigned_expert")


@pytest.fixture
def recommended_dossier(submitted_dossier, province_reviewer, province_approver, samr_reviewer, assigned_expert):
    """Verified, scored by the province with remarks, recommended, with a SAMR finding and an expert's opinion."""
    nomination = workflow.verify(province_reviewer, submitted_dossier, note="经核实，材料真实。")
    criteria = {
        criterion.number: {"score": 88, "remark": f"省级意见{criterion.number}"}
        for criterion in nomination.criteria_set.criteria.all()
    }
    workflow.save_province_review(province_reviewer, nomination, criteria=criteria, comment="省级总体意见：成效明显。")
    nomination = recommend(province_reviewer, province_approver, nomination)[0]
    evaluation.add_finding(
        samr_reviewer, nomination, kind="inspection", text="总局督查发现质量工作扎实。", criterion="6.3", value="97.8"
    )
    opinion(assigned_expert, nomination, 91, samr=samr_reviewer)
    return Nomination.objects.get(pk=nomination.pk)
