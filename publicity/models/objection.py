"""Objections (异议) the public files against a locality on a publicised list (art. 7(4) 对外公示)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.domain.workflow import Rule, step
from core.storage import private_storage, random_name
from provinces.enums import Role

from ..enums import OPEN_OBJECTION_STATUSES, ObjectionStatus

S = ObjectionStatus


def upload_objection_evidence(instance, filename):
    return random_name("objections")


class Objection(models.Model):
    """Who objects (name, contact), against which listed locality, on what grounds, with what evidence.

    The status changes only through ``publicity.domain.objections``; the transitions below are django-fsm-2's guard.
    """

    period = models.ForeignKey(
        "publicity.PublicityPeriod", verbose_name=_("公示"), on_delete=models.PROTECT, related_name="objections"
    )
    nomination = models.ForeignKey(
        "nominations.Nomination", verbose_name=_("异议对象"), on_delete=models.PROTECT, related_name="objections"
    )
    name = models.CharField(_("姓名"), max_length=50)
    contact = models.CharField(_("联系方式"), max_length=100)
    grounds = models.TextField(_("异议事实和理由"))
    evidence = models.FileField(
        _("证明材料"), storage=private_storage, upload_to=upload_objection_evidence, max_length=200, blank=True
    )
    evidence_name = models.CharField(_("证明材料文件名"), max_length=255, blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)
    evidence_size = models.PositiveBigIntegerField(null=True, blank=True)
    evidence_sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    receipt = models.CharField(_("受理编号"), max_length=20, unique=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    status = FSMField(_("状态"), default=S.RECEIVED, choices=ObjectionStatus.choices, db_index=True)
    resolution = models.TextField(_("处理结果"), blank=True)
    fraud = models.BooleanField(_("认定弄虚作假"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["ip", "submitted_at"]), models.Index(fields=["period", "status"])]

    def __str__(self):
        # Never the objector's name: this is what audit events and e-mails show.
        return _("异议 %(receipt)s") % {"receipt": self.receipt}

    @property
    def is_open(self):
        return self.status in OPEN_OBJECTION_STATUSES

    @transition(
        field=status,
        source=S.RECEIVED,
        target=S.INVESTIGATING,
        permission=Rule("objection.handle"),
        custom=step(_("开始核查"), "art. 7(4)", role=Role.SAMR_REVIEWER),
    )
    def investigate(self):
        pass

    @transition(
        field=status,
        source=[S.RECEIVED, S.INVESTIGATING],
        target=S.UPHELD,
        permission=Rule("objection.uphold"),
        custom=step(_("异议成立"), "art. 7(4), 14", notify=_("异议人"), role=Role.SAMR_APPROVER, irreversible=True),
    )
    def uphold(self):
        """With the resolution; fraud upheld disqualifies the application and starts the sanctions (art. 14)."""

    @transition(
        field=status,
        source=[S.RECEIVED, S.INVESTIGATING],
        target=S.DISMISSED,
        permission=Rule("objection.handle"),
        custom=step(_("异议不成立"), "art. 7(4)", notify=_("异议人"), role=Role.SAMR_REVIEWER),
    )
    def dismiss(self):
        pass
