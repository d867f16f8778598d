from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from . import dashboards
from .domain.activation import ActivationError, activate
from .forms import ActivationForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
    if request.method == "POST" and form.is_valid():
        try:
            user = activate(
                form.cleaned_data["username"], form.cleaned_data["code"], form.cleaned_data["new_password1"]
            )
        except ActivationError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("账号已激活，欢迎使用。"))
            return redirect("home")
    return render(request, "accounts/activate.html", {"form": form})


def home(request):
    """The signed-in user's starting page: its posts, then a dashboard per role (what to do next, by when)."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return render(request, "home.html", {"dashboards": dashboards.for_user(request.user)})
