from .audit import AuditEvent
from .campaign import Campaign, CampaignAcknowledgement, ProvinceCap, Quota
from .sanction import Sanction

__all__ = ["AuditEvent", "Campaign", "CampaignAcknowledgement", "ProvinceCap", "Quota", "Sanction"]
