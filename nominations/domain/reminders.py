"""The application stages' reminders (``core.domain.reminders``): applicants with drafts before the application
deadline and with revisions before their own deadline and provinces yet to recommend before theirs."""

from core.domain.reminders import remind, reminds
from provinces.models import Division

from ..enums import CampaignStatus, NominationState, RecommendationState
from ..models import Campaign, Nomination
from .workflow import recommendation_for

S = NominationState


@reminds
def drafts_before_application_deadline(now, horizon):
    campaigns = Campaign.objects.filter(
        status=CampaignStatus.OPEN, application_deadline__gt=now, application_deadline__lte=horizon
    )
    sent = 0
    for campaign in campaigns:
        drafts = Nomination.objects.filter(campaign=campaign, state=S.DRAFT).select_related("division")
        sent += sum(remind("application", n, campaign.application_deadline) for n in drafts)
    return sent


@reminds
def revisions_before_their_deadline(now, horizon):
    returned = Nomination.objects.filter(
        state=S.RETURNED, return_deadline__gt=now, return_deadline__lte=horizon
    ).select_related("division")
    return sum(remind("revision", n, n.return_deadline) for n in returned)


@reminds
def provinces_before_recommendation_deadline(now, horizon):
    campaigns = Campaign.objects.filter(
        status=CampaignStatus.OPEN, province_deadline__gt=now, province_deadline__lte=horizon
    )
    sent = 0
    for campaign in campaigns:
        waiting = (
            Nomination.objects.filter(campaign=campaign, state__in=(S.VERIFIED, S.SHORTLISTED))
            .values_list("division__province", "category")
            .distinct()
        )
        for province_id, category in waiting:
            recommendation = recommendation_for(campaign, Division.objects.get(pk=province_id), category)
            if recommendation.state != RecommendationState.RECOMMENDED:
                sent += remind("province", recommendation, campaign.province_deadline)
    return sent
