"""The national stage's evaluation (全面考察、客观评估, art. 4 and art. 7(4)): one function per action.

SAMR records its own findings first (art. 4), asks experts and related
departments for opinions (行业专家和相关部门意见, art. 7(4)) through per-object
grants, and sets the national score. Each action checks the policy and the
conditions, locks the nomination, and writes the audit event, as in ``workflow``.
"""

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts import policy
from core.domain import workflow as table
from core.domain.audit import record
from core.domain.notifications import notify_after_commit
from core.domain.workflow import refuse
from nominations.domain.applications import lock, store_attachment
from nominations.domain.workflow import score_criteria, transition
from nominations.enums import NATIONAL_STATES, AttachmentPurpose, NominationState, ReviewStage
from nominations.models import Nomination, Review
from nominations.models.guards import local_datetime, national_window_refusals
from provinces.enums import Role

from ..models import AssignmentStage, ExpertAssignment, FindingKind, InformationRequest, SamrFinding

S = NominationState
OPINION_STAGES = (ReviewStage.EXPERT, ReviewStage.DEPARTMENT)
VIEW_NOMINATION = "nominations.view_nomination"
CENT = Decimal("0.01")


def require_evaluation_window(campaign):
    """Refuse SAMR's work on a draft list after the campaign's national deadline (read from the clock); one
    application's steps have the same guard in the workflow table."""
    refuse(national_window_refusals(campaign))


def _decimal(value, message):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise ValidationError(message) from None
    if not number.is_finite():
        raise ValidationError(message)
    return number


# ---------------------------------------------------------------- SAMR's own data (art. 4)


@transaction.atomic
def add_finding(user, nomination, *, kind, text, criterion=None, value=None, source="", request=None):
    """Record what SAMR itself knows (inspection, assessment, data); art. 4 puts it before the declared data."""
    nomination = lock(nomination)
    table.require(user, nomination, "find")
    problems = []
    if kind not in FindingKind.values:
        problems.append(_("未知的情况类型“%(kind)s”。") % {"kind": kind})
    if not (text or "").strip():
        problems.append(_("请填写掌握情况的内容。"))
    criterion = (criterion or "").strip()
    if criterion and not nomination.criteria_set.criteria.filter(number=criterion).exists():
        problems.append(_("条件编号“%(number)s”不在本类认定条件中。") % {"number": criterion})
    try:
        value = _decimal(value, _("数值须为数字。"))
    except ValidationError as error:
        problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)
    finding = SamrFinding.objects.create(
        nomination=nomination,
        kind=kind,
        criterion=criterion,
        text=text.strip(),
        value=value,
        source=(source or "").strip(),
        recorded_by=user,
    )
    record(user, "nomination.finding", nomination, role=Role.SAMR_REVIEWER, request=request, finding=finding.pk)
    return finding


# ---------------------------------------------------------------- more information from the province (补充材料)


@transaction.atomic
def request_information(user, nomination, *, question, due_at=None, request=None):
    """Ask the recommending province for more on an application; SAMR's score waits for the answer."""
    nomination = lock(nomination)
    table.require(user, nomination, "request_information")
    question = (question or "").strip()
    if not question:
        raise ValidationError(_("请写明需要省级市场监管部门补充的情况。"))
    if due_at is not None and due_at <= timezone.now():
        raise ValidationError(_("答复期限须晚于现在。"))
    information_request = InformationRequest.objects.create(
        nomination=nomination, question=question, due_at=due_at, requested_by=user
    )
    event = record(
        user,
        "nomination.information.request",
        nomination,
        role=Role.SAMR_REVIEWER,
        comment=question,
        request=request,
        information_request=information_request.pk,
        due_at=due_at.isoformat() if due_at else None,
    )
    notify_after_commit(event)
    return information_request


@transaction.atomic
def answer_information(user, information_request, *, answer, evidence=None, request=None):
    """The province's answer, with an optional file stored privately as 补充材料; answered once."""
    nomination = lock(information_request.nomination)
    policy.authorize(user, "nomination.information.answer", nomination)
    information_request = InformationRequest.objects.select_for_update().get(pk=information_request.pk)
    if not information_request.is_open:
        raise ValidationError(
            _("该要求已于%(at)s答复，不能再次答复。") % {"at": local_datetime(information_request.answered_at)}
        )
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError(_("请填写答复内容。"))
    if evidence is not None:
        information_request.attachment = store_attachment(
            user, nomination, evidence, purpose=AttachmentPurpose.SUPPLEMENT
        )
    information_request.answer = answer
    information_request.answered_by = user
    information_request.answered_at = timezone.now()
    information_request.save()
    event = record(
        user,
        "nomination.information.answer",
        nomination,
        comment=answer,
        request=request,
        information_request=information_request.pk,
        attachment=information_request.attachment_id,
    )
    notify_after_commit(event)
    return information_request


def open_information_requests(nomination):
    return InformationRequest.objects.filter(nomination=nomination, answered_at__isnull=True)


# ---------------------------------------------------------------- experts and related departments (art. 7(4))


def _expert_provinces(expert):
    """The provinces of the bureaus where ``expert`` holds the expert role (SAMR's own experts have none)."""
    return {
        m.bureau.division.province
        for m in policy.memberships(expert)
        if m.role == Role.EXPERT and m.bureau.division is not None
    }


@transaction.atomic
def assign(user, nomination, expert, *, stage, request=None):
    """Ask ``expert`` for an opinion; the django-guardian grant lets it see this nomination and no other."""
    nomination = lock(nomination)
    table.require(user, nomination, "assign")
    if stage not in AssignmentStage.values:
        raise ValidationError(_("意见类型须为专家意见或相关部门意见。"))
    if not policy.has_role(expert, Role.EXPERT):
        raise ValidationError(_("%(user)s不是专家或相关部门账号，不能分配。") % {"user": expert})
    province = nomination.division.province
    if province in _expert_provinces(expert):
        # A conflict of interest: nobody weighs its own province's localities.
        raise ValidationError(
            _("%(user)s所在单位属于%(province)s，不能评议%(province)s的申报（回避）。")
            % {"user": expert, "province": province.name}
        )
    if ExpertAssignment.objects.filter(nomination=nomination, expert=expert).exists():
        raise ValidationError(_("%(user)s已分配到这份申报。") % {"user": expert})
    assignment = ExpertAssignment.objects.create(nomination=nomination, expert=expert, stage=stage, assigned_by=user)
    assign_perm(VIEW_NOMINATION, expert, nomination)
    record(
        user, "nomination.assign", nomination, role=Role.SAMR_REVIEWER, request=request, expert=expert.pk, stage=stage
    )
    return assignment


@transaction.atomic
def unassign(user, assignment, *, request=None):
    """Withdraw an assignment and its grant, as long as the opinion has not been filed."""
    nomination = lock(assignment.nomination)
    table.require(user, nomination, "assign")
    assignment = ExpertAssignment.objects.select_related("expert").get(pk=assignment.pk)
    if Review.objects.filter(nomination=nomination, stage=assignment.stage, reviewer=assignment.expert).exists():
        raise ValidationError(_("%(user)s已提交意见，不能取消分配。") % {"user": assignment.expert})
    expert, stage = assignment.expert, assignment.stage
    assignment.delete()
    remove_perm(VIEW_NOMINATION, expert, nomination)
    record(
        user, "nomination.unassign", nomination, role=Role.SAMR_REVIEWER, request=request, expert=expert.pk, stage=stage
    )


@transaction.atomic
def file_opinion(user, nomination, *, criteria, comment="", request=None):
    """The assigned expert's opinion: per-criterion scores and remarks, weighted like the province's review."""
    nomination = lock(nomination)
    table.require(user, nomination, "file_opinion")
    assignment = ExpertAssignment.objects.get(nomination=nomination, expert=user)
    cleaned, score = score_criteria(nomination.criteria_set, criteria)
    if score is None and not (comment or "").strip():
        raise ValidationError(_("请至少为一项条件打分，或填写总体意见。"))
    review, _created = Review.objects.update_or_create(
        nomination=nomination,
        stage=assignment.stage,
        reviewer=user,
        defaults={"criteria": cleaned, "score": score, "comment": comment or ""},
    )
    # The score stays out of the audit trail so that the opinions remain blind.
    record(user, "nomination.opinion", nomination, role=Role.EXPERT, request=request, stage=assignment.stage)
    return review


def opinions_visible_to(user, nomination):
    """The expert and department opinions ``user`` may read.

    SAMR sees them all; an expert sees the others' only after filing its own
    (blind review), before that nothing; applicants and provinces see none.
    """
    opinions = Review.objects.filter(nomination=nomination, stage__in=OPINION_STAGES).select_related("reviewer")
    if not policy.can(user, "nomination.opinions.view", nomination):
        return opinions.none()
    if policy.is_national(user) or opinions.filter(reviewer=user).exists():
        return opinions.order_by("stage", "updated_at", "pk")
    return opinions.none()


def candidates(user, campaign):
    """Recommended and later applications of ``campaign`` the user may see, with the opinions' count and mean
    (one query): SAMR's candidates page and its export."""
    opinions = Q(reviews__stage__in=OPINION_STAGES, reviews__score__isnull=False)
    return (
        policy.visible(user, Nomination.objects.all())
        .filter(campaign=campaign, state__in=NATIONAL_STATES)
        .select_related("division__province", "division__prefecture")
        .annotate(opinion_count=Count("reviews", filter=opinions), opinion_mean=Avg("reviews__score", filter=opinions))
    )


@dataclass(frozen=True)
class Aggregate:
    count: int
    mean: Decimal | None
    median: Decimal | None


def aggregate(nomination):
    """Count, mean and median of the opinions' scores (one query)."""
    scores = list(
        Review.objects.filter(nomination=nomination, stage__in=OPINION_STAGES, score__isnull=False).values_list(
            "score", flat=True
        )
    )
    if not scores:
        return Aggregate(0, None, None)
    mean = (sum(scores, Decimal(0)) / len(scores)).quantize(CENT)
    return Aggregate(len(scores), mean, Decimal(statistics.median(scores)).quantize(CENT))


@transaction.atomic
def evaluate(user, nomination, *, score=None, comment="", request=None):
    """SAMR's evaluation (art. 7(4) 客观评估): the national score, by default the opinions' mean."""
    nomination = lock(nomination)
    table.require(user, nomination, "evaluate")
    if open_information_requests(nomination).exists():
        raise ValidationError(_("省级市场监管部门尚未答复补充材料要求，答复后才能评估。"))
    score = _decimal(score, _("评估得分须为数字。"))
    if score is None:
        score = aggregate(nomination).mean
        if score is None:
            raise ValidationError(_("尚无专家或相关部门意见，请填写评估得分。"))
    if not (0 <= score <= 100):
        raise ValidationError(_("评估得分须在 0 到 100 之间。"))
    score = score.quantize(CENT)
    Review.objects.update_or_create(
        nomination=nomination,
        stage=ReviewStage.SAMR,
        reviewer=user,
        defaults={"score": score, "comment": comment or ""},
    )
    nomination.national_score = score
    return transition(
        user,
        nomination,
        "evaluate",
        "evaluate",
        role=Role.SAMR_REVIEWER,
        comment=comment,
        request=request,
        score=str(score),
    )
