"""SAMR's finding of fraud (弄虚作假, art. 14): the decision that starts the sanctions in the register."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FraudFinding(models.Model):
    """SAMR's finding that an application was fraudulent (art. 14), and the sanctions it started in the register
    (``criteria.Sanction``): the locality's 3-year application ban and its provincial bureau's recommendation ban.

    The register knows the banned divisions and terms; the finding keeps which application they come from.
    """

    nomination = models.ForeignKey(
        "nominations.Nomination", verbose_name=_("所涉申报"), on_delete=models.PROTECT, related_name="fraud_findings"
    )
    finding = models.TextField(_("认定的事实和依据"))
    decision_number = models.CharField(_("决定文号"), max_length=64, blank=True)
    sanctions = models.ManyToManyField(
        "criteria.Sanction", verbose_name=_("资格限制"), related_name="fraud_findings", blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("认定时间"))

    class Meta:
        verbose_name = _("弄虚作假认定")
        verbose_name_plural = _("弄虚作假认定")
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return str(self.nomination)
