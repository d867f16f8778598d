from .award import MEASURES_BY_CATEGORY, Award, AwardTask, Measure, TaskKind, TaskStatus
from .campaign import Campaign, CampaignAcknowledgement, ProvinceCap, Quota
from .export import Export, ExportState, ReportDocument
from .nomination import Answer, Attachment, Nomination, NominationVersion, Review
from .recommendation import ProvinceRecommendation, TypicalExperience
from .sanction import Sanction

__all__ = [
    "Answer",
    "Attachment",
    "Award",
    "AwardTask",
    "Campaign",
    "CampaignAcknowledgement",
    "Export",
    "ExportState",
    "MEASURES_BY_CATEGORY",
    "Measure",
    "Nomination",
    "NominationVersion",
    "ProvinceCap",
    "ProvinceRecommendation",
    "ReportDocument",
    "Quota",
    "Review",
    "Sanction",
    "TaskKind",
    "TaskStatus",
    "TypicalExperience",
]
