"""The proposed national list (综合平衡 → 建议激励支持的地方名单, art. 7(4)), never above the quota."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from provinces.enums import Role

from ..enums import NominationState
from ..models import NationalList, NationalListEntry, NationalListState, Quota
from .applications import lock
from .audit import record
from .workflow import require_state, transition

S = NominationState


def national_list_for(campaign, category):
    """The list of ``category``, created on first use."""
    try:
        with transaction.atomic():
            national_list, _created = NationalList.objects.get_or_create(campaign=campaign, category=category)
    except IntegrityError:  # created concurrently
        national_list = NationalList.objects.get(campaign=campaign, category=category)
    return national_list


def open_national_list(user, campaign, category):
    """The list of ``category`` for a SAMR reviewer: ``(national_list, created)``."""
    policy.authorize(user, "national_list.edit", NationalList(campaign=campaign, category=category))
    existed = NationalList.objects.filter(campaign=campaign, category=category).exists()
    return national_list_for(campaign, category), not existed


def _lock_list(national_list):
    """Every change of one list is serialised on its row, so concurrent edits never pass the quota."""
    locked = NationalList.objects.select_for_update().select_related("campaign").get(pk=national_list.pk)
    if locked.state != NationalListState.DRAFT:
        raise ValidationError(_("名单已批准，不能再调整。"))
    return locked


def _quota(national_list):
    quota = Quota.objects.filter(campaign=national_list.campaign, category=national_list.category).first()
    return quota.places if quota is not None else 0


@transaction.atomic
def add(user, national_list, nomination, *, request=None):
    """Put an evaluated application on the list (evaluated → proposed) within the State Council's places."""
    policy.authorize(user, "national_list.edit", national_list)
    national_list = _lock_list(national_list)
    nomination = lock(nomination)
    policy.authorize(user, "nomination.view", nomination)
    require_state(nomination, S.EVALUATED)
    if (nomination.campaign_id, nomination.category) != (national_list.campaign_id, national_list.category):
        raise ValidationError(_("该申报不属于本名单的年度和类别。"))
    used = national_list.entries.count()
    places = _quota(national_list)
    if used >= places:
        # art. 7(4): 按照当年度名额分配数量
        raise ValidationError(
            _("“%(category)s”名额为 %(places)s 个，名单已满；请先移出其他地方。")
            % {"category": national_list.get_category_display(), "places": places}
        )
    NationalListEntry.objects.create(
        national_list=national_list, nomination=nomination, position=used + 1, added_by=user
    )
    return transition(user, nomination, "propose", "propose", role=Role.SAMR_REVIEWER, request=request)


@transaction.atomic
def remove(user, national_list, nomination, *, request=None):
    policy.authorize(user, "national_list.edit", national_list)
    national_list = _lock_list(national_list)
    nomination = lock(nomination)
    entry = NationalListEntry.objects.filter(national_list=national_list, nomination=nomination).first()
    if entry is None:
        raise ValidationError(_("该申报不在名单中。"))
    entry.delete()
    for position, remaining in enumerate(national_list.entries.order_by("position", "pk"), start=1):
        if remaining.position != position:
            remaining.position = position
            remaining.save(update_fields=["position"])
    return transition(user, nomination, "unpropose", "unpropose", role=Role.SAMR_REVIEWER, request=request)


@transaction.atomic
def approve(user, national_list, *, request=None):
    """SAMR leadership approves the list; it is then frozen for publicity (art. 7(4))."""
    policy.authorize(user, "national_list.approve", national_list)
    if national_list.pk is None:
        raise ValidationError(_("名单为空，不能批准。"))
    national_list = _lock_list(national_list)
    count = national_list.entries.count()
    if not count:
        raise ValidationError(_("名单为空，不能批准。"))
    if count > _quota(national_list):
        raise ValidationError(_("名单超过名额，不能批准。"))
    national_list.approve()
    national_list.approved_by = user
    national_list.approved_at = timezone.now()
    national_list.save()
    record(
        user,
        "national_list.approve",
        national_list,
        from_state=NationalListState.DRAFT,
        to_state=national_list.state,
        role=Role.SAMR_APPROVER,
        request=request,
        entries=count,
    )
    return national_list
