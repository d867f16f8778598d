"""The guards of an application's workflow: the rules of the measures its transitions need (``core.domain.workflow``).

Each returns the problems as Chinese messages that say what is wrong and, where it can, until when; the costly ones
read the registers (sanctions, incidents) and the evaluation, and are asked before acting, not for every row.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.domain.workflow import guard

from ..enums import CampaignStatus, NominationState


def local_datetime(value):
    """A moment as the users read it, in the portal's time zone: the one formatting of every deadline."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


@guard(
    article="art. 7(2), 7(3)",
    rule=gettext_lazy("年度工作进行中且在申报截止前；退回修改的申报在修改期限前"),
)
def editing_window(nomination, step):
    return editing_window_refusals(nomination)


def editing_window_refusals(nomination):
    """Drafts follow the application deadline; a returned application follows its own revision deadline."""
    if nomination.state == NominationState.RETURNED:
        deadline = nomination.return_deadline
        if deadline is not None and timezone.now() > deadline:
            return [_("修改期限已于%(deadline)s届满。") % {"deadline": local_datetime(deadline)}]
        return []
    return application_window_refusals(nomination.campaign)


def application_window_refusals(campaign):
    """art. 7(2): applications are made, changed and submitted while the campaign is open, before its deadline."""
    if campaign.status != CampaignStatus.OPEN:
        return [_("%(campaign)s尚未启动或已经结束。") % {"campaign": campaign.title}]
    if not campaign.application_window_open():
        return [
            _("申报已于%(deadline)s截止，不能再创建、修改或提交申报。")
            % {"deadline": local_datetime(campaign.application_deadline)}
        ]
    return []


@guard(article="art. 7(3)", rule=gettext_lazy("省级推荐截止前"))
def province_window(nomination, step):
    return province_window_refusals(nomination.campaign)


def province_window_refusals(campaign):
    """art. 7(3): the province verifies, ranks, confirms and recommends before its deadline."""
    if campaign.province_window_open():
        return []
    return [_("省级推荐已于%(deadline)s截止。") % {"deadline": local_datetime(campaign.province_deadline)}]


@guard(article="art. 7(4)", rule=gettext_lazy("总局评估截止前"))
def national_window(nomination, step):
    return national_window_refusals(nomination.campaign)


def national_window_refusals(campaign):
    """art. 7(4): SAMR's evaluation, its experts and its draft lists close at the national deadline."""
    if campaign.national_window_open():
        return []
    return [_("总局评估已于%(deadline)s截止。") % {"deadline": local_datetime(campaign.national_deadline)}]


@guard(article="art. 14", rule=gettext_lazy("本地方不在取消申报资格期内"), costly=True)
def no_application_ban(nomination, step):
    from ..domain.applications import application_ban_refusals

    return application_ban_refusals(nomination.division, nomination.campaign)


@guard(
    article="art. 5, 6(8), 14",
    rule=gettext_lazy("提交后仍符合认定条件：此后未受制裁、未新发重大事件；认定条件修订后仍全部符合"),
    costly=True,
)
def still_eligible(nomination, step):
    """What can change after submission, asked again at every forward step (docs/workflow.md)."""
    from ..domain.applications import still_eligible_refusals

    return still_eligible_refusals(nomination, step)


# What the apps above this one ask before a campaign closes, each ``check(campaign)`` returning its problems: the
# national lists register theirs at start-up (``national.apps``), so this layer need not know them.
CLOSING_CHECKS = []


@guard(
    article="art. 7(4)",
    rule=gettext_lazy(
        "没有已批准、公示中或已发布而未上报的全国名单；总局评估截止前，须各类别最终名单均已上报国务院办公厅"
    ),
    costly=True,
)
def nothing_left_in_flight(campaign, step):
    return closing_refusals(campaign)


def closing_refusals(campaign):
    """A campaign closes only when no list of it is half way (approved, in publicity, finalised but not reported)."""
    return [problem for check in CLOSING_CHECKS for problem in check(campaign)]
