from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a background process was heard from (``core.heartbeat``): each Celery worker while it is
    connected to the broker, and beat while it runs its schedule. ``/healthz/`` reads them."""

    process = models.CharField(_("进程"), max_length=200, unique=True, help_text=_("worker@主机名，或 beat@主机名。"))
    kind = models.CharField(_("类型"), max_length=16)
    queues = models.CharField(_("队列"), max_length=200, blank=True)
    seen_at = models.DateTimeField(_("最近心跳"), db_index=True)

    class Meta:
        verbose_name = _("后台进程心跳")
        verbose_name_plural = _("后台进程心跳")
        ordering = ["process"]

    def __str__(self):
        return self.process
