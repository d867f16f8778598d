"""The final list after publicity (art. 7(4) 经对外公示后): finalisation and corrections, each a published version.

``finalise`` is refused until the period has ended (read from the clock) and while any objection is open; it
finalises the list (``finalise_list``) and publishes version 1. ``publish_correction``
publishes the next version after a later change (a disqualification, a revocation), with what changed against the
version before. A published version is never edited.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain import workflow as table
from core.domain.audit import record
from core.domain.notifications import notify_after_commit
from national.domain.national_list import list_transition, listed, lock_list
from national.models import NationalListEntry, NationalListState
from nominations.domain.workflow import transition
from nominations.enums import NominationState
from nominations.models import Nomination
from provinces.enums import Role

from ..enums import OPEN_OBJECTION_STATUSES
from ..models import PublicityPeriod, PublishedList
from .objections import local_datetime

L = NationalListState
S = NominationState
MAX_NOTE = 2000
# Taken out of the process after the award (art. 14, art. 15): no longer on the published list.
NOT_PUBLISHED = (NominationState.DISQUALIFIED, NominationState.REVOKED)


def snapshot(national_list):
    """The list's entries as published: position, the application, the division's code, name and level, the
    province's name."""
    entries = (
        NationalListEntry.objects.filter(national_list=national_list)
        .exclude(nomination__state__in=NOT_PUBLISHED)
        .select_related("nomination__division__province")
        .order_by("position", "pk")
    )
    return [
        {
            "position": position,
            "nomination": entry.nomination_id,
            "division": entry.nomination.division.code,
            "division_name": entry.nomination.division.name,
            "province_name": entry.nomination.division.province.name if entry.nomination.division.province else "",
            "level": entry.nomination.division.level,
        }
        for position, entry in enumerate(entries, start=1)
    ]


def changes_between(before, after):
    """What changed from the entries ``before`` to ``after``: added, removed and moved (position changed)."""
    old = {entry["nomination"]: entry for entry in before}
    new = {entry["nomination"]: entry for entry in after}
    return {
        "added": [entry for entry in after if entry["nomination"] not in old],
        "removed": [entry for entry in before if entry["nomination"] not in new],
        "moved": [
            {
                "nomination": entry["nomination"],
                "division_name": entry["division_name"],
                "from": old[entry["nomination"]]["position"],
                "to": entry["position"],
            }
            for entry in after
            if entry["nomination"] in old and old[entry["nomination"]]["position"] != entry["position"]
        ],
    }


def _publish(user, national_list, *, note, request, action):
    previous = (
        PublishedList.objects.filter(national_list=national_list)
        .order_by("-version")
        .only("version", "entries")
        .first()
    )
    entries = snapshot(national_list)
    changes = changes_between(previous.entries if previous else [], entries) if previous else None
    if previous is not None and not any(changes.values()):
        raise ValidationError(_("名单与已发布的第 %(version)s 版相同，无需发布更正。") % {"version": previous.version})
    published = PublishedList(
        national_list=national_list,
        version=(previous.version if previous else 0) + 1,
        entries=entries,
        published_at=timezone.now(),
        published_by=user,
        note=note,
    )
    if changes is not None:
        published.changes = changes
    published.save()
    event = record(
        user,
        action,
        published,
        role=Role.SAMR_APPROVER,
        comment=note,
        request=request,
        national_list=national_list.pk,
        version=published.version,
        entries=len(entries),
        added=[entry["nomination"] for entry in published.changes["added"]],
        removed=[entry["nomination"] for entry in published.changes["removed"]],
    )
    notify_after_commit(event)
    return published


def _clean_note(note, *, required):
    note = (note or "").strip()
    if required and not note:
        raise ValidationError({"note": [_("请填写更正的原因。")]})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": [_("说明不能超过 %(max)s 个字。") % {"max": MAX_NOTE}]})
    return note


@transaction.atomic
def finalise(user, national_list, *, note="", request=None, now=None):
    """发布最终名单: after the publicity period and with every objection decided (art. 7(4) 经对外公示后)."""
    policy.authorize(user, "national_list.publish", national_list)
    now = now or timezone.now()
    locked = lock_list(national_list, L.IN_PUBLICITY)
    note = _clean_note(note, required=False)
    # Locked so that no objection slips in while the open ones are counted.
    period = PublicityPeriod.objects.select_for_update().filter(national_list=locked).first()
    if period is None:
        raise ValidationError(_("该名单没有公示记录，不能发布最终名单。"))
    # art. 7(4): the list goes on only 经对外公示后, after the whole period and with every objection decided.
    if not period.has_ended(now):
        raise ValidationError(
            _("公示期至%(end)s届满；公示期满后方可发布最终名单（第七条第四项）。")
            % {"end": local_datetime(period.ends_at)}
        )
    still_open = period.objections.filter(status__in=OPEN_OBJECTION_STATUSES).count()
    if still_open:
        raise ValidationError(
            _("尚有 %(count)s 件异议未办结，异议办结前不能发布最终名单（第七条第四项）。") % {"count": still_open}
        )
    finalise_list(user, locked, request=request)
    return _publish(user, locked, note=note, request=request, action="published_list.publish")


@transaction.atomic
def publish_correction(user, national_list, *, note, request=None):
    """发布更正: the next version of a finalised list after a later change, with what changed and why."""
    policy.authorize(user, "national_list.publish", national_list)
    locked = lock_list(national_list, L.FINALISED, L.REPORTED)
    note = _clean_note(note, required=True)
    if not PublishedList.objects.filter(national_list=locked).exists():
        raise ValidationError(_("该名单尚未发布，不能发布更正。"))
    return _publish(user, locked, note=note, request=request, action="published_list.correct")


@transaction.atomic
def finalise_list(user, national_list, *, request=None):
    """After publicity the list is final: its applications ``approved``; every other recommended or evaluated
    application of the campaign and category ``not_selected``. The caller checks the objections."""
    policy.authorize(user, "national_list.publish", national_list)
    national_list = lock_list(national_list, L.IN_PUBLICITY)
    on_the_list = listed(national_list)
    if not on_the_list:
        raise ValidationError(_("名单为空，不能发布。"))
    for nomination in on_the_list:
        transition(user, nomination, "finalise", "finalise", role=Role.SAMR_APPROVER, request=request)
    others = Nomination.objects.select_for_update().filter(
        campaign_id=national_list.campaign_id,
        category=national_list.category,
        state__in=table.sources(Nomination, "not_select"),
    )
    for nomination in others.select_related("division", "campaign"):
        transition(user, nomination, "not_select", "not_select", role=Role.SAMR_APPROVER, request=request)
    national_list.finalised_by = user
    national_list.finalised_at = timezone.now()
    return list_transition(user, national_list, "finalise", "finalise", request=request, entries=len(on_the_list))
