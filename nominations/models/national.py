"""The national stage's own records: SAMR's findings and the experts' assignments (art. 4, art. 7(4))."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from criteria.enums import Category

from ..enums import ReviewStage


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


class NationalListState(models.TextChoices):
    DRAFT = "draft", _("草拟中")
    APPROVED = "approved", _("已批准")


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

    class Meta:
        verbose_name = _("全国建议名单")
        verbose_name_plural = _("全国建议名单")
        constraints = [models.UniqueConstraint(fields=["campaign", "category"], name="one_national_list_per_category")]

    def __str__(self):
        return f"{self.campaign.year} · {self.get_category_display()}"

    @transition(field=state, source=NationalListState.DRAFT, target=NationalListState.APPROVED)
    def approve(self):
        pass


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
