from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from . import security
from .domain.activation import ActivationError, activate
from .forms import ActivationForm, CodeForm, ReauthenticationForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Secure cookies are not sent back over plain HTTP: sign-in would silently fail there (issue 18, item 9).
        plain_http = settings.SESSION_COOKIE_SECURE and not self.request.is_secure()
        return {**super().get_context_data(**kwargs), "plain_http": plain_http}


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        messages.success(self.request, _("密码已修改。"))
        return response


@sensitive_post_parameters("code", "new_password1", "new_password2")
def activate_view(request):
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and security.address_refused("activation", request):
        # Guessing codes from one address, across accounts: refused before any code is tried.
        request.address_refused = "activation"
        return security.lockout_response(request)
    if request.method == "POST" and form.is_valid():
        try:
            user = activate(
                form.cleaned_data["username"], form.cleaned_data["code"], form.cleaned_data["new_password1"]
            )
        except ActivationError as error:
            security.count_failure("activation", request)
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            login(request, user, backend="accounts.backends.PortalModelBackend")
            messages.success(request, _("账号已激活，欢迎使用。"))
            return redirect("home")
    return render(request, "accounts/activate.html", {"form": form})


@login_required
@sensitive_post_parameters("code")
def two_factor(request):
    """动态验证码: enrol an authenticator app (first time) or enter its current code (every sign-in)."""
    next_url = security.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_verified():
        return redirect(next_url)
    device = security.confirmed_device(request.user)
    enrolling = device is None
    if enrolling:
        device = security.pending_device(request.user)
    form = CodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.check(device):
        security.complete_two_factor(request, device)
        if enrolling:
            messages.success(request, _("身份验证器已绑定。以后登录时请输入其中显示的动态验证码。"))
        return redirect(next_url)
    context = {"form": form, "next": next_url, "enrolling": enrolling}
    if enrolling:
        context.update(
            secret=_grouped_base32(device.bin_key),
            qr_svg=segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("扫描此二维码绑定身份验证器")),
        )
    return render(request, "accounts/two_factor.html", context)


def _grouped_base32(key):
    """The key as an authenticator app asks for it when typed in: base32, in groups of four."""
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
@sensitive_post_parameters("password", "code")
def reauthenticate(request):
    """重新验证身份: the password (and the code) again before an irreversible action."""
    next_url = security.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    device = security.confirmed_device(request.user) if security.requires_two_factor(request.user) else None
    form = ReauthenticationForm(request.POST or None, request=request, device=device)
    if request.method == "POST" and form.is_valid():
        security.mark_authenticated(request)
        messages.success(request, _("身份已验证，请继续操作。"))
        return redirect(next_url)
    return render(request, "accounts/reauthenticate.html", {"form": form, "next": next_url})
