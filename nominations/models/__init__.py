from .award import MEASURES_BY_CATEGORY, Award, AwardTask, Measure, TaskKind, TaskStatus
from .campaign import Campaign, CampaignAcknowledgement, ProvinceCap, Quota
from .export import Export, ExportState, ReportDocument
from .national import (
    AssignmentStage,
    ExpertAssignment,
    FindingKind,
    InformationRequest,
    NationalList,
    NationalListEntry,
    NationalListState,
    SamrFinding,
)
from .nomination import Answer, Attachment, Nomination, NominationVersion, Review
from .recommendation import ProvinceRecommendation, TypicalExperience
from .sanction import Sanction

__all__ = [
    "Answer",
    "Attachment",
    "AssignmentStage",
    "Award",
    "AwardTask",
    "Campaign",
    "CampaignAcknowledgement",
    "ExpertAssignment",
    "Export",
    "ExportState",
    "FindingKind",
    "InformationRequest",
    "MEASURES_BY_CATEGORY",
    "Measure",
    "NationalList",
    "NationalListEntry",
    "NationalListState",
    "Nomination",
    "NominationVersion",
    "ProvinceCap",
    "ProvinceRecommendation",
    "ReportDocument",
    "Quota",
    "Review",
    "SamrFinding",
    "Sanction",
    "TaskKind",
    "TaskStatus",
    "TypicalExperience",
]
