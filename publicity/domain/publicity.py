"""Opening the publicity of an approved national list, and the periodic job's side effect at its end (art. 7(4)).

Each function checks the policy, locks, changes, audits and notifies after the commit, as
``nominations.domain.workflow`` does. Whether a period is running is never stored: ``PublicityPeriod.is_open``
computes it from the clock, so a job that runs late or twice changes nothing more (DESIGN §4).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain.audit import record
from core.domain.notifications import notify_after_commit
from core.domain.workdays import add_workdays
from national.domain.national_list import list_transition, listed, lock_list
from national.models import NationalListState
from nominations.domain.workflow import transition
from provinces.enums import Role

from ..enums import OPEN_OBJECTION_STATUSES
from ..models import PublicityPeriod

MAX_TITLE = 200
MAX_NOTICE = 20_000


def default_notice(national_list):
    """A notice to start from: the title and text SAMR usually publishes (art. 7(4))."""
    campaign = national_list.campaign
    title = _("关于%(year)s年度市场监管工作真抓实干成效明显地方（%(category)s）拟认定名单的公示") % {
        "year": campaign.year,
        "category": national_list.get_category_display(),
    }
    text = _(
        "根据《市场监管工作真抓实干成效明显地方激励措施实施办法》（国市监信〔2020〕19号）第七条第四项，"
        "经各省级市场监管部门推荐，市场监管总局全面考察、客观评估，结合行业专家和相关部门意见，经综合平衡，"
        "确定了建议激励支持的地方名单，现予以公示。\n"
        "公示期间，对名单中的地方有异议的，可通过本页面以真实姓名提出，写明异议的事实和理由，留下联系方式，"
        "并可附证明材料。市场监管总局将逐件核查。"
    )
    return title, text


def _clean_notice(starts_at, notice_title, notice_text, now):
    problems = {}
    title = (notice_title or "").strip()
    text = (notice_text or "").strip()
    if not title:
        problems["notice_title"] = [_("请填写公示标题。")]
    elif len(title) > MAX_TITLE:
        problems["notice_title"] = [_("公示标题不能超过 %(max)s 个字。") % {"max": MAX_TITLE}]
    if not text:
        problems["notice_text"] = [_("请填写公示内容。")]
    elif len(text) > MAX_NOTICE:
        problems["notice_text"] = [_("公示内容不能超过 %(max)s 个字。") % {"max": MAX_NOTICE}]
    if timezone.is_naive(starts_at):
        problems["starts_at"] = [_("公示开始时间须注明时区（北京时间）。")]
    elif starts_at < now:
        # A period that began before it was published would give the public less than the full working days.
        problems["starts_at"] = [_("公示开始时间不能早于现在；立即开始请留空。")]
    if problems:
        raise ValidationError(problems)
    return title, text


@transaction.atomic
def publicise(user, national_list, *, starts_at=None, notice_title, notice_text, request=None, now=None):
    """对外公示 (art. 7(4)): the approved list is published for the campaign's number of working days.

    ``starts_at`` (default: now) may lie in the future; the public page shows the list from then. The end is
    computed in Chinese working days (``add_workdays``); a year whose holidays nobody has entered is refused
    (``CalendarUnknown``) and nothing changes.
    """
    policy.authorize(user, "national_list.publish", national_list)
    now = now or timezone.now()
    locked = lock_list(national_list, NationalListState.APPROVED)
    starts_at = now if starts_at is None else starts_at
    title, text = _clean_notice(starts_at, notice_title, notice_text, now)
    # art. 7(4) 对外公示: the campaign's number of working days, counted on the State Council's holiday calendar.
    working_days = locked.campaign.publicity_working_days
    ends_at = add_workdays(starts_at, working_days)
    period = PublicityPeriod.objects.create(
        national_list=locked,
        starts_at=starts_at,
        ends_at=ends_at,
        working_days=working_days,
        notice_title=title,
        notice_text=text,
        created_by=user,
    )
    start_publicity(user, locked, request=request)
    event = record(
        user,
        "publicity.publicise",
        period,
        role=Role.SAMR_APPROVER,
        request=request,
        national_list=locked.pk,
        starts_at=starts_at.isoformat(),
        ends_at=ends_at.isoformat(),
        working_days=working_days,
    )
    notify_after_commit(event)
    return period


def close_ended_periods(now=None):
    """The periodic job's side effect: record once that each ended period is over and tell SAMR (idempotent).

    Nothing reads ``closed_at`` to decide whether a period is running; a second run finds nothing to claim.
    """
    now = now or timezone.now()
    done = 0
    ended = (
        PublicityPeriod.objects.filter(ends_at__lte=now, closed_at__isnull=True)
        .select_related("national_list__campaign")
        .order_by("ends_at", "pk")  # the oldest first
    )
    for period in ended:
        with transaction.atomic():
            claimed = PublicityPeriod.objects.filter(pk=period.pk, closed_at__isnull=True).update(
                closed_at=timezone.now()
            )
            if not claimed:  # another run took it
                continue
            still_open = period.objections.filter(status__in=OPEN_OBJECTION_STATUSES).count()
            event = record(
                None,
                "publicity.close",
                period,
                comment=_("公示期已届满，尚有 %(count)s 件异议未办结；异议办结后可发布最终名单。")
                % {"count": still_open},
                national_list=period.national_list_id,
                ends_at=period.ends_at.isoformat(),
                open_objections=still_open,
            )
            notify_after_commit(event)
            done += 1
    return done


@transaction.atomic
def start_publicity(user, national_list, *, request=None):
    """The approved list goes to publicity (对外公示): the list and each of its applications are ``in_publicity``."""
    policy.authorize(user, "national_list.publish", national_list)
    national_list = lock_list(national_list, NationalListState.APPROVED)
    for nomination in listed(national_list):
        transition(user, nomination, "publicise", "publicise", role=Role.SAMR_APPROVER, request=request)
    return list_transition(user, national_list, "publicise", "publicise", request=request)
