"""What was sent about the audit trail's events: each e-mail (``Notification``), each reminder before a deadline
(``Reminder``); both are the record that makes their jobs idempotent."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A record of each e-mail sent about an audit event: to whom, what, when (one row per event)."""

    event = models.OneToOneField("core.AuditEvent", on_delete=models.PROTECT, related_name="notification")
    recipients = models.JSONField(_("收件人"), default=list)
    subject = models.CharField(_("标题"), max_length=255)
    body = models.TextField(_("正文"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通知记录")
        verbose_name_plural = _("通知记录")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject


class Reminder(models.Model):
    """One reminder sent before one deadline of one object: the daily job's record, so that it reminds once."""

    kind = models.CharField(_("类型"), max_length=32)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_pk = models.CharField(max_length=64)
    deadline = models.DateTimeField(_("截止时间"))
    sent_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("截止提醒")
        verbose_name_plural = _("截止提醒")
        constraints = [
            models.UniqueConstraint(fields=["kind", "content_type", "object_pk", "deadline"], name="remind_once")
        ]

    def __str__(self):
        return f"{self.kind} · {self.object_pk} · {self.deadline:%Y-%m-%d}"
