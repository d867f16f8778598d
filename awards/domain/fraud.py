"""Fraud (弄虚作假, art. 14): SAMR's finding on an application, the sanctions it starts in the register, and SAMR's
recommendation that the local government deal with those responsible.

The terms are counted in campaign years from the finding (docs/workflow.md "Sanctions"), whenever it comes: found in
campaign year F (``nominations.domain.campaigns.campaign_year_at``: the latest campaign opened by the day of the
decision), the locality may not apply for the rest of F and in F+1, F+2 and F+3 (3年内申报资格), and its provincial
bureau may not recommend in F+1 (下一年度推荐资格). A finding made two years after the award starts the same terms
from its own year. Which terms start depends on who committed the fraud (``fraud_terms``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain.audit import record
from core.domain.dates import decision_date_problems
from core.domain.notifications import notify_after_commit
from criteria.enums import SanctionKind, SanctionReason
from criteria.models import Sanction
from nominations.domain.campaigns import campaign_year_at
from provinces.enums import Role

from ..models import CommittedBy, FraudFinding, FraudReferral

APPLICATION_BAN_YEARS = 3


def fraud_terms(finding_year, committed_by=CommittedBy.LOCALITY):
    """The terms art. 14 starts for fraud found in campaign year ``finding_year``, as (kind, first, last year).

    - the locality's fraud: 取消该地方3年内申报资格 and 所在省（区、市）市场监管部门下一年度推荐资格 — the article
      names both, the province answering for what it verified and recommended (art. 7(3));
    - the provincial department's own fraud: its 下一年度推荐资格 only; the locality, which did not commit it, keeps
      its right to apply (its application and award of the year are still taken back: ``revocation.disqualify``);
    - both: both terms.
    """
    terms = []
    if committed_by in (CommittedBy.LOCALITY, CommittedBy.BOTH):
        terms.append((SanctionKind.APPLICATION_BAN, finding_year, finding_year + APPLICATION_BAN_YEARS))
    terms.append((SanctionKind.RECOMMENDATION_BAN, finding_year + 1, finding_year + 1))
    return tuple(terms)


def record_fraud_finding(
    user,
    nomination,
    *,
    finding,
    committed_by=CommittedBy.LOCALITY,
    decision_number="",  # pragma: no mutate (disqualify always passes it; only tests' arrange shortcuts omit it)
    request=None,
):
    """Record SAMR's finding on ``nomination`` and start the sanctions of art. 14 for who committed the fraud; the
    caller (``revocation.disqualify``) holds the transaction and has checked the input. Returns the finding."""
    today = timezone.localdate()
    targets = {
        SanctionKind.APPLICATION_BAN: nomination.division,
        SanctionKind.RECOMMENDATION_BAN: nomination.division.province,
    }
    found = FraudFinding.objects.create(
        nomination=nomination,
        finding=finding,
        committed_by=committed_by,
        decision_number=decision_number,
        decided_by=user,
        decided_at=timezone.now(),
    )
    sanctions = []
    for kind, first_year, last_year in fraud_terms(campaign_year_at(today), committed_by):
        sanction = Sanction.objects.create(
            division=targets[kind],
            kind=kind,
            reason=SanctionReason.FRAUD,
            starts_on=today,
            first_year=first_year,
            last_year=last_year,
            decision_number=decision_number,
            note=finding,
            created_by=user,
        )
        event = record(
            user,
            "sanction.start",
            sanction,
            role=Role.SAMR_APPROVER,
            comment=finding,
            request=request,
            kind=kind,
            first_year=first_year,
            last_year=last_year,
        )
        notify_after_commit(event)
        sanctions.append(sanction)
    found.sanctions.set(sanctions)
    record(
        user,
        "fraud_finding.record",
        nomination,
        role=Role.SAMR_APPROVER,
        comment=finding,
        request=request,
        finding=found.pk,
        committed_by=committed_by,
        decision_number=decision_number,
        sanctions=[s.pk for s in sanctions],
    )
    return found


def fraud_found(nomination):
    """Whether SAMR has found fraud in ``nomination`` (art. 14), or in its locality's other application of the year,
    which took it back with the sanctions already started."""
    return FraudFinding.objects.filter(Q(nomination=nomination) | Q(other_applications=nomination)).exists()


def findings_concerning(nomination):
    """The findings about ``nomination``: its own, and one on the locality's other application of the year that took
    it back (``FraudFinding.other_applications``)."""
    return (
        FraudFinding.objects.filter(Q(nomination=nomination) | Q(other_applications=nomination))
        .distinct()
        .select_related("nomination__division", "nomination__campaign", "decided_by")
        .prefetch_related("sanctions__division", "other_applications__division", "referrals")
        .order_by("-decided_at", "-pk")
    )


# ---------------------------------------------------------------- the referral (art. 14, second sentence)


def referral_problems(finding, government, referred_on, document_number):
    """The problems of recording SAMR's letter to ``government`` about ``finding``, in Chinese; empty when it can be
    recorded. The government is a people's government (人民政府) written once per finding; the letter follows the
    finding and has a number."""
    problems = []
    if not government or "人民政府" not in government:
        problems.append(
            _(
                "请填写建议处理的地方人民政府（第十四条：向相关地方人民政府建议依法依规给予处理），"
                "例如：%(example)s人民政府。"
            )
            % {"example": finding.nomination.division.name}
        )
    elif finding.referrals.filter(government=government).exists():
        problems.append(_("已向%(government)s提出处理建议，不能重复登记。") % {"government": government})
    problems += decision_date_problems(
        referred_on,
        name=_("建议日期"),
        after=(timezone.localdate(finding.decided_at), _("弄虚作假的认定日期")),
    )
    if not document_number:
        problems.append(_("请填写建议文号。"))
    return problems


@transaction.atomic
def refer(user, finding, *, government, referred_on, document_number, request=None):
    """art. 14: 涉嫌违法违纪的，市场监管总局按照管理权限向相关地方人民政府建议依法依规给予处理 — record SAMR's letter
    to a local people's government (the locality's, the province's, or both: one each)."""
    finding = FraudFinding.objects.select_for_update().select_related("nomination__division").get(pk=finding.pk)
    policy.authorize(user, "fraud_finding.refer", finding)
    government = (government or "").strip()
    document_number = (document_number or "").strip()
    problems = referral_problems(finding, government, referred_on, document_number)
    if problems:
        raise ValidationError(problems)
    referral = FraudReferral.objects.create(
        finding=finding,
        government=government,
        referred_on=referred_on,
        document_number=document_number,
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    record(
        user,
        "fraud_finding.refer",
        finding.nomination,
        role=Role.SAMR_APPROVER,
        comment=government,
        request=request,
        finding=finding.pk,
        government=government,
        referred_on=referred_on.isoformat(),
        document_number=document_number,
    )
    return referral
