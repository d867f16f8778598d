from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from provinces.models import Membership

from .domain.activation import issue_code
from .models import User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["bureau"]


class InitialPasswordForm(AdminPasswordChangeForm):
    """A password an administrator types for someone else is an initial one."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = InitialPasswordForm
    list_display = ["username", "full_name", "email", "is_active", "must_change_password", "last_login"]
    search_fields = [
        "username",
        "full_name",
        "email",
        "memberships__bureau__name",
        "memberships__bureau__division__code",
    ]
    list_filter = ["is_active", "is_staff", "must_change_password", "memberships__role"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "email")}),
        (
            _("状态"),
            {"fields": ("is_active", "must_change_password", "is_staff", "is_superuser", "last_login", "date_joined")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]
    actions = ["reissue_activation_codes"]

    def save_model(self, request, obj, form, change):
        # A password typed by an administrator is an initial one: the user replaces it on first login.
        if not change or "password" in form.changed_data:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)

    @admin.action(description=_("重新发放激活码（用于忘记密码）"))
    def reissue_activation_codes(self, request, queryset):
        lines = [f"{user.username}: {issue_code(user)}" for user in queryset]
        self.message_user(
            request,
            ngettext("已为 %(count)d 个账号发放新激活码：", "已为 %(count)d 个账号发放新激活码：", len(lines))
            % {"count": len(lines)}
            + "；".join(lines),
            messages.SUCCESS,
        )
