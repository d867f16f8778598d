from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("激励与撤销")

    def ready(self):
        # The policy rules and the audit actions' names and audiences register themselves.
        from . import events, rules  # noqa: F401
