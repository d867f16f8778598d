"""What the publicity stage records and who hears of it (see ``nominations.events``)."""

from django.utils.translation import gettext_lazy as _

from core.domain.audit import name_actions
from core.domain.notifications import SAMR, notify_of
from provinces.enums import Role

name_actions(
    {
        "objection.submit": _("提出异议"),
        "objection.investigate": _("开始核查"),
        "objection.uphold": _("认定异议成立"),
        "objection.dismiss": _("认定异议不成立"),
        "objection.evidence.download": _("下载证明材料"),
    }
)

notify_of(
    {
        "publicity.close": (_("公示期已结束"), [(SAMR, None)]),
        "objection.submit": (_("收到公示异议"), [((Role.SAMR_REVIEWER,), None)]),
    }
)
