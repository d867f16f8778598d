from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("推荐认定")

    def ready(self):
        from . import rules  # noqa: F401  (registers the policy rules)
        from .exports import load_exporters

        load_exporters()
