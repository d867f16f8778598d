"""The home page: for each role the user holds, its dashboard (what to do next, by when)."""

from django.shortcuts import redirect, render

from . import dashboards


def home(request):
    """The signed-in user's starting page: its posts, then a dashboard per role (what to do next, by when)."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return render(request, "portal/home.html", {"dashboards": dashboards.for_user(request.user)})
