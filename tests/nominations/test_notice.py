import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent

from ..helpers import api_client

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def test_admin_uploads_the_notice_and_provinces_download_it(campaign, admin_user, province_reviewer, client):
    response = api_client(admin_user).put(
        f"/api/v1/campaigns/{campaign.pk}/notice/", {"file": SimpleUploadedFile("通知.pdf", PDF)}, format="multipart"
    )
    assert response.status_code == 200, response.json()
    download = api_client(province_reviewer).get(f"/api/v1/campaigns/{campaign.pk}/notice/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    client.force_login(province_reviewer)
    assert "下载通知附件" in client.get(reverse("nominations:notice")).content.decode()
    assert client.get(reverse("nominations:notice_file")).status_code == 200
    assert AuditEvent.objects.filter(action="campaign.notice.download").count() == 2


def test_only_admins_upload_and_content_is_checked(campaign, admin_user, province_reviewer):
    upload = {"file": SimpleUploadedFile("通知.pdf", PDF)}
    assert (
        api_client(province_reviewer)
        .put(f"/api/v1/campaigns/{campaign.pk}/notice/", upload, format="multipart")
        .status_code
        == 403
    )
    bad = {"file": SimpleUploadedFile("通知.pdf", b"<html>")}
    response = api_client(admin_user).put(f"/api/v1/campaigns/{campaign.pk}/notice/", bad, format="multipart")
    assert response.status_code == 400 and response.json()["detail"]
    assert api_client(province_reviewer).get(f"/api/v1/campaigns/{campaign.pk}/notice/").status_code == 404
