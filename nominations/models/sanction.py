from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import SanctionKind, SanctionReason


class SanctionQuerySet(models.QuerySet):
    def active(self, on=None):
        """In force on ``on`` (a date): started, not yet ended (end exclusive), not lifted."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gt=on).filter(
            Q(lifted_at__isnull=True) | Q(lifted_at__date__gt=on)
        )


class Sanction(models.Model):
    """A timed disqualification (art. 14).

    ``application_ban`` bars a locality from applying (3 years for fraud);
    ``recommendation_ban`` bars a provincial bureau from recommending (the next
    year). The term is [starts_on, ends_on): the day ``ends_on`` is free again.
    """

    division = models.ForeignKey(
        "provinces.Division", verbose_name=_("对象"), on_delete=models.PROTECT, related_name="sanctions"
    )
    kind = models.CharField(_("类型"), max_length=32, choices=SanctionKind.choices)
    reason = models.CharField(_("事由"), max_length=16, choices=SanctionReason.choices)
    starts_on = models.DateField(_("起始日"))
    ends_on = models.DateField(_("终止日"), help_text=_("当日起恢复资格。"))
    decision_number = models.CharField(_("决定文号"), max_length=64, blank=True)
    note = models.TextField(_("说明"), blank=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    nomination = models.ForeignKey(
        "nominations.Nomination",
        verbose_name=_("所涉申报"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sanctions",
    )
    # Set by the daily job once the term is over and the bureau has been told; the check never reads it.
    expired_at = models.DateTimeField(_("期满处理时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        verbose_name = _("资格限制")
        verbose_name_plural = _("资格限制")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["division", "kind", "starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="sanction_term_positive")
        ]

    def __str__(self):
        return f"{self.division.name} {self.get_kind_display()} {self.starts_on}—{self.ends_on}"

    def in_force(self, on=None):
        """The same test as ``SanctionQuerySet.active`` for this row, without a query."""
        on = on or timezone.localdate()
        lifted = self.lifted_at is not None and timezone.localtime(self.lifted_at).date() <= on
        return self.starts_on <= on < self.ends_on and not lifted

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("终止日须晚于起始日。")})
