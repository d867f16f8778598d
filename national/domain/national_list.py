"""The proposed national list (综合平衡 → 建议激励支持的地方名单, art. 7(4)), never above the quota.

The list's balance settings (art. 8: bonuses per region, level and underdeveloped flag; minimum and maximum
shares) are stored on the list; :func:`analyse` applies them to the candidates through the pure ``balance`` module,
and :func:`accept_suggestion` turns the suggested list into the draft in one locked transaction.

The suggestion (six exact MILP solves, about 50 ms at national scale) is kept in the cache under the digest of its
inputs (:func:`cached_suggestion`): a changed score, setting, quota, candidate or language misses by itself, so nothing
has to be invalidated and a kept answer is always the one ``balance.suggest`` would give now.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain import workflow as table
from core.domain.audit import record
from core.domain.notifications import notify_after_commit
from nominations.domain.applications import lock, require_still_eligible
from nominations.domain.workflow import transition
from nominations.enums import NominationState
from nominations.models import Nomination, Quota
from nominations.models.guards import local_datetime
from provinces.enums import Level, Region, Role

from ..models import MAX_BONUS, NationalList, NationalListEntry, NationalListState
from . import balance
from .evaluation import require_evaluation_window

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
    require_evaluation_window(locked.campaign)
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
    if (nomination.campaign_id, nomination.category) != (national_list.campaign_id, national_list.category):
        raise ValidationError(_("该申报不属于本名单的年度和类别。"))
    table.forget_guards(nomination)
    table.check(nomination, "propose")
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
    for nomination in listed(national_list):
        require_still_eligible(nomination, _("批准建议名单"))
    table.take(national_list, "approve")
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


# ---------------------------------------------------------------- the balance (art. 8)

REGION_BONUS_FIELDS = {
    Region.EAST: "bonus_east",
    Region.CENTRAL: "bonus_central",
    Region.WEST: "bonus_west",
    Region.NORTHEAST: "bonus_northeast",
}
REGION_MINIMUM_FIELDS = {
    Region.EAST: "min_east",
    Region.CENTRAL: "min_central",
    Region.WEST: "min_west",
    Region.NORTHEAST: "min_northeast",
}
BONUS_FIELDS = (*REGION_BONUS_FIELDS.values(), "bonus_county", "bonus_underdeveloped")
COUNT_FIELDS = ("min_county", *REGION_MINIMUM_FIELDS.values(), "min_underdeveloped", "max_per_province")
SETTING_FIELDS = BONUS_FIELDS + COUNT_FIELDS
MAX_COUNT = 10_000


def bonuses_of(national_list):
    """The configured tilt (art. 8 适当向欠发达地区和县（市、区、旗）倾斜) as the balance module's ``Bonuses``."""
    return balance.Bonuses(
        region={region: getattr(national_list, name) for region, name in REGION_BONUS_FIELDS.items()},
        level={Level.COUNTY: national_list.bonus_county},
        underdeveloped=national_list.bonus_underdeveloped,
    )


def constraints_of(national_list):
    """The configured minimum and maximum shares as the balance module's ``Constraints``."""
    return balance.Constraints(
        min_county=national_list.min_county,
        min_per_region={
            region: getattr(national_list, name)
            for region, name in REGION_MINIMUM_FIELDS.items()
            if getattr(national_list, name)
        },
        max_per_province=national_list.max_per_province,
        min_underdeveloped=national_list.min_underdeveloped,
    )


def _clean_setting(national_list, name, value):
    label = NationalList._meta.get_field(name).verbose_name
    if name in BONUS_FIELDS:
        try:
            number = Decimal(str(value if value not in (None, "") else 0))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not (0 <= number <= MAX_BONUS):
            raise ValidationError(
                _("%(label)s须为 0 到 %(max)s 之间的数字。") % {"label": label, "max": MAX_BONUS}, code=name
            )
        if number != number.quantize(Decimal("0.01")):
            raise ValidationError(_("%(label)s最多保留两位小数。") % {"label": label}, code=name)
        return number.quantize(Decimal("0.01"))
    if value in (None, ""):
        if name == "max_per_province":
            return None
        return 0
    try:
        number = int(str(value))
    except ValueError:
        number = -1
    minimum = 1 if name == "max_per_province" else 0
    if not (minimum <= number <= MAX_COUNT):
        raise ValidationError(_("%(label)s须为不小于 %(min)s 的整数。") % {"label": label, "min": minimum}, code=name)
    return number


@transaction.atomic
def configure(user, national_list, *, request=None, **settings):
    """Store the list's bonuses and shares; only the ones given change. Refused once the list is approved."""
    policy.authorize(user, "national_list.edit", national_list)
    unknown = sorted(set(settings) - set(SETTING_FIELDS))
    if unknown:
        raise ValidationError(_("未知的设置项：%(names)s。") % {"names": "、".join(unknown)})
    national_list = _lock_list(national_list)
    problems, cleaned = {}, {}
    for name, value in settings.items():
        try:
            cleaned[name] = _clean_setting(national_list, name, value)
        except ValidationError as error:
            problems[name] = error.messages
    if problems:
        raise ValidationError(problems)
    changes = {
        name: [str(getattr(national_list, name)), str(value)]
        for name, value in cleaned.items()
        if getattr(national_list, name) != value
    }
    for name, value in cleaned.items():
        setattr(national_list, name, value)
    if changes:
        national_list.save(update_fields=list(changes))
        record(user, "national_list.configure", national_list, role=Role.SAMR_REVIEWER, request=request, **changes)
    return national_list


def candidate(nomination):
    """A nomination as the balance sees it (its division loaded with its province)."""
    division = nomination.division
    return balance.Candidate(
        id=nomination.pk,
        province=division.province.name,
        region=division.region,
        level=division.level,
        underdeveloped=division.underdeveloped,
        score=nomination.national_score if nomination.national_score is not None else balance.ZERO,
    )


@dataclass(frozen=True)
class RankedCandidate:
    """One line of the national ranking: the raw score, the bonus and the adjusted score apart (art. 8)."""

    line: balance.Ranked
    nomination: Nomination
    on_list: bool
    suggested: bool


@dataclass(frozen=True)
class Analysis:
    quota: int
    ranking: tuple[RankedCandidate, ...]
    figures: balance.Distribution
    suggestion: balance.Suggestion
    bonuses: balance.Bonuses
    constraints: balance.Constraints


# A kept answer is right for its inputs whatever its age; the time bounds what the cache holds, and how long a
# reworded translation of the reasons waits after an upgrade.
SUGGESTION_CACHE_SECONDS = 60 * 60


def cached_suggestion(candidates, quota, constraints, bonuses):
    """``balance.suggest`` for these inputs, computed once per distinct inputs and kept in the cache."""
    key = "balance-suggestion:" + balance.suggestion_digest(candidates, quota, constraints, bonuses)
    found = cache.get(key)
    if found is None:
        found = balance.suggest(candidates, quota, constraints, bonuses)
        cache.set(key, found, SUGGESTION_CACHE_SECONDS)
    return found


def candidates_for(user, national_list):
    """The evaluated and proposed applications of the list's campaign and category that ``user`` may see."""
    return policy.visible(
        user,
        Nomination.objects.filter(
            campaign_id=national_list.campaign_id,
            category=national_list.category,
            state__in=(S.EVALUATED, S.PROPOSED),
        ).select_related("division__province"),
    )


def analyse(user, national_list, *, constraints=None):
    """The ranking by adjusted score, the list's make-up against the quota and the best list (constant queries).

    ``constraints`` replaces the stored shares for a what-if question; the stored bonuses always apply.
    """
    policy.authorize(user, "national_list.view", national_list)
    quota = _quota(national_list)
    pool = list(candidates_for(user, national_list).order_by("pk"))
    entries = list(national_list.entries.select_related("nomination__division__province")) if national_list.pk else []
    listed = {entry.nomination_id for entry in entries}
    bonuses = bonuses_of(national_list)
    constraints = constraints if constraints is not None else constraints_of(national_list)
    candidates = [candidate(n) for n in pool]
    try:
        suggested = cached_suggestion(candidates, quota, constraints, bonuses)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    chosen = set(suggested.selected)
    by_id = {n.pk: n for n in pool}
    ranking = tuple(
        RankedCandidate(
            line=line,
            nomination=by_id[line.candidate.id],
            on_list=line.candidate.id in listed,
            suggested=line.candidate.id in chosen,
        )
        for line in balance.rank(candidates, bonuses)
    )
    figures = balance.distribution([candidate(entry.nomination) for entry in entries], quota)
    return Analysis(quota, ranking, figures, suggested, bonuses, constraints)


@transaction.atomic
def accept_suggestion(user, national_list, *, request=None):
    """Make the suggested list the draft: take off what it leaves out, add what it adds, order as it ranks."""
    policy.authorize(user, "national_list.edit", national_list)
    national_list = _lock_list(national_list)
    analysis = analyse(user, national_list)
    suggestion = analysis.suggestion
    if not suggestion.feasible:
        raise ValidationError([_("建议名单无法生成："), *suggestion.reasons])
    wanted = list(suggestion.selected)
    current = set(national_list.entries.values_list("nomination_id", flat=True))
    by_id = {item.nomination.pk: item.nomination for item in analysis.ranking}
    for pk in sorted(current - set(wanted)):
        remove(user, national_list, by_id[pk], request=request)
    for pk in wanted:
        if pk not in current:
            add(user, national_list, by_id[pk], request=request)
    positions = {pk: position for position, pk in enumerate(wanted, start=1)}
    entries = list(national_list.entries.all())
    for entry in entries:
        entry.position = positions[entry.nomination_id]
    NationalListEntry.objects.bulk_update(entries, ["position"])
    record(
        user,
        "national_list.accept_suggestion",
        national_list,
        role=Role.SAMR_REVIEWER,
        request=request,
        added=sorted(set(wanted) - current),
        removed=sorted(current - set(wanted)),
    )
    return national_list


# ---------------------------------------------------------------- the list's later stages (publicity, report)


def lock_list(national_list, *states):
    """The list's row, locked; refused unless it is in one of ``states``."""
    locked = NationalList.objects.select_for_update().select_related("campaign").get(pk=national_list.pk)
    if locked.state not in states:
        raise ValidationError(_("名单当前状态为“%(state)s”，不能进行此操作。") % {"state": locked.get_state_display()})
    return locked


def list_transition(user, national_list, method, action, *, request=None, **data):
    """Run the list's django-fsm-2 ``method``, save, audit ``national_list.<action>`` and notify after the commit."""
    before = national_list.state
    table.take(national_list, method)
    national_list.save()
    event = record(
        user,
        f"national_list.{action}",
        national_list,
        from_state=before,
        to_state=national_list.state,
        role=Role.SAMR_APPROVER,
        request=request,
        **data,
    )
    notify_after_commit(event)
    return national_list


def listed(national_list):
    """The applications on ``national_list``, locked, in its order."""
    return list(
        Nomination.objects.select_for_update()
        .filter(national_entry__national_list=national_list)
        .select_related("division", "campaign")
        .order_by("national_entry__position")
    )


def take_off_the_list(nomination):
    """Remove a disqualified application from its national list and close the gap in the positions."""
    entry = NationalListEntry.objects.filter(nomination=nomination).select_related("national_list").first()
    if entry is None:
        return
    national_list = entry.national_list
    entry.delete()
    remaining = list(national_list.entries.order_by("position", "pk"))
    for position, item in enumerate(remaining, start=1):
        item.position = position
    NationalListEntry.objects.bulk_update(remaining, ["position"])


# ---------------------------------------------------------------- the campaign's end (art. 7(4))

IN_FLIGHT = (NationalListState.APPROVED, NationalListState.IN_PUBLICITY, NationalListState.FINALISED)


def closing_problems(campaign):
    """Why ``campaign`` may not close yet, as far as its national lists go (``nominations.models.guards``): a list
    approved, in publicity or finalised must first be reported; before the national deadline, every category with
    places must have its final list reported. After the deadline a draft list can no longer be approved, so its
    entries end as not selected with the campaign."""
    lists = {row.category: row for row in NationalList.objects.filter(campaign=campaign)}
    problems = [
        _("“%(category)s”名单当前为“%(state)s”，须先上报国务院办公厅。")
        % {"category": row.get_category_display(), "state": row.get_state_display()}
        for row in lists.values()
        if row.state in IN_FLIGHT
    ]
    if campaign.national_window_open():
        for quota in Quota.objects.filter(campaign=campaign).order_by("category"):
            row = lists.get(quota.category)
            if row is None or row.state != NationalListState.REPORTED:
                problems.append(
                    _("“%(category)s”最终名单尚未上报国务院办公厅；总局评估截止（%(deadline)s）前不能结束年度工作。")
                    % {"category": quota.get_category_display(), "deadline": local_datetime(campaign.national_deadline)}
                )
    return problems
