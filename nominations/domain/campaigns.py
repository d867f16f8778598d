"""Opening a campaign and signing for its notice (art. 3, art. 7(1)–(2))."""

from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import policy
from core.domain import workflow as table
from core.domain.audit import record
from core.domain.uploads import inspect_upload
from criteria.domain.catalogue import freeze
from criteria.enums import Category
from provinces.enums import Level
from provinces.models import Division

from ..enums import CampaignStatus
from ..models import Campaign, CampaignAcknowledgement


def opening_problems(campaign):
    """What keeps ``campaign`` from opening, in Chinese: one criteria set and a national quota per category (art. 3,
    art. 17), an application deadline still ahead, and not opened already."""
    problems = []
    if campaign.status != CampaignStatus.DRAFT:
        problems.append(_("该年度工作已经启动，不能重复启动。"))
    chosen = Counter(campaign.criteria_sets.values_list("category", flat=True))
    quotas = set(campaign.quotas.values_list("category", flat=True))
    for category in Category:
        if not chosen[category]:
            problems.append(_("尚未选定“%(category)s”类的认定条件。") % {"category": category.label})
        elif chosen[category] > 1:
            problems.append(_("“%(category)s”类只能选定一套认定条件。") % {"category": category.label})
        if category not in quotas:
            problems.append(_("尚未设置“%(category)s”类的全国名额（第三条）。") % {"category": category.label})
    if campaign.application_deadline <= timezone.now():
        problems.append(_("申报截止时间已过，请先调整截止时间。"))
    return problems


@transaction.atomic
def open_campaign(user, campaign, *, request=None):
    """Open the campaign to applications; its criteria sets freeze (art. 17: rules are versioned)."""
    policy.authorize(user, "campaign.manage", campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    problems = opening_problems(campaign)
    if problems:
        raise ValidationError(problems)
    for criteria_set in campaign.criteria_sets.all():  # one per category, as opening_problems has checked
        freeze(criteria_set)
    table.take(campaign, "open")
    campaign.save()
    record(
        user, "campaign.open", campaign, from_state=CampaignStatus.DRAFT, to_state=CampaignStatus.OPEN, request=request
    )
    return campaign


def campaign_year_at(day):
    """The campaign year ``day`` belongs to: the year of the latest campaign opened on or before it (art. 3: the work
    is yearly, on the State Council's timetable, not the calendar's). A campaign for 2027 opened in December 2026
    makes the rest of that December campaign year 2027; after a campaign is reported and before the next one opens,
    the days still belong to it. Before any campaign was opened: the calendar year.

    Every window of the measures counted in years reads this (art. 14 ``awards.domain.fraud.fraud_terms``, the
    register's end ``criteria.domain.sanctions.expire_sanctions``, the dashboards)."""
    opened = Campaign.objects.filter(opened_at__date__lte=day).order_by("-year").values_list("year", flat=True)
    return opened.first() or day.year


def province_of(user):
    """The province whose bureau the user works for in a provincial role, or None."""
    for membership in policy.memberships(user):
        if membership.role in policy.PROVINCE_ROLES:
            return membership.bureau.division
    return None


@transaction.atomic
def acknowledge(user, campaign, *, request=None):
    """A provincial bureau signs for the campaign notice (签收)."""
    policy.authorize(user, "campaign.acknowledge", campaign)
    province = province_of(user)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("该年度工作尚未启动或已结束，无需签收。"))
    existing = CampaignAcknowledgement.objects.filter(campaign=campaign, province=province).first()
    if existing is not None:
        when = date_format(timezone.localtime(existing.acknowledged_at), "DATETIME_FORMAT")
        raise ValidationError(
            _("%(province)s已于%(date)s签收，无需重复签收。") % {"province": province.name, "date": when}
        )
    acknowledgement = CampaignAcknowledgement.objects.create(campaign=campaign, province=province, acknowledged_by=user)
    record(user, "campaign.acknowledge", campaign, comment=province.name, request=request)
    return acknowledgement


def acknowledgement_board(campaign):
    """Every province-level unit with its acknowledgement or None, in code order (2 queries)."""
    acknowledgements = {
        a.province_id: a
        for a in CampaignAcknowledgement.objects.filter(campaign=campaign).select_related("acknowledged_by")
    }
    provinces = Division.objects.filter(level=Level.PROVINCE, active=True).order_by("code")
    return [(province, acknowledgements.get(province.pk)) for province in provinces]


CAMPAIGN_M2M = ("criteria_sets",)


# What an opened campaign keeps: its year and its criteria sets (they freeze, art. 17).
FIXED_WHEN_OPENED = ("year", "criteria_sets")


def fixed_fields(campaign):
    """The fields of ``campaign`` no interface may change any more."""
    if campaign is None or campaign.pk is None or campaign.status == CampaignStatus.DRAFT:
        return ()
    return FIXED_WHEN_OPENED


def opened_campaign_changes(campaign, data):
    """The problems of changing an opened campaign's year or criteria sets, whichever interface asks."""
    if not fixed_fields(campaign):
        return {}
    problems = {}
    if "year" in data and data["year"] != Campaign.objects.values_list("year", flat=True).get(pk=campaign.pk):
        problems["year"] = _("年度工作已启动，不能修改年度。")
    if "criteria_sets" in data and {s.pk for s in data["criteria_sets"]} != {
        s.pk for s in campaign.criteria_sets.all()
    }:
        problems["criteria_sets"] = _("年度工作已启动，认定条件已冻结，不能更换。")
    return problems


@transaction.atomic
def save_campaign(user, campaign, data, *, request=None):
    """Create (``campaign`` None) or change a campaign's settings; admins only, from the API or the admin.

    Status changes go through ``open_campaign``; an opened campaign keeps its year and criteria sets. Audited with
    the fields that changed."""
    policy.authorize(user, "campaign.manage", campaign)
    problems = opened_campaign_changes(campaign, data)
    if problems:
        raise ValidationError(problems)
    creating = campaign is None or campaign.pk is None
    campaign = campaign or Campaign()
    for name, value in data.items():
        if name not in CAMPAIGN_M2M:
            setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    for name in CAMPAIGN_M2M:
        if name in data:
            getattr(campaign, name).set(data[name])
    record(
        user,
        "campaign.create" if creating else "campaign.update",
        campaign,
        request=request,
        fields=sorted(data),
    )
    return campaign


def open_notice_file(user, campaign, *, request=None):
    """The SAMR notice's attachment for any signed-in bureau; audited like every private download."""
    policy.authorize(user, "campaign.view", campaign)  # pragma: no mutate (every signed-in user sees every campaign)
    if not campaign.notice_file:
        raise Http404
    record(user, "campaign.notice.download", campaign, request=request)
    name = f"{campaign.notice_number or campaign.title}{Path(campaign.notice_file_name).suffix or '.pdf'}"
    return campaign.notice_file.open("rb"), campaign.notice_file_content_type or "application/octet-stream", name


@transaction.atomic
def attach_notice(user, campaign, uploaded_file, *, request=None):
    """Store the notice's attachment (the signed SAMR document), checked by content like evidence."""
    policy.authorize(user, "campaign.manage", campaign)
    inspected = inspect_upload(uploaded_file, max_bytes=campaign.max_file_mb * 1024 * 1024)
    campaign.notice_file.save(inspected.display_name, uploaded_file, save=False)
    campaign.notice_file_name = inspected.display_name
    campaign.notice_file_content_type = inspected.content_type
    campaign.save(update_fields=["notice_file", "notice_file_name", "notice_file_content_type"])
    record(user, "campaign.notice.upload", campaign, request=request, sha256=inspected.sha256)
    return campaign
