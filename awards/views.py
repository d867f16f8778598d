"""The final stage's pages: the report of the list to the State Council General Office with each award's measures,
the awards with their measures, the achievements art. 10(1) and 10(4) rest on, and their tasks (art. 10, 11, 13),
revocation (art. 14, 15), disqualification and the fraud findings with their referrals (art. 14).

The domain functions in ``report``, ``measures``, ``award_tasks``, ``revocation`` and ``fraud`` decide and check;
these views only shape the input.
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
from criteria.enums import Category
from criteria.models import Incident
from national.views.lists import _national_list
from nominations.models import Nomination
from nominations.views.common import add_domain_errors, get_nomination, posted

from .domain import award_tasks, fraud, revocation
from .domain import measures as award_measures
from .domain import report as reporting
from .models import (
    MEASURES_BY_CATEGORY,
    AchievementField,
    Award,
    AwardTask,
    CommittedBy,
    FraudFinding,
    TaskKind,
    TaskStatus,
)

PAGE_SIZE = 50
DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def measures_field(category, *, label, initial, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=[(m.value, m.label) for m in MEASURES_BY_CATEGORY[category]],
        initial=initial,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
        required=False,  # none chosen: the domain says so, naming the locality
    )


def achievements_help(achieved):
    if not achieved:
        return _("未记录工作成效：第十条第一项、第四项不能给予。")
    return _("已记录工作成效：%(fields)s。") % {"fields": "、".join(str(AchievementField(f).label) for f in achieved)}


class ReportForm(forms.Form):
    """The report, and the measures of each listed locality (``m<application id>``), checked by default where the
    locality qualifies (``measures.default_measures``)."""

    document_number = forms.CharField(
        label=gettext_lazy("上报文号"), max_length=64, help_text=gettext_lazy("例如：国市监信函〔2026〕12号")
    )
    document_date = forms.DateField(label=gettext_lazy("上报日期"), widget=DATE_INPUT)

    def __init__(self, *args, category, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = []
        for nomination, achieved in entries:
            name = f"m{nomination.pk}"
            self.fields[name] = measures_field(
                category,
                label=_("%(name)s的激励措施") % {"name": nomination.division.name},
                initial=award_measures.default_measures(category, achieved),
                help_text=achievements_help(achieved) if category == Category.BUSINESS_REFORM else "",
            )
            self.entries.append((nomination, name))

    def entry_fields(self):
        return [(nomination, self[name]) for nomination, name in self.entries]

    def report_arguments(self):
        data = self.cleaned_data
        return {
            "document_number": data["document_number"],
            "document_date": data["document_date"],
            "entry_measures": {nomination.pk: data[name] for nomination, name in self.entries},
        }


class MeasuresForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("调整原因"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "measures": measures_field(award.nomination.category, label=_("激励措施"), initial=award.measures),
            **self.fields,
        }


class AchievementForm(forms.Form):
    field = forms.ChoiceField(
        label=gettext_lazy("工作领域"), choices=AchievementField.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(label=gettext_lazy("突出成绩或显著成效"), widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(
        label=gettext_lazy("依据"),
        max_length=200,
        help_text=gettext_lazy("总局掌握的情况（第四条），例如考核评议、督查检查结果或通报的文号"),
    )


class ReferralForm(forms.Form):
    government = forms.CharField(
        label=gettext_lazy("建议处理的地方人民政府"),
        max_length=100,
        help_text=gettext_lazy("第十四条：涉嫌违法违纪的，按照管理权限向相关地方人民政府建议依法依规给予处理"),
    )
    referred_on = forms.DateField(label=gettext_lazy("建议日期"), widget=DATE_INPUT)
    document_number = forms.CharField(label=gettext_lazy("建议文号"), max_length=64)


class DisqualifyForm(forms.Form):
    finding = forms.CharField(label=gettext_lazy("认定的事实和依据"), widget=forms.Textarea(attrs={"rows": 4}))
    fraud = forms.BooleanField(
        label=gettext_lazy("属于弄虚作假（第十四条）"),
        required=False,
        help_text=gettext_lazy("勾选后按第十四条处理：资格限制取决于弄虚作假的主体（见下）；已激励的撤销激励。"),
    )
    committed_by = forms.ChoiceField(
        label=gettext_lazy("弄虚作假的主体"),
        choices=CommittedBy.choices,
        initial=CommittedBy.LOCALITY,
        required=False,  # the locality's unless said otherwise, as in the API
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "申报地方：取消其3年内申报资格和所在省级市场监管部门下一年度推荐资格，其本年度其他申报一并取消资格或撤销激励；"
            "仅省级市场监管部门：取消其下一年度推荐资格。"
        ),
    )
    decision_number = forms.CharField(label=gettext_lazy("决定文号（可选）"), max_length=64, required=False)

    def clean_committed_by(self):
        return self.cleaned_data["committed_by"] or CommittedBy.LOCALITY


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
    nominations = list(
        Nomination.objects.filter(national_entry__national_list=the_list)
        .select_related("division")
        .order_by("national_entry__position")
    )
    achieved = award_measures.achieved_by(nominations)
    entries = [(nomination, sorted(achieved[nomination.pk])) for nomination in nominations]
    form = ReportForm(posted(request), category=category, entries=entries)
    if request.method == "POST" and form.is_valid():
        try:
            reporting.report(request.user, the_list, request=request, **form.report_arguments())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("已登记上报，名单所列地方获得激励。"))
            return redirect("awards:awards")
    context = {
        "national_list": the_list,
        "category": category,
        "form": form,
        "can_record": category == Category.BUSINESS_REFORM,
    }
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
    measures_form = MeasuresForm(data if action == "measures" else None, prefix="measures", award=award)
    done = None
    try:
        if action == "task" and task_form.is_valid():
            award_tasks.assign_task(user, award, request=request, **task_form.cleaned_data)
            done = _("已部署任务。")
        elif action == "revoke" and revoke_form.is_valid():
            revocation.revoke_award(user, award, request=request, **revoke_form.cleaned_data)
            done = _("已撤销该地方的激励。")
        elif action == "measures" and measures_form.is_valid():
            award_measures.set_measures(user, award, request=request, **measures_form.cleaned_data)
            done = _("已调整激励措施。")
    except ValidationError as error:
        add_domain_errors({"task": task_form, "revoke": revoke_form, "measures": measures_form}[action], error)
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
        "measures_form": measures_form,
        "achievements": list(nomination.achievements.select_related("recorded_by").order_by("field")),
        "findings": list(fraud.findings_concerning(nomination)),
        "can_assign": not award.is_revoked and policy.can(user, "award_task.assign", nomination),
        "can_revoke": not award.is_revoked and policy.can(user, "award.revoke", nomination),
        "can_change_measures": not award.is_revoked and policy.can(user, "award.measures", nomination),
        "can_record": nomination.category == Category.BUSINESS_REFORM
        and not award.is_revoked
        and policy.can(user, "award.record_achievement", nomination),
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
            if form.cleaned_data["fraud"]:
                return redirect("awards:fraud", pk=nomination.pk)
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


# ---------------------------------------------------------------- achievements (art. 10(1), 10(4))


@login_required
def achievements(request, pk):
    """SAMR records what a locality of the 商事制度改革 category achieved, on which art. 10(1) and 10(4) rest."""
    nomination = get_nomination(request, pk)
    policy.authorize(request.user, "award.record_achievement", nomination)
    form = AchievementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            award_measures.record_achievement(request.user, nomination, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("已记录工作成效。"))
            return redirect("awards:achievements", pk=nomination.pk)
    context = {
        "nomination": nomination,
        "achievements": list(nomination.achievements.select_related("recorded_by").order_by("field")),
        "award": Award.objects.filter(nomination=nomination).first(),
        "form": form,
    }
    return render(request, "awards/achievements.html", context)


# ---------------------------------------------------------------- fraud findings and referrals (art. 14)


@login_required
def fraud_findings(request):
    """弄虚作假认定: the findings the user may see, newest first."""
    rows = (
        policy.visible(request.user, FraudFinding.objects.all())
        .select_related("nomination__division__province", "nomination__campaign")
        .annotate(handled=Count("other_applications", distinct=True), referred=Count("referrals", distinct=True))
        .order_by("-decided_at", "-pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/fraud_findings.html", {"page": page})


@login_required
def fraud_finding(request, pk):
    """The fraud findings about one application (its own, or the one that took it back with its locality's other
    application of the year): who committed it, the sanctions, what else was taken back, the referrals; SAMR
    leadership records a referral on the application's own finding."""
    nomination = get_nomination(request, pk)
    if request.method == "POST":
        policy.authorize(request.user, "fraud_finding.refer", FraudFinding(nomination=nomination))
    findings = list(fraud.findings_concerning(nomination))
    own = next((found for found in findings if found.nomination_id == nomination.pk), None)
    form = ReferralForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if own is None:
                raise ValidationError(_("该申报没有弄虚作假认定，不能登记处理建议。"))
            fraud.refer(request.user, own, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("已登记处理建议。"))
            return redirect("awards:fraud", pk=nomination.pk)
    context = {
        "nomination": nomination,
        "findings": findings,
        "form": form,
        "can_refer": own is not None and policy.can(request.user, "fraud_finding.refer", own),
    }
    return render(request, "awards/fraud_finding.html", context)
