from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.domain.dates import decision_date_problems
from provinces.enums import Level

from .enums import (
    Category,
    CategoryRule,
    Comparator,
    CriterionKind,
    DeterminingAuthority,
    IncidentDomain,
    SanctionKind,
    SanctionReason,
)

MIN_YEAR = 2019
MAX_YEAR = 2100


class FrozenCriteriaSetError(ValidationError):
    """An edit of a criteria set that a campaign has started using."""


def frozen_error(criteria_set):
    return FrozenCriteriaSetError(
        gettext("%(set)s已于%(date)s冻结（已有评选活动开始使用），不能修改。如需调整，请复制到新年度后再修改。")
        % {
            "set": criteria_set,
            "date": date_format(timezone.localtime(criteria_set.frozen_at), "DATE_FORMAT"),
        },
        code="frozen",
    )


class CriteriaSet(models.Model):
    """The conditions of one category for one campaign year.

    Sets are versioned per year because the measures change (art. 17 repealed the
    2019 interim measures; art. 5(3) cites a plan that ended in 2020). Once a
    campaign that uses a set opens, the campaign calls ``domain.catalogue.freeze``
    and the set and its criteria can no longer change; a later year starts from
    ``domain.catalogue.copy_set``.
    """

    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    category = models.CharField(_("类别"), max_length=32, choices=Category.choices)
    document_number = models.CharField(_("依据文号"), max_length=64, help_text=_("例如：国市监信〔2020〕19号"))
    document_title = models.CharField(_("依据文件"), max_length=200, blank=True)
    article = models.CharField(_("条款"), max_length=32, help_text=_("例如：第五条"))
    rule = models.CharField(_("认定规则"), max_length=32, choices=CategoryRule.choices)
    frozen_at = models.DateTimeField(
        _("冻结时间"), null=True, blank=True, editable=False, help_text=_("评选活动开始后冻结，冻结后不能修改。")
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("复制自"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("认定条件")
        verbose_name_plural = _("认定条件")
        ordering = ["-year", "category"]
        constraints = [models.UniqueConstraint(fields=["year", "category"], name="unique_criteria_set_per_year")]

    def __str__(self):
        return gettext("%(year)s年度“%(category)s”认定条件") % {
            "year": self.year,
            "category": self.get_category_display(),
        }

    def save(self, *args, **kwargs):
        self.check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.check_editable()
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self):
        return self.frozen_at is not None

    def check_editable(self):
        """Refuse any change once the stored row is frozen (the in-memory copy may be stale)."""
        if self.pk is None:
            return
        stored = CriteriaSet.objects.filter(pk=self.pk, frozen_at__isnull=False).first()
        if stored is not None:
            raise frozen_error(stored)

    def clean(self):
        self.check_editable()


def validate_extra_indicators(value):
    """A list of ``{"name": ..., "unit": ...}``, names unique and not blank."""
    message = _("附加指标应为列表，每项包含名称（name）和单位（unit），名称不能为空或重复。")
    if not isinstance(value, list):
        raise ValidationError(message, code="invalid")
    names = set()
    for item in value:
        if not isinstance(item, dict) or set(item) != {"name", "unit"}:
            raise ValidationError(message, code="invalid")
        name, unit = item["name"], item["unit"]
        if not isinstance(name, str) or not isinstance(unit, str) or not name.strip() or name in names:
            raise ValidationError(message, code="invalid")
        names.add(name)


def validate_incident_domains(value):
    if not isinstance(value, list) or any(domain not in IncidentDomain.values for domain in value):
        raise ValidationError(
            _("事件领域只能是：%(domains)s。") % {"domains": "、".join(str(label) for label in IncidentDomain.labels)},
            code="invalid",
        )


class Criterion(models.Model):
    """One condition of a set: an item of art. 5 or art. 6, with how it is checked."""

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("认定条件"), on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.CharField(
        _("编号"),
        max_length=8,
        validators=[RegexValidator(r"^\d+(\.\d+)*$", _("编号格式如 5.1、6.8。"))],
    )
    title = models.CharField(_("简称"), max_length=64)
    text = models.TextField(_("条款原文"))
    kind = models.CharField(_("核验方式"), max_length=16, choices=CriterionKind.choices)
    evidence_required = models.BooleanField(_("须提供佐证材料"), default=True)
    # art. 8: 严格控制填报表格和报送材料数量.
    max_attachments = models.PositiveSmallIntegerField(_("佐证材料上限"), default=3, validators=[MaxValueValidator(20)])
    weight = models.DecimalField(
        _("评分权重"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    indicator_name = models.CharField(_("指标名称"), max_length=64, blank=True)
    unit = models.CharField(_("单位"), max_length=16, blank=True)
    comparator = models.CharField(_("比较方式"), max_length=4, choices=Comparator.choices, blank=True)
    threshold = models.DecimalField(_("门槛值"), max_digits=12, decimal_places=2, null=True, blank=True)

    lookback_years = models.PositiveSmallIntegerField(
        _("追溯年数"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    incident_domains = models.JSONField(
        _("计入的事件领域"), default=list, blank=True, validators=[validate_incident_domains]
    )
    extra_indicators = models.JSONField(
        _("附加指标"),
        default=list,
        blank=True,
        validators=[validate_extra_indicators],
        help_text=_('地方填报、供评审参考而不设门槛的指标，例如：[{"name": "企业年报率", "unit": "%"}]'),
    )

    class Meta:
        verbose_name = _("认定条件项")
        verbose_name_plural = _("认定条件项")
        ordering = ["criteria_set", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "number"], name="unique_criterion_number")]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        self.criteria_set.check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.criteria_set.check_editable()
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.criteria_set_id:
            self.criteria_set.check_editable()
        errors = {}
        metric_fields = {"indicator_name": self.indicator_name, "comparator": self.comparator}
        if self.kind == CriterionKind.METRIC:
            for name, value in {**metric_fields, "threshold": self.threshold}.items():
                if value in (None, ""):
                    errors[name] = _("量化指标须填写指标名称、比较方式和门槛值。")
        elif any(metric_fields.values()) or self.threshold is not None:
            errors["threshold"] = _("只有量化指标可以设置指标名称、比较方式和门槛值。")
        if self.kind == CriterionKind.NO_INCIDENT:
            if not self.lookback_years:
                errors["lookback_years"] = _("“未发生重大质量安全事件”须填写追溯年数。")
            if not self.incident_domains:
                errors["incident_domains"] = _("“未发生重大质量安全事件”须至少选择一个事件领域。")
        elif self.lookback_years or self.incident_domains:
            errors["lookback_years"] = _("只有“未发生重大质量安全事件”可以设置追溯年数和事件领域。")
        if errors:
            raise ValidationError(errors)


class Incident(models.Model):
    """A major quality-safety incident (重大质量安全事件), as defined by art. 15.

    Only incidents investigated and determined by the State Council or a
    department it authorised belong here; SAMR staff record them. They feed the
    ``no_incident`` criterion (art. 6(8)) and, later, revocation (art. 15).
    """

    division = models.ForeignKey(
        "provinces.Division", verbose_name=_("发生地"), on_delete=models.PROTECT, related_name="incidents"
    )
    occurred_on = models.DateField(_("发生日期"))
    domain = models.CharField(_("领域"), max_length=32, choices=IncidentDomain.choices)
    title = models.CharField(_("事件名称"), max_length=200)
    description = models.TextField(_("事件概况"), blank=True)
    determining_authority = models.CharField(_("调查认定机关"), max_length=32, choices=DeterminingAuthority.choices)
    authority_name = models.CharField(
        _("认定部门名称"), max_length=128, blank=True, help_text=_("国务院授权有关部门时填写，例如：应急管理部")
    )
    government_responsibility = models.BooleanField(
        _("经调查属于政府责任"), default=False, help_text=_("第十五条：属于政府责任的，撤销相应资格和激励措施。")
    )
    source_document = models.CharField(_("认定文件"), max_length=200, help_text=_("调查认定的文号或文件名称"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("重大质量安全事件")
        verbose_name_plural = _("重大质量安全事件")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["division", "occurred_on"], name="incident_division_date")]

    def __str__(self):
        return f"{self.occurred_on} {self.title}"

    def clean(self):
        errors = {}
        if self.division_id and self.division.level not in (Level.PREFECTURE, Level.COUNTY):
            # art. 6(8) is a condition on the applicant, which is a prefecture or a county (art. 2).
            errors["division"] = _("请将事件登记在发生地所在的市（地、州、盟）或县（市、区、旗）。")
        if self.occurred_on and (problems := decision_date_problems(self.occurred_on, name=_("发生日期"))):
            errors["occurred_on"] = problems
        if self.determining_authority == DeterminingAuthority.AUTHORISED_DEPARTMENT and not self.authority_name:
            errors["authority_name"] = _("由国务院授权有关部门认定的，请填写该部门名称。")
        if errors:
            raise ValidationError(errors)


class IndicatorImport(models.Model):
    """One applied import of SAMR's own indicator data (总局指标数据, art. 4).

    Only applied imports are stored; a dry run leaves no trace. The file itself
    is not kept: its name and SHA-256 identify it, the audit trail says who
    imported it and when.
    """

    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    rows = models.PositiveIntegerField(_("数据行数"))
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    changed_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空：由服务器管理员用命令导入。"),
    )
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("指标数据导入")
        verbose_name_plural = _("指标数据导入")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name}（{self.sha256[:12]}）"


class IndicatorValue(models.Model):
    """SAMR's figure for one metric criterion of one locality in one data year.

    The indicator is named by the number of the metric criterion it measures
    (``6.3`` 消费者投诉办结率): that is the figure a locality declares in its
    answer, so the two are set against each other by number. The data year is
    the year the figure describes; a campaign compares it with the year of its
    reference date (``nominations.domain.discrepancies``).
    """

    division = models.ForeignKey(
        "provinces.Division", verbose_name=_("地方"), on_delete=models.PROTECT, related_name="indicator_values"
    )
    criterion_number = models.CharField(
        _("条件编号"),
        max_length=8,
        validators=[RegexValidator(r"^\d+(\.\d+)*$", _("编号格式如 5.1、6.8。"))],
    )
    year = models.PositiveSmallIntegerField(
        _("数据年度"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=4)
    source = models.CharField(_("来源"), max_length=200, blank=True, help_text=_("例如：国家12315平台"))
    batch = models.ForeignKey(
        IndicatorImport, verbose_name=_("导入批次"), on_delete=models.PROTECT, related_name="values"
    )
    imported_at = models.DateTimeField(_("导入时间"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("总局指标数据")
        verbose_name_plural = _("总局指标数据")
        ordering = ["-year", "criterion_number", "division__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "criterion_number", "year"], name="one_indicator_value_per_year"
            )
        ]
        indexes = [models.Index(fields=["criterion_number", "year"], name="indicator_value_number_year")]

    def __str__(self):
        return f"{self.division_id} · {self.criterion_number} · {self.year}：{self.value}"


# ---------------------------------------------------------------- the sanctions register (art. 14)


class SanctionQuerySet(models.QuerySet):
    def in_force(self, year, on=None):
        """In force for the campaign of ``year`` on the day ``on`` (``Sanction.in_force``), in one query."""
        on = on or timezone.localdate()
        return (
            self.filter(first_year__lte=year, last_year__gte=year)
            .filter(Q(first_year__lt=year) | Q(starts_on__lte=on))
            .filter(Q(lifted_at__isnull=True) | Q(lifted_at__date__gt=on))
        )


class Sanction(models.Model):
    """A timed disqualification (art. 14), in the register every stage reads, counted in campaign years.

    ``application_ban`` bars a locality from applying (for fraud: the rest of the campaign year of the finding and
    the three after it, 3年内申报资格); ``recommendation_ban`` bars a provincial bureau from recommending (for fraud:
    the campaign year after the finding, 下一年度推荐资格). It bars the campaigns of ``first_year`` to ``last_year``,
    that of ``first_year`` only from the decision (``starts_on``), whatever the calendar: a campaign for 2027 opened
    in December 2026 is barred as 2027's. It ends with its last campaign year, or earlier by a recorded lifting
    decision (``criteria.domain.sanctions.lift``), never by editing it. The decision that started it, with the
    application concerned, is recorded where it was taken (``awards.FraudFinding``).
    """

    division = models.ForeignKey(
        "provinces.Division", verbose_name=_("对象"), on_delete=models.PROTECT, related_name="sanctions"
    )
    kind = models.CharField(_("类型"), max_length=32, choices=SanctionKind.choices)
    reason = models.CharField(_("事由"), max_length=16, choices=SanctionReason.choices)
    starts_on = models.DateField(_("决定日"), help_text=_("在第一个年度内，自该日起生效。"))
    first_year = models.PositiveSmallIntegerField(
        _("起始年度"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("终止年度"),
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
        help_text=_("含该年度；其后的年度工作恢复资格。"),
    )
    decision_number = models.CharField(_("决定文号"), max_length=64, blank=True)
    note = models.TextField(_("说明"), blank=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解除人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lift_reason = models.TextField(_("解除理由"), blank=True)
    lift_document_number = models.CharField(_("解除决定文号"), max_length=64, blank=True)
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
        indexes = [models.Index(fields=["division", "kind", "first_year", "last_year"])]
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")), name="sanction_years_in_order")
        ]

    def __str__(self):
        years = str(self.first_year) if self.first_year == self.last_year else f"{self.first_year}—{self.last_year}"
        return f"{self.division.name} {self.get_kind_display()} {years}"

    def in_force(self, year, on=None):
        """Whether it bars the campaign of ``year`` on the day ``on`` (today by default): ``year`` is one of its
        campaign years, its first only from the decision, and it has not been lifted by ``on``."""
        on = on or timezone.localdate()
        lifted = self.lifted_at is not None and timezone.localtime(self.lifted_at).date() <= on
        started = year > self.first_year or self.starts_on <= on
        return self.first_year <= year <= self.last_year and started and not lifted

    def clean(self):
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("终止年度不能早于起始年度。")})
