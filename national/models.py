"""The national stage's own records: SAMR's findings and the experts' assignments (art. 4, art. 7(4))."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.domain.workflow import Rule, step
from criteria.enums import Category
from nominations.enums import ReviewStage
from provinces.enums import Role


class FindingKind(models.TextChoices):
    INSPECTION = "inspection", _("检查结果")
    ASSESSMENT = "assessment", _("考核评议结果")
    INDICATOR = "indicator", _("数据指标")
    OTHER = "other", _("其他")


class SamrFinding(models.Model):
    """What SAMR itself knows about a locality, shown beside what the locality declared.

    Art. 4: the evaluation relies first on SAMR's own inspection, assessment and data.
    """

    nomination = models.ForeignKey("nominations.Nomination", on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("类型"), max_length=16, choices=FindingKind.choices)
    criterion = models.CharField(_("对应条件编号"), max_length=16, blank=True)
    text = models.TextField(_("内容"))
    value = models.DecimalField(_("数值"), max_digits=12, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True, help_text=_("例如：国务院大督查"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("总局掌握情况")
        verbose_name_plural = _("总局掌握情况")
        ordering = ["nomination", "recorded_at", "pk"]

    def __str__(self):
        return f"{self.nomination_id} · {self.get_kind_display()}"


class AssignmentStage(models.TextChoices):
    """Who is asked (行业专家和相关部门意见, art. 7(4)); the opinion is filed as a Review of that stage."""

    EXPERT = ReviewStage.EXPERT.value, ReviewStage.EXPERT.label
    DEPARTMENT = ReviewStage.DEPARTMENT.value, ReviewStage.DEPARTMENT.label


class ExpertAssignment(models.Model):
    """SAMR asks one expert or related department for an opinion on one nomination."""

    nomination = models.ForeignKey("nominations.Nomination", on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("专家/部门"), on_delete=models.PROTECT, related_name="assignments"
    )
    stage = models.CharField(_("意见类型"), max_length=16, choices=AssignmentStage.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("分配人"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专家分配")
        verbose_name_plural = _("专家分配")
        ordering = ["nomination", "assigned_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["nomination", "expert"], name="one_assignment_per_expert")]

    def __str__(self):
        return f"{self.nomination_id} · {self.expert_id} · {self.get_stage_display()}"


class InformationRequest(models.Model):
    """SAMR asks the province for more on a recommended application (补充材料); the province answers.

    The application stays where it is; SAMR cannot set the national score while a request is open.
    """

    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="information_requests"
    )
    question = models.TextField(_("需补充的情况"))
    due_at = models.DateTimeField(_("答复期限"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    answer = models.TextField(_("省级答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    attachment = models.OneToOneField(
        "nominations.Attachment",
        verbose_name=_("补充材料"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="information_request",
    )

    class Meta:
        verbose_name = _("补充材料要求")
        verbose_name_plural = _("补充材料要求")
        ordering = ["nomination", "requested_at", "pk"]
        indexes = [models.Index(fields=["nomination", "answered_at"])]

    def __str__(self):
        return f"{self.nomination_id} · {self.requested_at:%Y-%m-%d}"

    @property
    def is_open(self):
        return self.answered_at is None


MAX_BONUS = Decimal("20")


def BonusField(verbose_name):  # noqa: N802 — a field factory, used like a field class
    return models.DecimalField(
        verbose_name,
        max_digits=4,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_BONUS)],
    )


class NationalListState(models.TextChoices):
    DRAFT = "draft", _("草拟中")
    APPROVED = "approved", _("已批准")
    IN_PUBLICITY = "in_publicity", _("公示中")
    FINALISED = "finalised", _("已发布")
    REPORTED = "reported", _("已上报")


class NationalList(models.Model):
    """The proposed national list of one category (建议激励支持的地方名单, art. 7(4)), never above the quota."""

    campaign = models.ForeignKey(
        "nominations.Campaign", verbose_name=_("年度工作"), on_delete=models.PROTECT, related_name="national_lists"
    )
    category = models.CharField(_("类别"), max_length=32, choices=Category.choices)
    state = FSMField(_("状态"), default=NationalListState.DRAFT, choices=NationalListState.choices)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    # art. 7(4): 报国务院办公厅
    report_number = models.CharField(_("上报文号"), max_length=64, blank=True)
    report_date = models.DateField(_("上报日期"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("上报登记时间"), null=True, blank=True)

    # The balance (art. 8 综合平衡): points added to the national score, shown apart from it ...
    bonus_east = BonusField(_("东部地区加分"))
    bonus_central = BonusField(_("中部地区加分"))
    bonus_west = BonusField(_("西部地区加分"))
    bonus_northeast = BonusField(_("东北地区加分"))
    bonus_county = BonusField(_("县级地方加分"))
    bonus_underdeveloped = BonusField(_("欠发达地区加分"))
    # ... and the shares the suggested list must meet.
    min_county = models.PositiveIntegerField(_("县级地方至少"), default=0)
    min_east = models.PositiveIntegerField(_("东部地区至少"), default=0)
    min_central = models.PositiveIntegerField(_("中部地区至少"), default=0)
    min_west = models.PositiveIntegerField(_("西部地区至少"), default=0)
    min_northeast = models.PositiveIntegerField(_("东北地区至少"), default=0)
    min_underdeveloped = models.PositiveIntegerField(_("欠发达地区至少"), default=0)
    max_per_province = models.PositiveIntegerField(_("每省至多"), null=True, blank=True)

    class Meta:
        verbose_name = _("全国建议名单")
        verbose_name_plural = _("全国建议名单")
        constraints = [models.UniqueConstraint(fields=["campaign", "category"], name="one_national_list_per_category")]

    def __str__(self):
        return f"{self.campaign.year} · {self.get_category_display()}"

    @transition(
        field=state,
        source=NationalListState.DRAFT,
        target=NationalListState.APPROVED,
        permission=Rule("national_list.approve"),
        custom=step(_("批准建议名单"), "art. 7(4), 8", role=Role.SAMR_APPROVER, irreversible=True),
    )
    def approve(self):
        """Not empty, within the places, every entry still eligible, before the national deadline."""

    @transition(
        field=state,
        source=NationalListState.APPROVED,
        target=NationalListState.IN_PUBLICITY,
        permission=Rule("national_list.publish"),
        custom=step(_("公示"), "art. 7(4)", notify=_("申报单位"), role=Role.SAMR_APPROVER, irreversible=True),
    )
    def publicise(self):
        """For at least the campaign's working days (对外公示)."""

    @transition(
        field=state,
        source=NationalListState.IN_PUBLICITY,
        target=NationalListState.FINALISED,
        permission=Rule("national_list.publish"),
        custom=step(_("发布最终名单"), "art. 7(4)", notify=_("申报单位"), role=Role.SAMR_APPROVER, irreversible=True),
    )
    def finalise(self):
        """After the publicity period, with no objection open."""

    @transition(
        field=state,
        source=NationalListState.FINALISED,
        target=NationalListState.REPORTED,
        permission=Rule("national_list.publish"),
        custom=step(_("上报国务院办公厅"), "art. 7(4), 10, 11", role=Role.SAMR_APPROVER, irreversible=True),
    )
    def report(self):
        """With the letter's number and date; the awards and their measures are granted."""


class NationalListEntry(models.Model):
    national_list = models.ForeignKey(NationalList, on_delete=models.CASCADE, related_name="entries")
    nomination = models.OneToOneField("nominations.Nomination", on_delete=models.PROTECT, related_name="national_entry")
    position = models.PositiveIntegerField(_("序号"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("名单条目")
        verbose_name_plural = _("名单条目")
        ordering = ["national_list", "position", "pk"]

    def __str__(self):
        return f"{self.national_list} #{self.position}"
