# ruff: noqa: F811 - the fixture imported from tests/documents is redefined as arguments
"""The export framework: request, Celery run (eager here), progress, download by the requester only, permissions
checked again at run and download time, a stale run taken up again, failures recorded; and the report letter page.
"""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import ReportDocument
from core.models import AuditEvent
from documents.domain import exports
from documents.exports import EXPORTERS, Exporter, Rendered, base
from documents.models import Export, ExportState
from provinces.models import Membership

from ..helpers import api_client
from .conftest import published  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/exports/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def made(published, campaign, samr_reviewer, django_capture_on_commit_callbacks, eager_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        export = exports.request_export(samr_reviewer, "final_list_pdf", {"campaign": str(campaign.pk)})
    return Export.objects.get(pk=export.pk)


def test_requested_generated_and_downloaded_by_its_requester(made, samr_reviewer, samr_approver):
    assert (made.state, made.progress, made.params) == (ExportState.DONE, 100, {"campaign": made.params["campaign"]})
    assert made.file_name.endswith(".pdf") and made.size > 1000 and len(made.sha256) == 64
    response = signed_in(samr_reviewer).get(reverse("documents:export_file", args=[made.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    # Another SAMR user may have the same document, but not this file.
    assert signed_in(samr_approver).get(reverse("documents:export_file", args=[made.pk])).status_code == 404
    assert api_client(samr_approver).get(f"{API}{made.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="export.download").count() == 1


def test_permissions_are_checked_again_on_download(made, samr_reviewer):
    Membership.objects.filter(user=samr_reviewer).delete()
    samr_reviewer._policy_memberships = None
    response = signed_in(samr_reviewer).get(reverse("documents:export_file", args=[made.pk]))
    assert response.status_code in (403, 404)


def test_a_second_run_changes_nothing(made):
    before = (made.file.name, made.sha256, made.finished_at)
    assert exports.run(made.pk) == ExportState.DONE
    after = Export.objects.get(pk=made.pk)
    assert (after.file.name, after.sha256, after.finished_at) == before


def test_refusals_at_request_time(campaign, samr_reviewer, county_clerk):
    with pytest.raises(ValidationError, match="未知的导出类型"):
        exports.request_export(samr_reviewer, "everything", {})
    with pytest.raises(ValidationError, match="尚无已发布的最终名单"):
        exports.request_export(samr_reviewer, "final_list_pdf", {"campaign": campaign.pk})
    with pytest.raises(ValidationError, match="请指定年度工作"):
        exports.request_export(samr_reviewer, "final_list_pdf", {"campaign": "x"})
    assert not Export.objects.exists()


def test_the_api(published, campaign, samr_reviewer, county_clerk, django_capture_on_commit_callbacks, eager_tasks):
    client = api_client(samr_reviewer)
    assert client.post(API, {"kind": "nothing"}, format="json").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, {"kind": "final_list_pdf", "params": {"campaign": campaign.pk}}, format="json")
    assert response.status_code == 202, response.json()
    body = client.get(f"{API}{response.json()['id']}/").json()
    assert body["state"] == "done" and body["download_url"].endswith(f"/api/v1/exports/{body['id']}/file/")
    assert client.get(body["download_url"]).status_code == 200
    refused = api_client(county_clerk).post(
        API, {"kind": "final_list_pdf", "params": {"campaign": campaign.pk}}, format="json"
    )
    assert refused.status_code in (403, 404)


class Exploding(Exporter):
    kind = "test_exploding"
    label = "test"

    def clean(self, user, params):
        return params

    def title(self, params):
        return "exploding"

    def write(self, user, params, progress, out):
        out.write(b"x")
        progress(50, "half way")
        if params.get("fail"):
            raise RuntimeError("boom")
        return "x.txt", "text/plain"


@pytest.fixture
def exploding(monkeypatch):
    monkeypatch.setitem(EXPORTERS, Exploding.kind, Exploding())


def test_a_failure_is_recorded_and_raised(exploding, samr_reviewer):
    export = Export.objects.create(kind=Exploding.kind, params={"fail": True}, title="t", created_by=samr_reviewer)
    with pytest.raises(RuntimeError):
        exports.run(export.pk)
    export.refresh_from_db()
    assert export.state == ExportState.FAILED and "生成失败" in export.message and not export.file


class Large(Exporter):
    """Two and a half megabytes, written in pieces as a PDF or a ZIP is."""

    kind = "test_large"
    label = "test"
    piece = bytes(range(256)) * 1024

    def clean(self, user, params):
        return params

    def title(self, params):
        return "large"

    def write(self, user, params, progress, out):
        for _index in range(10):
            out.write(self.piece)
        if params.get("refuse"):
            raise ValidationError("您已无权查看这些内容。")
        return "large.bin", "application/octet-stream"


@pytest.fixture
def spools(monkeypatch):
    """Every file an exporter was given to write into; and no one reads a whole file into memory."""
    made = []

    def tracked():
        made.append(real())
        return made[-1]

    real = base.spool
    monkeypatch.setattr(base, "spool", tracked)
    monkeypatch.setattr(Rendered, "content", property(lambda self: pytest.fail("the whole file read into memory")))
    monkeypatch.setitem(EXPORTERS, Large.kind, Large())
    monkeypatch.setitem(EXPORTERS, Exploding.kind, Exploding())
    return made


def test_the_file_is_saved_from_disk_with_its_digest_and_size(spools, samr_reviewer):
    export = Export.objects.create(kind=Large.kind, title="t", created_by=samr_reviewer)

    assert exports.run(export.pk) == ExportState.DONE

    export.refresh_from_db()
    expected = Large.piece * 10
    assert export.size == len(expected) > 2 * base.CHUNK
    assert export.sha256 == hashlib.sha256(expected).hexdigest()
    with export.file.open("rb") as stored:
        assert stored.read() == expected
    assert len(spools) == 1 and spools[0].closed  # an anonymous file: closed is removed


def test_the_file_is_removed_when_the_exporter_fails(spools, samr_reviewer):
    export = Export.objects.create(kind=Exploding.kind, params={"fail": True}, title="t", created_by=samr_reviewer)
    with pytest.raises(RuntimeError):
        exports.run(export.pk)
    export.refresh_from_db()
    assert export.state == ExportState.FAILED and not export.file
    assert len(spools) == 1 and spools[0].closed


def test_the_file_is_removed_when_the_exporter_refuses(spools, samr_reviewer):
    export = Export.objects.create(kind=Large.kind, params={"refuse": True}, title="t", created_by=samr_reviewer)
    assert exports.run(export.pk) == ExportState.FAILED
    export.refresh_from_db()
    assert export.message == "您已无权查看这些内容。" and not export.file
    assert len(spools) == 1 and spools[0].closed


def test_exports_go_to_their_own_queue_and_the_rest_to_the_default_one():
    from config.celery import app

    def queue(name):
        return app.amqp.router.route({}, name, (1,), {})["queue"]

    assert (queue("documents.run_export").name, queue("documents.run_export").routing_key) == ("exports",) * 2
    assert queue("documents.requeue_exports").name == queue("core.send_notification").name == "celery"
    # A worker started without -Q (the tests' workers, a plain `celery worker`) consumes both.
    assert set(app.amqp.queues) == {"celery", "exports"}


def test_a_stale_run_is_taken_up_again_and_a_live_one_is_not(exploding, samr_reviewer):
    live = Export.objects.create(
        kind=Exploding.kind, title="t", created_by=samr_reviewer, state=ExportState.RUNNING, started_at=timezone.now()
    )
    assert exports.run(live.pk) == ExportState.RUNNING
    stale = Export.objects.create(
        kind=Exploding.kind,
        title="t",
        created_by=samr_reviewer,
        state=ExportState.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
    )
    assert exports.run(stale.pk) == ExportState.DONE


def test_the_progress_page_updates_itself_until_done(exploding, samr_reviewer):
    export = Export.objects.create(kind=Exploding.kind, title="t", created_by=samr_reviewer, progress=40)
    client = signed_in(samr_reviewer)
    url = reverse("documents:export", args=[export.pk])
    page = client.get(url).content.decode()
    # The whole page: htmx polls the status part; without JavaScript the page reloads itself.
    assert 'hx-trigger="every 2s"' in page and '<noscript><meta http-equiv="refresh"' in page and 'value="40"' in page
    fragment = client.get(url, headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert text.lstrip().startswith('<div id="export-status"') and "<html" not in text
    assert 'hx-trigger="every 2s"' in text and fragment["Vary"].count("HX-Request") == 1
    exports.run(export.pk)
    text = client.get(url, headers={"HX-Request": "true"}).content.decode()
    # Finished: the part carries the download and no trigger, so the polling stops.
    assert "hx-trigger" not in text and reverse("documents:export_file", args=[export.pk]) in text
    assert 'http-equiv="refresh"' not in client.get(url).content.decode()


@pytest.mark.parametrize("size", [1, 5])
def test_the_lists_run_a_constant_number_of_queries(size, exploding, samr_reviewer):
    for _index in range(size):
        Export.objects.create(kind=Exploding.kind, title="t", created_by=samr_reviewer)
    client = signed_in(samr_reviewer)
    client.get(reverse("documents:exports"))  # warm the process-wide caches (content types)
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get(reverse("documents:exports")).context["page"]) == size
    assert len(queries) == 6  # session, user, memberships (the header), the per-object grants, count, page
    api = api_client(samr_reviewer)
    api.get(API)
    with CaptureQueriesContext(connection) as queries:
        assert api.get(API).json()["count"] == size
    assert len(queries) == 2


def test_the_report_letter_page(published, campaign, samr_approver, province_reviewer):
    url = reverse("documents:report_document")
    # National lists are not the province's to see: a 404, as everywhere.
    assert signed_in(province_reviewer).get(url).status_code == 404
    assert signed_in(province_reviewer).post(url, {"title": "x"}).status_code == 404
    assert not ReportDocument.objects.exists()
    client = signed_in(samr_approver)
    page = client.get(url)
    assert page.status_code == 200 and "国务院办公厅" in page.content.decode()
    data = {
        "issuer": "国家市场监督管理总局",
        "document_number": "国市监信函〔2026〕12号",
        "title": "关于报送名单的函",
        "addressee": "国务院办公厅",
        "body": "第一段。\n\n特此函告。",
        "signed_on": timezone.localdate().isoformat(),
    }
    assert client.post(url, {**data, "document_number": ""}).status_code == 200
    assert not ReportDocument.objects.exists()
    assert client.post(url, data).status_code == 302
    assert ReportDocument.objects.get().paragraphs() == ["第一段。", "特此函告。"]
    pdf = client.get(reverse("documents:report_document_pdf"))
    body = b"".join(pdf.streaming_content)
    assert pdf.status_code == 200 and body.startswith(b"%PDF") and int(pdf["Content-Length"]) == len(body)
    assert "no-store" in pdf["Cache-Control"]


def test_the_report_letter_is_saved_by_samr_leadership_only(published, campaign, samr_reviewer, samr_approver):
    from awards.domain import report as reporting
    from documents.exports.final_list import report_document_for

    document = report_document_for(campaign)
    fields = {name: getattr(document, name) for name in reporting.REPORT_DOCUMENT_FIELDS}
    with pytest.raises(PermissionDenied):
        reporting.save_report_document(samr_reviewer, document, **fields)
    with pytest.raises(ValidationError, match="请填写发文字号"):
        reporting.save_report_document(samr_approver, document, **{**fields, "document_number": " "})
    assert not ReportDocument.objects.exists()
    reporting.save_report_document(samr_approver, document, **fields)
    assert AuditEvent.objects.filter(action="report_document.save").count() == 1
