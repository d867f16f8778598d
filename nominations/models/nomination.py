from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.domain.workflow import PartOf, Rule, step
from core.storage import private_storage, random_name
from criteria.enums import Category
from provinces.enums import Role

from ..enums import NATIONAL_STATES, AttachmentPurpose, NominationState, ReviewStage
from .guards import editing_window, national_window, no_application_ban, province_window, still_eligible

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

    The transitions below are the application's workflow table (``core.domain.workflow``); the state changes only
    through the domain services (``nominations.domain.workflow`` and the later stages'), which execute them.
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
    rejection_reason = models.TextField(_("未推荐、未入选或逾期未提交的原因"), blank=True)
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

    # ------------------------------------------------------------ the workflow table (core.domain.workflow)
    # Each action once: from which states, who may take it (a policy rule, or the list action it is part of), the
    # rules of the measures it needs (guards, each citing its article), what it is called. Actions that keep the
    # state (target=None) are here too, so that no other code decides which state allows what.

    @transition(
        field=state,
        source=[S.DRAFT, S.RETURNED],
        target=None,
        permission=Rule("nomination.edit"),
        conditions=[editing_window],
        custom=step(
            _("修改"),
            "art. 7(2)",
            audit="nomination.answers, attachment.upload, attachment.remove",
            role=Role.APPLICANT,
        ),
    )
    def edit(self):
        """Answer the checklist, attach or remove evidence."""

    @transition(
        field=state,
        source=S.DRAFT,
        target=S.SUBMITTED,
        permission=Rule("nomination.submit"),
        conditions=[editing_window, no_application_ban],
        custom=step(
            _("提交申报"),
            "art. 5, 6, 7(2), 14",
            notify=_("省级审核人员"),
            role=Role.APPLICANT,
            todo=_("%(n)s 份申报待提交"),
        ),
    )
    def submit(self):
        """With the authenticity pledge, every criterion met (the evaluation engine) and a version kept."""

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.RETURNED,
        permission=Rule("nomination.review"),
        conditions=[province_window],
        custom=step(
            _("退回修改"), "art. 7(3)", audit="nomination.return", notify=_("申报单位"), role=Role.PROVINCE_REVIEWER
        ),
    )
    def return_for_revision(self):
        """With a reason and a revision deadline no later than the province's."""

    @transition(
        field=state,
        source=S.RETURNED,
        target=S.SUBMITTED,
        permission=Rule("nomination.submit"),
        conditions=[editing_window, no_application_ban],
        custom=step(
            _("重新提交"),
            "art. 7(3)",
            notify=_("省级审核人员"),
            role=Role.APPLICANT,
            todo=_("%(n)s 份退回的申报待修改后重新提交"),
        ),
    )
    def resubmit(self):
        """As the submission, with a note of what was changed."""

    @transition(
        field=state,
        source=[S.DRAFT, S.SUBMITTED, S.RETURNED],
        target=S.WITHDRAWN,
        permission=Rule("nomination.withdraw"),
        custom=step(_("撤回申报"), role=Role.APPLICANT),
    )
    def withdraw(self):
        """Before the province decides."""

    @transition(
        field=state,
        source=S.DRAFT,
        target=S.LAPSED,
        permission=PartOf(_("年度工作的结束（nominations.domain.workflow.close_campaign）")),
        custom=step(_("逾期未提交"), "art. 7(2)", notify=_("申报单位")),
    )
    def lapse(self):
        """A draft never submitted when its campaign closes: it ends, with the reason, instead of waiting for ever."""

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.VERIFIED,
        permission=Rule("nomination.review"),
        conditions=[province_window, still_eligible],
        custom=step(_("核实"), "art. 7(3)", role=Role.PROVINCE_REVIEWER, todo=_("%(n)s 份申报待核实")),
    )
    def verify(self):
        """情况核实: with the verification note and optional on-site evidence."""

    @transition(
        field=state,
        source=[S.SUBMITTED, S.VERIFIED],
        target=S.NOT_RECOMMENDED,
        permission=Rule("nomination.review"),
        conditions=[province_window],
        custom=step(_("不予推荐"), "art. 7(3)", notify=_("申报单位"), role=Role.PROVINCE_REVIEWER),
    )
    def reject(self):
        """With the reason, shown to the applicant."""

    @transition(
        field=state,
        source=[S.SUBMITTED, S.VERIFIED, S.SHORTLISTED],
        target=None,
        permission=Rule("nomination.review"),
        conditions=[province_window],
        custom=step(_("评分"), "art. 7(3)", audit="nomination.review", role=Role.PROVINCE_REVIEWER),
    )
    def score(self):
        """Per-criterion scores and remarks of the province's reviewers (综合比选)."""

    @transition(
        field=state,
        source=S.VERIFIED,
        target=S.SHORTLISTED,
        permission=Rule("nomination.review"),
        conditions=[province_window, still_eligible],
        custom=step(
            _("列入拟推荐名单"), "art. 7(3)", role=Role.PROVINCE_REVIEWER, todo=_("%(n)s 份已核实申报待综合比选")
        ),
    )
    def shortlist(self):
        """Within the province's cap (art. 7(3))."""

    @transition(
        field=state,
        source=S.SHORTLISTED,
        target=S.VERIFIED,
        permission=Rule("nomination.review"),
        conditions=[province_window],
        custom=step(_("移出拟推荐名单"), "art. 7(3)", role=Role.PROVINCE_REVIEWER),
    )
    def unshortlist(self):
        pass

    @transition(
        field=state,
        source=S.SHORTLISTED,
        target=S.RECOMMENDED,
        permission=PartOf(_("省级推荐名单的推荐（审核确认后）")),
        conditions=[still_eligible],
        custom=step(_("推荐至总局"), "art. 7(3)", notify=_("申报单位"), role=Role.PROVINCE_APPROVER, irreversible=True),
    )
    def recommend(self):
        pass

    @transition(
        field=state,
        source=[S.SUBMITTED, S.RETURNED, S.VERIFIED, S.SHORTLISTED],
        target=S.NOT_RECOMMENDED,
        permission=PartOf(_("省级推荐名单的推荐，省级推荐截止（nominations.close_province_stages），或年度工作的结束")),
        custom=step(_("未列入推荐名单"), "art. 7(3)", notify=_("申报单位")),
    )
    def leave_off(self):
        """Not put on the province's list when it recommended, or still open when its deadline passed: nothing is
        left hanging, and the applicant reads why."""

    @transition(
        field=state,
        source=list(NATIONAL_STATES),
        target=None,
        permission=Rule("nomination.evaluate"),
        conditions=[national_window],
        custom=step(_("记录总局掌握情况"), "art. 4", audit="nomination.finding", role=Role.SAMR_REVIEWER),
    )
    def find(self):
        """SAMR's own findings (inspection, assessment, data), put before the declared data (art. 4)."""

    @transition(
        field=state,
        source=S.RECOMMENDED,
        target=None,
        permission=Rule("nomination.evaluate"),
        conditions=[national_window],
        custom=step(
            _("要求补充材料"),
            "art. 7(4)",
            audit="nomination.information.request",
            notify=_("省级市场监管部门"),
            role=Role.SAMR_REVIEWER,
        ),
    )
    def request_information(self):
        pass

    @transition(
        field=state,
        source=[S.RECOMMENDED, S.EVALUATED],
        target=None,
        permission=Rule("nomination.evaluate"),
        conditions=[national_window],
        custom=step(
            _("分配专家或相关部门"),
            "art. 7(4)",
            audit="nomination.assign, nomination.unassign",
            notify=_("专家或相关部门"),
            role=Role.SAMR_REVIEWER,
        ),
    )
    def assign(self):
        """Assign or withdraw an assignment (its grant with it), with the conflicts of interest refused."""

    @transition(
        field=state,
        source=[S.RECOMMENDED, S.EVALUATED],
        target=None,
        permission=Rule("nomination.opinion.file"),
        conditions=[national_window],
        custom=step(
            _("提交意见"), "art. 7(4)", audit="nomination.opinion", role=Role.EXPERT, todo=_("%(n)s 份申报待提交意见")
        ),
    )
    def file_opinion(self):
        pass

    @transition(
        field=state,
        source=S.RECOMMENDED,
        target=S.EVALUATED,
        permission=Rule("nomination.evaluate"),
        conditions=[national_window, still_eligible],
        custom=step(_("完成总局评估"), "art. 7(4)", role=Role.SAMR_REVIEWER, todo=_("%(n)s 份申报待评估")),
    )
    def evaluate(self):
        """The national score, by default the opinions' mean, once the province has answered every request."""

    @transition(
        field=state,
        source=S.EVALUATED,
        target=S.PROPOSED,
        permission=PartOf(_("全国建议名单的调整")),
        conditions=[national_window, still_eligible],
        custom=step(_("列入全国建议名单"), "art. 7(4), 8", role=Role.SAMR_REVIEWER),
    )
    def propose(self):
        """Within the State Council's places (art. 3, 7(4))."""

    @transition(
        field=state,
        source=S.PROPOSED,
        target=S.EVALUATED,
        permission=PartOf(_("全国建议名单的调整")),
        conditions=[national_window],
        custom=step(_("移出全国建议名单"), "art. 7(4)", role=Role.SAMR_REVIEWER),
    )
    def unpropose(self):
        pass

    @transition(
        field=state,
        source=S.PROPOSED,
        target=S.IN_PUBLICITY,
        permission=PartOf(_("全国建议名单的公示")),
        conditions=[still_eligible],
        custom=step(_("公示"), "art. 7(4)", notify=_("申报单位"), role=Role.SAMR_APPROVER, irreversible=True),
    )
    def publicise(self):
        pass

    @transition(
        field=state,
        source=S.IN_PUBLICITY,
        target=S.APPROVED,
        permission=PartOf(_("最终名单的发布")),
        conditions=[still_eligible],
        custom=step(_("发布最终名单"), "art. 7(4)", notify=_("申报单位"), role=Role.SAMR_APPROVER, irreversible=True),
    )
    def finalise(self):
        pass

    @transition(
        field=state,
        source=[S.RECOMMENDED, S.EVALUATED, S.PROPOSED],
        target=S.NOT_SELECTED,
        permission=PartOf(_("最终名单的发布，或年度工作的结束")),
        custom=step(_("未入选"), "art. 7(4)", notify=_("申报单位"), role=Role.SAMR_APPROVER),
    )
    def not_select(self):
        """Recommended but not on the final list when it is published, or still before SAMR (on a draft list that
        was never approved) when the campaign closes: nothing is left hanging."""

    # Named apart from the ``award`` reverse accessor of ``Award.nomination``.
    @transition(
        field=state,
        source=S.APPROVED,
        target=S.AWARDED,
        permission=PartOf(_("最终名单上报国务院办公厅")),
        conditions=[still_eligible],
        custom=step(
            _("上报并给予激励"),
            "art. 7(4), 10, 11",
            audit="nomination.award",
            notify=_("申报单位"),
            role=Role.SAMR_APPROVER,
            irreversible=True,
        ),
    )
    def confer_award(self):
        pass

    @transition(
        field=state,
        source=S.AWARDED,
        target=S.REVOKED,
        permission=Rule("award.revoke"),
        custom=step(_("撤销激励"), "art. 14, 15", notify=_("申报单位"), role=Role.SAMR_APPROVER, irreversible=True),
    )
    def revoke(self):
        """Only on a basis: a fraud finding (art. 14) or a major incident with government responsibility in the
        award's campaign year (art. 15)."""

    @transition(
        field=state,
        source=list(DISQUALIFIABLE_STATES),
        target=S.DISQUALIFIED,
        permission=Rule("nomination.disqualify"),
        custom=step(_("取消资格"), "art. 14", notify=_("申报单位"), role=Role.SAMR_APPROVER, irreversible=True),
    )
    def disqualify(self):
        """Fraud found during application or recommendation, up to the final list, with its finding."""


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
