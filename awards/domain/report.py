"""The report to the State Council General Office (上报国务院办公厅, art. 7(4)) and the awards it grants (art. 10 for
art. 5, art. 11 for art. 6); the wording of the report's letter. Each locks, checks, transitions and audits as in
``nominations.domain.workflow``."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain.audit import record
from national.domain.national_list import list_transition, listed, lock_list
from national.models import NationalList, NationalListState
from nominations.domain.applications import require_still_eligible
from nominations.domain.workflow import transition
from provinces.enums import Role

from ..models import MEASURES_BY_CATEGORY, Award, ReportDocument

L = NationalListState


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
        require_still_eligible(nomination, _("上报并给予激励"))
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
