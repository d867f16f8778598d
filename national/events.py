"""What SAMR's evaluation records and who hears of it (see ``nominations.events``)."""

from django.utils.translation import gettext_lazy as _

from core.domain.audit import name_actions
from core.domain.notifications import PROVINCE, notify_of
from provinces.enums import Role

name_actions(
    {
        "nomination.finding": _("记录总局掌握情况"),
        "nomination.assign": _("分配专家或部门"),
        "nomination.unassign": _("取消分配"),
        "nomination.opinion": _("提交专家或部门意见"),
        "nomination.evaluate": _("总局评估"),
        "nomination.information.request": _("要求省级补充材料"),
        "nomination.information.answer": _("省级答复补充材料要求"),
        "nomination.propose": _("列入全国建议名单"),
        "nomination.unpropose": _("移出全国建议名单"),
        "national_list.approve": _("批准建议名单"),
        "national_list.configure": _("调整综合平衡设置"),
        "national_list.accept_suggestion": _("采用建议名单"),
    }
)

notify_of(
    {
        "nomination.information.request": (_("总局要求补充材料"), [(PROVINCE, "province")]),
        "nomination.information.answer": (_("省级已答复补充材料要求"), [((Role.SAMR_REVIEWER,), None)]),
        "reminder.information": (_("补充材料答复即将到期"), [(PROVINCE, "province")]),
    }
)
