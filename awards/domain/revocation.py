"""Taking back what was granted: revocation of an award (撤销, art. 15 for a major incident, art. 14 for fraud) and
disqualification of an application (取消资格) at any stage before the award, for fraud with the finding and the
sanctions of art. 14 (``fraud.record_fraud_finding``) and the locality's other applications of the year. Each locks,
checks, transitions and audits as in ``nominations.domain.workflow``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from criteria.models import Incident
from national.domain.national_list import take_off_the_list
from nominations.domain.applications import lock
from nominations.domain.workflow import transition
from nominations.enums import NominationState
from nominations.models import Nomination
from nominations.models.nomination import DISQUALIFIABLE_STATES
from provinces.enums import Level, Role

from ..models import Award, CommittedBy
from .fraud import record_fraud_finding

S = NominationState


def award_year(award):
    """The year an award belongs to: its campaign's (art. 15: 当年内), not the calendar year it was granted in (a
    campaign of 2026 may be reported in January 2027)."""
    return award.nomination.campaign.year


def in_locality(award, incident):
    """art. 15: the incident happened in the awarded locality; a prefecture answers for its counties."""
    division = award.nomination.division
    return incident.division_id == division.pk or (
        division.level == Level.PREFECTURE and incident.division.prefecture_id == division.pk
    )


def revocable_incidents(award):
    """The incidents that may be chosen to revoke ``award`` (art. 15): in its locality, in its campaign year; the
    government's responsibility is checked when one is chosen, with its message."""
    division = award.nomination.division
    return Incident.objects.filter(
        Q(division=division) | Q(division__prefecture=division), occurred_on__year=award_year(award)
    ).order_by("-occurred_on")


def _incident_counts(award, incident):
    """art. 15: a major incident, determined by the State Council or a department it authorised (the register holds
    no other), in the award's campaign year, with government responsibility, in the awarded locality."""
    division = award.nomination.division
    problems = []
    if not in_locality(award, incident):
        problems.append(_("该事件不发生在%(name)s，不能据此撤销。") % {"name": division.name})
    if not incident.government_responsibility:
        problems.append(_("该事件经调查不属于政府责任（第十五条），不能据此撤销。"))
    year = award_year(award)
    if incident.occurred_on.year != year:
        problems.append(
            _("该事件发生于%(year)s年，不在认定当年（%(award_year)s年度）内（第十五条）。")
            % {"year": incident.occurred_on.year, "award_year": year}
        )
    return problems


@transaction.atomic
def revoke_award(user, award, *, incident, reason, request=None):
    """Take back an award for a major quality-safety incident (撤销相应资格和激励措施, art. 15): only on that basis.
    Fraud (art. 14) revokes through ``disqualify``, which records the finding and starts the sanctions."""
    nomination = lock(award.nomination)
    policy.authorize(user, "award.revoke", nomination)
    award = Award.objects.select_for_update().select_related("nomination__campaign").get(pk=award.pk)
    problems = revocation_problems(award, incident, reason)
    if problems:
        raise ValidationError(problems)
    return _revoke(user, nomination, award, reason=reason.strip(), request=request, incident=incident)


def revocation_problems(award, incident, reason):
    """The problems of revoking ``award`` for ``incident`` (art. 15), in Chinese; empty when it can be revoked."""
    problems = _revocable(award, reason)
    if incident is None:
        problems.append(
            _("撤销激励须依据所涉重大质量安全事件（第十五条）；弄虚作假（第十四条）请在该申报的取消资格处理中认定。")
        )
    elif not award.is_revoked:
        problems.extend(_incident_counts(award, incident))
    return problems


def _revocable(award, reason):
    problems = []
    if award.is_revoked:
        problems.append(_("该激励已于%(date)s撤销。") % {"date": timezone.localtime(award.revoked_at).date()})
    if not (reason or "").strip():
        problems.append(_("请填写撤销原因。"))
    return problems


def _revoke(user, nomination, award, *, reason, request, incident=None, fraud=False, **data):
    award.revoked_at = timezone.now()
    award.revoked_by = user
    award.revocation_reason = reason
    award.incident = incident
    award.save()
    return transition(
        user,
        nomination,
        "revoke",
        role=Role.SAMR_APPROVER,
        comment=reason,
        request=request,
        incident=incident.pk if incident else None,
        fraud=fraud,
        **data,
    )


# ---------------------------------------------------------------- disqualification (art. 14)


@transaction.atomic
def disqualify(
    user,
    nomination,
    *,
    finding,
    fraud=False,
    committed_by=CommittedBy.LOCALITY,
    decision_number="",
    request=None,
):
    """取消资格: the application leaves the process (and the national list). With ``fraud`` (art. 14, 弄虚作假) the
    finding is recorded with who committed it (``committed_by``: the locality, the provincial department or both),
    the sanctions for them start (``fraud.fraud_terms``), an award of the year is revoked instead, and — where the
    locality committed it — its other applications of the same campaign are taken back too
    (``_take_back_other_applications``)."""
    nomination = lock(nomination)
    policy.authorize(user, "nomination.disqualify", nomination)
    finding = (finding or "").strip()
    decision_number = (decision_number or "").strip()
    problems = disqualification_problems(finding, fraud, committed_by)
    if problems:
        raise ValidationError(problems)
    if nomination.state == S.AWARDED:
        if not fraud:
            raise ValidationError(_("已激励的地方只能因弄虚作假（第十四条）或重大质量安全事件（第十五条）撤销激励。"))
        award = Award.objects.select_for_update().get(pk=nomination.award.pk)
        problems = _revocable(award, finding)
        if problems:
            raise ValidationError(problems)
        nomination = _revoke(user, nomination, award, reason=finding, request=request, fraud=True)
    elif nomination.state in DISQUALIFIABLE_STATES:
        take_off_the_list(nomination)
        nomination = transition(
            user,
            nomination,
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
        found = record_fraud_finding(
            user,
            nomination,
            finding=finding,
            committed_by=committed_by,
            decision_number=decision_number,
            request=request,
        )
        if found.by_locality:
            _take_back_other_applications(user, found, request=request)
    return nomination


def disqualification_problems(finding, fraud, committed_by):
    """The problems of the input of a disqualification (the finding, and for fraud who committed it: art. 14), in
    Chinese; the state is asked after, as the application's stage decides what is taken back."""
    problems = []
    if not finding:
        problems.append(_("请填写认定的事实和依据。"))
    if fraud and committed_by not in CommittedBy.values:
        problems.append(_("请选择弄虚作假的主体：申报地方、省级市场监管部门，或二者均有（第十四条）。"))
    return problems


def _take_back_other_applications(user, found, *, request):
    """art. 14, for the locality's fraud: its other applications of the same campaign go with the one found
    fraudulent — disqualified if still in the process, the award revoked if already granted (已纳入当年度激励范围的，
    停止和撤销激励支持措施) — each with a reason that names the finding, and kept on it. An application already ended
    (withdrawn, disqualified, revoked) or never submitted is left as it is; the application ban bars a draft."""
    fraudulent = found.nomination
    others = (
        Nomination.objects.select_for_update(of=("self",))  # pragma: no mutate (a row lock: SQLite has none to test)
        .filter(campaign_id=fraudulent.campaign_id, division_id=fraudulent.division_id)
        .exclude(pk=fraudulent.pk)  # pragma: no mutate (it has left the process above: the loop would skip it)
        .select_related("campaign", "division")  # pragma: no mutate (saves queries only)
        .order_by("pk")
    )
    facts = {
        "name": fraudulent.division.name,
        "year": fraudulent.campaign.year,
        "category": fraudulent.get_category_display(),
        "number": f"，{found.decision_number}" if found.decision_number else "",
    }
    handled = []
    for other in others:
        if other.state == S.AWARDED:
            award = Award.objects.select_for_update().get(pk=other.award.pk)
            reason = (
                _(
                    "%(name)s在%(year)s年度“%(category)s”申报中被认定弄虚作假（第十四条%(number)s）；本申报已纳入当年度"
                    "激励范围，停止和撤销激励支持措施。"
                )
                % facts
            )
            _revoke(user, other, award, reason=reason, request=request, fraud=True, finding=found.pk)
        elif other.state in DISQUALIFIABLE_STATES:
            reason = (
                _(
                    "%(name)s在%(year)s年度“%(category)s”申报中被认定弄虚作假（第十四条%(number)s）；本申报一并取消资格。"
                )
                % facts
            )
            take_off_the_list(other)
            transition(
                user,
                other,
                "disqualify",
                role=Role.SAMR_APPROVER,
                comment=reason,
                request=request,
                fraud=True,
                finding=found.pk,
            )
        else:
            continue  # pragma: no mutate (one application per category: no other one follows)
        handled.append(other)
    found.other_applications.set(handled)
    return handled
