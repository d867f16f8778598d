"""Objections (异议) during publicity (art. 7(4) 经对外公示): filed by the public, handled by SAMR.

``submit_objection`` is the public's one action: refused outside the period, against a locality not on the list, with
fields missing or malformed, with an evidence file that is not what it claims to be, or past the per-address limit.
SAMR takes an objection up (``investigate``), then upholds it (``uphold``: the locality is disqualified and leaves the
list, with the sanctions of art. 14 when fraud is found) or dismisses it (``dismiss``). Each locks, checks, transitions
(django-fsm-2), audits and notifies after the commit, as ``nominations.domain.workflow`` does.
"""

import ipaddress
import math
import re
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from awards.domain.fraud import fraud_found
from awards.domain.revocation import disqualify
from core.domain import workflow as table
from core.domain.audit import client_ip, record
from core.domain.notifications import notify_after_commit
from core.domain.uploads import inspect_upload
from national.models import NationalListEntry
from nominations.enums import NominationState
from nominations.models import Nomination
from nominations.models.guards import local_datetime
from provinces.enums import Role

from ..checks import setting
from ..enums import ObjectionStatus
from ..models import Objection, PublicityPeriod

S = ObjectionStatus
MAX_NAME = 50
MAX_CONTACT = 100
MIN_GROUNDS = 10
MAX_GROUNDS = 5000
MAX_RESOLUTION = 5000
RATE_WINDOW = timedelta(hours=1)
MAX_ID_DIGITS = 18  # a bigint; a longer number names no application

# Receipt numbers (受理编号): "YY" (异议), the year, and 8 random characters in two groups of 4, e.g.
# YY2026-7K3M-9Q2P. Random rather than sequential: nothing to race for under concurrent submissions, and the number
# says nothing about how many objections were filed. The alphabet leaves out 0/O and 1/I/L, which are misread when a
# number is read out on the phone.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 8
RECEIPT_ATTEMPTS = 5

MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
# Control characters other than tab and line breaks (PostgreSQL refuses NUL in text).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TooManyObjections(ValidationError):
    """The per-address limit is reached; ``wait`` is how many seconds until the next objection is accepted."""

    def __init__(self, limit, wait):
        self.limit, self.wait = limit, wait
        super().__init__(
            _("同一网络地址每小时最多提交 %(limit)s 件异议，请约 %(minutes)s 分钟后再试。")
            % {"limit": limit, "minutes": max(1, -(-wait // 60))},
            code="rate_limited",
        )

    def __reduce__(self):
        return type(self), (self.limit, self.wait)


def new_receipt(now):
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _index in range(RECEIPT_LENGTH))
    return f"YY{timezone.localtime(now).year}-{code[:4]}-{code[4:]}"


def require_open(period, now):
    """art. 7(4): objections are taken while the list is publicised, from its start to 24:00 of its last day."""
    if not period.has_started(now):
        raise ValidationError(
            _("本次公示将于%(start)s开始，开始后方可提出异议。") % {"start": local_datetime(period.starts_at)},
            code="not_started",
        )
    if period.has_ended(now):
        raise ValidationError(
            _("本次公示已于%(end)s结束，不再受理异议。") % {"end": local_datetime(period.ends_at)}, code="ended"
        )


def _require_below_limit(ip, now):
    """At most N objections per client address and hour, counted in the database: the same across processes."""
    limit = setting("PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR")
    recent = list(
        Objection.objects.filter(ip=ip, submitted_at__gt=now - RATE_WINDOW)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)[:limit]
    )
    if len(recent) >= limit:
        wait = math.ceil((recent[-1] + RATE_WINDOW - now).total_seconds())
        raise TooManyObjections(limit, max(1, wait))


def _address(value):
    """The client address in canonical form, or None when it is not an address (a forged X-Forwarded-For header
    must not reach the database's ``inet`` column)."""
    try:
        return str(ipaddress.ip_address(str(value).strip())) if value else None
    except ValueError:
        return None


def _province_name(nomination):
    province = nomination.division.province
    return province.name if province is not None and province.pk != nomination.division.pk else ""


def _text(value):
    return CONTROL.sub("", str(value or "")).strip()


def _valid_contact(contact):
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError:
            return False
        return True
    number = re.sub(r"[\s()（）]", "", contact)
    number = re.sub(r"^(\+?86)(?=1)", "", number)
    return bool(MOBILE.fullmatch(number) or LANDLINE.fullmatch(number))


def _clean_fields(name, contact, grounds):
    problems = {}
    name, contact, grounds = _text(name), _text(contact), _text(grounds)
    if not name:
        problems["name"] = [_("请填写真实姓名。")]
    elif len(name) > MAX_NAME:
        problems["name"] = [_("姓名不能超过 %(max)s 个字。") % {"max": MAX_NAME}]
    if not contact:
        problems["contact"] = [_("请填写联系电话或电子邮箱，以便核实情况。")]
    elif len(contact) > MAX_CONTACT or not _valid_contact(contact):
        problems["contact"] = [_("联系方式须为手机号码、固定电话（如 010-12345678）或电子邮箱。")]
    if not grounds:
        problems["grounds"] = [_("请填写异议的事实和理由。")]
    elif len(grounds) < MIN_GROUNDS:
        problems["grounds"] = [_("异议的事实和理由至少 %(min)s 个字。") % {"min": MIN_GROUNDS}]
    elif len(grounds) > MAX_GROUNDS:
        problems["grounds"] = [
            _("异议的事实和理由不能超过 %(max)s 个字；更多内容请作为证明材料上传。") % {"max": MAX_GROUNDS}
        ]
    return (name, contact, grounds), problems


def _save_with_receipt(objection, now):
    """Insert with a fresh random receipt number, drawing again on the (rare) clash with an existing one."""
    for attempt in range(1, RECEIPT_ATTEMPTS + 1):
        objection.receipt = new_receipt(now)
        try:
            with transaction.atomic():
                objection.save()
        except IntegrityError:
            if attempt == RECEIPT_ATTEMPTS or not Objection.objects.filter(receipt=objection.receipt).exists():
                raise
        else:
            return objection


@transaction.atomic
def submit_objection(period, *, nomination, name, contact, grounds, evidence=None, ip, request=None, now=None):
    """File an objection (提出异议) against a locality on ``period``'s list; returns it with its receipt number.

    Anyone may file, without an account. Field problems come back together, keyed by field, and nothing is stored.
    """
    now = now or timezone.now()
    ip = _address(ip)
    # art. 7(4) 对外公示: the public is heard on the list while it is publicised.
    # Submissions to one period are serialised on its row, so the per-address count cannot be raced past.
    period = PublicityPeriod.objects.select_for_update().get(pk=period.pk)
    require_open(period, now)
    _require_below_limit(ip, now)
    (name, contact, grounds), problems = _clean_fields(name, contact, grounds)
    if nomination is None:
        problems["nomination"] = [_("请选择对哪个地方提出异议。")]
    elif not NationalListEntry.objects.filter(national_list_id=period.national_list_id, nomination=nomination).exists():
        problems["nomination"] = [_("所选地方不在本次公示名单中，请从名单中选择。")]
    inspected = None
    if evidence is not None:
        try:
            inspected = inspect_upload(evidence, max_bytes=setting("PUBLICITY_EVIDENCE_MAX_MB") * 1024 * 1024)
        except ValidationError as error:
            problems["evidence"] = error.messages
    if problems:
        raise ValidationError(problems)
    objection = Objection(
        period=period,
        nomination=nomination,
        name=name,
        contact=contact,
        grounds=grounds,
        submitted_at=now,
        ip=ip,
    )
    if inspected is not None:
        objection.evidence.save(inspected.display_name, evidence, save=False)
        objection.evidence_name = inspected.display_name
        objection.evidence_content_type = inspected.content_type
        objection.evidence_size = inspected.size
        objection.evidence_sha256 = inspected.sha256
    _save_with_receipt(objection, now)
    event = record(
        None,
        "objection.submit",
        objection,
        to_state=objection.status,
        comment=_("异议对象：%(province)s%(name)s")
        % {"province": _province_name(nomination), "name": nomination.division.name},
        request=request if _address(client_ip(request)) else None,
        period=period.pk,
        nomination=nomination.pk,
        receipt=objection.receipt,
        evidence_sha256=objection.evidence_sha256,
    )
    notify_after_commit(event)
    return objection


def file_objection(nomination_id, *, name, contact, grounds, evidence=None, ip, request=None, now=None):
    """``submit_objection`` for the locality named by its application id, as the public page and the API name it:
    the period is the one of the list that holds it. When there is none, every field's problems come back with it."""
    value = str(nomination_id if nomination_id is not None else "").strip()
    nomination = (
        Nomination.objects.select_related("division").filter(pk=int(value)).first()
        if value.isdigit() and len(value) <= MAX_ID_DIGITS
        else None
    )
    period = (
        PublicityPeriod.objects.filter(national_list__entries__nomination=nomination).first()
        if nomination is not None
        else None
    )
    if period is None:
        _cleaned, problems = _clean_fields(name, contact, grounds)
        problems["nomination"] = [
            _("所选地方不在公示名单中，请从名单中选择。") if value else _("请选择对哪个地方提出异议。")
        ]
        raise ValidationError(problems)
    return submit_objection(
        period,
        nomination=nomination,
        name=name,
        contact=contact,
        grounds=grounds,
        evidence=evidence,
        ip=ip,
        request=request,
        now=now,
    )


# ---------------------------------------------------------------- SAMR: handling


def _lock(objection):
    return (
        Objection.objects.select_for_update(of=("self",))
        .select_related("nomination__division", "period__national_list")
        .get(pk=objection.pk)
    )


def _require_status(objection, *statuses):
    if objection.status not in statuses:
        raise ValidationError(
            _("异议当前状态为“%(status)s”，不能进行此操作。") % {"status": objection.get_status_display()}
        )


def _require_resolution(resolution):
    resolution = _text(resolution)
    if not resolution:
        raise ValidationError({"resolution": [_("请填写核查认定的事实和处理意见。")]})
    if len(resolution) > MAX_RESOLUTION:
        raise ValidationError({"resolution": [_("处理意见不能超过 %(max)s 个字。") % {"max": MAX_RESOLUTION}]})
    return resolution


def _transition(user, objection, method, *, role=None, comment="", request=None, **data):
    before = objection.status
    table.take(objection, method)
    objection.save()
    event = record(
        user,
        f"objection.{method}",
        objection,
        from_state=before,
        to_state=objection.status,
        comment=comment,
        role=role,
        request=request,
        **data,
    )
    notify_after_commit(event)
    return objection


@transaction.atomic
def investigate(user, objection, *, note="", request=None):
    """Take an objection up (核查): SAMR's reviewers or leadership."""
    objection = _lock(objection)
    policy.authorize(user, "objection.handle", objection)
    _require_status(objection, S.RECEIVED)
    return _transition(user, objection, "investigate", comment=_text(note), request=request)


def _resolve(user, objection, resolution):
    objection.resolution = resolution
    objection.resolved_by = user
    objection.resolved_at = timezone.now()


@transaction.atomic
def uphold(user, objection, *, resolution, fraud=False, request=None):
    """异议成立: the locality is disqualified and leaves the list (``awards.domain.revocation.disqualify``); with
    ``fraud`` (弄虚作假, art. 14) its 3-year application ban and its province's recommendation ban start."""
    objection = _lock(objection)
    policy.authorize(user, "objection.uphold", objection)
    _require_status(objection, S.RECEIVED, S.INVESTIGATING)
    resolution = _require_resolution(resolution)
    nomination = objection.nomination
    if nomination.state != NominationState.DISQUALIFIED:
        disqualify(user, nomination, finding=resolution, fraud=fraud, request=request)
    elif fraud and not fraud_found(nomination):
        # Already disqualified on another ground: the sanctions of art. 14 are decided on the application itself.
        raise ValidationError(
            _("%(name)s已被取消资格（未认定弄虚作假）；如认定弄虚作假，请在该申报的取消资格处理中按第十四条处理。")
            % {"name": nomination.division.name}
        )
    objection.fraud = fraud
    _resolve(user, objection, resolution)
    return _transition(
        user,
        objection,
        "uphold",
        role=Role.SAMR_APPROVER,
        comment=resolution,
        request=request,
        nomination=nomination.pk,
        fraud=fraud,
    )


@transaction.atomic
def dismiss(user, objection, *, resolution, request=None):
    """异议不成立: the locality stays on the list; the resolution says why."""
    objection = _lock(objection)
    policy.authorize(user, "objection.handle", objection)
    _require_status(objection, S.RECEIVED, S.INVESTIGATING)
    resolution = _require_resolution(resolution)
    _resolve(user, objection, resolution)
    return _transition(user, objection, "dismiss", comment=resolution, request=request)


# ---------------------------------------------------------------- the objector asks how it stands (查询异议办理情况)


def _contact_key(contact):
    """A contact as the objector may type it again: case, spaces, hyphens and brackets do not count."""
    return re.sub(r"[\s\-()（）]", "", _text(contact)).lower()


def objection_for(receipt, contact):
    """The objection with ``receipt`` whose contact is ``contact``, or None: both must match, so a receipt number
    alone (read over a shoulder, guessed) reveals nothing."""
    receipt = _text(receipt).upper()
    if not receipt or not _contact_key(contact):
        return None
    found = Objection.objects.select_related("nomination__division__province", "period").filter(receipt=receipt).first()
    if found is None or _contact_key(found.contact) != _contact_key(contact):
        return None
    return found
