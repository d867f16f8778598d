from .campaign import Campaign, CampaignAcknowledgement, ProvinceCap, Quota
from .nomination import Answer, Attachment, Nomination, NominationVersion, Review
from .recommendation import ProvinceRecommendation, TypicalExperience

__all__ = [
    "Answer",
    "Attachment",
    "Campaign",
    "CampaignAcknowledgement",
    "Nomination",
    "NominationVersion",
    "ProvinceCap",
    "ProvinceRecommendation",
    "Quota",
    "Review",
    "TypicalExperience",
]
