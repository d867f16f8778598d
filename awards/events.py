"""What the awards, disqualification and revocation record and who hears of it (see ``nominations.events``)."""

from django.utils.translation import gettext_lazy as _

from core.domain.audit import name_actions
from core.domain.notifications import APPLICANT, PROVINCE, notify_of
from provinces.enums import Role

name_actions(
    {
        "nomination.award": _("获得激励"),
        "nomination.revoke": _("撤销激励"),
        "nomination.disqualify": _("取消资格"),
        "award_task.assign": _("部署工作任务"),
        "award_task.report": _("报告任务情况"),
        "award.measures": _("调整激励措施"),
        "award.achievement": _("记录工作成效"),
        "fraud_finding.record": _("认定弄虚作假"),
        "fraud_finding.refer": _("建议地方人民政府依法依规处理"),
    }
)

notify_of(
    {
        "nomination.award": (_("获得激励支持"), [(APPLICANT, "division"), (PROVINCE, "province")]),
        "nomination.revoke": (_("激励被撤销"), [(APPLICANT, "division"), (PROVINCE, "province")]),
        "nomination.disqualify": (_("申报被取消资格"), [(APPLICANT, "division"), (PROVINCE, "province")]),
        "award_task.assign": (_("总局部署工作任务"), [(APPLICANT, "division")]),
        "award_task.report": (_("工作任务情况报告"), [((Role.SAMR_REVIEWER,), None)]),
        "award.measures": (_("激励措施调整"), [(APPLICANT, "division"), (PROVINCE, "province")]),
    }
)
