"""Generated documents and spreadsheets (exports): requested by a user, made by a Celery task with its progress
recorded, kept privately and downloadable only by whoever requested it while still allowed to see what it shows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage, random_name


class ExportState(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


def upload_export(instance, filename):
    return random_name("exports")


class Export(models.Model):
    kind = models.CharField(_("类型"), max_length=64)
    params = models.JSONField(_("参数"), default=dict)
    title = models.CharField(_("名称"), max_length=200)
    state = models.CharField(_("状态"), max_length=16, choices=ExportState.choices, default=ExportState.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    message = models.CharField(_("说明"), max_length=300, blank=True)
    file = models.FileField(storage=private_storage, upload_to=upload_export, max_length=200, blank=True)
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("大小"), null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exports")
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    # When it was last handed to the broker; empty while the broker could not be reached (``requeue_exports``).
    queued_at = models.DateTimeField(_("入队时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出")
        verbose_name_plural = _("导出")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self):
        return self.title

    @property
    def is_finished(self):
        return self.state in (ExportState.DONE, ExportState.FAILED)
