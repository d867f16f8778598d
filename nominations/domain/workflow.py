"""State changes of an application: one function per action (DESIGN §3, STYLE.md).

Each checks the policy, the rule conditions and the deadline, locks the row,
performs the django-fsm-2 transition, writes the audit event and queues the
notification for after the commit. Views, the API, the admin and tasks call
these and never change a state themselves.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain import workflow as table
from core.domain.audit import record
from core.domain.dates import decision_date_problems
from core.domain.notifications import notify_after_commit
from core.domain.uploads import inspect_upload
from core.domain.workflow import refuse
from criteria.domain.sanctions import recommendation_ban
from criteria.enums import Category
from provinces.enums import Role

from ..enums import AttachmentPurpose, CampaignStatus, NominationState, RecommendationState, ReviewStage
from ..models import Campaign, Nomination, NominationVersion, ProvinceCap, ProvinceRecommendation, Review
from ..models.guards import local_datetime, province_window_refusals
from .applications import (
    evaluation_for,
    lock,
    store_attachment,
)
from .campaigns import province_of

S = NominationState
PLEDGE = (
    "本单位郑重承诺：所报申报材料和数据真实、准确、完整，不存在弄虚作假行为。"
    "如有弄虚作假，愿依照《市场监管工作真抓实干成效明显地方激励措施实施办法》第十四条承担相应责任，"
    "包括取消本地方3年内申报资格、所在省级市场监管部门下一年度推荐资格，已纳入激励范围的停止和撤销激励支持措施。"
)


def transition(user, nomination, action, method=None, *, role, comment="", request=None, **data):
    """Take the workflow table's ``method`` (its state and guards checked again: ``core.domain.workflow.take``), save,
    audit it under the table's name for it and notify after the commit. The caller has asked ``table.require`` for
    the user, or is the list action the step is part of. ``action``: the method's name when ``method`` is omitted
    (the older call ``transition(user, nomination, "return", "return_for_revision")`` still reads)."""
    method = method or action
    before = nomination.state
    step = table.take_step(nomination, method)
    nomination.save()
    event = record(
        user,
        step.audit,
        nomination,
        from_state=before,
        to_state=nomination.state,
        comment=comment,
        role=role,
        request=request,
        **data,
    )
    notify_after_commit(event)
    return nomination


# ---------------------------------------------------------------- applicant


def _snapshot(user, nomination, answers):
    """Keep ``answers`` as submitted: the application's next version."""
    numbers = {criterion.pk: criterion.number for criterion in nomination.criteria_set.criteria.all()}
    answers = {
        numbers[a.criterion_id]: {
            "met": a.met,
            "value": None if a.value is None else str(a.value),
            "narrative": a.narrative,
            "highlight": a.highlight,
            "indicators": a.indicators,
        }
        for a in answers
    }
    nomination.version += 1
    NominationVersion.objects.create(
        nomination=nomination, number=nomination.version, summary=nomination.summary, answers=answers, created_by=user
    )


def _check_submission(user, nomination, pledge):
    # art. 14 makes fraud costly: the authenticity pledge is what the bureau signs.
    if not pledge:
        raise ValidationError(_("提交前须阅读并接受真实性承诺。"))
    answers = list(nomination.answers.all())  # read once: evaluated, then kept as the submitted version
    evaluation = evaluation_for(nomination, answers=answers)
    if not evaluation.eligible:
        raise ValidationError([_("申报尚不符合认定条件，未提交：")] + list(evaluation.reasons))
    nomination.pledge_text = PLEDGE
    nomination.pledge_accepted_at = timezone.now()
    nomination.pledge_accepted_by = user
    nomination.submitted_at = nomination.pledge_accepted_at
    _snapshot(user, nomination, answers)


@transaction.atomic
def submit(user, nomination, *, pledge, request=None):
    nomination = lock(nomination)
    table.require(user, nomination, "submit")
    _check_submission(user, nomination, pledge)
    return transition(user, nomination, "submit", "submit", role=Role.APPLICANT, request=request)


@transaction.atomic
def resubmit(user, nomination, *, pledge, comment="", request=None):
    nomination = lock(nomination)
    table.require(user, nomination, "resubmit")
    if not (comment or "").strip():
        # The province reads what changed against what it asked for (退回修改): the applicant says it.
        raise ValidationError(_("请填写修改说明：按退回意见修改了哪些内容。"))
    _check_submission(user, nomination, pledge)
    return transition(
        user, nomination, "resubmit", "resubmit", role=Role.APPLICANT, comment=comment.strip(), request=request
    )


@transaction.atomic
def withdraw(user, nomination, *, comment="", request=None):
    """Withdraw before the province decides (draft, submitted or returned)."""
    nomination = lock(nomination)
    table.require(user, nomination, "withdraw")
    return transition(user, nomination, "withdraw", "withdraw", role=Role.APPLICANT, comment=comment, request=request)


# ---------------------------------------------------------------- province: verify (情况核实)


@transaction.atomic
def return_for_revision(user, nomination, *, reason, deadline, request=None):
    """Send back for revision (退回修改) with a reason and a deadline to answer."""
    nomination = lock(nomination)
    table.require(user, nomination, "return_for_revision")
    problems = []
    if not (reason or "").strip():
        problems.append(_("请填写退回原因，说明需要修改的内容。"))
    if deadline is None or deadline <= timezone.now():
        problems.append(_("修改期限须晚于现在。"))
    elif deadline > nomination.campaign.province_deadline:
        problems.append(
            _("修改期限不能晚于省级推荐截止时间（%(deadline)s）。")
            % {"deadline": local_datetime(nomination.campaign.province_deadline)}
        )
    if problems:
        raise ValidationError(problems)
    nomination.return_reason = reason.strip()
    nomination.return_deadline = deadline
    return transition(
        user, nomination, "return", "return_for_revision", role=Role.PROVINCE_REVIEWER, comment=reason, request=request
    )


@transaction.atomic
def verify(user, nomination, *, note, evidence=None, request=None):
    """Record the verification (情况核实), with optional on-site evidence kept beside the applicant's."""
    nomination = lock(nomination)
    table.require(user, nomination, "verify")
    if not (note or "").strip():
        raise ValidationError(_("请填写核实情况（第七条第三项：情况核实）。"))
    nomination.verification_note = note.strip()
    data = {}
    if evidence is not None:
        attachment = store_attachment(user, nomination, evidence, purpose=AttachmentPurpose.VERIFICATION)
        data = {"attachment": attachment.pk, "name": attachment.original_name, "sha256": attachment.sha256}
    return transition(
        user, nomination, "verify", "verify", role=Role.PROVINCE_REVIEWER, comment=note, request=request, **data
    )


@transaction.atomic
def reject(user, nomination, *, reason, request=None):
    nomination = lock(nomination)
    table.require(user, nomination, "reject")
    if not (reason or "").strip():
        raise ValidationError(_("请填写未推荐原因。"))
    nomination.rejection_reason = reason.strip()
    return transition(
        user, nomination, "reject", "reject", role=Role.PROVINCE_REVIEWER, comment=reason, request=request
    )


def score_criteria(criteria_set, criteria):
    """Check per-criterion scores (0–100) and remarks; return them cleaned with their weighted mean.

    Shared by every stage that scores against the criteria weights (province, experts, SAMR).
    """
    weights = {c.number: c.weight for c in criteria_set.criteria.all()}
    errors, cleaned = [], {}
    for number, item in (criteria or {}).items():
        if number not in weights:
            errors.append(_("条件编号“%(number)s”不在本类认定条件中。") % {"number": number})
            continue
        score = item.get("score")
        try:
            score = None if score in (None, "") else Decimal(str(score))
        except ArithmeticError:
            score = Decimal(-1)
        if score is not None and (not score.is_finite() or not (0 <= score <= 100)):
            errors.append(_("%(number)s：分数须在 0 到 100 之间。") % {"number": number})
            continue
        cleaned[number] = {"score": None if score is None else str(score), "remark": str(item.get("remark") or "")}
    if errors:
        raise ValidationError(errors)
    scored = [(weights[n], Decimal(v["score"])) for n, v in cleaned.items() if v["score"] is not None]
    total_weight = sum((w for w, _s in scored), Decimal(0))
    score = (
        (sum((w * s for w, s in scored), Decimal(0)) / total_weight).quantize(Decimal("0.01")) if total_weight else None
    )
    return cleaned, score


@transaction.atomic
def save_province_review(user, nomination, *, criteria, comment="", request=None):
    """Per-criterion remarks and scores (0–100); the score is their mean weighted by the criteria weights."""
    nomination = lock(nomination)
    table.require(user, nomination, "score")
    cleaned, score = score_criteria(nomination.criteria_set, criteria)
    review, _created = Review.objects.update_or_create(
        nomination=nomination,
        stage=ReviewStage.PROVINCE,
        reviewer=user,
        defaults={"criteria": cleaned, "score": score, "comment": comment or ""},
    )
    scores = [
        r
        for r in nomination.reviews.filter(stage=ReviewStage.PROVINCE).values_list("score", flat=True)
        if r is not None
    ]
    nomination.province_score = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01")) if scores else None
    nomination.save(update_fields=["province_score", "updated_at"])
    record(user, "nomination.review", nomination, role=Role.PROVINCE_REVIEWER, request=request, score=str(score))
    return review


# ---------------------------------------------------------------- province: rank and shortlist (综合比选)


def recommendation_for(campaign, province, category):
    """The province's recommendation of ``category``, created on first use."""
    try:
        with transaction.atomic():
            recommendation, _created = ProvinceRecommendation.objects.get_or_create(
                campaign=campaign, province=province, category=category
            )
    except IntegrityError:  # created concurrently
        recommendation = ProvinceRecommendation.objects.get(campaign=campaign, province=province, category=category)
    return recommendation


def open_province_list(user, campaign, category):
    """The list of the user's own province in ``category``: ``(recommendation, created)``."""
    province = province_of(user)
    if province is None:
        raise PermissionDenied(_("只有省级市场监管部门的账号可以建立推荐名单。"))
    if category not in Category.values:
        raise ValidationError(_("未知类别“%(category)s”。") % {"category": category})
    existed = ProvinceRecommendation.objects.filter(campaign=campaign, province=province, category=category).exists()
    return recommendation_for(campaign, province, category), not existed


def _lock_recommendation(nomination):
    """Serialise every change of one province's list in one category on its recommendation row."""
    province = nomination.division.province
    recommendation = recommendation_for(nomination.campaign, province, nomination.category)
    recommendation = ProvinceRecommendation.objects.select_for_update().get(pk=recommendation.pk)
    _require_list_open(recommendation)
    return recommendation


def _require_list_open(recommendation):
    if recommendation.state != RecommendationState.DRAFT:
        raise ValidationError(
            _("%(province)s“%(category)s”名单已经%(state)s，不能再调整。")
            % {
                "province": recommendation.province.name,
                "category": recommendation.get_category_display(),
                "state": recommendation.get_state_display(),
            }
        )


def shortlisted_count(campaign, province, category):
    return Nomination.objects.filter(
        campaign=campaign,
        category=category,
        division__province=province,
        state__in=[S.SHORTLISTED, S.RECOMMENDED],
    ).count()


@transaction.atomic
def shortlist(user, nomination, *, request=None):
    """Put a verified application on the province's proposed list, within the province's cap."""
    nomination = lock(nomination)
    table.require(user, nomination, "shortlist")
    recommendation = _lock_recommendation(nomination)
    cap = ProvinceCap.objects.filter(
        campaign=nomination.campaign, province=recommendation.province, category=nomination.category
    ).first()
    if cap is not None:
        used = shortlisted_count(nomination.campaign, recommendation.province, nomination.category)
        if used >= cap.cap:
            raise ValidationError(
                _("%(province)s“%(category)s”最多推荐 %(cap)s 个，已列入 %(used)s 个；请先移出其他地方。")
                % {
                    "province": recommendation.province.name,
                    "category": nomination.get_category_display(),
                    "cap": cap.cap,
                    "used": used,
                }
            )
    return transition(user, nomination, "shortlist", "shortlist", role=Role.PROVINCE_REVIEWER, request=request)


@transaction.atomic
def unshortlist(user, nomination, *, comment="", request=None):
    nomination = lock(nomination)
    table.require(user, nomination, "unshortlist")
    _lock_recommendation(nomination)
    return transition(
        user, nomination, "unshortlist", "unshortlist", role=Role.PROVINCE_REVIEWER, comment=comment, request=request
    )


@transaction.atomic
def rank(user, recommendation, nomination_ids, *, request=None):
    """Order the verified and shortlisted applications of a province's category; those not listed lose their rank."""
    recommendation = (
        ProvinceRecommendation.objects.select_for_update()
        .select_related("campaign", "province")
        .get(pk=recommendation.pk)
    )
    policy.authorize(user, "recommendation.rank", recommendation)
    _require_list_open(recommendation)
    refuse(province_window_refusals(recommendation.campaign))
    candidates = {
        n.pk: n
        for n in Nomination.objects.filter(
            campaign=recommendation.campaign,
            category=recommendation.category,
            division__province=recommendation.province,
            state__in=[S.VERIFIED, S.SHORTLISTED],
        )
    }
    try:
        ids = [int(i) for i in nomination_ids]
    except (TypeError, ValueError):
        raise ValidationError(_("排序应为申报编号（整数）的列表。")) from None
    unknown = [i for i in ids if i not in candidates]
    if unknown or len(set(ids)) != len(ids):
        raise ValidationError(
            _("排序只能包含本省本类别已核实或拟推荐的申报，且不能重复；不符合的编号：%(ids)s。")
            % {"ids": "、".join(str(i) for i in unknown) or _("（有重复）")}
        )
    changed = []
    for nomination in candidates.values():
        new_rank = ids.index(nomination.pk) + 1 if nomination.pk in ids else None
        if nomination.province_rank != new_rank:
            nomination.province_rank = new_rank
            changed.append(nomination)
    Nomination.objects.bulk_update(changed, ["province_rank"])
    record(user, "recommendation.rank", recommendation, role=Role.PROVINCE_REVIEWER, request=request, order=ids)
    return recommendation


# ---------------------------------------------------------------- province: confirm and recommend


@transaction.atomic
def confirm(user, recommendation, *, document_number, document_date, document=None, request=None):
    """Record the provincial government's confirmation (省级人民政府审核确认, art. 7(3))."""
    recommendation = (
        ProvinceRecommendation.objects.select_for_update()
        .select_related("campaign", "province")
        .get(pk=recommendation.pk)
    )
    policy.authorize(user, "recommendation.approve", recommendation)
    _require_list_open(recommendation)
    problems = []
    if not (document_number or "").strip():
        problems.append(_("请填写省级人民政府确认文件的文号。"))
    problems += decision_date_problems(document_date, name=_("确认日期"))
    if not shortlisted_count(recommendation.campaign, recommendation.province, recommendation.category):
        problems.append(_("名单中还没有拟推荐的地方。"))
    if problems:
        raise ValidationError(problems)
    recommendation.government_document_number = document_number.strip()
    recommendation.government_document_date = document_date
    if document is not None:
        inspected = inspect_upload(document, max_bytes=recommendation.campaign.max_file_mb * 1024 * 1024)
        recommendation.government_document.save(inspected.display_name, document, save=False)
        recommendation.government_document_sha256 = inspected.sha256
        recommendation.government_document_name = inspected.display_name
        recommendation.government_document_content_type = inspected.content_type
    recommendation.confirmed_at = timezone.now()
    recommendation.confirmed_by = user
    table.take(recommendation, "confirm")
    recommendation.save()
    event = record(
        user,
        "recommendation.confirm",
        recommendation,
        from_state=RecommendationState.DRAFT,
        to_state=recommendation.state,
        comment=recommendation.government_document_number,
        role=Role.PROVINCE_APPROVER,
        request=request,
    )
    notify_after_commit(event)
    return recommendation


@transaction.atomic
def recommend(user, recommendation, *, request=None):
    """Recommend the confirmed list to SAMR before the provincial deadline; the entries lock."""
    recommendation = (
        ProvinceRecommendation.objects.select_for_update()
        .select_related("campaign", "province")
        .get(pk=recommendation.pk)
    )
    policy.authorize(user, "recommendation.approve", recommendation)
    campaign = recommendation.campaign
    if recommendation.state != RecommendationState.CONFIRMED:
        raise ValidationError(_("须先登记省级人民政府的确认文件，再向总局推荐。"))
    refuse(province_window_refusals(campaign))
    ban = recommendation_ban(recommendation.province, campaign.year)
    if ban is not None:
        # art. 14: 取消所在省（区、市）市场监管部门下一年度推荐资格
        raise ValidationError(
            _("%(province)s市场监管部门处于取消推荐资格期内（第十四条），本年度不能推荐。")
            % {"province": recommendation.province.name}
        )
    entries = list(
        Nomination.objects.select_for_update()
        .filter(
            campaign=campaign,
            category=recommendation.category,
            division__province=recommendation.province,
            state=S.SHORTLISTED,
        )
        .select_related("division", "campaign")
        .order_by("province_rank", "pk")
    )
    for nomination in entries:
        transition(user, nomination, "recommend", "recommend", role=Role.PROVINCE_APPROVER, request=request)
    left_off = Nomination.objects.select_for_update().filter(
        campaign=campaign,
        category=recommendation.category,
        division__province=recommendation.province,
        state__in=OPEN_IN_THE_PROVINCE,
    )
    reason = _("未列入%(province)s“%(category)s”推荐名单：省级市场监管部门已向总局推荐该类别名单。") % {
        "province": recommendation.province.name,
        "category": recommendation.get_category_display(),
    }
    _leave_off(
        user, left_off.select_related("division", "campaign"), reason, role=Role.PROVINCE_APPROVER, request=request
    )
    recommendation.recommended_at = timezone.now()
    recommendation.recommended_by = user
    table.take(recommendation, "recommend")
    recommendation.save()
    event = record(
        user,
        "recommendation.recommend",
        recommendation,
        from_state=RecommendationState.CONFIRMED,
        to_state=recommendation.state,
        role=Role.PROVINCE_APPROVER,
        request=request,
        nominations=[n.pk for n in entries],
    )
    notify_after_commit(event)
    return recommendation


# Applications the province has not decided on for good: left off when it recommends, or when its deadline passes.
OPEN_IN_THE_PROVINCE = (S.SUBMITTED, S.RETURNED, S.VERIFIED)


def _leave_off(user, nominations, reason, *, role=None, request=None):
    """End each of ``nominations`` as not recommended (``leave_off``), with ``reason`` for its applicant to read."""
    for nomination in nominations:
        nomination.rejection_reason = reason
        transition(user, nomination, "leave_off", "leave_off", role=role, comment=reason, request=request)


def close_province_stages(now=None):
    """The periodic job's side effect (DESIGN §4): once a campaign's provincial deadline has passed, every application
    still before the province (submitted, returned, verified, or shortlisted on a list never recommended) ends as not
    recommended, with the reason; the window itself is read from the clock, so a late run changes nothing else.
    Returns how many were closed."""
    now = now or timezone.now()
    closed = 0
    campaigns = Campaign.objects.filter(status=CampaignStatus.OPEN, province_deadline__lt=now)
    for campaign in campaigns:
        with transaction.atomic():
            pending = (
                Nomination.objects.select_for_update(of=("self",))
                .filter(campaign=campaign, state__in=(*OPEN_IN_THE_PROVINCE, S.SHORTLISTED))
                .select_related("division", "campaign")
            )
            reason = _("省级推荐已于%(deadline)s截止，本申报未被推荐（第七条第三项）。") % {
                "deadline": local_datetime(campaign.province_deadline)
            }
            pending = list(pending)
            _leave_off(None, pending, reason)
            closed += len(pending)
    return closed


# ---------------------------------------------------------------- the campaign's end (art. 7(4))

CLOSING_NOTE_MAX = 200


@transaction.atomic
def close_campaign(user, campaign, *, note="", request=None):
    """结束年度工作, by SAMR's administrator (admin, API): refused while a national list is between approval and report,
    and before the national deadline unless every final list is reported (the ``close`` guard). What is unfinished
    ends with its reason: ``note``, if given, is added to the campaign's."""
    note = " ".join((note or "").split())
    if len(note) > CLOSING_NOTE_MAX:
        raise ValidationError(_("说明不能超过%(n)s个字，请精简。") % {"n": CLOSING_NOTE_MAX})
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    table.require(user, campaign, "close")
    return _close(user, campaign, note=note, request=request)


@transaction.atomic
def close_if_finished(user, campaign, *, request=None):
    """After a final list is reported (``awards.domain.report``): the campaign closes by itself once nothing is left in
    flight (art. 7(4)). Returns whether it closed."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not table.allows(campaign, "close") or table.problems(campaign, "close"):
        return False
    _close(user, campaign, request=request)
    return True


def closing_reasons(campaign, now):
    """Why the campaign closes, and what each kind of unfinished application is told: ``(campaign's, {action: …})``."""
    context = {"campaign": campaign.title, "date": local_datetime(now)}
    if campaign.national_window_open(now):
        reason = _("各类别最终名单均已上报国务院办公厅，年度工作结束（第七条第四项）。")
    else:
        reason = _("总局评估已于%(deadline)s截止，年度工作结束（第七条第四项）。") % {
            "deadline": local_datetime(campaign.national_deadline)
        }
    told = {
        "lapse": _("申报截止（%(deadline)s）前未提交；%(campaign)s已于%(date)s结束。")
        % {**context, "deadline": local_datetime(campaign.application_deadline)},
        "leave_off": _("省级推荐未完成，本申报未被推荐；%(campaign)s已于%(date)s结束。") % context,
        "not_select": _("未列入最终名单；%(campaign)s已于%(date)s结束，本申报未入选。") % context,
    }
    return reason, told


def _close(user, campaign, *, note="", request=None):
    """Close ``campaign`` (locked, its guard checked): every application still in progress ends as the table says, with
    its reason for its applicant (drafts ``lapse``, the province's ``leave_off``, SAMR's ``not_select``)."""
    now = timezone.now()
    reason, told = closing_reasons(campaign, now)
    ended = {}
    for action in told:
        pending = list(
            Nomination.objects.select_for_update(of=("self",))
            .filter(campaign=campaign, state__in=table.sources(Nomination, action))
            .select_related("division", "campaign")
            .order_by("pk")
        )
        for nomination in pending:
            nomination.rejection_reason = told[action]
            transition(user, nomination, action, action, role=None, comment=told[action], request=request)
        ended[action] = len(pending)
    campaign.closed_reason = f"{reason}{note}"[: Campaign._meta.get_field("closed_reason").max_length]
    step = table.take_step(campaign, "close")
    campaign.save()
    record(
        user,
        step.audit,
        campaign,
        from_state=CampaignStatus.OPEN,
        to_state=campaign.status,
        comment=campaign.closed_reason,
        request=request,
        ended=ended,
    )
    return campaign


def open_confirmation_document(user, recommendation, *, request=None):
    """Authorise and audit one download of the government's confirmation; returns (file, content type, name)."""
    policy.authorize(user, "recommendation.view", recommendation)
    if not recommendation.government_document:
        raise Http404
    record(
        user,
        "recommendation.document.download",
        recommendation,
        request=request,
        sha256=recommendation.government_document_sha256,
    )
    name = recommendation.government_document_name or f"{recommendation.government_document_number}.pdf"
    content_type = recommendation.government_document_content_type or "application/octet-stream"
    return recommendation.government_document.open("rb"), content_type, name
