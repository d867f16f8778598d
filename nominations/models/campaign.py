from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.domain.workflow import Rule, step
from core.storage import private_storage, random_name
from criteria.enums import Category
from provinces.enums import Level, Role

from ..enums import CampaignStatus
from .guards import nothing_left_in_flight


def upload_notice(instance, filename):
    return random_name("notices")


class Campaign(models.Model):
    """One year's nomination and recognition work (art. 3: yearly, on the State Council's timetable)."""

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    title = models.CharField(_("标题"), max_length=200)
    notice_number = models.CharField(_("通知文号"), max_length=64, blank=True)
    notice_text = models.TextField(_("通知正文"), blank=True)
    notice_file = models.FileField(
        _("通知附件"), storage=private_storage, upload_to=upload_notice, blank=True, editable=False, max_length=200
    )
    notice_file_name = models.CharField(max_length=255, blank=True, editable=False)
    notice_file_content_type = models.CharField(max_length=100, blank=True, editable=False)
    criteria_sets = models.ManyToManyField(
        "criteria.CriteriaSet", verbose_name=_("认定条件"), related_name="campaigns", blank=True
    )
    application_deadline = models.DateTimeField(_("申报截止时间"))
    province_deadline = models.DateTimeField(_("省级推荐截止时间"))
    national_deadline = models.DateTimeField(_("总局评估截止时间"))
    reference_date = models.DateField(_("基准日"), help_text=_("该日所在年度为与总局指标数据比对的数据年度。"))
    publicity_working_days = models.PositiveSmallIntegerField(
        _("公示期（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    # art. 8: 严格控制填报表格和报送材料数量
    max_attachments = models.PositiveSmallIntegerField(
        _("每份申报最多附件数"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    max_file_mb = models.PositiveSmallIntegerField(
        _("单个附件上限（MB）"), default=20, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    status = FSMField(_("状态"), default=CampaignStatus.DRAFT, choices=CampaignStatus.choices)
    opened_at = models.DateTimeField(_("启动时间"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True, editable=False)
    closed_reason = models.CharField(_("结束原因"), max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("年度推荐认定工作")
        verbose_name_plural = _("年度推荐认定工作")
        ordering = ["-year"]

    def __str__(self):
        return self.title

    def clean(self):
        deadlines = (self.application_deadline, self.province_deadline, self.national_deadline)
        if all(deadlines) and not deadlines[0] < deadlines[1] < deadlines[2]:
            raise ValidationError(
                _("截止时间须依次为：申报截止 < 省级推荐截止 < 总局评估截止，请调整。"), code="deadline_order"
            )

    @transition(
        field=status,
        source=CampaignStatus.DRAFT,
        target=CampaignStatus.OPEN,
        permission=Rule("campaign.manage"),
        custom=step(_("启动年度工作"), "art. 3, 7(1)", notify=_("各省级市场监管部门"), role=Role.ADMIN),
    )
    def open(self):
        """With its criteria sets (frozen from then on), places and deadlines in order."""
        self.opened_at = timezone.now()

    @transition(
        field=status,
        source=CampaignStatus.OPEN,
        target=CampaignStatus.CLOSED,
        permission=Rule("campaign.manage"),
        conditions=[nothing_left_in_flight],
        custom=step(_("结束年度工作"), "art. 7(4)", role=Role.ADMIN, irreversible=True),
    )
    def close(self):
        """When its final lists are reported (on its own, ``awards.domain.report``), or by SAMR once the national
        deadline has passed with no list between approval and report; what is unfinished ends with the reason
        (``nominations.domain.workflow.close_campaign``)."""
        self.closed_at = timezone.now()

    def application_window_open(self, now=None):
        """Computed from the clock when read, never from a timer (DESIGN §4)."""
        now = now or timezone.now()
        return self.status == CampaignStatus.OPEN and now <= self.application_deadline

    def province_window_open(self, now=None):
        now = now or timezone.now()
        return self.status == CampaignStatus.OPEN and now <= self.province_deadline

    def national_window_open(self, now=None):
        """SAMR's evaluation, its experts and its list close at the national deadline (总局评估截止)."""
        now = now or timezone.now()
        return self.status == CampaignStatus.OPEN and now <= self.national_deadline


class Quota(models.Model):
    """National places per category, from the State Council's allocation (art. 3, art. 7(4))."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("年度工作"), on_delete=models.CASCADE, related_name="quotas")
    category = models.CharField(_("类别"), max_length=32, choices=Category.choices)
    places = models.PositiveIntegerField(_("名额"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("名额")
        verbose_name_plural = _("名额")
        constraints = [models.UniqueConstraint(fields=["campaign", "category"], name="unique_quota")]

    def __str__(self):
        return f"{self.campaign.year} {self.get_category_display()}：{self.places}"


class ProvinceCap(models.Model):
    """How many localities one province may recommend in one category."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("年度工作"), on_delete=models.CASCADE, related_name="caps")
    province = models.ForeignKey(
        "provinces.Division",
        verbose_name=_("省级单位"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": Level.PROVINCE},
        related_name="+",
    )
    category = models.CharField(_("类别"), max_length=32, choices=Category.choices)
    cap = models.PositiveIntegerField(_("推荐上限"))

    class Meta:
        verbose_name = _("省级推荐上限")
        verbose_name_plural = _("省级推荐上限")
        constraints = [models.UniqueConstraint(fields=["campaign", "province", "category"], name="unique_province_cap")]

    def __str__(self):
        return f"{self.province.name} {self.get_category_display()}：{self.cap}"

    def clean(self):
        if self.province_id and self.province.level != Level.PROVINCE:
            raise ValidationError({"province": _("推荐上限只能设给省级单位。")})


class CampaignAcknowledgement(models.Model):
    """A provincial bureau has signed for the campaign notice (签收, art. 7(2))."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("年度工作"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    province = models.ForeignKey(
        "provinces.Division", verbose_name=_("省级单位"), on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签收人"), on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("签收时间"), default=timezone.now)

    class Meta:
        verbose_name = _("通知签收")
        verbose_name_plural = _("通知签收")
        constraints = [models.UniqueConstraint(fields=["campaign", "province"], name="unique_acknowledgement")]

    def __str__(self):
        return f"{self.province.name} · {self.campaign.year}"
