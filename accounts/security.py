"""Who must prove more than a password, and when: two-factor authentication, re-authentication before the
irreversible actions, and the answers to a locked-out login.

- **Two-factor (TOTP).** The roles that decide for the whole country or a province (SAMR staff and leadership,
  the provincial head, administrators) sign in with a password and a code from an authenticator app
  (``TWO_FACTOR_REQUIRED``). The enforcement is ``accounts.middleware.TwoFactorMiddleware`` for pages and
  ``accounts.api.permissions.IsActivatedUser`` for the API.
- **Re-authentication.** Recommending to SAMR, approving, finalising and reporting a list, revoking an award and
  disqualifying an application (which starts sanctions) cannot be undone (the audit trail is append-only). They ask
  for the password (and the code) again unless the user proved it within ``REAUTHENTICATION_MINUTES``.
- **Lockout.** django-axes counts failed sign-ins per user name and address (``AXES_*`` settings); the locked-out
  answer is Chinese, a page for the browser and JSON for the API.
"""

import ipaddress
import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.exceptions import PermissionDenied

from provinces.enums import Role

from . import policy

TWO_FACTOR_ROLES = frozenset({Role.SAMR_APPROVER, Role.SAMR_REVIEWER, Role.PROVINCE_APPROVER, Role.ADMIN})
AUTHENTICATED_AT = "accounts_authenticated_at"  # session key: when the user last proved who it is
OTP_HEADER = "HTTP_X_OTP_TOKEN"  # an API client's current code, for the irreversible actions


def requires_two_factor(user):
    """Whether ``user`` must sign in with a one-time code as well as its password."""
    if not settings.TWO_FACTOR_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.is_staff or bool(policy.roles(user) & TWO_FACTOR_ROLES)


def confirmed_device(user):
    """The user's confirmed authenticator (TOTP), or None before it has enrolled one."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user):
    """The authenticator being enrolled: one per user, so that reloading the page shows the same QR code."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name=gettext_lazy("身份验证器"), confirmed=False
    )


def complete_two_factor(request, device):
    """The code of ``device`` was right: confirm it if it was being enrolled and mark the session verified."""
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    otp_login(request, device)
    mark_authenticated(request)


def verify_code(user, code):
    """Whether ``code`` is the current code of the user's confirmed authenticator (each code is accepted once)."""
    code = str(code or "").strip().replace(" ", "")
    if not code:
        return False  # nothing to check: not a failed attempt (which would slow the next one down)
    device = confirmed_device(user)
    return device is not None and device.verify_token(code)


# ---------------------------------------------------------------- recent authentication


def mark_authenticated(request):
    """Record that the user proved who it is now (a sign-in, a two-factor code, a re-authentication)."""
    request.session[AUTHENTICATED_AT] = int(time.time())


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_authenticated(request)


def is_recent(request):
    """Whether the session's user proved who it is within ``REAUTHENTICATION_MINUTES`` (0: no re-authentication)."""
    minutes = settings.REAUTHENTICATION_MINUTES
    if not minutes:
        return True
    at = request.session.get(AUTHENTICATED_AT) if hasattr(request, "session") else None
    return at is not None and time.time() - at <= minutes * 60


def safe_next(request, candidate, default="home"):
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return reverse(default)


def reauthentication_redirect(request):
    """None when the user proved who it is recently; otherwise where to send it to do so.

    A GET goes to the re-authentication page and comes back to the form; a POST (a stale form) comes back to the
    page it was sent from, so that the user confirms again, knowingly, after re-authenticating.
    """
    if not request.user.is_authenticated or is_recent(request):
        return None
    back = request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "")
    target = reverse("accounts:reauthenticate") + "?" + urlencode({"next": safe_next(request, back)})
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target  # htmx loads the whole page there
        return response
    return redirect(target)


def recent_authentication_required(view):
    """The pages of an irreversible action: the password (and code) again unless proved recently."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return reauthentication_redirect(request) or view(request, *args, **kwargs)

    return wrapped


def require_recent_authentication(request):
    """The API's side, called by the irreversible actions: a browser session must have proved itself recently;
    a token client sends its authenticator's current code in ``X-OTP-Token`` where two-factor applies to it."""
    if request.auth is not None:  # a token: the code stands in for the password the token was issued against
        fresh = not requires_two_factor(request.user) or verify_code(request.user, request.META.get(OTP_HEADER))
    else:
        fresh = is_recent(request._request)
    if not fresh:
        raise PermissionDenied(REAUTHENTICATION_MESSAGE, code="reauthentication_required")


REAUTHENTICATION_MESSAGE = gettext_lazy(
    "此操作不可撤销，请重新验证身份：网页端请重新输入密码，接口请在 X-OTP-Token 请求头中提供动态验证码。"
)


# ---------------------------------------------------------------- django-axes


def client_address(request):
    """The client's address for the lockout: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies the
    address the outermost trusted one saw (an address the client wrote itself into X-Forwarded-For is ignored)."""
    hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    count = settings.TRUSTED_PROXY_COUNT
    candidate = hops[-count] if count and len(hops) >= count else request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return request.META.get("REMOTE_ADDR", "")


# ---------------------------------------------------------------- failures per address (password spraying)

# django-axes locks a user name from an address after AXES_FAILURE_LIMIT failures; one wrong password for each of
# many accounts from one address (spraying) never reaches that. These count every failed sign-in or activation of an
# address, whatever the account, over the cool-off time; the limits are high enough for a bureau behind one NAT
# address whose staff mistype now and then.
FAILURES_KEY = "address-failures:{kind}:{address}"


def _failures_key(kind, request):
    return FAILURES_KEY.format(kind=kind, address=client_address(request))


def count_failure(kind, request):
    """One more failure of ``kind`` ("signin", "activation") from the request's address, kept for the cool-off time."""
    if request is None:
        return
    key, timeout = _failures_key(kind, request), int(settings.AXES_COOLOFF_TIME.total_seconds())
    if not cache.add(key, 1, timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout)


def address_refused(kind, request):
    """Whether the request's address has failed ``kind`` too often lately (``ADDRESS_FAILURE_LIMITS``)."""
    if request is None or not settings.AXES_ENABLED:
        return False
    return (cache.get(_failures_key(kind, request)) or 0) >= settings.ADDRESS_FAILURE_LIMITS[kind]


@receiver(user_login_failed)
def _count_signin_failure(sender, credentials, request=None, **kwargs):
    count_failure("signin", request)


def lockout_response(request, original_response=None, credentials=None):
    """Too many failed sign-ins: a 429 that says what happened and what to do, in the language of the page."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    refused = getattr(request, "address_refused", None)
    if refused == "activation":
        message = _(
            "本机所在网络地址的激活失败次数过多，已暂停激活。"
            "请 %(minutes)s 分钟后再试，并核对通知单上的用户名和激活码。"
        ) % {"minutes": minutes}
    elif refused:
        message = _(
            "本机所在网络地址的登录失败次数过多，已暂停登录。"
            "请 %(minutes)s 分钟后再试；如多人共用网络出口，请联系系统管理员。"
        ) % {"minutes": minutes}
    else:
        message = _(
            "登录失败次数过多，该账号在本机已暂时锁定。"
            "请 %(minutes)s 分钟后再试；如忘记密码，请联系系统管理员重新发放激活码。"
        ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)
