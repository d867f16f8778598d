from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("推荐认定")

    def ready(self):
        # The policy rules, the audit actions' names and audiences, the reminders register themselves.
        from . import events, rules  # noqa: F401
        from .domain import reminders  # noqa: F401
