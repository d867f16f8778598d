"""Dates as official notices write them: 2025年9月29日至2025年10月11日."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def cn_date(value):
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return _("%(year)s年%(month)s月%(day)s日") % {"year": value.year, "month": value.month, "day": value.day}


@register.filter
def cn_datetime(value):
    if value is None or value == "":
        return ""
    local = timezone.localtime(value)
    return _("%(date)s%(hour)02d:%(minute)02d") % {"date": cn_date(local), "hour": local.hour, "minute": local.minute}


@register.filter
def period_span(period):
    """From the first to the last day, with the start's time when it is not midnight, and the working days."""
    start = cn_date(period.starts_at) if period.starts_at_midnight else cn_datetime(period.starts_at)
    return _("%(start)s至%(end)s（%(days)s个工作日）") % {
        "start": start,
        "end": cn_date(period.last_day),
        "days": period.working_days,
    }
