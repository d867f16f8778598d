"""SAMR's indicator data pages (总局指标数据, art. 4): the imported values, and the import with its dry run.

The import is two steps: the upload runs a dry run and shows the plan (or every
error with its line); the confirmation applies the same file. Between the two
the file waits in the user's session (database-backed, never under a URL),
with its SHA-256, which the confirmation must repeat: what is applied is what
was shown. It leaves the session when applied or cancelled, and with the
session otherwise.
"""

import base64

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy

from .domain import indicators
from .enums import CriterionKind
from .models import MAX_YEAR, MIN_YEAR, Criterion, IndicatorImport, IndicatorValue

PAGE_SIZE = 50
# The plan shown on the page; the counts always cover the whole file.
SHOWN_ROWS = 500
SESSION_KEY = "criteria.indicator_import"


def metric_criteria():
    """{number: criterion} of every metric criterion, the latest set's wording winning (one query)."""
    found = {}
    for criterion in Criterion.objects.filter(kind=CriterionKind.METRIC).order_by("criteria_set__year", "pk"):
        found[criterion.number] = criterion
    return dict(sorted(found.items()))


class IndicatorFilterForm(forms.Form):
    """The filters of the list (GET); an invalid value is ignored."""

    year = forms.IntegerField(label=gettext_lazy("数据年度"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    criterion = forms.ChoiceField(label=gettext_lazy("指标"), required=False)
    division = forms.RegexField(
        label=gettext_lazy("区划代码"),
        regex=r"^\d{6}$",
        required=False,
        help_text=gettext_lazy("省级或地级代码列出其下所有地方。"),
        error_messages={"invalid": gettext_lazy("请填写 6 位区划代码，例如 440902。")},
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [
            ("", gettext_lazy("全部")),
            *((number, f"{number} {c.indicator_name}") for number, c in criteria.items()),
        ]

    def filter(self, queryset):
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = self.cleaned_data
        if data.get("year"):
            queryset = queryset.filter(year=data["year"])
        if data.get("criterion"):
            queryset = queryset.filter(criterion_number=data["criterion"])
        if data.get("division"):
            code = data["division"]
            queryset = queryset.filter(
                Q(division__code=code) | Q(division__province__code=code) | Q(division__prefecture__code=code)
            )
        return queryset


@login_required
def indicator_list(request):
    if not policy.can(request.user, "indicator.view"):
        raise PermissionDenied
    criteria = metric_criteria()
    form = IndicatorFilterForm(request.GET or None, criteria=criteria)
    queryset = policy.visible(
        request.user,
        IndicatorValue.objects.select_related("division__province", "imported_by").order_by(
            "-year", "criterion_number", "division__code"
        ),
    )
    page = Paginator(form.filter(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(value, criteria.get(value.criterion_number)) for value in page]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "can_import": policy.can(request.user, "indicator.import"),
    }
    return render(request, "criteria/indicators.html", context)


class IndicatorUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("指标数据文件"),
        help_text=gettext_lazy("Excel（.xlsx）或 CSV 文件。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


@login_required
def indicator_import(request):
    if not policy.can(request.user, "indicator.import"):
        raise PermissionDenied
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "confirm":
        return _confirm(request)
    if action == "cancel":
        request.session.pop(SESSION_KEY, None)
        messages.info(request, _("已取消，未导入任何数据。"))
        return redirect("criteria:indicator_import")

    form = IndicatorUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > indicators.MAX_FILE_BYTES:
            form.add_error(
                "file",
                _("文件超过 %(mb)s MB，请拆分后分批导入。") % {"mb": indicators.MAX_FILE_BYTES // (1024 * 1024)},
            )
        else:
            data = upload.read()
            report = indicators.apply(request.user, data, upload.name, dry_run=True)
            if report.ok:
                request.session[SESSION_KEY] = {
                    "name": upload.name,
                    "sha256": report.sha256,
                    "data": base64.b64encode(data).decode("ascii"),
                }
            else:
                request.session.pop(SESSION_KEY, None)
    return _render_import(request, form, report)


def _confirm(request):
    pending = request.session.get(SESSION_KEY)
    if not pending or request.POST.get("sha256") != pending["sha256"]:
        messages.error(request, _("预览已失效（已导入、已取消或已上传了另一个文件），请重新上传并核对。"))
        return redirect("criteria:indicator_import")
    del request.session[SESSION_KEY]
    report = indicators.apply(
        request.user, base64.b64decode(pending["data"]), pending["name"], dry_run=False, request=request
    )
    if not report.ok:
        # The divisions or criteria changed since the preview: show what is wrong now.
        return _render_import(request, IndicatorUploadForm(), report)
    messages.success(
        request,
        _("已导入“%(name)s”：新增 %(created)s 条，更新 %(changed)s 条，%(unchanged)s 条未变。")
        % {
            "name": report.file_name,
            "created": report.batch.created_count,
            "changed": report.batch.changed_count,
            "unchanged": report.batch.unchanged_count,
        },
    )
    return redirect("criteria:indicators")


def _render_import(request, form, report):
    context = {
        "form": form,
        "report": report,
        "creates": report.plan.creates[:SHOWN_ROWS] if report else [],
        "changes": report.plan.changes[:SHOWN_ROWS] if report else [],
        "shown_rows": SHOWN_ROWS,
        "criteria": metric_criteria(),
        "recent": IndicatorImport.objects.select_related("created_by")[:10],
        "max_mb": indicators.MAX_FILE_BYTES // (1024 * 1024),
        "max_rows": indicators.MAX_ROWS,
    }
    return render(request, "criteria/indicator_import.html", context)
