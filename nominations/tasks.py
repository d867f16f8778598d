"""Thin tasks: what the campaigns' calendar says to the rest of the portal."""

from celery import shared_task
from django.utils import timezone

from criteria.domain.sanctions import expire_sanctions

from .domain.campaigns import campaign_year_at
from .domain.workflow import close_province_stages


@shared_task(name="nominations.expire_sanctions", ignore_result=True)
def expire_sanctions_task():
    """Daily: mark the sanctions whose last campaign year is over and tell the bureaus (the checks read the years
    anyway). Here, not in ``criteria``, because the campaign year of today is the campaigns' to say."""
    return expire_sanctions(campaign_year_at(timezone.localdate()))


@shared_task(name="nominations.close_province_stages", ignore_result=True)
def close_province_stages_task():
    """Every minute: once a provincial deadline has passed, what the province left open ends as not recommended."""
    return close_province_stages()
