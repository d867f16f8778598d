from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .security import requires_two_factor

EXEMPT_PREFIXES = ("/static/", "/i18n/", "/api/", "/healthz/")


class ForcePasswordChangeMiddleware:
    """Send a user whose password was set by someone else to the change form first.

    The API is exempt here because DRF authenticates inside the view; its default
    permission class refuses such users with a 403 instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = (reverse("accounts:password_change"), reverse("accounts:logout"))
            if request.path not in allowed and not request.path.startswith(EXEMPT_PREFIXES):
                messages.warning(request, _("这是管理员设置的初始密码，请先修改密码再继续使用。"))
                return redirect("accounts:password_change")
        return self.get_response(request)


class TwoFactorMiddleware:
    """Keep a user whose role needs two-factor authentication on the code page until it has entered a code
    (enrolling an authenticator first if it has none). The API checks the same in its permission class."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified() and requires_two_factor(user):
            allowed = (reverse("accounts:two_factor"), reverse("accounts:logout"))
            if request.path not in allowed and not request.path.startswith(EXEMPT_PREFIXES):
                return redirect(reverse("accounts:two_factor") + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)
