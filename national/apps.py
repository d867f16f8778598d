from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    name = "national"
    verbose_name = _("总局评估")

    def ready(self):
        # The policy rules, the audit actions' names and audiences, the reminders register themselves.
        from nominations.models.guards import CLOSING_CHECKS

        from . import events, rules  # noqa: F401
        from .domain import reminders  # noqa: F401
        from .domain.national_list import closing_problems

        if closing_problems not in CLOSING_CHECKS:
            CLOSING_CHECKS.append(closing_problems)
