"""SAMR's finding of fraud (弄虚作假, art. 14): the decision that starts the sanctions in the register, the locality's
other applications of the year it takes back, and SAMR's recommendation to the local government."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommittedBy(models.TextChoices):
    """Who committed the fraud (art. 14: 在申报、推荐过程中): the applying locality, the provincial department that
    verified and recommended it (art. 7(3)), or both. The sanctions follow (``awards.domain.fraud.fraud_terms``)."""

    LOCALITY = "locality", _("申报地方")
    PROVINCE = "province", _("省级市场监管部门")
    BOTH = "both", _("申报地方和省级市场监管部门")


class FraudFinding(models.Model):
    """SAMR's finding that an application was fraudulent (art. 14), and the sanctions it started in the register
    (``criteria.Sanction``): the locality's 3-year application ban, its provincial bureau's recommendation ban.

    The register knows the banned divisions and terms; the finding keeps which application they come from, who
    committed the fraud, the locality's other applications of the same campaign it took back, and the referrals.
    """

    nomination = models.ForeignKey(
        "nominations.Nomination", verbose_name=_("所涉申报"), on_delete=models.PROTECT, related_name="fraud_findings"
    )
    finding = models.TextField(_("认定的事实和依据"))
    committed_by = models.CharField(
        _("弄虚作假主体"), max_length=16, choices=CommittedBy.choices, default=CommittedBy.LOCALITY
    )
    decision_number = models.CharField(_("决定文号"), max_length=64, blank=True)
    sanctions = models.ManyToManyField(
        "criteria.Sanction", verbose_name=_("资格限制"), related_name="fraud_findings", blank=True
    )
    other_applications = models.ManyToManyField(
        "nominations.Nomination",
        verbose_name=_("一并处理的同年度其他申报"),
        related_name="fraud_findings_handled",
        blank=True,
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

    @property
    def by_locality(self):
        return self.committed_by in (CommittedBy.LOCALITY, CommittedBy.BOTH)

    @property
    def by_province(self):
        return self.committed_by in (CommittedBy.PROVINCE, CommittedBy.BOTH)


class FraudReferral(models.Model):
    """art. 14: 涉嫌违法违纪的，市场监管总局按照管理权限向相关地方人民政府建议依法依规给予处理 — SAMR's letter
    recommending that a local people's government deal with those responsible; one per government."""

    finding = models.ForeignKey(
        FraudFinding, verbose_name=_("弄虚作假认定"), on_delete=models.PROTECT, related_name="referrals"
    )
    government = models.CharField(_("建议处理的地方人民政府"), max_length=100)
    referred_on = models.DateField(_("建议日期"))
    document_number = models.CharField(_("建议文号"), max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("建议地方人民政府处理")
        verbose_name_plural = _("建议地方人民政府处理")
        ordering = ["referred_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "government"], name="one_referral_per_government"),
        ]

    def __str__(self):
        return f"{self.government} · {self.document_number}"
