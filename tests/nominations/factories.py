from datetime import date, timedelta

import factory
from django.utils import timezone

from criteria.enums import Category
from criteria.models import CriteriaSet
from nominations.models import Campaign, Quota


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    year = 2026
    title = factory.LazyAttribute(lambda c: f"{c.year}年度市场监管工作真抓实干成效明显地方推荐认定工作")
    notice_number = factory.LazyAttribute(lambda c: f"市监信函〔{c.year}〕12号")
    application_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    province_deadline = factory.LazyAttribute(lambda c: c.application_deadline + timedelta(days=30))
    national_deadline = factory.LazyAttribute(lambda c: c.province_deadline + timedelta(days=30))
    reference_date = factory.LazyAttribute(lambda c: date(c.year - 1, 12, 31))

    @factory.post_generation
    def ready(campaign, create, extracted, **kwargs):
        """With ready=True: the 2020 criteria sets and a quota per category, as opening requires."""
        if create and extracted:
            campaign.criteria_sets.set(CriteriaSet.objects.filter(year=2020))
            Quota.objects.create(campaign=campaign, category=Category.BUSINESS_REFORM, places=60)
            Quota.objects.create(campaign=campaign, category=Category.QUALITY, places=40)
