"""SAMR's requests for more information (补充材料) as the province sees them: the open ones first, each answered once
with a text and an optional file. SAMR asks from the evaluation page (``national.evaluation``)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import policy
from nominations.views.common import add_domain_errors, require_province

from ..domain import evaluation
from ..models import InformationRequest

PAGE_SIZE = 50


class AnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("答复"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(
        label=gettext_lazy("补充材料（可选）"),
        required=False,
        help_text=gettext_lazy("PDF、Word、Excel 或图片，大小以本年度通知为准。"),
    )


def _requests(user):
    return (
        policy.visible(user, InformationRequest.objects.all())
        .select_related("nomination__division", "nomination__campaign", "requested_by", "answered_by", "attachment")
        .order_by(F("answered_at").desc(nulls_first=True), F("due_at").asc(nulls_last=True), "-requested_at", "-pk")
    )


def _page(request, forms_by_pk=None):
    province = require_province(request.user)
    page = Paginator(_requests(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    forms_by_pk = forms_by_pk or {}
    rows = [(item, forms_by_pk.get(item.pk) or AnswerForm(prefix=f"r{item.pk}")) for item in page]
    return {"province": province, "page": page, "rows": rows}


@login_required
def information_requests(request):
    """总局补充材料要求: what SAMR asked about the province's recommended applications, open ones first."""
    return render(request, "national/information_requests.html", _page(request))


@login_required
@require_POST
def answer(request, pk):
    require_province(request.user)
    item = get_object_or_404(_requests(request.user), pk=pk)
    policy.authorize(request.user, "nomination.information.answer", item.nomination)
    form = AnswerForm(request.POST, request.FILES, prefix=f"r{item.pk}")
    if form.is_valid():
        try:
            evaluation.answer_information(
                request.user,
                item,
                answer=form.cleaned_data["answer"],
                evidence=form.cleaned_data["evidence"],
                request=request,
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("已答复%(name)s的补充材料要求。") % {"name": item.nomination.division.name})
            return redirect("national:information_requests")
    return render(request, "national/information_requests.html", _page(request, {item.pk: form}))
