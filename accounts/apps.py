from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        # The policy rules register themselves; the sign-in receiver connects itself.
        from . import receivers, rules, security  # noqa: F401
