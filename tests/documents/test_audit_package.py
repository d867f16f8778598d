"""The audit package (审计包, ZIP): members, manifest, every file checked against its stored SHA-256; and the whole
export path (request, Celery run, download by its requester only)."""

import csv
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from core.models import AuditEvent
from documents.domain import exports
from documents.exports import exporter_for
from documents.exports.dossier import safe_member_name, unique_member
from documents.models import Export, ExportState
from nominations.domain import applications
from nominations.models import Attachment

pytestmark = pytest.mark.django_db


def package(user, nomination, progress=None):
    exporter = exporter_for("dossier_zip")
    params = exporter.clean(user, {"nomination": nomination.pk})
    return exporter.render(user, params, progress or (lambda *args: None))


def manifest_rows(archive):
    text = archive.read("manifest.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_dossier_every_file_and_the_manifest(recommended_dossier, samr_reviewer):
    reported = []
    result = package(samr_reviewer, recommended_dossier, lambda percent, message="": reported.append(percent))
    assert result.content_type == "application/zip" and result.name == "茂南区2026年度推进质量工作审计包.zip"
    archive = zipfile.ZipFile(io.BytesIO(result.content))
    assert archive.testzip() is None
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
    names = archive.namelist()
    assert names[0] == "申报档案.pdf" and names[-1] == "manifest.csv"
    assert archive.read("申报档案.pdf").startswith(b"%PDF")
    assert "佐证材料/6.3佐证材料.pdf" in names
    # Two files named alike are both kept; a name with path and reserved characters stays in its folder.
    assert {"佐证材料/工作总结.pdf", "佐证材料/工作总结 (2).pdf", "佐证材料/_报告_终稿_.pdf"} <= set(names)
    assert all(".." not in name and "\\" not in name for name in names)
    rows = manifest_rows(archive)
    assert [row["file"] for row in rows] == names[:-1]
    for row in rows:
        content = archive.read(row["file"])
        assert (int(row["size"]), row["sha256"]) == (len(content), hashlib.sha256(content).hexdigest())
    stored = {a.sha256 for a in Attachment.objects.filter(nomination=recommended_dossier)}
    assert stored == {row["sha256"] for row in rows[1:]}
    assert len(reported) == 1 + len(stored) and reported == sorted(reported)


def test_the_applicant_gets_its_evidence_but_not_the_provinces_material(recommended_dossier, county_clerk):
    verification = Attachment.objects.filter(nomination=recommended_dossier).first()
    verification.pk, verification.purpose, verification.original_name = None, "verification", "核实记录.pdf"
    verification.save()
    names = zipfile.ZipFile(io.BytesIO(package(county_clerk, recommended_dossier).content)).namelist()
    assert "核实材料/核实记录.pdf" not in names and "佐证材料/6.3佐证材料.pdf" in names


def test_the_province_gets_its_verification_material_too(recommended_dossier, province_reviewer):
    verification = Attachment.objects.filter(nomination=recommended_dossier).first()
    verification.pk, verification.purpose, verification.original_name = None, "verification", "核实记录.pdf"
    verification.save()
    names = zipfile.ZipFile(io.BytesIO(package(province_reviewer, recommended_dossier).content)).namelist()
    assert "核实材料/核实记录.pdf" in names


def tamper(nomination):
    attachment = Attachment.objects.filter(nomination=nomination, original_name="6.3佐证材料.pdf").get()
    with attachment.file.storage.open(attachment.file.name, "wb") as stored:
        stored.write(b"%PDF-1.4 replaced after the upload\n%%EOF\n")
    return attachment


def test_a_changed_file_stops_the_package(recommended_dossier, samr_reviewer):
    tamper(recommended_dossier)
    with pytest.raises(ValidationError, match="6.3佐证材料.pdf”与上传时的 SHA-256 不一致"):
        package(samr_reviewer, recommended_dossier)


def test_a_missing_file_stops_the_package(recommended_dossier, samr_reviewer):
    attachment = Attachment.objects.filter(nomination=recommended_dossier).first()
    attachment.file.storage.delete(attachment.file.name)
    with pytest.raises(ValidationError, match="在存储中缺失"):
        package(samr_reviewer, recommended_dossier)


def test_a_changed_file_fails_the_export_with_the_reason(
    recommended_dossier, samr_reviewer, django_capture_on_commit_callbacks, eager_tasks
):
    tamper(recommended_dossier)
    with django_capture_on_commit_callbacks(execute=True):
        export = exports.request_export(samr_reviewer, "dossier_zip", {"nomination": recommended_dossier.pk})
    export.refresh_from_db()
    assert export.state == ExportState.FAILED and not export.file
    assert "6.3佐证材料.pdf" in export.message and "SHA-256 不一致" in export.message


def test_requested_generated_and_downloaded_by_its_requester_only(
    recommended_dossier, province_reviewer, province_approver, django_capture_on_commit_callbacks, eager_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = exports.request_export(province_reviewer, "dossier_zip", {"nomination": str(recommended_dossier.pk)})
    export = Export.objects.get(pk=export.pk)
    assert (export.state, export.progress, export.params) == (
        ExportState.DONE,
        100,
        {"nomination": recommended_dossier.pk},
    )
    assert export.title == "茂南区 · 推进质量工作 · 2026年度审计包" and export.content_type == "application/zip"
    with exports.open_export(province_reviewer, export) as opened:
        content = opened.read()
    assert hashlib.sha256(content).hexdigest() == export.sha256
    assert "manifest.csv" in zipfile.ZipFile(io.BytesIO(content)).namelist()
    with pytest.raises(Http404):
        exports.open_export(province_approver, export)
    # The framework records the request and the download; packing the evidence records nothing more.
    actions = list(AuditEvent.objects.filter(actor=province_reviewer).values_list("action", flat=True))
    assert actions.count("export.request") == 1 and actions.count("export.download") == 1
    assert "attachment.download" not in actions


def test_the_dossier_through_the_export_path(
    recommended_dossier, county_clerk, other_county_clerk, django_capture_on_commit_callbacks, eager_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = exports.request_export(county_clerk, "dossier_pdf", {"nomination": recommended_dossier.pk})
    export = Export.objects.get(pk=export.pk)
    assert export.state == ExportState.DONE and export.file_name == "茂南区2026年度推进质量工作申报档案.pdf"
    with exports.open_export(county_clerk, export) as opened:
        assert opened.read(4) == b"%PDF"
    with pytest.raises(Http404):
        exports.open_export(other_county_clerk, export)


def test_a_foreign_application_cannot_be_requested(recommended_dossier, other_province_reviewer):
    with pytest.raises(Http404):
        exports.request_export(other_province_reviewer, "dossier_zip", {"nomination": recommended_dossier.pk})
    assert not Export.objects.exists()


@pytest.mark.parametrize(
    "name, expected",
    [
        ("报告.pdf", "报告.pdf"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("..\\报告:终稿?.pdf", "_报告_终稿_.pdf"),
        ("a\u202egpj.exe", "agpj.exe"),
        ("  . ", "附件"),
    ],
)
def test_member_names_are_made_safe(name, expected):
    assert safe_member_name(name) == expected


def test_member_names_are_unique_ignoring_case():
    taken = set()
    assert [unique_member("佐证材料", name, taken) for name in ("A.pdf", "a.PDF", "a.pdf", "B")] == [
        "佐证材料/A.pdf",
        "佐证材料/a (2).PDF",
        "佐证材料/a (3).pdf",
        "佐证材料/B",
    ]
    assert unique_member("核实材料", "A.pdf", taken) == "核实材料/A.pdf"


def test_a_package_without_files_has_the_dossier_and_the_manifest(campaign, county_clerk):
    nomination = applications.create_nomination(county_clerk, campaign, "quality")
    archive = zipfile.ZipFile(io.BytesIO(package(county_clerk, nomination).content))
    assert archive.namelist() == ["申报档案.pdf", "manifest.csv"]
    assert [row["file"] for row in manifest_rows(archive)] == ["申报档案.pdf"]
