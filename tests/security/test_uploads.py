"""Every upload of the portal against hostile files (issue 10, "Input"): too large, empty, HTML or SVG with a script
behind a harmless extension, path-traversal and overlong names, a zip bomb. Each is refused with a Chinese message
(a 400 from the API, the form again or the page's message on the web) and leaves nothing behind: no row, no audit
event, no file in the private storage.

The uploads: the applicant's evidence, the province's verification file, the government's confirmation document, the
answer to SAMR's information request, the campaign notice, SAMR's indicator import (an .xlsx is a ZIP) and the
public's objection evidence (``test_objection_form.py``).
"""

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from criteria.domain import indicators
from nominations.enums import NominationState
from nominations.models import ProvinceRecommendation
from provinces.enums import Level
from provinces.models import Division

from ..conftest import PERSONA_SPECS
from ..nominations.test_nominations_api import make
from . import matrix
from .world import build_world

pytestmark = pytest.mark.django_db

S = NominationState
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
LIMIT_MB = 1
WORD_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/{part}" ContentType="{type}"/></Types>'
)


def deflated(name):
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def bomb(part, content_type):
    """An Office file of 50 MB of zeros in one part: about 50 KB on the wire."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", WORD_TYPES.format(part=part, type=content_type))
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        with archive.open(deflated(part), "w") as member:
            for _ in range(50):
                member.write(bytes(1024 * 1024))
    return buffer.getvalue()


def workbook_bomb():
    """A real workbook whose sheet inflates to 60 MB of text in 60 cells (the import keeps every row it reads)."""
    book = openpyxl.Workbook()
    book.active.append(["440902"])
    plain = io.BytesIO()
    book.save(plain)
    buffer = io.BytesIO()
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, zipfile.ZipFile(buffer, "w") as out:
        for item in source.infolist():
            if item.filename != sheet:
                out.writestr(item, source.read(item.filename))
        with out.open(deflated(sheet), "w") as member:
            member.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for row in range(1, 61):
                member.write(f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>'.encode())
                member.write(b"a" * (1024 * 1024))
                member.write(b"</t></is></c></row>")
            member.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


WORKBOOK_BOMB = workbook_bomb()
DOCX_BOMB = bomb(
    "word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
XLSX_BOMB = bomb("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")

# name: (file name, content); what every upload must refuse.
HOSTILE = {
    "oversized": ("证明材料.pdf", PDF + bytes(LIMIT_MB * 1024 * 1024)),
    "empty": ("证明材料.pdf", b""),
    "html_named_pdf": ("证明材料.pdf", HTML),
    "svg_with_script": ("图.svg", SVG),
    "svg_named_png": ("图.png", SVG),
    "traversal_name": ("../../etc/passwd.pdf", HTML),
    "overlong_name": ("证" * 300 + ".pdf", HTML),
    "zip_bomb": ("报告.docx", DOCX_BOMB),
}


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def world(request, monkeypatch):
    world = build_world({name: request.getfixturevalue(name) for name in PERSONA_SPECS})
    world.campaign.max_file_mb = LIMIT_MB
    world.campaign.save()
    monkeypatch.setattr(indicators, "MAX_FILE_BYTES", LIMIT_MB * 1024 * 1024)
    # A submitted application to verify, and a province list with a shortlisted entry to confirm.
    counties = (
        Division.objects.filter(province__code="440000", level=Level.COUNTY)
        .exclude(code="440902")
        .order_by("code")
        .values_list("code", flat=True)[1:3]
    )
    world.submitted = make(world.campaign, counties[0], world.users["county_clerk"], state=S.SUBMITTED)
    make(world.campaign, counties[1], world.users["county_clerk"], state=S.SHORTLISTED)
    world.draft_list = ProvinceRecommendation.objects.create(
        campaign=world.campaign, province=world.submitted.division.province, category="quality"
    )
    world.campaign.application_deadline = world.campaign.province_deadline = timezone.now() + timedelta(days=5)
    world.campaign.save()
    return world


def client_for(world, name):
    client = APIClient()
    client.force_login(world.users[name])
    return client


# Each upload over the API: (persona, method, route, its URL's object, the other fields, the file's field).
API_UPLOADS = {
    "evidence": ("county_clerk", "post", "api:nomination-attachments", "gd_draft", {}, "file"),
    "verification": ("province_reviewer", "post", "api:nomination-verify", "submitted", {"note": "属实。"}, "evidence"),
    "confirmation": (
        "province_approver",
        "post",
        "api:province-recommendation-confirm",
        "draft_list",
        {"document_number": "粤府函〔2026〕1号", "document_date": "2026-01-05"},
        "document",
    ),
    "information_answer": (
        "province_reviewer",
        "post",
        "api:information-request-answer",
        "information_request",
        {"answer": "已补充。"},
        "evidence",
    ),
    "notice": ("admin_user", "put", "api:campaign-notice", "campaign", {}, "file"),
}


def _object(world, label):
    if label == "submitted":
        return world.submitted
    if label == "draft_list":
        return world.draft_list
    if label == "campaign":
        return world.campaign
    if label == "information_request":
        return next(t.obj for t in world.targets["information_request"] if t.label == "gd")
    return world.nominations[label]


@pytest.mark.parametrize("case", HOSTILE)
@pytest.mark.parametrize("path", API_UPLOADS)
def test_the_api_refuses_a_hostile_file_and_keeps_nothing(path, case, world):
    name, method, route, label, fields, field = API_UPLOADS[path]
    file_name, data = HOSTILE[case]
    url = reverse(route, args=[_object(world, label).pk])
    files, rows = stored_files(), matrix.fingerprint()

    response = getattr(client_for(world, name), method)(
        url, {**fields, field: upload(file_name, data)}, format="multipart"
    )

    assert response.status_code == 400, (response.status_code, response.content[:300])
    detail = response.json()["detail"]
    assert any("\u4e00" <= char <= "\u9fff" for char in detail), detail
    if case == "zip_bomb":
        assert "压缩炸弹" in detail, detail
    assert matrix.fingerprint() == rows, "a refused upload changed the database"
    assert stored_files() == files, "a refused upload left a file behind"


@pytest.mark.parametrize("case", HOSTILE)
def test_the_evidence_page_refuses_a_hostile_file_with_a_message(case, world):
    file_name, data = HOSTILE[case]
    nomination = world.nominations["gd_draft"]
    files, rows = stored_files(), matrix.fingerprint()

    response = client_for(world, "county_clerk").post(
        reverse("nominations:upload", args=[nomination.pk]), {"file": upload(file_name, data)}, follow=True
    )

    assert response.status_code == 200
    assert "上传失败" in response.content.decode()
    assert matrix.fingerprint() == rows and stored_files() == files


@pytest.mark.parametrize(
    ("file_name", "data"),
    [
        ("指标.xlsx", XLSX_BOMB),
        ("指标.xlsx", WORKBOOK_BOMB),
        ("指标.xlsx", HTML),
        ("指标.csv", HTML),
        ("指标.csv", SVG),
        ("指标.csv", b""),
        ("指标.csv", b"x" * (LIMIT_MB * 1024 * 1024 + 1)),
        ("指标.svg", SVG),
        ("../../etc/指标.xlsx", PDF),
        ("指" * 300 + ".xlsx", PDF),
    ],
    ids=[
        "zip_bomb",
        "workbook_bomb",
        "html_named_xlsx",
        "html_named_csv",
        "svg_named_csv",
        "empty",
        "oversized",
        "svg",
        "traversal",
        "overlong",
    ],
)
def test_the_indicator_import_refuses_a_hostile_file(file_name, data, world):
    client = client_for(world, "samr_reviewer")
    rows = matrix.fingerprint()

    api = client.post(reverse("api:indicator-value-import"), {"file": upload(file_name, data)}, format="multipart")
    page = client.post(reverse("criteria:indicator_import"), {"file": upload(file_name, data)})

    assert api.status_code == 400, api.content[:300]
    assert api.json()["errors"] and api.json()["detail"]
    if data is WORKBOOK_BOMB:
        assert "压缩炸弹" in str(api.json()), api.json()  # refused before openpyxl inflates it
    assert page.status_code == 200
    report = page.context["report"]
    assert page.context["form"].errors or (report is not None and report.errors), "the page said nothing"
    assert "criteria.indicator_import" not in client.session  # nothing waits for a confirmation
    assert matrix.fingerprint() == rows


def test_a_path_in_a_file_name_never_reaches_the_disk(world):
    """Django keeps only the base name of an uploaded file and the portal stores it under a random name: a real PDF
    called ../../etc/passwd.pdf, or with a 300-character name, is kept safely inside the private storage."""
    client = client_for(world, "county_clerk")
    url = reverse("api:nomination-attachments", args=[world.nominations["gd_draft"].pk])
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"]).resolve()
    for file_name in ("../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "证" * 300 + ".pdf"):
        files = stored_files()
        response = client.post(url, {"file": upload(file_name, PDF + file_name.encode())}, format="multipart")
        assert response.status_code == 201, response.content[:300]
        name = response.json()["original_name"]
        assert "/" not in name and "\\" not in name and ".." not in name and len(name) <= 120
        (new,) = stored_files() - files
        assert new.resolve().is_relative_to(private) and new.name.isalnum()
