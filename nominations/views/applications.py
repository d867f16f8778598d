"""The application pages: the applicant's list, creating, the application page with its checklist, evidence,
submission and withdrawal.

The application page is the same for everyone who may see the application: the
applicant gets the checklist form while it may still edit, reviewers get the
answers read-only with their actions.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import policy
from core.domain import workflow as table
from core.downloads import private_file_response
from core.history import history_rows
from criteria.domain.sanctions import application_ban
from criteria.enums import CriterionKind, Verdict

from ..domain import applications, workflow
from ..domain.applications import (
    RECHECKED_STATES,
    applicant_division,
    changes_since_previous,
    evaluation_for,
    start_refusal,
    still_eligible,
)
from ..domain.campaigns import province_of
from ..domain.discrepancies import visible_discrepancies
from ..domain.history import hidden_actions
from ..enums import AttachmentPurpose, NominationState, ReviewStage
from ..forms import (
    ACCEPT,
    AttachmentForm,
    ChecklistForm,
    CommentForm,
    CreateNominationForm,
    SubmitForm,
    plain_decimal,
    threshold_text,
)
from ..models import Attachment, Nomination
from .common import (
    ENDED_WITH_A_REASON,
    NEXT_STEPS,
    S,
    add_domain_errors,
    current_campaign,
    get_nomination,
    posted,
    require_campaign,
)

PAGE_SIZE = 50
CHANGE_FIELDS = {
    "met": gettext_lazy("是否符合"),
    "value": gettext_lazy("指标值"),
    "narrative": gettext_lazy("情况说明"),
    "highlight": gettext_lazy("突出亮点"),
    "indicators": gettext_lazy("附加指标"),
    "summary": gettext_lazy("申报概述"),
}


@login_required
def my_list(request):
    """我的申报: the division's applications, the open campaign's first, and what to do next; a closed campaign's stay
    here with how they ended."""
    queryset = (
        policy.visible(request.user, Nomination.objects.all())
        .select_related("campaign", "division")
        .order_by("-campaign__year", "category")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    for nomination in page:
        ended_why = nomination.rejection_reason if nomination.state in ENDED_WITH_A_REASON else ""
        nomination.next_step = ended_why or NEXT_STEPS.get(nomination.state, "")
    campaign = current_campaign(request.user)
    division = applicant_division(request.user)
    cannot_create = ""
    if campaign is not None and policy.can(request.user, "nomination.create", campaign):
        taken = queryset.filter(campaign=campaign).values_list("category", flat=True)
        ban = application_ban(division, campaign.year) if division is not None else None
        cannot_create = start_refusal(request.user, campaign, taken=list(taken), ban=ban)
        can_create = not cannot_create
    else:
        can_create = False
    return render(
        request,
        "nominations/my_list.html",
        {
            "page": page,
            "campaign": campaign,
            "can_create": can_create,
            "cannot_create": cannot_create,
            "division": division,
        },
    )


@login_required
def create(request):
    """新建申报: choose a category of the open campaign."""
    campaign = require_campaign(request.user)
    categories = sorted(campaign.criteria_sets.values_list("category", flat=True))
    form = CreateNominationForm(posted(request), categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = applications.create_nomination(
                request.user, campaign, form.cleaned_data["category"], request=request
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("已创建申报，请逐项填写认定条件并上传佐证材料。"))
            return redirect("nominations:detail", pk=nomination.pk)
    existing = {
        n.category: n
        for n in policy.visible(request.user, Nomination.objects.filter(campaign=campaign)).select_related("division")
    }
    return render(
        request,
        "nominations/create.html",
        {
            "form": form,
            "campaign": campaign,
            "existing": existing,
            "division": applicant_division(request.user),
        },
    )


@dataclass
class Section:
    """One criterion on the application page: its text, the answer, the verdict, the evidence, the form fields."""

    criterion: object
    answer: object
    verdict: object
    threshold: str
    attachments: list
    fields: dict | None = None
    errors: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"criterion-{self.criterion.pk}"

    @property
    def takes_evidence(self):
        return self.criterion.kind != CriterionKind.NO_INCIDENT and self.criterion.max_attachments > 0

    @property
    def value(self):
        return plain_decimal(self.answer.value) if self.answer is not None else ""

    @property
    def indicators(self):
        given = self.answer.indicators if self.answer is not None else {}
        return [(i["name"], i["unit"], given.get(i["name"], "")) for i in self.criterion.extra_indicators]


def _format_change_value(name, value):
    if name == "met":
        return {True: _("符合"), False: _("不符合")}.get(value, _("未填写"))
    if name == "highlight":
        return _("是") if value else _("否")
    if name == "indicators":
        return "；".join(f"{k}：{v}" for k, v in (value or {}).items()) or "—"
    return value if value not in (None, "") else "—"


def _changes(nomination):
    return [
        {
            "number": number,
            "field": CHANGE_FIELDS.get(name, name),
            "old": _format_change_value(name, old),
            "new": _format_change_value(name, new),
        }
        for number, name, old, new in changes_since_previous(nomination)
    ]


def render_detail(request, nomination, *, checklist=None, status=200):
    user = request.user
    criteria = list(nomination.criteria_set.criteria.all())
    answers = {a.criterion_id: a for a in nomination.answers.all()}
    evidence = list(nomination.attachments.filter(purpose=AttachmentPurpose.EVIDENCE))
    evaluation = evaluation_for(nomination)
    editable = table.allows(nomination, "edit") and policy.can(user, "nomination.edit", nomination)
    if editable and checklist is None:
        checklist = ChecklistForm(nomination=nomination, criteria=criteria, answers=answers)
    sections = [
        Section(
            criterion=criterion,
            answer=answers.get(criterion.pk),
            verdict=evaluation.verdict_for(criterion.number),
            threshold=threshold_text(criterion),
            attachments=[a for a in evidence if a.criterion_id == criterion.pk],
            fields=checklist.bound_fields(criterion) if checklist else None,
            errors=checklist.criterion_errors[criterion.number] if checklist else [],
        )
        for criterion in criteria
    ]
    state = nomination.state
    # What the workflow table lets this user do now (state, policy, deadlines); what it refuses, with the reasons.
    actions = {action.name: action for action in table.actions(nomination, user)}

    def allowed(*names):
        return any(name in actions and actions[name].allowed for name in names)

    context = {
        "nomination": nomination,
        "is_applicant": policy.can(user, "nomination.edit", nomination),
        "province_user": province_of(user) is not None,
        "sections": sections,
        "other_evidence": [a for a in evidence if a.criterion_id is None],
        "evaluation": evaluation,
        "evaluation_rows": [
            (section.criterion, section.verdict, Verdict(section.verdict.verdict).label) for section in sections
        ],
        "checklist": checklist,
        "accept": ACCEPT,
        "editable": editable,
        "can_submit": allowed("submit", "resubmit"),
        "can_withdraw": allowed("withdraw"),
        "can_review": policy.can(user, "nomination.review", nomination),
        "review_actions": {
            "return": allowed("return_for_revision"),
            "verify": allowed("verify"),
            "reject": allowed("reject"),
            "score": allowed("score"),
            "shortlist": allowed("shortlist"),
            "ranking": allowed("shortlist", "unshortlist"),
        },
        "unavailable": [action for action in actions.values() if not action.allowed],
        "can_disqualify": allowed("disqualify", "revoke"),
        "can_evaluate": policy.can(user, "nomination.evaluate", nomination),
        # What bars it since it was submitted (a later incident, a later ban): for the province and SAMR.
        "no_longer_eligible": still_eligible(nomination, evaluation) if state in RECHECKED_STATES else [],
        "award": getattr(nomination, "award", None) if state in (S.AWARDED, S.REVOKED) else None,
        "next_step": NEXT_STEPS.get(state, ""),
        "ended_why": nomination.rejection_reason if state in ENDED_WITH_A_REASON else "",
        "versions": list(nomination.versions.select_related("created_by").order_by("number")),
        "changes": _changes(nomination),
        # Scores and remarks are for the province and SAMR, not the applicant.
        "reviews": _reviews(nomination, criteria) if policy.can(user, "nomination.reviews.view", nomination) else [],
        "history": history_rows(nomination, NominationState, hidden=hidden_actions(user, nomination)),
        "discrepancies": visible_discrepancies(user, nomination),
        "export_params": {"nomination": nomination.pk},
    }
    return render(request, "nominations/detail.html", context, status=status)


def _reviews(nomination, criteria):
    order = [c.number for c in criteria]
    reviews = []
    for review in nomination.reviews.filter(stage=ReviewStage.PROVINCE).select_related("reviewer"):
        rows = [
            (number, review.criteria[number].get("score") or "—", review.criteria[number].get("remark", ""))
            for number in order
            if number in review.criteria
        ]
        reviews.append({"review": review, "rows": rows})
    return reviews


@login_required
def detail(request, pk):
    return render_detail(request, get_nomination(request, pk))


@login_required
@require_POST
def save_answers(request, pk):
    nomination = get_nomination(request, pk)
    criteria = list(nomination.criteria_set.criteria.all())
    answers = {a.criterion_id: a for a in nomination.answers.all()}
    form = ChecklistForm(request.POST, nomination=nomination, criteria=criteria, answers=answers)
    if form.is_valid():
        try:
            applications.save_answers(
                request.user, nomination, form.items(), summary=form.cleaned_data["summary"], request=request
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("填报内容已保存。"))
            return redirect("nominations:detail", pk=nomination.pk)
    messages.error(request, _("未保存：请按提示修改后再保存。"))
    return render_detail(request, nomination, checklist=form)


@login_required
@require_POST
def upload(request, pk):
    nomination = get_nomination(request, pk)
    policy.authorize(request.user, "nomination.edit", nomination)
    form = AttachmentForm(request.POST, request.FILES)
    criterion = request.POST.get("criterion", "")
    anchor = _criterion_anchor(nomination, criterion)
    if form.is_valid():
        try:
            attachment = applications.add_attachment(
                request.user,
                nomination,
                form.cleaned_data["file"],
                criterion_number=form.cleaned_data["criterion"] or None,
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, _("上传失败：%(message)s") % {"message": message})
        else:
            messages.success(request, _("已上传“%(name)s”。") % {"name": attachment.original_name})
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, _("上传失败：%(message)s") % {"message": message})
    return redirect(reverse("nominations:detail", args=[nomination.pk]) + anchor)


def _criterion_anchor(nomination, number):
    criterion = nomination.criteria_set.criteria.filter(number=number).first() if number else None
    return f"#criterion-{criterion.pk}" if criterion is not None else "#evidence"


@login_required
@require_POST
def remove_attachment(request, pk, attachment_pk):
    nomination = get_nomination(request, pk)
    attachment = get_object_or_404(
        policy.visible(request.user, Attachment.objects.select_related("nomination", "criterion")),
        pk=attachment_pk,
        nomination=nomination,
    )
    anchor = f"#criterion-{attachment.criterion_id}" if attachment.criterion_id else "#evidence"
    try:
        applications.remove_attachment(request.user, attachment, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已删除“%(name)s”。") % {"name": attachment.original_name})
    return redirect(reverse("nominations:detail", args=[nomination.pk]) + anchor)


@login_required
def download(request, pk, attachment_pk):
    """One evidence file: permission-checked and audited by ``open_attachment``."""
    nomination = get_nomination(request, pk)
    attachment = get_object_or_404(
        policy.visible(request.user, Attachment.objects.select_related("nomination__division")),
        pk=attachment_pk,
        nomination=nomination,
    )
    file = applications.open_attachment(request.user, attachment, request=request)
    return private_file_response(file, content_type=attachment.content_type, name=attachment.original_name)


@login_required
def submit(request, pk):
    """The pledge and the submission (or the resubmission after a return)."""
    nomination = get_nomination(request, pk)
    policy.authorize(request.user, "nomination.submit", nomination)
    resubmission = nomination.state == S.RETURNED
    form = SubmitForm(posted(request), resubmission=resubmission)
    if request.method == "POST" and form.is_valid():
        pledge = form.cleaned_data["pledge"]
        try:
            if resubmission:
                workflow.resubmit(
                    request.user, nomination, pledge=pledge, comment=form.cleaned_data["comment"], request=request
                )
            else:
                workflow.submit(request.user, nomination, pledge=pledge, request=request)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("申报已提交，等待省级市场监管部门核实。"))
            return redirect("nominations:detail", pk=nomination.pk)
    return render(
        request,
        "nominations/submit.html",
        {
            "nomination": nomination,
            "form": form,
            "pledge": workflow.PLEDGE,
            "resubmission": resubmission,
            "evaluation": evaluation_for(nomination),
        },
    )


@login_required
def withdraw(request, pk):
    nomination = get_nomination(request, pk)
    policy.authorize(request.user, "nomination.withdraw", nomination)
    form = CommentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            workflow.withdraw(request.user, nomination, comment=form.cleaned_data["comment"], request=request)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("申报已撤回。"))
            return redirect("nominations:detail", pk=nomination.pk)
    return render(
        request,
        "nominations/confirm_action.html",
        {
            "nomination": nomination,
            "form": form,
            "title": _("撤回申报"),
            "warning": _("撤回后本年度该类别的申报即告结束，不能恢复，也不能再次提交。"),
            "button": _("确认撤回"),
        },
    )
