"""The export pages: request a document or spreadsheet (a button on the page that shows the data), follow its
progress, download it; and the report letter's wording (上报文件), which SAMR staff adjust without touching code."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policy
from awards.domain import report as reporting
from awards.models import ReportDocument
from core.domain.audit import record
from core.downloads import private_file_response
from core.partials import render_page
from national.models import NationalList
from nominations.views.common import add_domain_errors, posted, require_campaign

from ..domain import exports
from ..exports import exporter_for
from ..exports.final_list import final_list_context, report_document_for
from ..exports.pdf import PDF
from ..models import Export

PAGE_SIZE = 50
NOT_PARAMS = {"csrfmiddlewaretoken", "kind"}


@login_required
def export_list(request):
    rows = policy.visible(request.user, Export.objects.all()).order_by("-created_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "documents/exports.html", {"page": page})


@login_required
@require_POST
def export_new(request):
    """Request an export: ``kind`` and its parameters as the other POST fields; then its progress page."""
    params = {key: value for key, value in request.POST.items() if key not in NOT_PARAMS}
    try:
        export = exports.request_export(request.user, request.POST.get("kind", ""), params, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("documents:exports")
    return redirect("documents:export", pk=export.pk)


@login_required
def export_detail(request, pk):
    """One export's progress, updated in place until the file is ready (without JavaScript the page reloads)."""
    export = get_object_or_404(policy.visible(request.user, Export.objects.all()), pk=pk)
    return render_page(
        request, "documents/export_detail.html", {"export": export}, fragment="documents/_export_status.html"
    )


@login_required
def export_file(request, pk):
    export = get_object_or_404(policy.visible(request.user, Export.objects.all()), pk=pk)
    opened = exports.open_export(request.user, export, request=request)
    return private_file_response(opened, content_type=export.content_type, name=export.file_name)


# ---------------------------------------------------------------- the report letter (上报文件)


class ReportDocumentForm(forms.ModelForm):
    class Meta:
        model = ReportDocument
        fields = ["issuer", "document_number", "title", "addressee", "body", "signed_on"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10}), "signed_on": forms.DateInput(attrs={"type": "date"})}


@login_required
def report_document(request):
    """上报文件: the letter's wording for the open campaign; saved, previewed as PDF, or generated in the background."""
    campaign = require_campaign(request.user)
    policy.authorize(request.user, "national_list.publish", NationalList(campaign=campaign))
    document = report_document_for(campaign)
    form = ReportDocumentForm(posted(request), instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            reporting.save_report_document(request.user, document, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("已保存上报文件。"))
            return redirect("documents:report_document")
    context = {
        "campaign": campaign,
        "form": form,
        "sections": final_list_context(campaign)["sections"],
        "numbered": reporting.numbered(document.document_number),
        "export_params": {"campaign": campaign.pk},
    }
    return render(request, "documents/report_document.html", context)


@login_required
def report_document_pdf(request):
    """The final list PDF rendered at once (a small document; the export page makes the same file in Celery)."""
    campaign = require_campaign(request.user)
    exporter = exporter_for("final_list_pdf")
    try:
        params = exporter.clean(request.user, {"campaign": campaign.pk})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("documents:report_document")
    rendered = exporter.render(request.user, params, lambda *args: None)
    record(request.user, "report_document.preview", campaign, request=request)
    rendered.file.seek(0)  # the response streams the spool and closes it, which removes it
    return private_file_response(rendered.file, content_type=PDF, name=rendered.name)
