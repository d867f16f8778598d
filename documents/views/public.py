"""The public documents (no login): the publicity notice as a PDF (公示文件), linked from the publicity page, and
each published version of a final list (最终名单), linked from the final lists page."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control

from core.domain.uploads import content_disposition
from publicity.models import PublishedList

from ..exports.letters import (
    publicity_notice_file_name,
    publicity_notice_pdf,
    published_list_file_name,
    published_list_pdf,
    started_periods,
)
from ..exports.pdf import PDF


def notice_pdf(request, pk):
    """The notice as a PDF (公示文件), for anyone once the period has started; rendered at once, cached by content."""
    period = get_object_or_404(started_periods(), pk=pk)
    response = HttpResponse(publicity_notice_pdf(period), content_type=PDF)
    response["Content-Disposition"] = content_disposition(publicity_notice_file_name(period))
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=300)
    return response


def final_list_pdf(request, pk):
    """A published version of a final list as a PDF, for anyone: every published version is public."""
    published = get_object_or_404(PublishedList.objects.select_related("national_list__campaign"), pk=pk)
    response = HttpResponse(published_list_pdf(published), content_type=PDF)
    response["Content-Disposition"] = content_disposition(published_list_file_name(published))
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=300)
    return response
