from .campaign import Campaign, CampaignAcknowledgement, ProvinceCap, Quota
from .export import Export, ExportState
from .nomination import Answer, Attachment, Nomination, NominationVersion, Review
from .recommendation import ProvinceRecommendation, TypicalExperience

__all__ = [
    "Answer",
    "Attachment",
    "Campaign",
    "CampaignAcknowledgement",
    "Export",
    "ExportState",
    "Nomination",
    "NominationVersion",
    "ProvinceCap",
    "ProvinceRecommendation",
    "Quota",
    "Review",
    "TypicalExperience",
]
