"""The final stage's pages: the report of the list to the State Council General Office, the awards with their
tasks (art. 10, 11, 13), revocation (art. 14, 15) and disqualification (art. 14).

The domain functions in ``report``, ``award_tasks`` and ``revocation`` decide and check; these views only shape
the input.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.security import reauthentication_redirect, recent_authentication_required
from criteria.models import Incident
from national.views.lists import _national_list
from nominations.views.common import add_domain_errors, get_nomination, posted

from .domain import award_tasks, revocation
from .domain import report as reporting
from .models import MEASURES_BY_CATEGORY, Award, AwardTask, TaskKind, TaskStatus

PAGE_SIZE = 50
DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class ReportForm(forms.Form):
    document_number = forms.CharField(
        label=gettext_lazy("上报文号"), max_length=64, help_text=gettext_lazy("例如：国市监信函〔2026〕12号")
    )
    document_date = forms.DateField(label=gettext_lazy("上报日期"), widget=DATE_INPUT)
    measures = forms.MultipleChoiceField(
        label=gettext_lazy("激励措施"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, category, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(m.value, m.label) for m in MEASURES_BY_CATEGORY[category]]
        self.fields["measures"].choices = choices
        self.fields["measures"].initial = [value for value, _label in choices]


class DisqualifyForm(forms.Form):
    finding = forms.CharField(label=gettext_lazy("认定的事实和依据"), widget=forms.Textarea(attrs={"rows": 4}))
    fraud = forms.BooleanField(
        label=gettext_lazy("属于弄虚作假（第十四条）"),
        required=False,
        help_text=gettext_lazy(
            "勾选后，取消该地方3年内申报资格和所在省级市场监管部门下一年度推荐资格；已激励的撤销激励。"
        ),
    )
    decision_number = forms.CharField(label=gettext_lazy("决定文号（可选）"), max_length=64, required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤销原因"), widget=forms.Textarea(attrs={"rows": 3}))
    incident = forms.ModelChoiceField(
        label=gettext_lazy("所涉重大质量安全事件（第十五条）"),
        queryset=Incident.objects.none(),
        help_text=gettext_lazy(
            "认定当年度内、经国务院或其授权部门调查认定属于政府责任的事件；弄虚作假请通过取消资格认定。"
        ),
    )

    def __init__(self, *args, incidents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = incidents


class TaskForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=TaskKind.choices)
    title = forms.CharField(label=gettext_lazy("任务"), max_length=200)
    description = forms.CharField(label=gettext_lazy("要求"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=gettext_lazy("完成期限"), widget=DATE_INPUT)


class TaskReportForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("情况"),
        choices=[(TaskStatus.DONE, TaskStatus.DONE.label), (TaskStatus.PROBLEM, TaskStatus.PROBLEM.label)],
        widget=forms.RadioSelect,
    )
    report = forms.CharField(label=gettext_lazy("完成情况或遇到的问题"), widget=forms.Textarea(attrs={"rows": 3}))


# ---------------------------------------------------------------- the report (报国务院办公厅)


@login_required
@recent_authentication_required
def report(request, category):
    """上报国务院办公厅: the document number and date, the measures granted; the listed localities are awarded."""
    _campaign, the_list = _national_list(request, category)
    policy.authorize(request.user, "national_list.publish", the_list)
    form = ReportForm(posted(request), category=category)
    if request.method == "POST" and form.is_valid():
        try:
            reporting.report(request.user, the_list, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("已登记上报，名单所列地方获得激励。"))
            return redirect("awards:awards")
    context = {"national_list": the_list, "category": category, "form": form}
    return render(request, "awards/report.html", context)


# ---------------------------------------------------------------- awards and tasks (art. 10, 11, 13)


@login_required
def award_list(request):
    """激励名单: the awards the user may see (SAMR all, a province its localities, a locality its own)."""
    rows = (
        policy.visible(request.user, Award.objects.all())
        .select_related("nomination__division__province", "nomination__campaign")
        .annotate(open_tasks=Count("tasks", filter=Q(tasks__status__in=(TaskStatus.OPEN, TaskStatus.PROBLEM))))
        .order_by("-nomination__campaign__year", "nomination__category", "nomination__division__code", "pk")
    )
    return render(request, "awards/awards.html", {"page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))})


def _award(request, pk):
    queryset = Award.objects.select_related(
        "nomination__division__province", "nomination__campaign", "granted_by", "revoked_by", "incident"
    )
    return get_object_or_404(policy.visible(request.user, queryset), pk=pk)


@login_required
def award_detail(request, pk):
    """One award: its measures and tasks; SAMR assigns tasks and revokes; the locality reports on its tasks."""
    award = _award(request, pk)
    nomination = award.nomination
    user = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "revoke" and (reauthenticate := reauthentication_redirect(request)):
        return reauthenticate  # revoking cannot be undone
    data = posted(request)
    task_form = TaskForm(data if action == "task" else None, prefix="task")
    revoke_form = RevokeForm(
        data if action == "revoke" else None, prefix="revoke", incidents=revocation.revocable_incidents(award)
    )
    done = None
    try:
        if action == "task" and task_form.is_valid():
            award_tasks.assign_task(user, award, request=request, **task_form.cleaned_data)
            done = _("已部署任务。")
        elif action == "revoke" and revoke_form.is_valid():
            revocation.revoke_award(user, award, request=request, **revoke_form.cleaned_data)
            done = _("已撤销该地方的激励。")
    except ValidationError as error:
        add_domain_errors({"task": task_form, "revoke": revoke_form}[action], error)
    if done:
        messages.success(request, done)
        return redirect("awards:award", pk=award.pk)
    can_report = policy.can(user, "award_task.report", nomination)
    tasks = list(award.tasks.select_related("assigned_by").order_by("due_on", "pk"))
    context = {
        "award": award,
        "nomination": nomination,
        "tasks": [
            (task, TaskReportForm(prefix=f"t{task.pk}") if can_report and task.status != TaskStatus.DONE else None)
            for task in tasks
        ],
        "task_form": task_form,
        "revoke_form": revoke_form,
        "can_assign": not award.is_revoked and policy.can(user, "award_task.assign", nomination),
        "can_revoke": not award.is_revoked and policy.can(user, "award.revoke", nomination),
    }
    return render(request, "awards/award_detail.html", context)


@login_required
@require_POST
def task_report(request, pk, task_pk):
    award = _award(request, pk)
    task = get_object_or_404(AwardTask, pk=task_pk, award=award)
    form = TaskReportForm(request.POST, prefix=f"t{task.pk}")
    if form.is_valid():
        try:
            award_tasks.report_task(request.user, task, request=request, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已报告任务情况。"))
    else:
        messages.error(request, _("请选择情况并填写说明。"))
    return redirect("awards:award", pk=award.pk)


# ---------------------------------------------------------------- disqualification (art. 14)


@login_required
@recent_authentication_required
def disqualify(request, pk):
    nomination = get_nomination(request, pk)
    policy.authorize(request.user, "nomination.disqualify", nomination)
    form = DisqualifyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            revocation.disqualify(request.user, nomination, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("已取消%(name)s的资格。") % {"name": nomination.division.name})
            return redirect("nominations:detail", pk=nomination.pk)
    return render(
        request,
        "nominations/confirm_action.html",
        {
            "nomination": nomination,
            "form": form,
            "title": _("取消资格"),
            "warning": _(
                "取消资格后该申报退出本年度推荐认定，并移出全国名单；已激励的地方只能因弄虚作假在此撤销。此操作不能撤回。"
            ),
            "button": _("确认取消资格"),
        },
    )
