"""What an awarded locality receives (art. 10, art. 11), what it is asked to do (art. 13), and what it loses (art. 14,
art. 15)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from criteria.enums import Category


class Measure(models.TextChoices):
    """The incentive measures, by article and item; codes are stable (API, exports)."""

    # art. 10, the 深化商事制度改革和加强事中事后监管 category (art. 5)
    BR_COMMENDATION = "br_commendation", _("第十条（一）表彰奖励先进集体和个人，向同级人民政府通报表扬")
    BR_FOREIGN_REGISTRATION = "br_foreign_registration", _("第十条（二）优先授予外商投资企业登记注册权限")
    BR_PILOT = "br_pilot", _("第十条（三）优先选择为商事制度改革、事中事后监管试点地区")
    BR_ANTI_PYRAMID = "br_anti_pyramid", _("第十条（四）打击传销表彰奖励，年度综治考评加分")
    BR_RESEARCH = "br_research", _("第十条（五）优先委托开展相关课题研究")
    BR_EXCHANGE = "br_exchange", _("第十条（六）增加跨区域业务交流和培训名额")
    BR_FUNDING = "br_funding", _("第十条（七）建议省级市场监管部门在专项经费上倾斜支持")
    BR_OTHER = "br_other", _("第十条（八）总局确定的其他激励措施")
    # art. 11, the 推进质量工作 category (art. 6)
    Q_PILOT = "q_pilot", _("第十一条 质量工作改革创新先行先试")
    Q_NQI_BASE = "q_nqi_base", _("第十一条 国家质量基础设施协同服务及应用示范基地建设")
    Q_INSTITUTIONS = "q_institutions", _("第十一条 质量技术机构优先布局建设")
    Q_INSPECTION_EXEMPTION = "q_inspection_exemption", _("第十一条 市场监管相关考核督查中免核查")
    Q_TRAINING = "q_training", _("第十一条 加强质量培训交流")


MEASURES_BY_CATEGORY = {
    Category.BUSINESS_REFORM: tuple(m for m in Measure if m.value.startswith("br_")),
    Category.QUALITY: tuple(m for m in Measure if m.value.startswith("q_")),
}


class AchievementField(models.TextChoices):
    """The work in which art. 10 rewards a locality's market-regulation department for what it achieved, beyond being
    recognised: 10(1) 在商事制度改革、广告监管、网络市场监管中作出突出成绩和贡献, 10(4) 在打击传销工作取得显著成效."""

    BUSINESS_REFORM = "business_reform", _("商事制度改革")
    ADVERTISING = "advertising", _("广告监管")
    ONLINE_MARKET = "online_market", _("网络市场监管")
    ANTI_PYRAMID = "anti_pyramid", _("打击传销")


class Achievement(models.Model):
    """SAMR's record that a recognised locality achieved what an art. 10 measure rewards (art. 4: from what SAMR
    knows of the locality's work): 10(1) and 10(4) may be granted only where it is recorded
    (``awards.domain.measures``)."""

    nomination = models.ForeignKey(
        "nominations.Nomination", verbose_name=_("申报"), on_delete=models.PROTECT, related_name="achievements"
    )
    field = models.CharField(_("工作领域"), max_length=24, choices=AchievementField.choices)
    description = models.TextField(_("突出成绩或显著成效"))
    basis = models.CharField(_("依据"), max_length=200, help_text=_("例如：总局考核评议、督查检查结果或通报的文号"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("工作成效记录")
        verbose_name_plural = _("工作成效记录")
        ordering = ["nomination", "field"]
        constraints = [models.UniqueConstraint(fields=["nomination", "field"], name="one_achievement_per_field")]

    def __str__(self):
        return f"{self.nomination} · {self.get_field_display()}"


class Award(models.Model):
    """The incentive granted to one locality on the reported list (art. 10, art. 11), until it is revoked."""

    nomination = models.OneToOneField(
        "nominations.Nomination", verbose_name=_("申报"), on_delete=models.PROTECT, related_name="award"
    )
    measures = models.JSONField(_("激励措施"), default=list, help_text=_("激励措施代码的列表"))
    granted_at = models.DateTimeField(_("认定时间"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revocation_reason = models.TextField(_("撤销原因"), blank=True)
    incident = models.ForeignKey(
        "criteria.Incident",
        verbose_name=_("重大质量安全事件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revoked_awards",
    )

    class Meta:
        verbose_name = _("激励")
        verbose_name_plural = _("激励")
        ordering = ["-granted_at", "pk"]

    def __str__(self):
        return str(self.nomination)

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def measure_labels(self):
        return [Measure(code).label if code in Measure.values else code for code in self.measures]


class TaskKind(models.TextChoices):
    PILOT = "pilot", _("试点")
    EXCHANGE = "exchange", _("交流")
    RESEARCH = "research", _("课题研究")
    OTHER = "other", _("其他")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    DONE = "done", _("已完成")
    PROBLEM = "problem", _("遇到问题")


class AwardTask(models.Model):
    """A task SAMR gives an awarded locality (art. 13: 试点、交流和课题研究等工作任务); the locality reports on it."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("类型"), max_length=16, choices=TaskKind.choices)
    title = models.CharField(_("任务"), max_length=200)
    description = models.TextField(_("要求"), blank=True)
    due_on = models.DateField(_("完成期限"))
    status = models.CharField(_("状态"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    report = models.TextField(_("完成情况或问题"), blank=True)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title
