"""What the pages share: the current campaign, the user's province, labels, history rows, file responses."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from accounts import policy

from ..domain.campaigns import province_of
from ..enums import CampaignStatus, NominationState
from ..models import Campaign, Nomination

S = NominationState

# The states whose application ended with a reason for its applicant (``Nomination.rejection_reason``).
ENDED_WITH_A_REASON = (S.NOT_RECOMMENDED, S.NOT_SELECTED, S.LAPSED)

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
    S.LAPSED: _("申报截止前未提交，本年度工作已结束。"),
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
