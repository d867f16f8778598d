from .audit import AuditEvent
from .campaign import Campaign, CampaignAcknowledgement, ProvinceCap, Quota
from .nomination import Answer, Attachment, Nomination, NominationVersion, Review
from .recommendation import ProvinceRecommendation, TypicalExperience
from .sanction import Sanction

__all__ = [
    "Answer",
    "Attachment",
    "AuditEvent",
    "Campaign",
    "CampaignAcknowledgement",
    "Nomination",
    "NominationVersion",
    "ProvinceCap",
    "ProvinceRecommendation",
    "Quota",
    "Review",
    "Sanction",
    "TypicalExperience",
]
