"""What the pages share: the current campaign, the user's province, labels, history rows, file responses."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from accounts import policy
from provinces.enums import Role

from ..domain.audit import history
from ..domain.campaigns import province_of
from ..enums import CampaignStatus, NominationState
from ..models import Campaign, Nomination

S = NominationState

ACTION_LABELS = {
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
    "nomination.review": _("省级评分"),
    "nomination.shortlist": _("列入拟推荐名单"),
    "nomination.unshortlist": _("移出拟推荐名单"),
    "nomination.recommend": _("推荐至总局"),
    "recommendation.rank": _("调整排序"),
    "recommendation.confirm": _("登记省政府确认"),
    "recommendation.recommend": _("向总局推荐"),
    "recommendation.document.download": _("下载确认文件"),
    "nomination.publicise": _("列入公示名单"),
    "nomination.finalise": _("入选"),
    "nomination.not_select": _("未入选"),
    "nomination.award": _("获得激励"),
    "nomination.revoke": _("撤销激励"),
    "nomination.disqualify": _("取消资格"),
    "award_task.assign": _("部署工作任务"),
    "award_task.report": _("报告任务情况"),
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

# What the applicant does next, by state.
NEXT_STEPS = {
    S.DRAFT: _("填写认定条件、上传佐证材料，然后提交。"),
    S.RETURNED: _("按退回意见修改，在修改期限前重新提交。"),
    S.SUBMITTED: _("已提交，等待省级市场监管部门核实。"),
    S.VERIFIED: _("已通过省级核实，等待综合比选。"),
    S.SHORTLISTED: _("已列入本省拟推荐名单，等待省级人民政府审核确认。"),
    S.RECOMMENDED: _("已推荐至市场监管总局，等待总局评估。"),
    S.NOT_RECOMMENDED: _("本年度未获推荐。"),
    S.WITHDRAWN: _("已撤回。"),
    S.EVALUATED: _("总局已评估，等待综合平衡。"),
    S.PROPOSED: _("已列入全国建议名单，等待审定和公示。"),
    S.IN_PUBLICITY: _("名单公示中。"),
    S.APPROVED: _("已入选，等待上报国务院办公厅。"),
    S.NOT_SELECTED: _("本年度未入选。"),
    S.AWARDED: _("已获得激励支持；请按时完成总局部署的工作任务。"),
    S.REVOKED: _("激励已撤销。"),
    S.DISQUALIFIED: _("已取消资格。"),
}


def current_campaign(user):
    """The open campaign (the latest year if several are open), or None."""
    queryset = Campaign.objects.filter(status=CampaignStatus.OPEN).order_by("-year")
    return policy.visible(user, queryset).first()


def require_campaign(user):
    campaign = current_campaign(user)
    if campaign is None:
        raise Http404
    return campaign


def require_province(user):
    """The province the user works for in a provincial role; other users may not use the provincial pages."""
    province = province_of(user)
    if province is None:
        raise PermissionDenied
    return province


def nomination_queryset():
    return Nomination.objects.with_priority().select_related(
        "campaign", "criteria_set", "division__prefecture", "division__province", "pledge_accepted_by"
    )


def get_nomination(request, pk):
    """The application ``pk`` if the user may see it, else 404."""
    return get_object_or_404(policy.visible(request.user, nomination_queryset()), pk=pk)


def posted(request, *, files=False):
    """A form's data: the POST (even an empty one, so that it is checked), or nothing on GET."""
    if request.method != "POST":
        return (None, None) if files else None
    return (request.POST, request.FILES) if files else request.POST


def add_domain_errors(form, error):
    for message in error.messages:
        form.add_error(None, message)


def state_label(value, states=NominationState):
    return states(value).label if value in states.values else value


def role_label(value):
    return Role(value).label if value in Role.values else value


def history_rows(obj, states=NominationState, *, hidden=frozenset()):
    return [
        {
            "at": event.at,
            "actor": event.actor,
            "role": role_label(event.role),
            "bureau": event.bureau,
            "action": ACTION_LABELS.get(event.action, event.action),
            "from_state": state_label(event.from_state, states) if event.from_state else "",
            "to_state": state_label(event.to_state, states) if event.to_state else "",
            "comment": event.comment,
            "name": event.data.get("name", ""),
        }
        for event in history(obj)
        if event.action not in hidden
    ]


def scored_review(request, nomination, form, save, success):
    """Save a per-criterion scoring form through the domain ``save``; ``None`` when the page is shown again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(
            request.user,
            nomination,
            criteria=form.criteria_scores(),
            comment=form.cleaned_data["comment"],
            request=request,
        )
    except ValidationError as error:
        add_domain_errors(form, error)
        return None
    messages.success(request, success % {"score": saved.score if saved.score is not None else "—"})
    return saved
