from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.domain.workflow import Rule, step
from core.storage import private_storage, random_name
from criteria.enums import Category
from provinces.enums import Level, Role

from ..enums import RecommendationState

R = RecommendationState


def upload_confirmation(instance, filename):
    return random_name("confirmations")


class ProvinceRecommendation(models.Model):
    """A province's ranked shortlist in one category (拟推荐名单), confirmed by the provincial
    government and recommended to SAMR (art. 7(3))."""

    campaign = models.ForeignKey(
        "nominations.Campaign", verbose_name=_("年度工作"), on_delete=models.PROTECT, related_name="recommendations"
    )
    province = models.ForeignKey(
        "provinces.Division",
        verbose_name=_("省级单位"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": Level.PROVINCE},
        related_name="+",
    )
    category = models.CharField(_("类别"), max_length=32, choices=Category.choices)
    state = FSMField(_("状态"), default=R.DRAFT, choices=RecommendationState.choices)
    government_document_number = models.CharField(_("省政府确认文号"), max_length=64, blank=True)
    government_document_date = models.DateField(_("确认日期"), null=True, blank=True)
    government_document = models.FileField(
        _("确认文件"), storage=private_storage, upload_to=upload_confirmation, blank=True, max_length=200
    )
    government_document_sha256 = models.CharField(max_length=64, blank=True)
    government_document_name = models.CharField(_("确认文件名"), max_length=255, blank=True)
    government_document_content_type = models.CharField(max_length=100, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recommended_at = models.DateTimeField(_("推荐时间"), null=True, blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("省级推荐")
        verbose_name_plural = _("省级推荐")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "province", "category"], name="one_recommendation_per_category")
        ]

    def __str__(self):
        return f"{self.province.name} · {self.get_category_display()} · {self.campaign.year}"

    @transition(
        field=state,
        source=R.DRAFT,
        target=R.CONFIRMED,
        permission=Rule("recommendation.approve"),
        custom=step(
            _("登记省级人民政府确认"), "art. 7(3)", audit="recommendation.confirm", role=Role.PROVINCE_APPROVER
        ),
    )
    def confirm(self):
        """省级人民政府审核确认: the document's number and date, before the provincial deadline."""

    @transition(
        field=state,
        source=R.CONFIRMED,
        target=R.RECOMMENDED,
        permission=Rule("recommendation.approve"),
        custom=step(
            _("推荐至总局"),
            "art. 7(3), 14",
            audit="recommendation.recommend",
            notify=_("总局"),
            role=Role.PROVINCE_APPROVER,
            irreversible=True,
        ),
    )
    def recommend(self):
        """Within the cap and the deadline, unless the province is under a recommendation ban (art. 14); the
        shortlisted applications are recommended and the rest of the category left off."""


class TypicalExperience(models.Model):
    """A typical experience (典型经验做法) a province has found in one of its localities (art. 9)."""

    province = models.ForeignKey("provinces.Division", on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey(
        "provinces.Division", verbose_name=_("地方"), on_delete=models.PROTECT, related_name="typical_experiences"
    )
    title = models.CharField(_("名称"), max_length=200)
    summary = models.TextField(_("主要做法"), blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    active = models.BooleanField(_("有效"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("典型经验做法")
        verbose_name_plural = _("典型经验做法")
        ordering = ["-year", "division__code"]

    def __str__(self):
        return f"{self.division.name}：{self.title}"
