from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from .. import security


class IsActivatedUser(BasePermission):
    """Signed in, not still on a password set by someone else, and past the two-factor code where the role needs
    one (a browser session that has not entered its code yet; a token was only issued against a code)."""

    message = _("请先登录网页端修改初始密码，再使用接口。")

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if user.must_change_password:
            return False
        if request.auth is None and security.requires_two_factor(user) and not user.is_verified():
            self.message = _("请先在网页端输入动态验证码完成登录，再使用接口。")
            return False
        return True
