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
