"""The publicity API: public reads and objections, SAMR's handling, the list actions; access and query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import AuditEvent
from national.models import NationalList, NationalListState
from nominations.enums import NominationState
from nominations.models import Nomination
from publicity.domain import objections, publication
from publicity.enums import ObjectionStatus
from publicity.models import Objection, PublicityPeriod, PublishedList

from ..helpers import api_client
from .conftest import END, PDF, approved_list, listed, running

pytestmark = pytest.mark.django_db
S = NominationState
O = ObjectionStatus  # noqa: E741
PERIODS = "/api/v1/publicity/"
OBJECTIONS = "/api/v1/objections/"
PUBLISHED = "/api/v1/published-lists/"
LISTS = "/api/v1/national-lists/"


@pytest.fixture
def live(quality_list, samr_approver):
    return running(quality_list, samr_approver)


def body(target, **fields):
    return {
        "nomination": target.pk,
        "name": "李四",
        "contact": "010-87654321",
        "grounds": "该地方申报的数据与实际情况不符。",
        **fields,
    }


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(queries)


# ---------------------------------------------------------------- public reads


def test_anyone_reads_the_running_publicity(live, quality_list, anonymous):
    response = api_client(anonymous).get(PERIODS)

    assert response.status_code == 200
    [period] = response.json()["results"]
    assert (period["id"], period["category"], period["is_open"], period["has_ended"], period["working_days"]) == (
        live.pk,
        "quality",
        True,
        False,
        5,
    )
    first = listed(quality_list)[0]
    assert period["entries"][0] == {
        "position": 1,
        "nomination": first.pk,
        "division": first.division.code,
        "division_name": first.division.name,
        "province": "440000",
        "province_name": "广东省",
        "level": "county",
    }
    assert api_client(anonymous).get(f"{PERIODS}{live.pk}/").json()["notice_title"] == live.notice_title
    assert api_client(anonymous).get(PERIODS, {"open": "false"}).json()["results"] == []
    assert api_client(anonymous).get(PERIODS, {"open": "maybe"}).status_code == 400


def test_a_scheduled_period_is_not_public_before_its_start(quality_list, samr_approver, anonymous):
    later = timezone.now() + datetime.timedelta(days=1)
    scheduled = running(quality_list, samr_approver, starts_at=later, ends_at=later + datetime.timedelta(days=7))

    assert api_client(anonymous).get(PERIODS).json()["results"] == []
    assert api_client(anonymous).get(f"{PERIODS}{scheduled.pk}/").status_code == 404


def test_public_reads_are_throttled(live, anonymous, monkeypatch):
    from publicity.api import PublicReadThrottle

    monkeypatch.setattr(PublicReadThrottle, "rate", "2/minute")
    client = api_client(anonymous)
    assert [client.get(PERIODS).status_code for _ in range(3)] == [200, 200, 429]


# ---------------------------------------------------------------- public objections


def test_anyone_files_an_objection_and_gets_a_receipt(live, quality_list, anonymous):
    target = listed(quality_list)[1]

    response = api_client(anonymous).post(OBJECTIONS, body(target), format="json")

    assert response.status_code == 201, response.json()
    filed = Objection.objects.get()
    assert response.json() == {
        "receipt": filed.receipt,
        "submitted_at": response.json()["submitted_at"],
        "nomination": target.pk,
        "division_name": target.division.name,
        "status": "received",
    }
    assert (filed.ip, filed.period) == ("127.0.0.1", live)


@pytest.mark.parametrize(
    ("forwarded", "proxies", "stored"),
    [
        ("2001:DB8::1, 10.0.0.1", 2, "2001:db8::1"),
        ("<script>", 1, "127.0.0.1"),  # not an address: the connection's
        ("198.51.100.1", 0, "127.0.0.1"),  # written by the client itself, with no proxy in front: ignored
    ],
)
def test_the_client_address_is_the_one_the_trusted_proxy_saw(
    live, quality_list, anonymous, forwarded, proxies, stored, settings
):
    settings.TRUSTED_PROXY_COUNT = proxies
    response = api_client(anonymous).post(
        OBJECTIONS, body(listed(quality_list)[0]), format="json", HTTP_X_FORWARDED_FOR=forwarded
    )

    assert response.status_code == 201, response.json()
    assert Objection.objects.get().ip == stored
    assert AuditEvent.objects.get(action="objection.submit").ip == stored


def test_an_objection_with_evidence_as_multipart(live, quality_list, anonymous):
    upload = SimpleUploadedFile("证据.pdf", PDF, content_type="application/pdf")

    response = api_client(anonymous).post(OBJECTIONS, {**body(listed(quality_list)[0]), "evidence": upload})

    assert response.status_code == 201, response.json()
    assert Objection.objects.get().evidence_sha256


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "请填写真实姓名"),
        ({"contact": "电话"}, "contact", "须为手机号码"),
        ({"grounds": "不实"}, "grounds", "至少 10 个字"),
        ({"nomination": 999999}, "nomination", "不在公示名单中"),
        ({"nomination": "x"}, "nomination", "整数"),
    ],
)
def test_invalid_objections_are_a_400_and_nothing_is_stored(live, quality_list, anonymous, fields, field, message):
    response = api_client(anonymous).post(OBJECTIONS, body(listed(quality_list)[0], **fields), format="json")

    assert response.status_code == 400
    assert message in response.json()[field][0] and message in response.json()["detail"]
    assert not Objection.objects.exists()


def test_evidence_with_wrong_content_is_a_400(live, quality_list, anonymous):
    upload = SimpleUploadedFile("证据.jpg", b"#!/bin/sh\nrm -rf /\n", content_type="image/jpeg")

    response = api_client(anonymous).post(OBJECTIONS, {**body(listed(quality_list)[0]), "evidence": upload})

    assert response.status_code == 400
    assert "无法识别文件内容" in response.json()["evidence"][0]
    assert not Objection.objects.exists()


def test_outside_the_period_is_a_400(quality_list, samr_approver, anonymous):
    now = timezone.now()
    running(quality_list, samr_approver, starts_at=now - datetime.timedelta(days=8), ends_at=now)

    response = api_client(anonymous).post(OBJECTIONS, body(listed(quality_list)[0]), format="json")

    assert response.status_code == 400 and "不再受理异议" in response.json()["detail"]
    assert not Objection.objects.exists()


def test_the_hourly_limit_is_a_429_with_retry_after(live, quality_list, anonymous, settings):
    settings.PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR = 1
    client = api_client(anonymous)
    assert client.post(OBJECTIONS, body(listed(quality_list)[0]), format="json").status_code == 201

    response = client.post(OBJECTIONS, body(listed(quality_list)[1]), format="json")

    assert response.status_code == 429
    assert "每小时最多提交 1 件异议" in response.json()["detail"]
    assert 3500 < int(response["Retry-After"]) <= 3600
    assert Objection.objects.count() == 1


# ---------------------------------------------------------------- SAMR's handling


@pytest.fixture
def filed(live, quality_list):
    return objections.submit_objection(
        live,
        nomination=listed(quality_list)[2],
        name="王五",
        contact="wangwu@example.cn",
        grounds="申报材料中的数据存在虚报。",
        ip="198.51.100.4",
        evidence=SimpleUploadedFile("材料.pdf", PDF),
    )


def test_who_reads_the_objections(filed, anonymous, county_clerk, province_reviewer, expert, samr_reviewer):
    assert api_client(anonymous).get(OBJECTIONS).status_code == 403
    assert api_client(anonymous).get(f"{OBJECTIONS}{filed.pk}/").status_code == 403
    for user in (county_clerk, province_reviewer, expert):
        client = api_client(user)
        assert client.get(OBJECTIONS).json()["results"] == []
        assert client.get(f"{OBJECTIONS}{filed.pk}/").status_code == 404
        assert client.get(f"{OBJECTIONS}{filed.pk}/evidence/").status_code == 404
        assert client.post(f"{OBJECTIONS}{filed.pk}/investigate/").status_code == 404
    data = api_client(samr_reviewer).get(f"{OBJECTIONS}{filed.pk}/").json()
    assert (data["name"], data["contact"], data["status"], data["evidence_name"]) == (
        "王五",
        "wangwu@example.cn",
        "received",
        "材料.pdf",
    )
    assert data["evidence_url"].endswith(f"/api/v1/objections/{filed.pk}/evidence/")
    download = api_client(samr_reviewer).get(data["evidence_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_handling_through_the_api(filed, samr_reviewer, samr_approver):
    reviewer, approver = api_client(samr_reviewer), api_client(samr_approver)
    url = f"{OBJECTIONS}{filed.pk}/"

    response = reviewer.post(f"{url}investigate/", {"note": "电话核实"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "investigating"
    assert reviewer.post(f"{url}uphold/", {"resolution": "成立"}, format="json").status_code == 403
    response = approver.post(f"{url}uphold/", {"resolution": ""}, format="json")
    assert response.status_code == 400 and "请填写核查认定的事实" in response.json()["detail"]

    response = approver.post(f"{url}uphold/", {"resolution": "虚报属实。", "fraud": True}, format="json")

    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["fraud"], response.json()["resolved_by"]) == (
        "upheld",
        True,
        samr_approver.full_name,
    )
    assert Nomination.objects.get(pk=filed.nomination_id).state == S.DISQUALIFIED
    response = reviewer.post(f"{url}dismiss/", {"resolution": "不成立"}, format="json")
    assert response.status_code == 400 and "异议当前状态为“异议成立”" in response.json()["detail"]


def test_dismiss_through_the_api(filed, samr_reviewer):
    response = api_client(samr_reviewer).post(f"{OBJECTIONS}{filed.pk}/dismiss/", {"resolution": "经核查不属实。"})

    assert response.status_code == 200 and response.json()["status"] == "dismissed"
    assert api_client(samr_reviewer).get(OBJECTIONS, {"status": "received"}).json()["results"] == []


# ---------------------------------------------------------------- published lists


def test_anyone_reads_the_published_lists(period, quality_list, samr_approver, anonymous):
    from awards.domain import revocation

    publication.finalise(samr_approver, quality_list, now=END)
    revocation.disqualify(samr_approver, listed(quality_list)[0], finding="事后查明。")
    publication.publish_correction(samr_approver, quality_list, note="更正")

    client = api_client(anonymous)
    versions = client.get(PUBLISHED).json()["results"]
    assert [v["version"] for v in versions] == [2, 1]
    latest = client.get(PUBLISHED, {"latest": "true"}).json()["results"]
    assert [(v["version"], v["note"], len(v["entries"]), len(v["changes"]["removed"])) for v in latest] == [
        (2, "更正", 2, 1)
    ]
    assert latest[0]["changes"]["moved"][0]["from"] == 2


# ---------------------------------------------------------------- the list's actions (national-lists)


def test_the_project_serves_the_list_actions(quality_list, samr_approver):
    response = api_client(samr_approver).post(f"{LISTS}{quality_list.pk}/publicise/", {}, format="json")
    assert response.status_code == 400


def test_publicise_and_finalise_on_the_national_list(
    known_calendar, quality_list, samr_reviewer, samr_approver, province_reviewer
):
    url = f"{LISTS}{quality_list.pk}/"
    notice = {"notice_title": "关于拟认定名单的公示", "notice_text": "现予以公示。"}
    assert api_client(samr_reviewer).post(f"{url}publicise/", notice, format="json").status_code == 403
    assert api_client(province_reviewer).post(f"{url}publicise/", notice, format="json").status_code == 404
    approver = api_client(samr_approver)
    response = approver.post(f"{url}publicise/", {**notice, "notice_title": ""}, format="json")
    assert response.status_code == 400 and "请填写公示标题" in response.json()["notice_title"][0]
    response = approver.post(f"{url}publicise/", {**notice, "starts_at": "2020-01-01T00:00:00+08:00"}, format="json")
    assert response.status_code == 400 and "不能早于现在" in response.json()["detail"]
    assert not PublicityPeriod.objects.exists()

    response = approver.post(f"{url}publicise/", notice, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["is_open"] is True and len(response.json()["entries"]) == 3
    assert NationalList.objects.get(pk=quality_list.pk).state == NationalListState.IN_PUBLICITY

    response = approver.post(f"{url}finalise/", {"note": ""}, format="json")
    assert response.status_code == 400 and "公示期满后方可发布最终名单" in response.json()["detail"]
    PublicityPeriod.objects.update(ends_at=timezone.now() - datetime.timedelta(seconds=1))

    response = approver.post(f"{url}finalise/", {"note": "公示期满"}, format="json")

    assert response.status_code == 201, response.json()
    assert (response.json()["version"], len(response.json()["entries"])) == (1, 3)
    response = approver.post(f"{url}correction/", {"note": "复核"}, format="json")
    assert response.status_code == 400 and "无需发布更正" in response.json()["detail"]
    assert AuditEvent.objects.filter(action="published_list.publish").count() == 1


def test_an_unknown_calendar_year_is_a_400(quality_list, samr_approver):
    response = api_client(samr_approver).post(
        f"{LISTS}{quality_list.pk}/publicise/",
        {"starts_at": "2031-03-03T00:00:00+08:00", "notice_title": "公示", "notice_text": "现予以公示。"},
        format="json",
    )

    assert response.status_code == 400 and "尚无2031年的法定节假日安排" in response.json()["detail"]
    assert not PublicityPeriod.objects.exists()
    assert NationalList.objects.get(pk=quality_list.pk).state == NationalListState.APPROVED


# ---------------------------------------------------------------- query counts


@pytest.mark.parametrize("size", [1, 5])
def test_list_query_counts_are_constant(size, campaign, county_clerk, samr_approver, samr_reviewer, anonymous):
    quality = running(approved_list(campaign, county_clerk, size), samr_approver)
    business = approved_list(campaign, county_clerk, size, category="business_reform", province="630000")
    running(business, samr_approver)
    for n in range(size):
        objections.submit_objection(
            quality,
            nomination=listed(quality.national_list)[0],
            name="赵六",
            contact="13700000000",
            grounds="该地方申报数据与实际情况不符。",
            ip=f"198.51.100.{n}",
        )
        PublishedList.objects.create(
            national_list=business, version=n + 1, entries=[], published_at=timezone.now(), published_by=samr_approver
        )
    public, samr = api_client(anonymous), api_client(samr_reviewer)
    assert sum(len(p["entries"]) for p in public.get(PERIODS).json()["results"]) == 2 * size
    assert samr.get(OBJECTIONS).json()["count"] == size

    counts = (count_queries(public, PERIODS), count_queries(samr, OBJECTIONS), count_queries(public, PUBLISHED))

    assert counts == EXPECTED_QUERIES


# periods: count, page, entries (one prefetch); objections: count, page (the memberships are cached on the forced
# user); published: count, page.
EXPECTED_QUERIES = (3, 2, 2)
