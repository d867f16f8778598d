from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.storage import private_storage, random_name
from criteria.enums import Category

from ..enums import AttachmentPurpose, NominationState, ReviewStage

S = NominationState
# art. 9: a typical experience recorded for the campaign year or the year before gives priority.
PRIORITY_YEARS = 2
DISQUALIFIABLE_STATES = (
    S.SUBMITTED,
    S.RETURNED,
    S.VERIFIED,
    S.NOT_RECOMMENDED,
    S.SHORTLISTED,
    S.RECOMMENDED,
    S.EVALUATED,
    S.PROPOSED,
    S.IN_PUBLICITY,
    S.APPROVED,
    S.NOT_SELECTED,
)


class NominationQuerySet(models.QuerySet):
    def with_priority(self):
        """Annotate ``priority`` (art. 9: 优先支持): the province recorded a typical experience of the locality for the
        application's campaign year or the year before; an older one no longer counts."""
        from .recommendation import TypicalExperience

        recent = TypicalExperience.objects.filter(
            division=OuterRef("division_id"),
            active=True,
            year__gte=OuterRef("campaign__year") - PRIORITY_YEARS + 1,
            year__lte=OuterRef("campaign__year"),
        )
        return self.annotate(priority=Exists(recent))


class Nomination(models.Model):
    """One locality's application in one category of one campaign, followed through the whole cycle.

    The state changes only through ``nominations.domain.workflow``; the
    transitions below are django-fsm-2's guard on which state may follow which.
    """

    campaign = models.ForeignKey(
        "nominations.Campaign", verbose_name=_("年度工作"), on_delete=models.PROTECT, related_name="nominations"
    )
    category = models.CharField(_("类别"), max_length=32, choices=Category.choices)
    division = models.ForeignKey(
        "provinces.Division", verbose_name=_("申报地方"), on_delete=models.PROTECT, related_name="nominations"
    )
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet", verbose_name=_("认定条件"), on_delete=models.PROTECT, related_name="nominations"
    )
    state = FSMField(_("状态"), default=S.DRAFT, choices=NominationState.choices, db_index=True)
    summary = models.TextField(_("申报概述"), blank=True)
    pledge_text = models.TextField(_("真实性承诺"), blank=True)
    pledge_accepted_at = models.DateTimeField(_("承诺时间"), null=True, blank=True)
    pledge_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承诺人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("提交版本"), default=0)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    return_deadline = models.DateTimeField(_("修改期限"), null=True, blank=True)
    verification_note = models.TextField(_("核实情况"), blank=True)
    rejection_reason = models.TextField(_("未推荐原因"), blank=True)
    province_score = models.DecimalField(_("省级评分"), max_digits=6, decimal_places=2, null=True, blank=True)
    province_rank = models.PositiveIntegerField(_("省内排序"), null=True, blank=True)
    national_score = models.DecimalField(_("总局评估得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        ordering = ["campaign", "category", "division__code"]
        constraints = [
            # One application per locality per category per year (DESIGN §3).
            models.UniqueConstraint(fields=["campaign", "category", "division"], name="one_application_per_category")
        ]
        indexes = [models.Index(fields=["campaign", "category", "state"])]

    def __str__(self):
        return f"{self.division.name} · {self.get_category_display()} · {self.campaign.year}"

    @transition(field=state, source=S.DRAFT, target=S.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=S.SUBMITTED, target=S.RETURNED)
    def return_for_revision(self):
        pass

    @transition(field=state, source=S.RETURNED, target=S.SUBMITTED)
    def resubmit(self):
        pass

    @transition(field=state, source=[S.DRAFT, S.SUBMITTED, S.RETURNED], target=S.WITHDRAWN)
    def withdraw(self):
        pass

    @transition(field=state, source=S.SUBMITTED, target=S.VERIFIED)
    def verify(self):
        pass

    @transition(field=state, source=[S.SUBMITTED, S.VERIFIED], target=S.NOT_RECOMMENDED)
    def reject(self):
        pass

    @transition(field=state, source=S.VERIFIED, target=S.SHORTLISTED)
    def shortlist(self):
        pass

    @transition(field=state, source=S.SHORTLISTED, target=S.VERIFIED)
    def unshortlist(self):
        pass

    @transition(field=state, source=S.SHORTLISTED, target=S.RECOMMENDED)
    def recommend(self):
        pass

    # Not put on the province's list when it recommended, or still open when its deadline passed (art. 7(3)):
    # nothing is left hanging.
    @transition(field=state, source=[S.SUBMITTED, S.RETURNED, S.VERIFIED, S.SHORTLISTED], target=S.NOT_RECOMMENDED)
    def leave_off(self):
        pass

    @transition(field=state, source=S.RECOMMENDED, target=S.EVALUATED)
    def evaluate(self):
        pass

    @transition(field=state, source=S.EVALUATED, target=S.PROPOSED)
    def propose(self):
        pass

    @transition(field=state, source=S.PROPOSED, target=S.EVALUATED)
    def unpropose(self):
        pass

    @transition(field=state, source=S.PROPOSED, target=S.IN_PUBLICITY)
    def publicise(self):
        pass

    @transition(field=state, source=S.IN_PUBLICITY, target=S.APPROVED)
    def finalise(self):
        pass

    # Recommended but not on the final list when it is published (art. 7(4)).
    @transition(field=state, source=[S.RECOMMENDED, S.EVALUATED], target=S.NOT_SELECTED)
    def not_select(self):
        pass

    # Named apart from the ``award`` reverse accessor of ``Award.nomination``.
    @transition(field=state, source=S.APPROVED, target=S.AWARDED)
    def confer_award(self):
        pass

    # art. 14 (fraud) and art. 15 (a major incident with government responsibility) after the award.
    @transition(field=state, source=S.AWARDED, target=S.REVOKED)
    def revoke(self):
        pass

    # art. 14: fraud found during application or recommendation, up to the final list.
    @transition(field=state, source=list(DISQUALIFIABLE_STATES), target=S.DISQUALIFIED)
    def disqualify(self):
        pass


class Answer(models.Model):
    """The applicant's answer to one criterion: met or not, the figure, the narrative, the highlight."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey("criteria.Criterion", verbose_name=_("条件项"), on_delete=models.PROTECT)
    met = models.BooleanField(_("是否符合"), null=True, blank=True)
    value = models.DecimalField(_("指标值"), max_digits=12, decimal_places=2, null=True, blank=True)
    narrative = models.TextField(_("情况说明"), blank=True)
    highlight = models.BooleanField(_("突出亮点"), default=False)
    indicators = models.JSONField(_("附加指标值"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("条件答复")
        verbose_name_plural = _("条件答复")
        constraints = [models.UniqueConstraint(fields=["nomination", "criterion"], name="one_answer_per_criterion")]

    def __str__(self):
        return f"{self.nomination_id} · {self.criterion_id}"


class NominationVersion(models.Model):
    """The answers as they stood at each submission, so reviewers see what changed after a return."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    summary = models.TextField(blank=True)
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("提交版本")
        verbose_name_plural = _("提交版本")
        ordering = ["nomination", "number"]
        constraints = [models.UniqueConstraint(fields=["nomination", "number"], name="unique_version_number")]

    def __str__(self):
        return f"{self.nomination_id} v{self.number}"


def upload_evidence(instance, filename):
    return random_name("evidence")


class Attachment(models.Model):
    """A private file: stored under a random name, checked by content, hashed (SHA-256)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    criterion = models.ForeignKey(
        "criteria.Criterion", verbose_name=_("对应条件项"), null=True, blank=True, on_delete=models.PROTECT
    )
    purpose = models.CharField(
        _("用途"), max_length=16, choices=AttachmentPurpose.choices, default=AttachmentPurpose.EVIDENCE
    )
    file = models.FileField(storage=private_storage, upload_to=upload_evidence, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=16)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class Review(models.Model):
    """A reviewer's per-criterion remarks and weighted score at one stage."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(_("阶段"), max_length=16, choices=ReviewStage.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT, related_name="+"
    )
    criteria = models.JSONField(_("分项意见"), default=dict, help_text=_("{条件编号: {score: 0–100, remark: 说明}}"))
    score = models.DecimalField(_("加权得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("总体意见"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("审核意见")
        verbose_name_plural = _("审核意见")
        constraints = [models.UniqueConstraint(fields=["nomination", "stage", "reviewer"], name="one_review_per_stage")]

    def __str__(self):
        return f"{self.nomination_id} · {self.get_stage_display()} · {self.reviewer_id}"
