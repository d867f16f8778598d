from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """The audit trail is never changed or deleted, only added to."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be updated")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")

    def for_object(self, obj):
        content_type = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=content_type, object_pk=str(obj.pk))


class AuditEvent(models.Model):
    """One state change or sensitive read: who, in which role and bureau, when, what, from where.

    Append-only: the model refuses to save an existing row or delete any, the
    queryset refuses bulk update and delete, and the admin is read-only.
    """

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    role = models.CharField(_("角色"), max_length=32, blank=True, editable=False)
    bureau = models.ForeignKey(
        "provinces.Bureau", verbose_name=_("机构"), null=True, blank=True, on_delete=models.PROTECT, editable=False
    )
    action = models.CharField(_("操作"), max_length=64, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, editable=False)
    object_pk = models.CharField(max_length=64, editable=False)
    object_repr = models.CharField(_("对象"), max_length=200, editable=False)
    from_state = models.CharField(_("原状态"), max_length=32, blank=True, editable=False)
    to_state = models.CharField(_("新状态"), max_length=32, blank=True, editable=False)
    comment = models.TextField(_("说明"), blank=True, editable=False)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True, editable=False)
    data = models.JSONField(_("附加信息"), default=dict, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_pk", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")
