"""The publicity period of a proposed national list (对外公示, art. 7(4))."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicityPeriod(models.Model):
    """One list's publicity: from ``starts_at`` to ``ends_at`` (exclusive), in Chinese working days.

    Whether it is running is computed from the clock when read (DESIGN §4); ``closed_at`` only records that the
    periodic job has done its side effects, and nothing decides openness by it.
    """

    national_list = models.OneToOneField(
        "national.NationalList", verbose_name=_("名单"), on_delete=models.PROTECT, related_name="publicity"
    )
    starts_at = models.DateTimeField(_("公示开始时间"))
    ends_at = models.DateTimeField(_("公示结束时间"), help_text=_("不含：最后一个工作日的 24 时。"))
    working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"))
    notice_title = models.CharField(_("公示标题"), max_length=200)
    notice_text = models.TextField(_("公示内容"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("期满处理时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["ends_at", "closed_at"])]

    def __str__(self):
        return self.notice_title

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    def has_ended(self, now=None):
        return self.ends_at <= (now or timezone.now())

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    @property
    def last_day(self):
        """The last day of the period (it ends at 24:00 of that day)."""
        return timezone.localtime(self.ends_at).date() - datetime.timedelta(days=1)

    @property
    def starts_at_midnight(self):
        return timezone.localtime(self.starts_at).time() == datetime.time.min
