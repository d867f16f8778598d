from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "criteria"
    verbose_name = _("认定条件")

    def ready(self):
        from . import checks, events, rules  # noqa: F401  (registers the settings check, the events, the policy rules)
