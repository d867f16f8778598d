from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共基础")

    def ready(self):
        from . import checks, receivers  # noqa: F401  (the deploy checks; records what the lower apps announce)
