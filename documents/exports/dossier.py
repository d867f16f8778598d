"""A nomination's dossier (申报档案, PDF) and its audit package (审计包, ZIP: the dossier, every evidence file and a
manifest of their SHA-256 digests, each file checked against the digest stored at upload).

The dossier shows what its requester may see on the application page and nothing more: an applicant's own dossier
has no reviews, scores or opinions.
"""

import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import policy
from core.domain.audit import ACTION_LABELS, history
from core.history import role_label, state_label
from criteria.enums import CriterionKind, Verdict
from national.domain.evaluation import opinions_visible_to
from nominations.domain.applications import evaluation_for
from nominations.domain.history import hidden_actions
from nominations.enums import AttachmentPurpose, NominationState, ReviewStage
from nominations.forms import plain_decimal, threshold_text
from nominations.models import Nomination

from .base import CHUNK, Exporter, integer_param, register
from .pdf import PDF, chinese_date, render_pdf

NUMERALS = "一二三四五六七八九十"
ZIP = "application/zip"
DOSSIER_NAME = "申报档案.pdf"
MANIFEST_NAME = "manifest.csv"
# The folder of each kind of file in the package.
FOLDERS = {
    AttachmentPurpose.EVIDENCE: "佐证材料",
    AttachmentPurpose.VERIFICATION: "核实材料",
    AttachmentPurpose.SUPPLEMENT: "补充材料",
}
UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*]')


def nomination_queryset():
    return Nomination.objects.select_related(
        "campaign", "criteria_set", "division__parent__parent", "division__province", "pledge_accepted_by"
    )


def get_visible_nomination(user, params):
    pk = integer_param(params, "nomination", _("申报"))
    return get_object_or_404(policy.visible(user, nomination_queryset()), pk=pk)


def attachments_for(user, nomination):
    """The files the dossier lists: the applicant's evidence for everyone who may see the application; the
    province's verification and supplementary material for those who may see the reviews too."""
    purposes = [AttachmentPurpose.EVIDENCE]
    if policy.can(user, "nomination.reviews.view", nomination):
        purposes += [AttachmentPurpose.VERIFICATION, AttachmentPurpose.SUPPLEMENT]
    attachments = nomination.attachments.filter(purpose__in=purposes).select_related("criterion")
    order = {purpose: index for index, purpose in enumerate(purposes)}
    return sorted(
        attachments, key=lambda attachment: (order[attachment.purpose], attachment.uploaded_at, attachment.pk)
    )


def person(user):
    return (user.full_name or user.username) if user is not None else "—"


def local_datetime(value):
    local = timezone.localtime(value)
    return f"{chinese_date(local)} {local:%H:%M}"


def byte_count(size):
    return f"{size:,} 字节"


def _answer_rows(nomination, criteria, attachments):
    answers = {answer.criterion_id: answer for answer in nomination.answers.all()}
    evaluation = evaluation_for(nomination)
    sections = []
    for criterion in criteria:
        answer = answers.get(criterion.pk)
        verdict = evaluation.verdict_for(criterion.number)
        given = answer.indicators if answer is not None else {}
        figure = ""
        if criterion.kind == CriterionKind.METRIC:
            value = plain_decimal(answer.value) if answer is not None else ""
            figure = f"{value}{criterion.unit}" if value else "未填写"
        sections.append(
            {
                "criterion": criterion,
                "met": {True: "符合", False: "不符合"}.get(answer.met if answer is not None else None, "未填写"),
                "figure": figure,
                "threshold": threshold_text(criterion),
                "indicators": [
                    (item["name"], f"{given[item['name']]}{item['unit']}" if given.get(item["name"]) else "—")
                    for item in criterion.extra_indicators
                ],
                "highlight": answer is not None and answer.highlight,
                "narrative": answer.narrative if answer is not None else "",
                "verdict": Verdict(verdict.verdict).label if verdict else "",
                "reason": verdict.reason if verdict else "",
                "files": [a.original_name for a in attachments if a.criterion_id == criterion.pk],
            }
        )
    return sections, evaluation


def _province_reviews(nomination, criteria):
    order = [criterion.number for criterion in criteria]
    reviews = nomination.reviews.filter(stage=ReviewStage.PROVINCE).select_related("reviewer").order_by("pk")
    return [
        {
            "reviewer": person(review.reviewer),
            "score": plain_decimal(review.score) or "—",
            "comment": review.comment,
            "rows": [
                (number, review.criteria[number].get("score", "—"), review.criteria[number].get("remark", ""))
                for number in order
                if number in review.criteria
            ],
        }
        for review in reviews
    ]


def dossier_context(user, nomination):
    """Everything the dossier shows to ``user``; the optional parts only where the policy lets ``user`` see them."""
    criteria = list(nomination.criteria_set.criteria.all())
    attachments = attachments_for(user, nomination)
    sections, evaluation = _answer_rows(nomination, criteria, attachments)
    sees_reviews = policy.can(user, "nomination.reviews.view", nomination)
    sees_opinions = policy.can(user, "nomination.opinions.view", nomination)
    findings = list(nomination.findings.select_related("recorded_by")) if sees_opinions else []
    opinions = list(opinions_visible_to(user, nomination)) if sees_opinions else []
    parts = ["basic", "summary", "answers", "highlights", "evidence"]
    if sees_reviews:
        parts.append("reviews")
    if sees_opinions:
        parts += ["findings", "opinions"]
    parts.append("history")
    division = nomination.division
    return {
        "nomination": nomination,
        "title": f"{division.full_name}{nomination.campaign.year}年度{nomination.get_category_display()}"
        "真抓实干成效明显地方申报档案",
        "locality": f"{division.full_name}（{division.code}）",
        "numbers": {part: NUMERALS[index] for index, part in enumerate(parts)},
        "generated": f"{local_datetime(timezone.now())}，{person(user)}",
        "submitted": local_datetime(nomination.submitted_at) if nomination.submitted_at else "",
        "pledged": local_datetime(nomination.pledge_accepted_at) if nomination.pledge_accepted_at else "",
        "pledged_by": person(nomination.pledge_accepted_by),
        "evaluation": evaluation,
        "sections": sections,
        "highlights": [section for section in sections if section["highlight"]],
        "attachments": [
            {
                "purpose": FOLDERS[attachment.purpose],
                "criterion": attachment.criterion.number if attachment.criterion_id else "—",
                "name": attachment.original_name,
                "size": byte_count(attachment.size),
                "sha256": attachment.sha256,
                "uploaded": local_datetime(attachment.uploaded_at),
            }
            for attachment in attachments
        ],
        "sees_reviews": sees_reviews,
        "province_score": plain_decimal(nomination.province_score),
        "reviews": _province_reviews(nomination, criteria) if sees_reviews else [],
        "sees_opinions": sees_opinions,
        "national_score": plain_decimal(nomination.national_score)
        if policy.can(user, "nomination.aggregate.view", nomination)
        else "",
        "findings": [
            {
                "kind": finding.get_kind_display(),
                "criterion": finding.criterion or "—",
                "text": finding.text,
                "value": plain_decimal(finding.value) or "—",
                "source": finding.source or "—",
                "recorded": f"{chinese_date(timezone.localdate(finding.recorded_at))}，{person(finding.recorded_by)}",
            }
            for finding in findings
        ],
        "opinions": [
            {
                "stage": opinion.get_stage_display(),
                "reviewer": person(opinion.reviewer),
                "score": plain_decimal(opinion.score) or "—",
                "comment": opinion.comment,
            }
            for opinion in opinions
        ],
        "history": _history(nomination, hidden_actions(user, nomination)),
    }


def _history(nomination, hidden):
    labels = ACTION_LABELS
    return [
        {
            "at": local_datetime(event.at),
            "actor": person(event.actor),
            "bureau": event.bureau.name if event.bureau else "",
            "role": role_label(event.role) if event.role else "",
            "action": labels.get(event.action, event.action),
            "name": event.data.get("name", ""),
            "from_state": state_label(event.from_state, NominationState) if event.from_state else "",
            "to_state": state_label(event.to_state, NominationState) if event.to_state else "",
            "comment": event.comment,
        }
        for event in history(nomination)
        if event.action not in hidden
    ]


def dossier_title(nomination):
    return _("%(name)s · %(category)s · %(year)s年度申报档案") % {
        "name": nomination.division.name,
        "category": nomination.get_category_display(),
        "year": nomination.campaign.year,
    }


def file_stem(nomination):
    return f"{nomination.division.name}{nomination.campaign.year}年度{nomination.get_category_display()}"


def render_dossier(user, nomination, target=None, *, fonts=None):
    """The dossier as ``user`` may see it, written into ``target`` (or returned as bytes); see ``render_pdf``."""
    with translation.override("zh-hans"):  # the evaluation's reasons and the history's labels, in the document
        context = dossier_context(user, nomination)
    return render_pdf("documents/dossier.html", context, target, fonts=fonts)


@register
class DossierExporter(Exporter):
    """申报档案: the answers, evidence and history of one application, with the reviews and opinions for those who
    may see them."""

    kind = "dossier_pdf"
    label = gettext_lazy("申报档案（PDF）")

    def clean(self, user, params):
        return {"nomination": get_visible_nomination(user, params).pk}

    def title(self, params):
        return dossier_title(nomination_queryset().get(pk=params["nomination"]))

    def write(self, user, params, progress, out):
        nomination = nomination_queryset().get(pk=params["nomination"])
        progress(10, _("正在排版"))
        render_dossier(user, nomination, out)
        return f"{file_stem(nomination)}申报档案.pdf", PDF


# ---------------------------------------------------------------- the audit package (ZIP)


def safe_member_name(name):
    """A file name that stays inside its folder on any system: no path, control or reserved characters."""
    cleaned = "".join(
        char for char in unicodedata.normalize("NFC", name) if unicodedata.category(char) not in {"Cc", "Cf", "Cs"}
    )
    cleaned = " ".join(UNSAFE_IN_NAMES.sub("_", cleaned).split()).strip(" .")
    return cleaned[:150] or "附件"


def unique_member(folder, name, taken):
    """``folder/name``, or ``folder/name (2).ext``, ``(3)`` … if already in the package (ignoring case, as Windows
    and macOS do when it is unpacked)."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    candidate, number = f"{folder}/{name}", 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{folder}/{stem} ({number}).{extension}" if dot else f"{folder}/{stem} ({number})"
    taken.add(candidate.casefold())
    return candidate


@dataclass(frozen=True)
class Packed:
    name: str
    size: int
    sha256: str


def zip_time(value):
    local = timezone.localtime(value)
    return (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)


def pack_attachment(archive, attachment, member):
    """Copy one stored file into ``archive`` while hashing it; refuse if it is not the file that was uploaded."""
    info = zipfile.ZipInfo(member, date_time=zip_time(attachment.uploaded_at))
    info.compress_type = zipfile.ZIP_DEFLATED
    digest, size = hashlib.sha256(), 0
    try:
        with attachment.file.open("rb") as stored, archive.open(info, "w") as target:
            while chunk := stored.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
    except FileNotFoundError:
        raise ValidationError(
            _("文件“%(name)s”在存储中缺失，已停止打包；请联系管理员。") % {"name": attachment.original_name}
        ) from None
    if digest.hexdigest() != attachment.sha256 or size != attachment.size:
        # The stored file is no longer the one uploaded (and hashed) then: the package would not be evidence.
        raise ValidationError(
            _("文件“%(name)s”与上传时的 SHA-256 不一致，可能已被改动，已停止打包；请联系管理员。")
            % {"name": attachment.original_name}
        )
    return Packed(member, size, attachment.sha256)


class DigestingWriter:
    """Passes what is written on to ``target`` while counting and hashing it."""

    def __init__(self, target):
        self.target, self.sha256, self.size = target, hashlib.sha256(), 0

    def write(self, data):
        self.sha256.update(data)
        self.size += len(data)
        return self.target.write(data)


def pack_document(archive, member, write, *, compress_type=zipfile.ZIP_DEFLATED):
    """Add the file that ``write(target)`` makes to ``archive`` as it is written, hashing it on the way."""
    info = zipfile.ZipInfo(member, date_time=zip_time(timezone.now()))
    info.compress_type = compress_type
    with archive.open(info, "w") as target:
        writer = DigestingWriter(target)
        write(writer)
    return Packed(member, writer.size, writer.sha256.hexdigest())


MANIFEST_HEADERS = ("file", "size", "sha256")


def manifest(rows, headers=MANIFEST_HEADERS):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig")  # with a BOM, so that Excel reads the Chinese names


def build_package(user, nomination, progress, out):
    """Write the ZIP into ``out``: the dossier at the top, the files in one folder per kind, ``manifest.csv`` last."""
    attachments = attachments_for(user, nomination)
    total = len(attachments)
    progress(5, _("正在排版申报档案"))
    taken = {DOSSIER_NAME.casefold(), MANIFEST_NAME.casefold()}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        packed = [pack_document(archive, DOSSIER_NAME, lambda target: render_dossier(user, nomination, target))]
        for index, attachment in enumerate(attachments, start=1):
            progress(
                20 + 75 * (index - 1) // max(total, 1),
                _("正在核验并打包第 %(index)s/%(total)s 个文件：%(name)s")
                % {"index": index, "total": total, "name": attachment.original_name},
            )
            member = unique_member(FOLDERS[attachment.purpose], safe_member_name(attachment.original_name), taken)
            packed.append(pack_attachment(archive, attachment, member))
        archive.writestr(MANIFEST_NAME, manifest((item.name, item.size, item.sha256) for item in packed))


@register
class AuditPackageExporter(Exporter):
    """审计包: the dossier and every file it lists, each checked against its SHA-256, with ``manifest.csv``."""

    kind = "dossier_zip"
    label = gettext_lazy("审计包（ZIP）")

    def clean(self, user, params):
        return {"nomination": get_visible_nomination(user, params).pk}

    def title(self, params):
        nomination = nomination_queryset().get(pk=params["nomination"])
        return _("%(name)s · %(category)s · %(year)s年度审计包") % {
            "name": nomination.division.name,
            "category": nomination.get_category_display(),
            "year": nomination.campaign.year,
        }

    def write(self, user, params, progress, out):
        nomination = nomination_queryset().get(pk=params["nomination"])
        build_package(user, nomination, progress, out)
        return f"{file_stem(nomination)}审计包.zip", ZIP
