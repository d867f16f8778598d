"""The final list to the State Council General Office (PDF): content, layout facts, fonts, speed, permissions."""

import re
import shutil
import subprocess
import time

import pytest

from documents.exports import exporter_for
from documents.exports.final_list import final_list_context

pytestmark = pytest.mark.django_db
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="需要 poppler-utils（scripts/bootstrap.sh 会安装）")
# The fonts the final list may use: 仿宋/小标宋 (Noto Serif CJK SC) and 黑体 (Noto Sans CJK SC); anything else means
# a glyph fell back to a font outside the official roles.
ALLOWED_FONTS = re.compile(r"\+Noto-?(Serif|Sans)-?CJK-?SC")


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(path):
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        parts = line.split()
        # name type [type] encoding emb sub uni object ID
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


@pytest.fixture
def rendered(published, campaign, tmp_path, samr_reviewer):
    exporter = exporter_for("final_list_pdf")
    params = exporter.clean(samr_reviewer, {"campaign": campaign.pk})
    exporter.render(samr_reviewer, params, lambda *args: None)  # a worker process renders many: fonts are loaded once
    started = time.perf_counter()
    result = exporter.render(samr_reviewer, params, lambda *args: None)
    elapsed = time.perf_counter() - started
    path = tmp_path / "final.pdf"
    path.write_bytes(result.content)
    return path, elapsed, result


@needs_poppler
def test_the_content_of_the_letter_and_its_lists(rendered, campaign):
    path, _elapsed, result = rendered
    assert result.content_type == "application/pdf" and result.content.startswith(b"%PDF")
    compact = re.sub(r"\s+", "", pdf_text(path))
    context = final_list_context(campaign)
    document = context["document"]
    for text in (document.issuer, document.document_number, f"{document.addressee}：", context["signed_on"]):
        assert text in compact
    assert "附件1" in compact and "附件2" in compact and "—1—" in compact and "—2—" in compact
    assert [section["category"] for section in context["sections"]] == [
        "深化商事制度改革和加强事中事后监管",
        "推进质量工作",
    ]
    rows = [entry for section in context["sections"] for entry in section["entries"]]
    assert len(rows) == 80
    for entry in rows:
        assert f"{entry['position']}{entry['province_name']}{entry['division_name']}{entry['level_name']}" in compact


@needs_poppler
def test_every_glyph_is_in_an_embedded_cjk_font(rendered):
    path, _elapsed, _result = rendered
    fonts = pdf_fonts(path)
    assert fonts
    assert all(font["emb"] == "yes" for font in fonts), fonts
    assert all(ALLOWED_FONTS.search(font["name"]) for font in fonts), fonts


def test_it_renders_in_under_two_seconds(rendered):
    _path, elapsed, _result = rendered
    assert elapsed < 2.0, f"{elapsed:.2f} s"


# ---------------------------------------------------------------- the number and the closing (issue 19)


def render_letter(campaign, user, tmp_path, **fields):
    """The final list PDF with the letter's wording changed as SAMR saves it; its text page by page."""
    from awards.domain.report import save_report_document
    from documents.exports.final_list import report_document_for

    document = report_document_for(campaign)
    wording = {name: getattr(document, name) for name in ("issuer", "document_number", "title", "addressee", "body")}
    save_report_document(user, document, signed_on=document.signed_on, **{**wording, **fields})
    exporter = exporter_for("final_list_pdf")
    result = exporter.render(user, exporter.clean(user, {"campaign": campaign.pk}), lambda *args: None)
    path = tmp_path / "letter.pdf"
    path.write_bytes(result.content)
    return pdf_text(path).split("\f")


@needs_poppler
def test_a_number_without_its_serial_prints_as_a_draft_with_the_blank(published, campaign, samr_approver, tmp_path):
    pages = render_letter(campaign, samr_approver, tmp_path, document_number="国市监信函〔2026〕号")
    assert "送审稿" in pages[0]
    assert re.search(r"国市监信函〔2026〕\s+号", pages[0])  # a blank to fill in, never "〔2026〕号"
    pages = render_letter(campaign, samr_approver, tmp_path, document_number="国市监信函〔2026〕12号")
    assert "送审稿" not in pages[0] and "国市监信函〔2026〕12号" in pages[0]


@needs_poppler
def test_the_signature_never_stands_alone_on_a_page(published, campaign, samr_approver, tmp_path):
    """GB/T 9704-2012 7.3.5: the issuer and the date stay on the page of the letter's last words, however long the
    body grows (the reporter's letter put them alone on page 2)."""
    issuer, signed_on = "国家市场监督管理总局", final_list_context(campaign)["signed_on"]
    filler = "各地市场监管部门认真落实各项改革举措，取得明显成效，形成了一批可复制可推广的经验做法。"
    crossed = False
    for count in range(6, 17):
        body = "\n\n".join([filler] * count + ["特此函告。"])
        pages = render_letter(campaign, samr_approver, tmp_path, body=body)
        letter = []
        for page in pages:
            if page.strip().startswith("附件1"):
                break
            letter.append(page)
        signed = next(page for page in letter if re.search(rf"{issuer}\s*\n\s*{signed_on}", page))
        assert "特此函告。" in signed, (count, signed)
        crossed = crossed or len(letter) > 1
    assert crossed  # the body did cross onto a second page within the range tried
