from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class IsActivatedUser(BasePermission):
    """Signed in, and not still on a password set by someone else."""

    message = _("请先登录网页端修改初始密码，再使用接口。")

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return not user.must_change_password
