"""Reminders before deadlines (DESIGN §4, daily): each bureau that has not yet acted hears once, ``REMINDER_DAYS``
before the deadline. The ``Reminder`` row is the record; a repeated or late run reminds nobody twice, and a deadline
already passed reminds nobody (the window is read from the clock)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from provinces.models import Division

from ..enums import CampaignStatus, NominationState, RecommendationState
from ..models import Campaign, InformationRequest, Nomination, Reminder
from .audit import record
from .notifications import notify_after_commit
from .workflow import recommendation_for

S = NominationState


def _remind(kind, subject, deadline):
    """Record and announce one reminder, unless it was already sent; True when sent now."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                kind=kind,
                content_type=ContentType.objects.get_for_model(subject),
                object_pk=str(subject.pk),
                deadline=deadline,
            )
            event = record(None, f"reminder.{kind}", subject, deadline=deadline.isoformat())
            notify_after_commit(event)
    except IntegrityError:  # reminded before (or by a concurrent run)
        return False
    return True


def send_reminders(now=None):
    """Remind the applicants with drafts and revisions, the provinces yet to recommend, and the provinces yet to
    answer SAMR; returns how many reminders were sent."""
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.REMINDER_DAYS)
    sent = 0
    campaigns = Campaign.objects.filter(status=CampaignStatus.OPEN)
    for campaign in campaigns.filter(application_deadline__gt=now, application_deadline__lte=horizon):
        drafts = Nomination.objects.filter(campaign=campaign, state=S.DRAFT).select_related("division")
        sent += sum(_remind("application", n, campaign.application_deadline) for n in drafts)
    returned = Nomination.objects.filter(
        state=S.RETURNED, return_deadline__gt=now, return_deadline__lte=horizon
    ).select_related("division")
    sent += sum(_remind("revision", n, n.return_deadline) for n in returned)
    for campaign in campaigns.filter(province_deadline__gt=now, province_deadline__lte=horizon):
        waiting = (
            Nomination.objects.filter(campaign=campaign, state__in=(S.VERIFIED, S.SHORTLISTED))
            .values_list("division__province", "category")
            .distinct()
        )
        for province_id, category in waiting:
            recommendation = recommendation_for(campaign, Division.objects.get(pk=province_id), category)
            if recommendation.state != RecommendationState.RECOMMENDED:
                sent += _remind("province", recommendation, campaign.province_deadline)
    unanswered = InformationRequest.objects.filter(
        answered_at__isnull=True, due_at__gt=now, due_at__lte=horizon
    ).select_related("nomination__division")
    sent += sum(_remind("information", item, item.due_at) for item in unanswered)
    return sent
