"""The demo campaign of the embedded default (DIGEST §3 gives the localities)."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from criteria.enums import Category
from criteria.models import CriteriaSet
from provinces.enums import Level
from provinces.models import Division

from ..enums import CampaignStatus
from ..models import Campaign, ProvinceCap, Quota
from .campaigns import open_campaign

DEMO_PLACES = {Category.BUSINESS_REFORM: 30, Category.QUALITY: 20}
DEMO_CAP = 3


@transaction.atomic
def ensure_demo_campaign(admin):
    """This year's campaign, open for applications for three more weeks, with places and caps."""
    today = timezone.localdate()
    campaign = Campaign.objects.filter(year=today.year).first()
    if campaign is None:

        def at(day):
            return timezone.make_aware(datetime.combine(day, time(17, 30)))

        campaign = Campaign.objects.create(
            year=today.year,
            title=f"{today.year}年度市场监管工作真抓实干成效明显地方推荐认定工作",
            notice_number=f"市监信函〔{today.year}〕12号",
            notice_text="请各省级市场监管部门按照国市监信〔2020〕19号组织本省申报推荐工作。",
            application_deadline=at(today + timedelta(days=21)),
            province_deadline=at(today + timedelta(days=42)),
            national_deadline=at(today + timedelta(days=70)),
            reference_date=date(today.year - 1, 12, 31),
        )
        campaign.criteria_sets.set(CriteriaSet.objects.filter(year=2020))
        for category, places in DEMO_PLACES.items():
            Quota.objects.create(campaign=campaign, category=category, places=places)
        ProvinceCap.objects.bulk_create(
            ProvinceCap(campaign=campaign, province=province, category=category, cap=DEMO_CAP)
            for province in Division.objects.filter(level=Level.PROVINCE)
            for category in Category.values
        )
    if campaign.status == CampaignStatus.DRAFT:
        campaign = open_campaign(admin, campaign)
    return campaign
