"""SAMR's evaluation pages (art. 4, art. 7(4)): the candidates, the evaluation page of one application, the
expert's tasks and opinions.

The domain functions in ``national`` and ``national_list`` decide and check; these views only shape the input.
"""

from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import policy
from core.exports import by_format, page_filters
from core.history import history_rows
from core.partials import render_page
from criteria.enums import Category
from nominations.domain.discrepancies import visible_discrepancies, visible_flags
from nominations.enums import NominationState
from nominations.forms import ReviewForm
from nominations.models import Review
from nominations.views.common import add_domain_errors, get_nomination, posted, require_campaign, scored_review
from provinces.enums import Level
from provinces.models import Division

from ..domain import evaluation
from ..domain.evaluation import OPINION_STAGES
from ..forms import CandidateFilterForm
from ..models import AssignmentStage, ExpertAssignment, FindingKind, NationalList

S = NominationState
PAGE_SIZE = 50


# ---------------------------------------------------------------- forms


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=FindingKind.choices)
    criterion = forms.CharField(label=gettext_lazy("对应条件编号（可选）"), required=False, max_length=16)
    text = forms.CharField(label=gettext_lazy("内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    value = forms.CharField(label=gettext_lazy("数值（可选）"), required=False, max_length=20)
    source = forms.CharField(
        label=gettext_lazy("来源（可选）"), required=False, max_length=200, help_text=gettext_lazy("例如：国务院大督查")
    )


class AssignForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("专家或部门账号（用户名）"), max_length=150)
    stage = forms.ChoiceField(label=gettext_lazy("意见类型"), choices=AssignmentStage.choices)


class InformationRequestForm(forms.Form):
    question = forms.CharField(
        label=gettext_lazy("需省级补充的情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = forms.DateField(
        label=gettext_lazy("答复期限（可选）"),
        required=False,
        help_text=gettext_lazy("当日 24 时前答复。"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def due_at(self):
        day = self.cleaned_data.get("due_date")
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time.max))


class EvaluateForm(forms.Form):
    score = forms.CharField(
        label=gettext_lazy("评估得分（可选）"),
        required=False,
        max_length=10,
        help_text=gettext_lazy("留空则取专家和相关部门意见的平均分。"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
    )
    comment = forms.CharField(label=gettext_lazy("评估意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


# ---------------------------------------------------------------- helpers


def _require_national(request):
    """The open campaign, for those who may see the national lists (SAMR staff); others get 404."""
    campaign = require_campaign(request.user)
    policy.authorize(request.user, "national_list.view", NationalList(campaign=campaign))
    return campaign


# ---------------------------------------------------------------- SAMR: candidates and evaluation


@login_required
def candidates(request):
    """全国候选: every recommended application of the open campaign, filtered."""
    campaign = _require_national(request)
    provinces = list(Division.objects.filter(level=Level.PROVINCE).order_by("code"))
    form = CandidateFilterForm(request.GET or None, provinces=provinces)
    rows = form.filter(evaluation.candidates(request.user, campaign)).order_by(
        "category",
        F("national_score").desc(nulls_last=True),
        "division__province__code",
        F("province_rank").asc(nulls_last=True),
        "pk",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "campaign": campaign,
        "form": form,
        "page": page,
        "flagged": visible_flags(request.user, page),
        "categories": Category.choices,
        "export_params": by_format({"campaign": campaign.pk, **page_filters(form)}),
    }
    return render_page(request, "national/candidates.html", context, fragment="national/_candidates_panel.html")


def _evaluation_context(request, nomination, forms_by_name):
    assignments = list(
        ExpertAssignment.objects.filter(nomination=nomination).select_related("expert").order_by("assigned_at", "pk")
    )
    filed = set(
        Review.objects.filter(nomination=nomination, stage__in=OPINION_STAGES).values_list("reviewer_id", "stage")
    )
    information_requests = list(
        nomination.information_requests.select_related("requested_by", "answered_by", "attachment").order_by(
            "requested_at", "pk"
        )
    )
    waiting = any(item.is_open for item in information_requests)
    return {
        "nomination": nomination,
        "findings": list(nomination.findings.select_related("recorded_by").order_by("recorded_at", "pk")),
        "discrepancies": visible_discrepancies(request.user, nomination),
        "assignments": [(a, (a.expert_id, a.stage) in filed) for a in assignments],
        "opinions": list(evaluation.opinions_visible_to(request.user, nomination)),
        "aggregate": evaluation.aggregate(nomination),
        "information_requests": information_requests,
        "waiting_for_province": waiting,
        "can_request_information": nomination.state == S.RECOMMENDED,
        "can_evaluate": nomination.state == S.RECOMMENDED and not waiting,
        "can_assign": nomination.state in (S.RECOMMENDED, S.EVALUATED),
        "history": history_rows(nomination, NominationState),
        **forms_by_name,
    }


@login_required
def evaluation_page(request, pk):
    """总局评估 of one application: SAMR's findings, the experts' assignments and opinions, the national score."""
    nomination = get_nomination(request, pk)
    policy.authorize(request.user, "nomination.evaluate", nomination)
    action = request.POST.get("action") if request.method == "POST" else None
    data = posted(request)
    finding_form = FindingForm(data if action == "finding" else None, prefix="finding")
    assign_form = AssignForm(data if action == "assign" else None, prefix="assign")
    evaluate_form = EvaluateForm(data if action == "evaluate" else None, prefix="evaluate")
    information_form = InformationRequestForm(data if action == "information" else None, prefix="information")
    done = None
    try:
        if action == "finding" and finding_form.is_valid():
            evaluation.add_finding(request.user, nomination, request=request, **finding_form.cleaned_data)
            done = _("已记录总局掌握情况。")
        elif action == "assign" and assign_form.is_valid():
            expert = get_user_model().objects.filter(username=assign_form.cleaned_data["username"].strip()).first()
            if expert is None:
                raise ValidationError(
                    _("没有用户名为“%(name)s”的账号。") % {"name": assign_form.cleaned_data["username"]}
                )
            evaluation.assign(
                request.user, nomination, expert, stage=assign_form.cleaned_data["stage"], request=request
            )
            done = _("已分配给%(user)s。") % {"user": expert}
        elif action == "information" and information_form.is_valid():
            evaluation.request_information(
                request.user,
                nomination,
                question=information_form.cleaned_data["question"],
                due_at=information_form.due_at(),
                request=request,
            )
            done = _("已要求%(province)s补充材料。") % {"province": nomination.division.province.name}
        elif action == "evaluate" and evaluate_form.is_valid():
            evaluation.evaluate(request.user, nomination, request=request, **evaluate_form.cleaned_data)
            done = _("已保存总局评估得分。")
    except ValidationError as error:
        forms_by_action = {
            "finding": finding_form,
            "assign": assign_form,
            "evaluate": evaluate_form,
            "information": information_form,
        }
        add_domain_errors(forms_by_action[action], error)
    if done:
        messages.success(request, done)
        return redirect("national:evaluation", pk=nomination.pk)
    context = _evaluation_context(
        request,
        nomination,
        {
            "finding_form": finding_form,
            "assign_form": assign_form,
            "evaluate_form": evaluate_form,
            "information_form": information_form,
        },
    )
    return render(request, "national/evaluation.html", context)


@login_required
@require_POST
def unassign(request, pk, assignment_pk):
    nomination = get_nomination(request, pk)
    assignment = get_object_or_404(
        ExpertAssignment.objects.select_related("expert"), pk=assignment_pk, nomination=nomination
    )
    try:
        evaluation.unassign(request.user, assignment, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已取消对%(user)s的分配。") % {"user": assignment.expert})
    return redirect("national:evaluation", pk=nomination.pk)


# ---------------------------------------------------------------- experts and related departments


def _require_expert(request):
    if not policy.can(request.user, "expert.tasks", None):
        raise PermissionDenied


@login_required
def expert_tasks(request):
    """我的评审任务: the expert's own assignments, and whether its opinion is filed."""
    _require_expert(request)
    own_opinion = Q(nomination__reviews__reviewer=request.user, nomination__reviews__stage__in=OPINION_STAGES)
    rows = (
        ExpertAssignment.objects.filter(expert=request.user)
        .select_related("nomination__division__province", "nomination__campaign")
        .annotate(filed=Count("nomination__reviews", filter=own_opinion))
        .order_by("-assigned_at", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "national/expert_tasks.html", {"page": page})


@login_required
def opinion(request, pk):
    """The assigned expert's opinion: per-criterion scores and remarks; then the others' opinions become visible."""
    _require_expert(request)
    nomination = get_nomination(request, pk)
    policy.authorize(request.user, "nomination.opinion.file", nomination)
    assignment = get_object_or_404(ExpertAssignment, nomination=nomination, expert=request.user)
    criteria = list(nomination.criteria_set.criteria.all())
    own = Review.objects.filter(nomination=nomination, stage=assignment.stage, reviewer=request.user).first()
    form = ReviewForm(posted(request), criteria=criteria, review=own)
    if scored_review(request, nomination, form, evaluation.file_opinion, _("意见已提交，加权得分 %(score)s。")):
        return redirect("national:opinion", pk=nomination.pk)
    context = {
        "nomination": nomination,
        "assignment": assignment,
        "form": form,
        "own": own,
        "opinions": [
            o for o in evaluation.opinions_visible_to(request.user, nomination) if o.reviewer_id != request.user.pk
        ],
    }
    return render(request, "national/opinion.html", context)
