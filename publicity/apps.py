from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("公示与公开")

    def ready(self):
        from . import checks, events, rules  # noqa: F401  (registers the settings check, the events, the policy rules)
