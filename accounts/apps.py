from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        from . import rules  # noqa: F401  (registers the policy rules)
        from . import security  # noqa: F401  (connects the sign-in receiver)
