"""Issue 19, the public: the PDF of each published version of a final list, for anyone, from the final lists page;
rendered once per version."""

import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from documents.exports import letters

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="需要 poppler-utils")


@needs_poppler
def test_anyone_downloads_each_published_version(published, tmp_path):
    first = published[0].published_versions.get()
    page = Client().get(reverse("publicity:final_lists")).content.decode()
    url = reverse("documents:final_list_pdf", args=[first.pk])
    assert f'href="{url}"' in page

    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and response["X-Content-Type-Options"] == "nosniff"
    path = tmp_path / "list.pdf"
    path.write_bytes(response.content)
    text = re.sub(
        r"\s+", "", subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    )
    assert "2026年度市场监管工作真抓实干成效明显地方名单（深化商事制度改革和加强事中事后监管）" in text
    assert "第1版" in text and "国家市场监督管理总局" in text
    for entry in first.entries:
        assert f"{entry['position']}{entry['province_name']}{entry['division_name']}" in text

    assert Client().get(reverse("documents:final_list_pdf", args=[999999])).status_code == 404


def test_a_version_is_rendered_once(published, monkeypatch):
    renders = []
    render = letters.render_pdf
    monkeypatch.setattr(letters, "render_pdf", lambda *args: renders.append(args) or render(*args))
    url = reverse("documents:final_list_pdf", args=[published[1].published_versions.get().pk])
    first, second = Client().get(url), Client().get(url)
    assert first.content == second.content and len(renders) == 1
