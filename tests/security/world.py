"""One campaign with an object of every kind, on both sides of a provincial border, for the permission matrix.

广东 (the "own" side of county_clerk, city_clerk, province_reviewer and province_approver): 茂南区 440902 holds a draft
and a recommended application, another Guangdong county an awarded one. 青海 (own side of other_county_clerk and
other_province_reviewer): 乐都区 630202 and another Qinghai county the same. Rows are stored directly (Arrange-only,
as ``make`` does) except the expert's assignment, which goes through ``evaluation.assign`` for its django-guardian
grant. Every object carries the facts the matrix's rules read (division, province, state, owner).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from awards.models import Award, AwardTask, TaskKind
from criteria.enums import DeterminingAuthority, IncidentDomain, SanctionKind, SanctionReason
from criteria.models import Incident, IndicatorImport, IndicatorValue, Sanction
from documents.models import Export, ExportState
from national.domain import evaluation
from national.models import AssignmentStage, InformationRequest, NationalList, NationalListEntry, NationalListState
from nominations.domain.campaigns import open_campaign
from nominations.enums import AttachmentPurpose, NominationState, RecommendationState
from nominations.models import Attachment, ProvinceRecommendation, TypicalExperience
from provinces.enums import Level
from provinces.models import Division
from publicity.models import Objection, PublicityPeriod, PublishedList, Story

from ..nominations.factories import CampaignFactory
from ..nominations.test_nominations_api import make

S = NominationState
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MAONAN, LEDU = "440902", "630202"
GUANGDONG, QINGHAI = "440000", "630000"
SIDES = {"gd": (GUANGDONG, MAONAN), "qh": (QINGHAI, LEDU)}


@dataclass
class Target:
    """One object a request names: its URL arguments, and the facts the rules decide on."""

    label: str
    obj: object
    kwargs: dict
    division: str = ""  # the locality's 6-digit code
    province: str = ""
    state: str = ""
    owner: str = ""  # the persona that requested an export
    experts: frozenset = field(default_factory=frozenset)  # personas granted this application


@dataclass
class World:
    campaign: object
    users: dict
    nominations: dict = field(default_factory=dict)  # label: Nomination
    targets: dict = field(default_factory=dict)  # kind: [Target]


def _other_county(province, but):
    return (
        Division.objects.filter(province__code=province, level=Level.COUNTY).exclude(code=but).order_by("code").first()
    )


def _file(field_file, name, data=PDF):
    field_file.save(name, ContentFile(data), save=False)


def build_world(users):
    """``users``: persona name → user (anonymous excluded). Returns the ``World``."""
    samr, approver, admin = users["samr_reviewer"], users["samr_approver"], users["admin_user"]
    now = timezone.now()
    campaign = open_campaign(admin, CampaignFactory(ready=True))
    _file(campaign.notice_file, "notice.pdf")
    campaign.notice_file_name, campaign.notice_file_content_type = "通知.pdf", "application/pdf"
    campaign.save()
    world = World(campaign=campaign, users=users)
    targets = world.targets

    reports = {}
    quality_list = NationalList.objects.create(
        campaign=campaign, category="quality", state=NationalListState.REPORTED, approved_by=approver
    )
    draft_list = NationalList.objects.create(campaign=campaign, category="business_reform")
    period = PublicityPeriod.objects.create(
        national_list=quality_list,
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=12),
        working_days=5,
        notice_title="关于拟认定名单的公示",
        notice_text="现予以公示。",
        created_by=approver,
        closed_at=now - timedelta(days=12),
    )
    PublishedList.objects.create(national_list=quality_list, version=1, published_at=now, published_by=approver)
    batch = IndicatorImport.objects.create(file_name="指标.csv", sha256="0" * 64, rows=2, created_by=samr)

    for side, (province, county) in SIDES.items():
        clerk = users["county_clerk" if side == "gd" else "other_county_clerk"]
        other = _other_county(province, county).code
        # Guangdong's recommended application is 茂南区's own; Qinghai's is another county's (its applicant's
        # neighbour: same province, not its own).
        draft = make(campaign, county, clerk, category="quality", state=S.DRAFT)
        recommended = make(
            campaign, county if side == "gd" else other, clerk, category="business_reform", state=S.RECOMMENDED
        )
        awarded = make(campaign, other, clerk, category="quality", state=S.AWARDED, national_score=90)
        for state, nomination in (("draft", draft), ("recommended", recommended), ("awarded", awarded)):
            label = f"{side}_{state}"
            world.nominations[label] = nomination
            targets.setdefault("any_nomination", []).append(
                Target(label, nomination, {"pk": nomination.pk}, nomination.division.code, province, state)
            )
            if state == "awarded":
                continue  # its pages are the award's; an application's own routes are covered by the other two
            targets.setdefault("nomination", []).append(
                Target(label, nomination, {"pk": nomination.pk}, nomination.division.code, province, state)
            )
            criterion = nomination.criteria_set.criteria.filter(max_attachments__gt=0).first()
            attachment = Attachment(
                nomination=nomination,
                criterion=criterion,
                purpose=AttachmentPurpose.EVIDENCE,
                original_name="证明材料.pdf",
                kind="pdf",
                content_type="application/pdf",
                size=len(PDF),
                sha256="0" * 64,
                uploaded_by=clerk,
            )
            _file(attachment.file, "x")
            attachment.save()
            targets.setdefault("attachment", []).append(
                Target(
                    label,
                    attachment,
                    {"pk": nomination.pk, "attachment_pk": attachment.pk, "attachment_id": attachment.pk},
                    nomination.division.code,
                    province,
                    state,
                )
            )
            if state == "recommended":
                verification = Attachment(
                    nomination=nomination,
                    purpose=AttachmentPurpose.VERIFICATION,
                    original_name="核实材料.pdf",
                    kind="pdf",
                    content_type="application/pdf",
                    size=len(PDF),
                    sha256="0" * 64,
                    uploaded_by=users["province_reviewer" if side == "gd" else "other_province_reviewer"],
                )
                _file(verification.file, "x")
                verification.save()
                targets.setdefault("verification", []).append(
                    Target(
                        label,
                        verification,
                        {"pk": nomination.pk, "attachment_pk": verification.pk, "attachment_id": verification.pk},
                        nomination.division.code,
                        province,
                        state,
                    )
                )

        recommendation = ProvinceRecommendation(
            campaign=campaign,
            province=Division.objects.get(code=province),
            category="business_reform",
            state=RecommendationState.RECOMMENDED,
            government_document_number=f"{side}政函〔2026〕1号",
            government_document_date=date.today(),
            government_document_name="确认文件.pdf",
            government_document_content_type="application/pdf",
            confirmed_at=now,
            confirmed_by=users["province_approver" if side == "gd" else "other_province_reviewer"],
            recommended_at=now,
            recommended_by=users["province_approver" if side == "gd" else "other_province_reviewer"],
        )
        _file(recommendation.government_document, "x")
        recommendation.save()
        targets.setdefault("recommendation", []).append(
            Target(side, recommendation, {"pk": recommendation.pk}, province=province)
        )

        request = InformationRequest.objects.create(nomination=recommended, question="请补充说明。", requested_by=samr)
        targets.setdefault("information_request", []).append(
            Target(side, request, {"pk": request.pk}, recommended.division.code, province, "recommended")
        )

        NationalListEntry.objects.create(
            national_list=quality_list, nomination=awarded, position=len(reports) + 1, added_by=samr
        )
        award = Award.objects.create(
            nomination=awarded, measures=["q_pilot"], granted_at=now - timedelta(days=1), granted_by=approver
        )
        reports[side] = award
        targets.setdefault("award", []).append(Target(side, award, {"pk": award.pk}, other, province, "awarded"))
        task = AwardTask.objects.create(
            award=award,
            kind=TaskKind.PILOT,
            title="开展试点",
            due_on=date.today() + timedelta(days=90),
            assigned_by=samr,
        )
        targets.setdefault("award_task", []).append(Target(side, task, {"pk": task.pk}, other, province, "awarded"))
        targets.setdefault("award_task_page", []).append(
            Target(side, task, {"pk": award.pk, "task_pk": task.pk}, other, province, "awarded")
        )

        objection = Objection(
            period=period,
            nomination=awarded,
            name="张三",
            contact="13800138000",
            grounds="与实际情况不符。",
            evidence_name="证据.pdf",
            evidence_content_type="application/pdf",
            evidence_size=len(PDF),
            evidence_sha256="0" * 64,
            receipt=f"YY{side.upper()}0001",
            submitted_at=now - timedelta(days=15),
            ip="203.0.113.7",
        )
        _file(objection.evidence, "x")
        objection.save()
        targets.setdefault("objection", []).append(Target(side, objection, {"pk": objection.pk}, other, province))

        sanction = Sanction.objects.create(
            division=Division.objects.get(code=other),
            kind=SanctionKind.APPLICATION_BAN,
            reason=SanctionReason.FRAUD,
            starts_on=date(2020, 1, 1),
            first_year=2020,
            last_year=2020,
            created_by=approver,
        )
        targets.setdefault("sanction", []).append(Target(side, sanction, {"pk": sanction.pk}, other, province))

        incident = Incident.objects.create(
            division=Division.objects.get(code=county),
            occurred_on=date(2025, 5, 1),
            domain=IncidentDomain.FOOD_DRUG,
            title="某事件",
            determining_authority=DeterminingAuthority.STATE_COUNCIL,
            government_responsibility=False,
            source_document="国发〔2025〕1号",
            recorded_by=samr,
        )
        targets.setdefault("incident", []).append(Target(side, incident, {"pk": incident.pk}, county, province))

        value = IndicatorValue.objects.create(
            division=Division.objects.get(code=county),
            criterion_number="6.3",
            year=2025,
            value=Decimal("97.5"),
            batch=batch,
            imported_at=now,
            imported_by=samr,
        )
        targets.setdefault("indicator_value", []).append(Target(side, value, {"pk": value.pk}, county, province))

        TypicalExperience.objects.create(
            province=Division.objects.get(code=province),
            division=Division.objects.get(code=county),
            title="典型经验",
            year=2025,
            created_by=users["province_reviewer" if side == "gd" else "other_province_reviewer"],
        )

    assignment = evaluation.assign(
        samr, world.nominations["gd_recommended"], users["expert"], stage=AssignmentStage.EXPERT
    )
    for target in targets["nomination"] + targets["any_nomination"] + targets["attachment"] + targets["verification"]:
        if target.label == "gd_recommended":
            target.experts = frozenset({"expert"})
    facts = {"division": MAONAN, "province": GUANGDONG, "state": "recommended", "experts": frozenset({"expert"})}
    targets["assignment"] = [Target("gd_recommended", assignment, {"pk": assignment.pk}, **facts)]
    targets["assignment_page"] = [
        Target("gd_recommended", assignment, {"pk": assignment.nomination_id, "assignment_pk": assignment.pk}, **facts)
    ]
    # An attachment asked for under another application's id: nobody may reach it that way.
    gd_draft, qh_draft = (t for t in targets["attachment"] if t.label in ("gd_draft", "qh_draft"))
    targets["attachment_mismatch"] = [
        Target(
            f"{a.label}_id_{b.label}_file",
            b.obj,
            {"pk": a.obj.nomination_id, "attachment_pk": b.obj.pk, "attachment_id": b.obj.pk},
        )
        for a, b in ((gd_draft, qh_draft), (qh_draft, gd_draft))
    ]

    story = Story.objects.create(
        award=reports["gd"], title="经验", body="做法。", published_at=now - timedelta(days=1), created_by=samr
    )
    targets["list_nomination"] = [
        Target(
            t.label,
            t.obj,
            {"category": t.obj.category, "pk": t.obj.pk},
            t.division,
            t.province,
            t.state,
            experts=t.experts,
        )
        for t in targets["nomination"]
    ]
    targets["list_entry"] = [
        Target(
            t.label,
            t.obj,
            {"pk": quality_list.pk, "nomination_id": t.obj.pk},
            t.division,
            t.province,
            t.state,
            experts=t.experts,
        )
        for t in targets["nomination"]
    ]
    targets["story"] = [Target("gd", story, {"pk": story.pk})]
    targets["national_list"] = [
        Target("reported", quality_list, {"pk": quality_list.pk}, state="reported"),
        Target("draft", draft_list, {"pk": draft_list.pk}, state="draft"),
    ]
    targets["period"] = [Target("ended", period, {"pk": period.pk})]
    targets["published_list"] = [
        Target("v1", published, {"pk": published.pk}) for published in PublishedList.objects.all()
    ]
    targets["campaign"] = [Target("open", campaign, {"pk": campaign.pk})]
    targets["criteria_set"] = [
        Target(cs.category, cs, {"pk": cs.pk}) for cs in campaign.criteria_sets.order_by("category")[:1]
    ]
    targets["criterion"] = [
        Target(cs.category, cs, {"pk": cs.pk, "number": cs.criteria.order_by("pk").first().number})
        for cs in campaign.criteria_sets.order_by("category")[:1]
    ]
    targets["division"] = [Target(code, None, {"code": code}, code) for code in (MAONAN, LEDU)]
    targets["admin_placeholder"] = [Target("id 1", None, {})]
    targets["category"] = [Target(c, None, {"category": c}) for c in ("quality", "business_reform", "nope")]

    exports = []
    for owner, kind, params in (
        ("county_clerk", "dossier_pdf", {"nomination": world.nominations["gd_draft"].pk}),
        ("province_reviewer", "province_queue", {"campaign": campaign.pk, "format": "xlsx"}),
        ("samr_reviewer", "national_candidates", {"campaign": campaign.pk, "format": "xlsx"}),
    ):
        export = Export(
            kind=kind,
            params=params,
            title=kind,
            state=ExportState.DONE,
            progress=100,
            file_name=f"{kind}.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256="0" * 64,
            created_by=users[owner],
            finished_at=now,
        )
        _file(export.file, "x")
        export.save()
        exports.append(Target(owner, export, {"pk": export.pk}, owner=owner))
    targets["export"] = exports
    return world
