"""What the application's stages record and who hears of it: the name of each audit action in a history, and the
bureaus e-mailed about it (``core.domain.audit.name_actions``, ``core.domain.notifications.notify_of``)."""

from django.utils.translation import gettext_lazy as _

from core.domain.audit import name_actions
from core.domain.notifications import APPLICANT, PROVINCE, notify_of
from provinces.enums import Role

name_actions(
    {
        "nomination.create": _("创建申报"),
        "nomination.answers": _("保存填报内容"),
        "attachment.upload": _("上传佐证材料"),
        "attachment.remove": _("删除佐证材料"),
        "attachment.download": _("下载佐证材料"),
        "nomination.submit": _("提交申报"),
        "nomination.resubmit": _("修改后重新提交"),
        "nomination.withdraw": _("撤回申报"),
        "nomination.return": _("退回修改"),
        "nomination.verify": _("情况核实"),
        "nomination.reject": _("未推荐"),
        "nomination.leave_off": _("未列入推荐名单"),
        "nomination.lapse": _("逾期未提交"),
        "campaign.open": _("启动年度工作"),
        "campaign.close": _("结束年度工作"),
        "nomination.review": _("省级评分"),
        "nomination.shortlist": _("列入拟推荐名单"),
        "nomination.unshortlist": _("移出拟推荐名单"),
        "nomination.recommend": _("推荐至总局"),
        "recommendation.rank": _("调整排序"),
        "recommendation.confirm": _("登记省政府确认"),
        "recommendation.recommend": _("向总局推荐"),
        "recommendation.document.download": _("下载确认文件"),
    }
)

notify_of(
    {
        "nomination.submit": (_("新申报待核实"), [((Role.PROVINCE_REVIEWER,), "province")]),
        "nomination.resubmit": (_("修改后重新提交"), [((Role.PROVINCE_REVIEWER,), "province")]),
        "nomination.return": (_("申报被退回修改"), [(APPLICANT, "division")]),
        "nomination.verify": (_("申报已通过核实"), [(APPLICANT, "division")]),
        "nomination.reject": (_("申报未获推荐"), [(APPLICANT, "division")]),
        "nomination.leave_off": (_("申报未获推荐"), [(APPLICANT, "division")]),
        "nomination.lapse": (_("申报逾期未提交，年度工作已结束"), [(APPLICANT, "division")]),
        "nomination.shortlist": (_("列入本省拟推荐名单"), [(APPLICANT, "division")]),
        "nomination.recommend": (_("已推荐至市场监管总局"), [(APPLICANT, "division")]),
        "recommendation.confirm": (_("省政府已确认推荐名单"), [((Role.PROVINCE_REVIEWER,), "province")]),
        "recommendation.recommend": (_("收到省级推荐"), [((Role.SAMR_REVIEWER,), None)]),
        "reminder.application": (_("申报即将截止"), [(APPLICANT, "division")]),
        "reminder.revision": (_("退回修改即将到期"), [(APPLICANT, "division")]),
        "reminder.province": (_("省级推荐即将截止"), [(PROVINCE, "division")]),
    }
)
