"""The report to the State Council General Office (上报国务院办公厅, art. 7(4)) and the awards it grants (art. 10 for
art. 5, art. 11 for art. 6, the measures chosen per award: ``measures``); the wording of the report's letter. Each
locks, checks, transitions and audits as in ``nominations.domain.workflow``."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from core.domain.audit import record
from core.domain.dates import decision_date_problems
from national.domain.national_list import list_transition, listed, lock_list
from national.models import NationalList, NationalListState
from nominations.domain.workflow import close_if_finished, transition
from provinces.enums import Role

from ..models import Award, ReportDocument
from . import measures as rules

L = NationalListState

# 发文字号 (GB/T 9704-2012 7.2.4): 发文机关代字、年份（六角括号）、发文顺序号, as 国市监信函〔2026〕12号.
DOCUMENT_NUMBER = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")
# A number whose serial is still to be given, as a draft for review (送审稿) carries it: 国市监信函〔2026〕号.
UNNUMBERED = re.compile(r"^(\S+〔\d{4}〕)\s*号$")


def document_number_problems(number):
    """The problems of ``number`` as the number of the letter that reports to the State Council General Office."""
    if not number:
        return [_("请填写上报文号，例如：国市监信函〔2026〕12号。")]
    if not DOCUMENT_NUMBER.match(number):
        return [
            _("上报文号“%(number)s”不完整：应为发文机关代字、年份和序号，例如：国市监信函〔2026〕12号。")
            % {"number": number}
        ]
    return []


def numbered(number):
    """Whether the letter's number is complete; else it prints as a draft for review (送审稿), its serial blank."""
    return bool(DOCUMENT_NUMBER.match(number or ""))


def printed_number(number):
    """The number as the letter prints it: a missing serial as a blank to fill in by hand (〔2026〕　　号), never as
    "〔2026〕号", which reads as a finished number with a typo."""
    unnumbered = UNNUMBERED.match((number or "").strip())
    return f"{unnumbered.group(1)}\u3000\u3000号" if unnumbered else (number or "").strip()


@transaction.atomic
def report(user, national_list, *, document_number, document_date, measures=None, entry_measures=None, request=None):
    """Record the report to the State Council General Office (报国务院办公厅, art. 7(4)); each listed locality is
    awarded the measures chosen for it (art. 10 for art. 5, art. 11 for art. 6): ``entry_measures`` ({application id:
    codes}) for one entry, else ``measures`` for every entry, else the measures it qualifies for
    (``measures.default_measures``). The measures rewarding an achievement (art. 10(1), 10(4)) only where it is
    recorded; any problem, for any entry, refuses the whole report."""
    policy.authorize(user, "national_list.publish", national_list)
    national_list = lock_list(national_list, L.FINALISED)
    problems = []
    document_number = (document_number or "").strip()
    problems += document_number_problems(document_number)
    problems += decision_date_problems(document_date, name=_("上报日期"))
    nominations = listed(national_list)
    grants, chosen_problems = _grants(national_list.category, nominations, measures, entry_measures or {})
    problems += chosen_problems
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    for nomination in nominations:
        codes = grants[nomination.pk]
        transition(user, nomination, "award", "confer_award", role=Role.SAMR_APPROVER, request=request, measures=codes)
        Award.objects.create(nomination=nomination, measures=codes, granted_at=now, granted_by=user)
    national_list.report_number = document_number
    national_list.report_date = document_date
    national_list.reported_by = user
    national_list.reported_at = now
    list_transition(
        user,
        national_list,
        "report",
        "report",
        request=request,
        document_number=document_number,
        measures={str(pk): codes for pk, codes in grants.items()},
    )
    # art. 7(4): the campaign ends with its last final list; what it leaves unfinished ends with it.
    close_if_finished(user, national_list.campaign, request=request)
    return national_list


def _grants(category, nominations, measures, entry_measures):
    """The measures of each listed application ({id: codes}) and the problems, each naming its locality."""
    problems = []
    on_the_list = {nomination.pk for nomination in nominations}
    strangers = sorted(str(pk) for pk in entry_measures if pk not in on_the_list)
    if strangers:
        problems.append(_("申报%(ids)s不在本名单上。") % {"ids": "、".join(strangers)})
    if measures is not None:
        measures = rules.chosen(measures)
        problems += rules.category_problems(category, measures)
    achieved = rules.achieved_by(nominations)
    grants = {}
    for nomination in nominations:
        name = nomination.division.name
        codes = entry_measures.get(nomination.pk)
        if codes is not None:
            codes = rules.chosen(codes)
            problems += [
                _("%(name)s：%(problem)s") % {"name": name, "problem": problem}
                for problem in rules.category_problems(category, codes)
            ]
        elif measures is not None:
            codes = measures
        else:
            codes = rules.default_measures(category, achieved[nomination.pk])
        problems += rules.achievement_problems(name, codes, achieved[nomination.pk])
        grants[nomination.pk] = codes
    return grants, problems


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
