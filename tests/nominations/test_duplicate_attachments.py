"""The same file is not attached twice to one application (issue 18, item 9): a second upload of identical content
is refused with the file and criterion it is already under, and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.sample_pdf import one_page_pdf
from nominations.models import Attachment

from ..helpers import api_client

pytestmark = pytest.mark.django_db


def upload(api, nomination, content, name, criterion=None):
    data = {"file": SimpleUploadedFile(name, content, content_type="application/pdf")}
    if criterion:
        data["criterion"] = criterion
    return api.post(f"/api/v1/nominations/{nomination.pk}/attachments/", data, format="multipart")


def test_the_same_content_is_refused_under_any_name(draft, county_clerk):
    api = api_client(county_clerk)
    content = one_page_pdf("report 2026")
    assert upload(api, draft, content, "质量报告.pdf", "6.1").status_code == 201
    again = upload(api, draft, content, "质量报告（副本）.pdf", "6.2")
    assert again.status_code == 400
    assert "同样内容的文件已经上传过：“质量报告.pdf”（6.1）" in again.json()["detail"]
    assert Attachment.objects.filter(nomination=draft).count() == 1
    assert upload(api, draft, one_page_pdf("report 2025"), "质量报告.pdf", "6.2").status_code == 201


def test_another_application_may_carry_the_same_file(draft, county_clerk, city_clerk, campaign):
    from nominations.domain.applications import create_nomination

    content = one_page_pdf("shared regional report")
    assert upload(api_client(county_clerk), draft, content, "区域报告.pdf").status_code == 201
    other = create_nomination(city_clerk, campaign, "quality")
    assert upload(api_client(city_clerk), other, content, "区域报告.pdf").status_code == 201
