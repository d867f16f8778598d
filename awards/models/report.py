"""The letter that reports the final lists to the State Council General Office (art. 7(4))."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportDocument(models.Model):
    """The letter that reports a campaign's final lists to the State Council General Office (上报国务院办公厅,
    art. 7(4)); SAMR staff adjust its wording here, the lists come from the published versions."""

    campaign = models.OneToOneField(
        "nominations.Campaign", verbose_name=_("年度工作"), on_delete=models.PROTECT, related_name="report_document"
    )
    issuer = models.CharField(_("发文机关"), max_length=100)
    document_number = models.CharField(_("发文字号"), max_length=64)
    title = models.CharField(_("标题"), max_length=200)
    addressee = models.CharField(_("主送机关"), max_length=100)
    body = models.TextField(_("正文"), help_text=_("段落之间空一行。"))
    signed_on = models.DateField(_("成文日期"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("上报文件")
        verbose_name_plural = _("上报文件")

    def __str__(self):
        return self.title

    def paragraphs(self):
        return [part.strip() for part in self.body.replace("\r\n", "\n").split("\n\n") if part.strip()]
