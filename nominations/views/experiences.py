"""The province's register of typical experiences (典型经验做法, art. 9)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from provinces.models import Division

from ..domain.applications import add_typical_experience
from ..models import TypicalExperience
from .common import add_domain_errors, posted, require_province


class TypicalExperienceForm(forms.Form):
    division = forms.RegexField(
        label=_("地方区划代码"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("请填写 6 位区划代码，例如 440902。")},
        help_text=_("本省的市（地、州、盟）或县（市、区、旗）。"),
    )
    title = forms.CharField(label=_("名称"), max_length=200)
    summary = forms.CharField(label=_("主要做法"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    year = forms.IntegerField(label=_("年度"), min_value=2019, max_value=2100, initial=timezone.localdate().year)


@login_required
def typical_experiences(request):
    """List the province's typical experiences and record a new one; its applications get priority in the queue."""
    province = require_province(request.user)
    form = TypicalExperienceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        division = Division.objects.filter(code=form.cleaned_data["division"], province=province).first()
        if division is None:
            form.add_error(
                "division", _("本省没有区划代码为 %(code)s 的地方。") % {"code": form.cleaned_data["division"]}
            )
        else:
            try:
                add_typical_experience(
                    request.user,
                    division,
                    title=form.cleaned_data["title"],
                    summary=form.cleaned_data["summary"],
                    year=form.cleaned_data["year"],
                    request=request,
                )
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("已登记，该地方的申报在本省申报列表中标为“典型经验”。"))
                return redirect("nominations:typical_experiences")
    experiences = (
        TypicalExperience.objects.filter(province=province)
        .select_related("division")
        .order_by("-year", "division__code")
    )
    return render(
        request,
        "nominations/typical_experiences.html",
        {"province": province, "form": form, "experiences": experiences},
    )
