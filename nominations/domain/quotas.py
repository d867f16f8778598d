"""The State Council's places per category and the provinces' caps (art. 3, art. 7(4))."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import policy
from core.domain.audit import record
from criteria.enums import Category
from provinces.enums import Level
from provinces.models import Division

from ..models import Campaign, ProvinceCap, Quota
from .workflow import shortlisted_count


def quota_problems(places_by_category):
    """``{category: message}`` for the national places that cannot be set (art. 3: the State Council's number)."""
    errors = {}
    for category, places in places_by_category.items():
        if category not in Category.values:
            errors[category] = _("未知类别“%(category)s”。") % {"category": category}
        elif isinstance(places, bool) or not isinstance(places, int) or places < 1:
            errors[category] = _("名额须为正整数。")
    return errors


@transaction.atomic
def set_quotas(user, campaign, places_by_category, *, request=None):
    """Replace the national places: ``{"business_reform": 60, "quality": 40}``."""
    policy.authorize(user, "campaign.manage", campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    errors = quota_problems(places_by_category)
    if errors:
        raise ValidationError(errors)
    for category, places in places_by_category.items():
        Quota.objects.update_or_create(campaign=campaign, category=category, defaults={"places": places})
    record(user, "campaign.quotas", campaign, request=request, quotas=places_by_category)
    return list(campaign.quotas.all())


def cap_problems(campaign, caps):
    """The messages of the caps that cannot be set, and the provinces they name: a province code, a category, a
    whole number of at least zero, never below what the province has already shortlisted."""
    codes = {row.get("province") for row in caps}
    provinces = {d.code: d for d in Division.objects.filter(code__in=codes, level=Level.PROVINCE)}
    errors = []
    for index, row in enumerate(caps, start=1):
        code, category, cap = row.get("province"), row.get("category"), row.get("cap")
        if code not in provinces:
            errors.append(_("第 %(n)s 项：“%(code)s”不是省级区划代码。") % {"n": index, "code": code})
        if category not in Category.values:
            errors.append(_("第 %(n)s 项：未知类别“%(category)s”。") % {"n": index, "category": category})
        if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
            errors.append(_("第 %(n)s 项：上限须为非负整数。") % {"n": index})
    if not errors:
        for index, row in enumerate(caps, start=1):
            used = shortlisted_count(campaign, provinces[row["province"]], row["category"])
            if row["cap"] < used:
                errors.append(
                    _("第 %(n)s 项：%(province)s已列入拟推荐名单 %(used)s 个，上限不能低于此数。")
                    % {"n": index, "province": provinces[row["province"]].name, "used": used}
                )
    return errors, provinces


@transaction.atomic
def set_province_caps(user, campaign, caps, *, request=None):
    """Set caps: ``[{"province": "440000", "category": "quality", "cap": 3}, …]``.

    A cap below what the province has already shortlisted is refused (the
    shortlist itself never passes the cap either).
    """
    policy.authorize(user, "campaign.manage", campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    errors, provinces = cap_problems(campaign, caps)
    if errors:
        raise ValidationError(errors)
    for row in caps:
        ProvinceCap.objects.update_or_create(
            campaign=campaign,
            province=provinces[row["province"]],
            category=row["category"],
            defaults={"cap": row["cap"]},
        )
    record(user, "campaign.caps", campaign, request=request, caps=caps)
    return list(campaign.caps.select_related("province"))
