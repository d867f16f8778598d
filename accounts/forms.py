from django import forms
from django.contrib.auth import authenticate, password_validation
from django.utils.translation import gettext_lazy as _


class ActivationForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    code = forms.CharField(
        label=_("激活码"),
        max_length=32,
        help_text=_("通知单上的 12 位激活码，例如 ABCD-EFGH-JKMN，可不输入横线。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    new_password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("确认新密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password1") and cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", _("两次输入的密码不一致。"))
        return cleaned


class CodeForm(forms.Form):
    """The six-digit code of an authenticator app."""

    code = forms.CharField(
        label=_("动态验证码"),
        max_length=10,
        help_text=_(
            "打开手机上的身份验证器应用（如 Microsoft Authenticator、Google 身份验证器、FreeOTP），"
            "输入本平台对应的 6 位数字。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def check(self, device):
        """Whether the code is the device's current one; the error says what to do when it is not."""
        if not self.is_valid():
            return False
        if device.verify_token(self.cleaned_data["code"].strip().replace(" ", "")):
            return True
        self.add_error("code", _("验证码不正确或已过期。请核对手机时间是否准确，输入应用中当前显示的 6 位数字。"))
        return False


class ReauthenticationForm(forms.Form):
    """The password again (and the code, for those with an authenticator) before an irreversible action."""

    password = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = forms.CharField(
        label=_("动态验证码"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, request, device, **kwargs):
        self.request = request
        self.user = request.user
        self.device = device
        super().__init__(*args, **kwargs)
        if device is None:
            del self.fields["code"]
        else:
            self.fields["code"].required = True

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        # Through authenticate(), so that failed attempts count towards the lockout as at the sign-in.
        if password and authenticate(self.request, username=self.user.get_username(), password=password) != self.user:
            self.add_error("password", _("密码不正确，请重新输入。"))
        code = cleaned.get("code")
        if self.device is not None and code and not self.device.verify_token(code.strip().replace(" ", "")):
            self.add_error("code", _("验证码不正确或已过期，请输入应用中当前显示的 6 位数字。"))
        return cleaned
