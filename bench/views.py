"""The baseline: what the stack (gunicorn, Django, PostgreSQL) does with one indexed query and a small JSON answer.

Each scenario's throughput is reported as a ratio to this view's, measured in the same run, so that the figures
survive a busy machine.
"""

from django.http import JsonResponse

from provinces.models import Division


def baseline(request):
    """One division by its (unique, indexed) code, as JSON; no session, no template, no authentication."""
    row = Division.objects.filter(code=request.GET.get("code", "510000")).values("code", "name", "level").first()
    return JsonResponse({"division": row})
