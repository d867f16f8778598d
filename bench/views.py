"""The baseline: what the stack (gunicorn, Django, PostgreSQL) does with one indexed query and a small JSON answer.

Each scenario's throughput is reported as a ratio to this view's, measured in the same run, so that the figures
survive a busy machine. The two floor views measure what the portal itself costs before a page shows anything: the
same user, session, middleware (sign-in checks, CSP, language) and layout as a real page, or the API's
authentication and permission, with an empty body. No list can be faster than its floor.
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from rest_framework.response import Response
from rest_framework.views import APIView

from provinces.models import Division


def baseline(request):
    """One division by its (unique, indexed) code, as JSON; no session, no template, no authentication."""
    row = Division.objects.filter(code=request.GET.get("code", "510000")).values("code", "name", "level").first()
    return JsonResponse({"division": row})


@login_required
def floor_page(request):
    """The portal's layout (header, navigation for the user's roles, footer) around an empty body."""
    return render(request, "base.html")


class FloorApi(APIView):
    """The API's authentication and permission (an activated account), then an empty answer."""

    def get(self, request):
        return Response({})
