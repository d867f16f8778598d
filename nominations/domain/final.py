"""From the approved national list to the awards (art. 7(4), art. 10, art. 11, art. 15): one function per action.

``start_publicity`` and ``finalise_list`` move the list and its applications; the publicity app calls them around
its own records (the period, the objections, the published version). ``report`` records the report to the State
Council General Office and grants the awards; ``revoke_award`` takes one back (art. 15, or art. 14 through
``disqualify``). ``disqualify`` takes an application out of the process (取消资格), for fraud with the sanctions of
art. 14. Each locks, checks, transitions and audits as in ``workflow``.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain.audit import record
from national.domain.national_list import list_transition, listed, lock_list, take_off_the_list
from national.models import NationalList, NationalListState
from provinces.enums import Role

from ..enums import NominationState
from ..models import MEASURES_BY_CATEGORY, Award, Nomination, ReportDocument
from ..models.nomination import DISQUALIFIABLE_STATES
from .applications import lock
from .sanctions import start_fraud_sanctions
from .workflow import transition

S = NominationState
L = NationalListState


@transaction.atomic
def start_publicity(user, national_list, *, request=None):
    """The approved list goes to publicity (对外公示): the list and each of its applications are ``in_publicity``."""
    policy.authorize(user, "national_list.publish", national_list)
    national_list = lock_list(national_list, L.APPROVED)
    for nomination in listed(national_list):
        transition(user, nomination, "publicise", "publicise", role=Role.SAMR_APPROVER, request=request)
    return list_transition(user, national_list, "publicise", "publicise", request=request)


@transaction.atomic
def finalise_list(user, national_list, *, request=None):
    """After publicity the list is final: its applications ``approved``; every other recommended or evaluated
    application of the campaign and category ``not_selected``. The caller checks the objections."""
    policy.authorize(user, "national_list.publish", national_list)
    national_list = lock_list(national_list, L.IN_PUBLICITY)
    on_the_list = listed(national_list)
    if not on_the_list:
        raise ValidationError(_("名单为空，不能发布。"))
    for nomination in on_the_list:
        transition(user, nomination, "finalise", "finalise", role=Role.SAMR_APPROVER, request=request)
    others = Nomination.objects.select_for_update().filter(
        campaign_id=national_list.campaign_id,
        category=national_list.category,
        state__in=(S.RECOMMENDED, S.EVALUATED),
    )
    for nomination in others.select_related("division", "campaign"):
        transition(user, nomination, "not_select", "not_select", role=Role.SAMR_APPROVER, request=request)
    national_list.finalised_by = user
    national_list.finalised_at = timezone.now()
    return list_transition(user, national_list, "finalise", "finalise", request=request, entries=len(on_the_list))


def _clean_measures(category, measures):
    allowed = MEASURES_BY_CATEGORY[category]
    if measures is None:
        return [m.value for m in allowed]
    measures = list(dict.fromkeys(measures))
    unknown = [m for m in measures if m not in {a.value for a in allowed}]
    if unknown:
        raise ValidationError(
            _("激励措施%(codes)s不适用于本类别（第十条适用于商事制度改革类，第十一条适用于质量工作类）。")
            % {"codes": "、".join(unknown)}
        )
    if not measures:
        raise ValidationError(_("请至少选择一项激励措施。"))
    return measures


@transaction.atomic
def report(user, national_list, *, document_number, document_date, measures=None, request=None):
    """Record the report to the State Council General Office (报国务院办公厅, art. 7(4)); the listed localities are
    awarded the measures of their category (art. 10 for art. 5, art. 11 for art. 6; all of them by default)."""
    policy.authorize(user, "national_list.publish", national_list)
    national_list = lock_list(national_list, L.FINALISED)
    problems = []
    document_number = (document_number or "").strip()
    if not document_number:
        problems.append(_("请填写上报文号，例如：国市监信函〔2026〕12号。"))
    if not isinstance(document_date, date):
        problems.append(_("请填写上报日期。"))
    elif document_date > timezone.localdate():
        problems.append(_("上报日期不能晚于今天。"))
    try:
        measures = _clean_measures(national_list.category, measures)
    except ValidationError as error:
        problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    for nomination in listed(national_list):
        transition(user, nomination, "award", "confer_award", role=Role.SAMR_APPROVER, request=request)
        Award.objects.create(nomination=nomination, measures=measures, granted_at=now, granted_by=user)
    national_list.report_number = document_number
    national_list.report_date = document_date
    national_list.reported_by = user
    national_list.reported_at = now
    return list_transition(
        user, national_list, "report", "report", request=request, document_number=document_number, measures=measures
    )


REPORT_DOCUMENT_FIELDS = ("issuer", "document_number", "title", "addressee", "body", "signed_on")


@transaction.atomic
def save_report_document(user, document, *, request=None, **fields):
    """The wording of the letter that reports the final lists (上报文件): SAMR leadership adjusts it; audited."""
    policy.authorize(user, "national_list.publish", NationalList(campaign=document.campaign))
    problems = [
        _("请填写%(label)s。") % {"label": ReportDocument._meta.get_field(name).verbose_name}
        for name in REPORT_DOCUMENT_FIELDS
        if name != "signed_on" and not str(fields.get(name) or "").strip()
    ]
    if not isinstance(fields.get("signed_on"), date):
        problems.append(_("请填写成文日期。"))
    if problems:
        raise ValidationError(problems)
    for name in REPORT_DOCUMENT_FIELDS:
        value = fields[name]
        setattr(document, name, value.strip() if isinstance(value, str) else value)
    document.updated_by = user
    document.save()
    record(user, "report_document.save", document, request=request, document_number=document.document_number)
    return document


def _incident_counts(award, incident):
    """art. 15: a major incident in the award year, with government responsibility, in the awarded locality."""
    division = award.nomination.division
    in_locality = incident.division_id == division.pk or (
        division.level == "prefecture" and incident.division.prefecture_id == division.pk
    )
    problems = []
    if not in_locality:
        problems.append(_("该事件不发生在%(name)s，不能据此撤销。") % {"name": division.name})
    if not incident.government_responsibility:
        problems.append(_("该事件经调查不属于政府责任（第十五条），不能据此撤销。"))
    award_year = timezone.localtime(award.granted_at).year
    if incident.occurred_on.year != award_year:
        problems.append(
            _("该事件发生于%(year)s年，不在认定当年（%(award_year)s年）内（第十五条）。")
            % {"year": incident.occurred_on.year, "award_year": award_year}
        )
    return problems


@transaction.atomic
def revoke_award(user, award, *, reason, incident=None, request=None):
    """Take back an award (撤销相应资格和激励措施): art. 15 with the incident linked, or art. 14 for fraud."""
    nomination = lock(award.nomination)
    policy.authorize(user, "award.revoke", nomination)
    award = Award.objects.select_for_update().get(pk=award.pk)
    problems = []
    if award.is_revoked:
        problems.append(_("该激励已于%(date)s撤销。") % {"date": timezone.localtime(award.revoked_at).date()})
    reason = (reason or "").strip()
    if not reason:
        problems.append(_("请填写撤销原因。"))
    if incident is not None and not award.is_revoked:
        problems.extend(_incident_counts(award, incident))
    if problems:
        raise ValidationError(problems)
    award.revoked_at = timezone.now()
    award.revoked_by = user
    award.revocation_reason = reason
    award.incident = incident
    award.save()
    return transition(
        user,
        nomination,
        "revoke",
        "revoke",
        role=Role.SAMR_APPROVER,
        comment=reason,
        request=request,
        incident=incident.pk if incident else None,
    )


# ---------------------------------------------------------------- disqualification (art. 14)


@transaction.atomic
def disqualify(user, nomination, *, finding, fraud=False, decision_number="", request=None):
    """取消资格: the application leaves the process (and the national list). With ``fraud`` (art. 14, 弄虚作假) the
    locality's and its province's sanctions start, and an award of the year is revoked instead."""
    nomination = lock(nomination)
    policy.authorize(user, "nomination.disqualify", nomination)
    finding = (finding or "").strip()
    if not finding:
        raise ValidationError(_("请填写认定的事实和依据。"))
    if nomination.state == S.AWARDED:
        if not fraud:
            raise ValidationError(_("已激励的地方只能因弄虚作假（第十四条）或重大质量安全事件（第十五条）撤销激励。"))
        nomination = revoke_award(user, nomination.award, reason=finding, request=request)
    elif nomination.state in DISQUALIFIABLE_STATES:
        take_off_the_list(nomination)
        nomination = transition(
            user,
            nomination,
            "disqualify",
            "disqualify",
            role=Role.SAMR_APPROVER,
            comment=finding,
            request=request,
            fraud=fraud,
        )
    else:
        raise ValidationError(
            _("申报当前状态为“%(state)s”，不能取消资格。") % {"state": nomination.get_state_display()}
        )
    if fraud:
        start_fraud_sanctions(user, nomination, finding=finding, decision_number=decision_number, request=request)
    return nomination
