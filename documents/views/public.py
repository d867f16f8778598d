"""The public documents (no login): the publicity notice as a PDF (公示文件), linked from the publicity page."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control

from core.domain.uploads import content_disposition

from ..exports.letters import publicity_notice_file_name, publicity_notice_pdf, started_periods
from ..exports.pdf import PDF


def notice_pdf(request, pk):
    """The notice as a PDF (公示文件), for anyone once the period has started; rendered at once, cached by content."""
    period = get_object_or_404(started_periods(), pk=pk)
    response = HttpResponse(publicity_notice_pdf(period), content_type=PDF)
    response["Content-Disposition"] = content_disposition(publicity_notice_file_name(period))
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=300)
    return response
