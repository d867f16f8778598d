"""The sanctions register (art. 14): whether a ban is in force for a campaign, registering a sanction decided outside
the portal, lifting one, and the end of each term.

Counted in campaign years (docs/workflow.md "Sanctions"): a sanction bars the campaigns of its years, the first only
from its decision (``starts_on``), so the campaign of 2027 is barred as 2027's even when it opened in December 2026.
The fraud findings that start sanctions are taken above (``awards.domain.fraud``). The checks read the years and the
dates only: a late daily job never lets a banned locality in or keeps a free one out.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain.audit import record
from core.domain.notifications import notify_after_commit
from provinces.enums import Level

from ..enums import SanctionKind, SanctionReason
from ..models import MAX_YEAR, MIN_YEAR, Sanction

# Who a kind of sanction bars: a locality applies (art. 2: prefectures and counties), a province recommends.
LEVELS = {
    SanctionKind.APPLICATION_BAN: (Level.PREFECTURE, Level.COUNTY),
    SanctionKind.RECOMMENDATION_BAN: (Level.PROVINCE,),
}


def application_ban(division, year, on=None):
    """The ban in force on ``division``'s right to apply in the campaign of ``year``, or None (art. 14:
    3年内申报资格)."""
    return Sanction.objects.in_force(year, on).filter(division=division, kind=SanctionKind.APPLICATION_BAN).first()


def recommendation_ban(province, year, on=None):
    """The ban in force on a provincial bureau's right to recommend in the campaign of ``year``, or None (art. 14:
    下一年度推荐资格)."""
    return Sanction.objects.in_force(year, on).filter(division=province, kind=SanctionKind.RECOMMENDATION_BAN).first()


def check_term(division, kind, reason, first_year, last_year):
    """The problems of a term, in Chinese; empty when it can be registered."""
    problems = []
    if kind not in SanctionKind.values:
        problems.append(_("请选择限制类型：取消申报资格或取消推荐资格。"))
    elif division is not None and division.level not in LEVELS[kind]:
        problems.append(_("取消申报资格只适用于市、县级地方，取消推荐资格只适用于省级市场监管部门（第十四条）。"))
    if reason not in SanctionReason.values:
        problems.append(_("请选择限制事由。"))
    years = [y for y in (first_year, last_year) if isinstance(y, int) and not isinstance(y, bool)]
    if len(years) < 2 or not all(MIN_YEAR <= y <= MAX_YEAR for y in years):
        problems.append(_("请填写起止年度（%(min)s—%(max)s）。") % {"min": MIN_YEAR, "max": MAX_YEAR})
    elif last_year < first_year:
        problems.append(_("终止年度不能早于起始年度。"))
    return problems


def document_problems(number, missing):
    """A decision recorded in the register names its document: ``missing`` when ``number`` is empty."""
    return [] if number else [missing]


def lifting_problems(sanction, reason, document_number):
    """The problems of lifting ``sanction`` early, in Chinese: once, with a reason and the decision's number."""
    problems = []
    if sanction.lifted_at is not None:
        problems.append(_("该资格限制已于%(date)s解除。") % {"date": timezone.localtime(sanction.lifted_at).date()})
    if not reason:
        problems.append(_("请填写解除理由。"))
    return problems + document_problems(document_number, _("请填写解除决定文号。"))


@transaction.atomic
def register(user, *, division, kind, reason, first_year, last_year, decision_number, note="", request=None):
    """Record a sanction decided outside the portal (its decision number required), in force from today."""
    policy.authorize(user, "sanction.register", Sanction(division=division))
    decision_number = (decision_number or "").strip()
    problems = check_term(division, kind, reason, first_year, last_year)
    problems += document_problems(decision_number, _("请填写决定文号。"))
    if problems:
        raise ValidationError(problems)
    sanction = Sanction.objects.create(
        division=division,
        kind=kind,
        reason=reason,
        starts_on=timezone.localdate(),
        first_year=first_year,
        last_year=last_year,
        decision_number=decision_number,
        note=(note or "").strip(),
        created_by=user,
    )
    event = record(
        user,
        "sanction.start",
        sanction,
        comment=sanction.note,
        request=request,
        kind=kind,
        first_year=first_year,
        last_year=last_year,
    )
    notify_after_commit(event)
    return sanction


@transaction.atomic
def lift(user, sanction, *, reason, document_number, request=None):
    """End a sanction before its last year by a recorded decision (who, why, which document); never by editing it."""
    sanction = Sanction.objects.select_for_update().select_related("division").get(pk=sanction.pk)
    policy.authorize(user, "sanction.lift", sanction)
    reason, document_number = (reason or "").strip(), (document_number or "").strip()
    problems = lifting_problems(sanction, reason, document_number)
    if problems:
        raise ValidationError(problems)
    sanction.lifted_at = timezone.now()
    sanction.lifted_by = user
    sanction.lift_reason = reason
    sanction.lift_document_number = document_number
    sanction.save(update_fields=["lifted_at", "lifted_by", "lift_reason", "lift_document_number"])
    event = record(user, "sanction.lift", sanction, comment=reason, request=request, document_number=document_number)
    notify_after_commit(event)
    return sanction


def expire_sanctions(current_year, now=None):
    """The daily job's side effect: mark the terms whose last campaign year is over (``current_year`` is past it) and
    tell the bureaus, once each (idempotent); a lifted sanction was announced when it was lifted.

    Whether a ban is in force never depends on this: ``Sanction.objects.in_force`` reads the years and dates.
    """
    now = now or timezone.now()
    done = 0
    ended = Sanction.objects.filter(last_year__lt=current_year, expired_at__isnull=True, lifted_at__isnull=True)
    for sanction in ended.select_related("division"):  # pragma: no mutate (saves a query per sanction)
        with transaction.atomic():
            claimed = Sanction.objects.filter(pk=sanction.pk, expired_at__isnull=True).update(expired_at=now)
            if not claimed:  # another run took it
                continue
            event = record(None, "sanction.end", sanction, kind=sanction.kind, last_year=sanction.last_year)
            notify_after_commit(event)
            done += 1
    return done
