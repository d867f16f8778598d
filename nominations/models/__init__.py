from .audit import AuditEvent
from .campaign import Campaign, CampaignAcknowledgement, ProvinceCap, Quota
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
    "AuditEvent",
    "Campaign",
    "CampaignAcknowledgement",
    "ExpertAssignment",
    "FindingKind",
    "InformationRequest",
    "NationalList",
    "NationalListEntry",
    "NationalListState",
    "Nomination",
    "NominationVersion",
    "ProvinceCap",
    "ProvinceRecommendation",
    "Quota",
    "Review",
    "SamrFinding",
    "Sanction",
    "TypicalExperience",
]
