"""The applicant's side: create an application, answer the checklist, attach evidence (art. 7(2), art. 8).

Every function takes the acting user first, asks the policy, checks the rules
and deadlines, changes the rows inside one transaction and audits the change.
"""

import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain import workflow
from core.domain.audit import record
from core.domain.uploads import inspect_upload
from criteria.domain.eligibility import applicant_eligibility
from criteria.domain.evaluation import Answer as AnswerFact
from criteria.domain.evaluation import evaluate
from criteria.domain.facts import incident_facts, set_spec
from criteria.domain.incidents import incidents_for
from criteria.domain.sanctions import application_ban
from criteria.enums import Category, CriterionKind
from provinces.enums import Role

from ..enums import AttachmentPurpose
from ..models import Answer, Attachment, Nomination, guards
from ..models.guards import application_window_refusals, local_datetime
from .campaigns import campaign_year_at


def applicant_division(user):
    """The division the user applies for (its applicant membership), or None."""
    return next((m.bureau.division for m in policy.memberships(user) if m.role == Role.APPLICANT), None)


def require_application_window(campaign):
    refusals = application_window_refusals(campaign)
    if refusals:
        raise ValidationError(refusals)


def application_ban_refusals(division, campaign):
    """art. 14: the refusal of an application by a locality under an application ban, or none."""
    ban = application_ban(division, campaign.year)
    return [] if ban is None else [application_ban_refusal(division, ban)]


def require_no_application_ban(division, campaign):
    refusals = application_ban_refusals(division, campaign)
    if refusals:
        raise ValidationError(refusals)


def start_refusal(user, campaign, *, taken, ban, now=None):
    """Why the user's locality cannot start another application in ``campaign`` now, in Chinese; "" when it can.

    The conditions of ``create_nomination`` for any category, read by every screen that offers 新建申报 (the
    dashboard, 我的申报): ``taken`` are the categories it has applied in, ``ban`` the application ban in force
    (``criteria.domain.sanctions.application_ban``), both already read by the caller. A user who is not an
    applicant at all gets "" with nothing to offer either: the screens show the button only to applicants."""
    division = applicant_division(user)
    eligibility = applicant_eligibility(division)
    if not policy.can(user, "nomination.create", campaign) or not eligibility:
        return eligibility.reason if not eligibility else _("只有市、县市场监管部门的申报账号可以创建申报。")
    if ban is not None:
        return application_ban_refusal(division, ban)  # art. 14
    if not campaign.application_window_open(now):  # art. 7(2)
        return _("申报已于%(deadline)s截止。") % {"deadline": local_datetime(campaign.application_deadline)}
    if not set(campaign.criteria_sets.values_list("category", flat=True)) - set(taken):
        return _("本年度各类别均已申报（每类只能申报一份）。")
    return ""


@transaction.atomic
def create_nomination(user, campaign, category, *, request=None):
    """Start the one application of the user's locality in ``category`` (art. 7(2): 自主申报)."""
    if not policy.can(user, "nomination.create", campaign):
        raise ValidationError(_("只有市、县市场监管部门的申报账号可以创建申报。"))
    division = applicant_division(user)
    eligibility = applicant_eligibility(division)
    if not eligibility:
        raise ValidationError(eligibility.reason)
    if category not in Category.values:
        raise ValidationError(_("未知类别“%(category)s”。") % {"category": category})
    require_application_window(campaign)
    require_no_application_ban(division, campaign)
    criteria_set = campaign.criteria_sets.filter(category=category).first()
    if criteria_set is None:
        raise ValidationError(_("本年度未设置该类别的认定条件，请联系管理员。"))
    existing = Nomination.objects.filter(campaign=campaign, category=category, division=division).first()
    if existing is not None:
        raise ValidationError(one_per_category_message(existing))
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                campaign=campaign, category=category, division=division, criteria_set=criteria_set, created_by=user
            )
    except IntegrityError:  # a concurrent request created it first
        existing = Nomination.objects.get(campaign=campaign, category=category, division=division)
        raise ValidationError(one_per_category_message(existing)) from None
    record(user, "nomination.create", nomination, to_state=nomination.state, role=Role.APPLICANT, request=request)
    return nomination


def one_per_category_message(existing):
    return _("%(name)s本年度已有一份“%(category)s”申报（%(state)s），每类只能申报一份。") % {
        "name": existing.division.name,
        "category": existing.get_category_display(),
        "state": existing.get_state_display(),
    }


def lock(nomination):
    """Re-read ``nomination`` with a row lock for the rest of the transaction."""
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("campaign", "division", "criteria_set")
        .get(pk=nomination.pk)
    )


def require_editable(user, nomination):
    workflow.require(user, nomination, "edit")


ANSWER_FIELDS = ("met", "value", "narrative", "highlight", "indicators")


@transaction.atomic
def save_answers(user, nomination, answers, *, summary=None, request=None):
    """Upsert the checklist: ``[{"criterion": "6.3", "met": True, "value": "97.5", "narrative": …}, …]``.

    Every item is checked first; any error refuses the whole request, naming the
    item, and nothing is saved.
    """
    nomination = lock(nomination)
    require_editable(user, nomination)
    criteria = {c.number: c for c in nomination.criteria_set.criteria.all()}
    errors, cleaned = [], []
    for position, item in enumerate(answers, start=1):
        number = str(item.get("criterion", "")).strip()
        criterion = criteria.get(number)
        if criterion is None:
            errors.append(
                _("第 %(n)s 项：条件编号“%(number)s”不在本类认定条件中。") % {"n": position, "number": number}
            )
            continue
        values, problems = _clean_answer(criterion, item)
        errors.extend(_("%(number)s：%(problem)s") % {"number": number, "problem": p} for p in problems)
        cleaned.append((criterion, values))
    if errors:
        raise ValidationError(errors)
    # Two statements whatever the number of answers: the new ones inserted, the others updated (the deadline rush).
    existing = {a.criterion_id: a for a in nomination.answers.all()}
    now = timezone.now()
    created, updated, fields = [], [], {"updated_at"}
    for criterion, values in cleaned:
        answer = existing.get(criterion.pk)
        if answer is None:
            answer = Answer(nomination=nomination, criterion=criterion)
            created.append(answer)
        else:
            updated.append(answer)
        for name, value in values.items():
            setattr(answer, name, value)
        answer.updated_at = now
        fields.update(values)
    Answer.objects.bulk_create(created)
    if updated:
        Answer.objects.bulk_update(updated, sorted(fields))
    if summary is not None:
        nomination.summary = summary
        nomination.save(update_fields=["summary", "updated_at"])
    record(
        user,
        "nomination.answers",
        nomination,
        role=Role.APPLICANT,
        request=request,
        criteria=[c.number for c, _v in cleaned],
    )
    return nomination


def _clean_answer(criterion, item):
    values, problems = {}, []
    if "met" in item:
        met = item["met"]
        if met not in (True, False, None):
            problems.append(_("“是否符合”应为是、否或留空。"))
        values["met"] = met
    if "value" in item:
        raw = item["value"]
        value = None if raw in (None, "") else number(raw)
        if value is INVALID:
            problems.append(_("指标值“%(value)s”不是数字。") % {"value": raw})
        elif value is not None and criterion.unit == PERCENT and not ZERO <= value <= HUNDRED:
            problems.append(_("指标值%(value)s%%超出 0 到 100 的范围。") % {"value": value})
        else:
            values["value"] = value
        if criterion.kind != CriterionKind.METRIC and values.get("value") is not None:
            problems.append(_("该项不是量化指标，不填指标值。"))
    if "narrative" in item:
        narrative = str(item["narrative"] or "")
        if len(narrative) > 5000:
            problems.append(_("情况说明不能超过 5000 字。"))
        values["narrative"] = narrative
    if "highlight" in item:
        values["highlight"] = bool(item["highlight"])
    if "indicators" in item:
        indicators = item["indicators"] or {}
        known = {i["name"] for i in criterion.extra_indicators}
        if not isinstance(indicators, dict) or set(indicators) - known:
            problems.append(
                _("附加指标只能填写：%(names)s。") % {"names": "、".join(sorted(known)) or _("（本项没有附加指标）")}
            )
        else:
            units = {i["name"]: i["unit"] for i in criterion.extra_indicators}
            cleaned = {}
            for name, raw in indicators.items():
                value = None if raw in (None, "") else number(raw)
                if value is INVALID:
                    problems.append(_("附加指标“%(name)s”的值“%(value)s”不是数字。") % {"name": name, "value": raw})
                elif value is not None and units[name] == PERCENT and not ZERO <= value <= HUNDRED:
                    problems.append(
                        _("附加指标“%(name)s”%(value)s%%超出 0 到 100 的范围。") % {"name": name, "value": value}
                    )
                elif value is not None:
                    cleaned[name] = str(value)
            values["indicators"] = cleaned
    return values, problems


PERCENT = "%"
ZERO, HUNDRED = Decimal(0), Decimal(100)
INVALID = object()


def number(raw):
    """A figure as the applicant typed it, normalised: full-width digits, point, sign and percent sign (NFKC) read as
    ASCII, spaces and a trailing % dropped, rounded to 0.01; ``INVALID`` when it is not a finite number the database
    can hold (never stored as written)."""
    text = unicodedata.normalize("NFKC", str(raw)).strip().removesuffix("%").strip()
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return INVALID
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        return INVALID
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def add_attachment(user, nomination, uploaded_file, *, criterion_number=None, request=None):
    """Store one evidence file privately after checking its content, size and the campaign's limits (art. 8)."""
    nomination = lock(nomination)
    require_editable(user, nomination)
    campaign = nomination.campaign
    criterion = None
    if criterion_number:
        criterion = nomination.criteria_set.criteria.filter(number=criterion_number).first()
        if criterion is None:
            raise ValidationError(_("条件编号“%(number)s”不在本类认定条件中。") % {"number": criterion_number})
    counts = nomination.attachments.filter(purpose=AttachmentPurpose.EVIDENCE).aggregate(
        total=Count("pk"), for_criterion=Count("pk", filter=Q(criterion=criterion))
    )
    if counts["total"] >= campaign.max_attachments:
        # art. 8: 严格控制填报表格和报送材料数量
        raise ValidationError(
            _("每份申报最多 %(max)s 个附件，已达上限；请删除不需要的附件后再上传。") % {"max": campaign.max_attachments}
        )
    if criterion is not None and counts["for_criterion"] >= criterion.max_attachments:
        raise ValidationError(
            _("%(number)s 最多 %(max)s 个附件，已达上限。")
            % {"number": criterion.number, "max": criterion.max_attachments}
        )
    attachment = store_attachment(
        user, nomination, uploaded_file, purpose=AttachmentPurpose.EVIDENCE, criterion=criterion
    )
    record(
        user,
        "attachment.upload",
        nomination,
        role=Role.APPLICANT,
        request=request,
        attachment=attachment.pk,
        name=attachment.original_name,
        sha256=attachment.sha256,
    )
    return attachment


def store_attachment(user, nomination, uploaded_file, *, purpose, criterion=None):
    """Check ``uploaded_file`` by its content and the campaign's size limit, then store it privately.

    Callers hold the nomination's lock and have checked who may add what.
    """
    inspected = inspect_upload(uploaded_file, max_bytes=nomination.campaign.max_file_mb * 1024 * 1024)
    same = (
        Attachment.objects.filter(nomination=nomination, purpose=purpose, sha256=inspected.sha256)
        .select_related("criterion")
        .first()
    )
    if same is not None:  # the same content twice only fills the art. 8 limit and the reviewers' time
        where = _("（%(number)s）") % {"number": same.criterion.number} if same.criterion else ""
        raise ValidationError(
            _("同样内容的文件已经上传过：“%(name)s”%(where)s，无需重复上传。")
            % {"name": same.original_name, "where": where},
            code="duplicate",
        )
    attachment = Attachment(
        nomination=nomination,
        criterion=criterion,
        purpose=purpose,
        original_name=inspected.display_name,
        kind=inspected.kind,
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=user,
    )
    attachment.file.save(inspected.display_name, uploaded_file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(user, attachment, *, request=None):
    nomination = lock(attachment.nomination)
    require_editable(user, nomination)
    name, digest, storage_name = attachment.original_name, attachment.sha256, attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(storage_name))
    record(user, "attachment.remove", nomination, role=Role.APPLICANT, request=request, name=name, sha256=digest)


def evaluation_for(nomination, *, answers=None, on=None):
    """Run the evaluation engine on the stored answers (constant number of queries); ``answers`` if the caller has
    read them already. Judged on the day ``on`` of the decision, today by default: art. 6(8)'s 近3年 ends there."""
    criteria_set = nomination.criteria_set
    prefetch_related_objects([criteria_set], "criteria")
    criteria = list(criteria_set.criteria.all())
    by_pk = {c.pk: c.number for c in criteria}
    attachment_counts = {}
    for criterion_id in nomination.attachments.filter(purpose=AttachmentPurpose.EVIDENCE).values_list(
        "criterion_id", flat=True
    ):
        attachment_counts[criterion_id] = attachment_counts.get(criterion_id, 0) + 1
    answers = {
        by_pk[a.criterion_id]: AnswerFact(
            met=a.met,
            value=a.value,
            narrative=a.narrative,
            highlight=a.highlight,
            attachments=attachment_counts.get(a.criterion_id, 0),
        )
        for a in (nomination.answers.all() if answers is None else answers)
        if a.criterion_id in by_pk
    }
    spec = set_spec(criteria_set)
    incidents = incident_facts(incidents_for(nomination.division))
    return evaluate(spec, answers, incidents, on or timezone.localdate())


# Submitted and not decided for good: where a bar found since the submission stops the next step (the states of the
# transitions that the guard ``still_eligible`` keeps).
RECHECKED_STATES = workflow.guarded_states(Nomination, guards.still_eligible)


def application_ban_message(division, ban):
    """art. 14: 取消该地方3年内申报资格 — the one wording of a ban, for the refusals and the pages."""
    return _("%(name)s处于取消申报资格期内（至%(year)s年度止，第十四条）。") % {
        "name": division.name,
        "year": ban.last_year,
    }


def application_ban_refusal(division, ban):
    """The refusal of an application under ``ban``, wherever it is refused or explained."""
    return application_ban_message(division, ban) + _("不能申报。")


def still_eligible(nomination, evaluation=None):
    """What bars ``nomination`` today, as Chinese messages citing their article; empty when nothing does.

    Every forward step after submission asks again (``require_still_eligible``) what can change after a locality
    applied: a sanction that started later (art. 14, for the campaign's year), a major incident recorded later (art.
    6(8), counted back from today: the register's criteria are judged afresh), and, when the criteria set was changed
    after the submission, every criterion again. The answers themselves were judged when submitted. ``evaluation``:
    today's, if the caller has it already."""
    problems = []
    ban = application_ban(nomination.division, nomination.campaign.year)
    if ban is not None:
        problems.append(application_ban_message(nomination.division, ban))
    evaluation = evaluation or evaluation_for(nomination)
    criteria_set = nomination.criteria_set
    corrected = nomination.submitted_at is not None and criteria_set.updated_at > nomination.submitted_at
    if corrected:
        return problems + list(evaluation.reasons)
    from_register = {c.number for c in criteria_set.criteria.all() if c.kind == CriterionKind.NO_INCIDENT}
    unmet = [verdict for verdict in evaluation.verdicts if not verdict.met]
    problems.extend(
        reason for verdict, reason in zip(unmet, evaluation.reasons, strict=False) if verdict.number in from_register
    )
    return problems


def still_eligible_refusals(nomination, step):
    """The refusal of ``step`` (a label: 核实, 列入拟推荐名单, …) for an application that no longer meets the
    conditions, or none; the province or SAMR then returns, rejects or disqualifies it (docs/workflow.md
    "Re-checked at every step"). The guard ``still_eligible`` of each forward transition asks it."""
    problems = still_eligible(nomination)
    if not problems:
        return []
    return [
        _("%(name)s的申报已不符合认定条件，不能%(step)s：") % {"name": nomination.division.name, "step": step}
    ] + problems


def require_still_eligible(nomination, step):
    """For a step that is not one application's transition (approving a national list checks each entry)."""
    refusals = still_eligible_refusals(nomination, step)
    if refusals:
        raise ValidationError(refusals)


def open_attachment(user, attachment, *, request=None):
    """Authorise and audit one download of evidence; returns the open file.

    A foreign attachment is a 404, like its application (art. 14: who saw what
    is on record).
    """
    policy.authorize(user, "attachment.download", attachment)
    record(
        user,
        "attachment.download",
        attachment.nomination,
        request=request,
        attachment=attachment.pk,
        name=attachment.original_name,
        sha256=attachment.sha256,
    )
    return attachment.file.open("rb")


def changes_since_previous(nomination):
    """What changed between the last two submitted versions: ``[(number, field, old, new), …]``."""
    versions = list(nomination.versions.order_by("-number")[:2])
    if len(versions) < 2:
        return []
    new, old = versions[0].answers, versions[1].answers
    changes = []
    for number in sorted(set(old) | set(new), key=lambda n: [int(p) for p in n.split(".")]):
        before, after = old.get(number, {}), new.get(number, {})
        for name in ("met", "value", "narrative", "highlight", "indicators"):
            if before.get(name) != after.get(name):
                changes.append((number, name, before.get(name), after.get(name)))
    if versions[0].summary != versions[1].summary:
        changes.append(("", "summary", versions[1].summary, versions[0].summary))
    return changes


@transaction.atomic
def add_typical_experience(user, division, *, title, summary="", year=None, request=None):
    """A province records a typical experience (典型经验做法) of one of its localities (art. 9).

    Applications of that locality are then flagged for priority in the queue.
    """
    from ..models import TypicalExperience

    policy.authorize(user, "typical_experience.manage", division)
    if not (title or "").strip():
        raise ValidationError(_("请填写典型经验做法的名称。"))
    eligibility = applicant_eligibility(division)
    if not eligibility:
        raise ValidationError(eligibility.reason)
    experience = TypicalExperience.objects.create(
        province=division.province,
        division=division,
        title=title.strip(),
        summary=summary or "",
        year=year or campaign_year_at(timezone.localdate()),
        created_by=user,
    )
    record(user, "typical_experience.create", experience, request=request, division=division.code)
    return experience
