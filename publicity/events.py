"""What the publicity stage records and who hears of it (see ``nominations.events``)."""

from django.utils.translation import gettext_lazy as _

from core.domain.audit import name_actions
from core.domain.notifications import APPLICANT, PROVINCE, SAMR, notify_of
from provinces.enums import Role

name_actions(
    {
        "objection.submit": _("提出异议"),
        "objection.investigate": _("开始核查"),
        "objection.uphold": _("认定异议成立"),
        "objection.dismiss": _("认定异议不成立"),
        "objection.evidence.download": _("下载证明材料"),
        "nomination.publicise": _("列入公示名单"),
        "nomination.finalise": _("入选"),
        "nomination.not_select": _("未入选"),
    }
)

notify_of(
    {
        "publicity.close": (_("公示期已结束"), [(SAMR, None)]),
        "objection.submit": (_("收到公示异议"), [((Role.SAMR_REVIEWER,), None)]),
        "nomination.publicise": (_("列入建议名单并公示"), [(APPLICANT, "division"), (PROVINCE, "province")]),
        "nomination.finalise": (
            _("入选真抓实干成效明显地方"),
            [(APPLICANT, "division"), (PROVINCE, "province")],
        ),
        "nomination.not_select": (_("本年度未入选"), [(APPLICANT, "division")]),
    }
)
