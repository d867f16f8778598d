"""The public pages (no login) and SAMR's pages: publicity, objections, final lists; access and query counts."""

import datetime
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.security import AUTHENTICATED_AT
from awards.domain import revocation
from core.models import AuditEvent
from national.models import NationalList, NationalListState
from nominations.enums import NominationState
from nominations.models import Nomination
from publicity.domain import objections, publication
from publicity.enums import ObjectionStatus
from publicity.models import Objection, PublicityPeriod, PublishedList

from .conftest import END, PDF, approved_list, left_off, listed, running

pytestmark = pytest.mark.django_db
S = NominationState
O = ObjectionStatus  # noqa: E741
INDEX = reverse("publicity:index")
QUEUE = reverse("publicity:queue")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def live(quality_list, samr_approver):
    """The quality list in publicity on the real clock."""
    return running(quality_list, samr_approver)


def form(nomination, **fields):
    return {
        "nomination": str(nomination.pk),
        "name": "李四",
        "contact": "lisi@example.cn",
        "grounds": "该地方的产品质量合格率数据与抽检结果不符。",
        **fields,
    }


# ---------------------------------------------------------------- the public page


def test_the_public_page_shows_the_running_list_to_anyone(live, quality_list):
    response = Client().get(INDEX)

    assert response.status_code == 200
    page = response.content.decode()
    assert live.notice_title in page and "公示时间：" in page
    start = timezone.localtime(live.starts_at)
    assert f"{start.year}年{start.month}月{start.day}日" in page and "（5个工作日）" in page
    for nomination in listed(quality_list):
        assert nomination.division.name in page
    assert "提交异议" in page and 'enctype="multipart/form-data"' in page
    choices = [
        value
        for group, options in response.context["form"].fields["nomination"].widget.choices[1:]
        for value, _label in options
    ]
    assert choices == [str(n.pk) for n in listed(quality_list)]


def test_a_scheduled_period_is_shown_only_once_started(quality_list, samr_approver):
    later = timezone.now() + datetime.timedelta(days=2)
    scheduled = running(quality_list, samr_approver, starts_at=later, ends_at=later + datetime.timedelta(days=7))

    page = Client().get(INDEX).content.decode()

    assert scheduled.notice_title not in page and "目前没有正在公示的名单" in page
    assert "提交异议" not in page


def test_a_recently_ended_period_is_shown_as_ended(quality_list, samr_approver):
    now = timezone.now()
    ended = running(
        quality_list,
        samr_approver,
        starts_at=now - datetime.timedelta(days=9),
        ends_at=now - datetime.timedelta(days=2),
    )

    response = Client().get(INDEX)

    assert response.context["ended_periods"] == [ended]
    assert "公示已结束" in response.content.decode() and "提交异议" not in response.content.decode()


def test_an_objection_through_the_page_gets_a_receipt(live, quality_list):
    client = Client()
    target = listed(quality_list)[2]

    response = client.post(INDEX, form(target))

    assert response.status_code == 302 and response["Location"] == reverse("publicity:receipt")
    filed = Objection.objects.get()
    assert (filed.nomination, filed.period, filed.ip, filed.status) == (target, live, "127.0.0.1", O.RECEIVED)
    receipt = client.get(reverse("publicity:receipt")).content.decode()
    assert filed.receipt in receipt and target.division.name in receipt and "李四" not in receipt


def test_the_receipt_page_without_a_receipt_goes_back(live):
    response = Client().get(reverse("publicity:receipt"))
    assert response.status_code == 302 and response["Location"] == INDEX


def test_invalid_objections_are_shown_again_with_messages(live, quality_list):
    response = Client().post(INDEX, form(listed(quality_list)[0], name="", contact="12", grounds="短"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "请填写真实姓名" in page and "须为手机号码、固定电话" in page and "至少 10 个字" in page
    assert not Objection.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"), [("", "请选择对哪个地方"), ("abc", "不在公示名单中"), ("999999", "不在公示名单中")]
)
def test_a_locality_not_on_the_list_is_refused(live, quality_list, value, message):
    response = Client().post(INDEX, {**form(listed(quality_list)[0]), "nomination": value})

    assert response.status_code == 200 and message in response.content.decode()
    assert not Objection.objects.exists()


def test_a_locality_left_off_the_list_is_refused(live, campaign):
    response = Client().post(INDEX, form(left_off(campaign)))

    assert response.status_code == 200 and "不在公示名单中" in response.content.decode()
    assert not Objection.objects.exists()


def test_evidence_with_wrong_content_is_refused_on_the_page(live, quality_list):
    upload = SimpleUploadedFile("证据.docx", b"MZ\x90\x00 not an office file", content_type="application/msword")

    response = Client().post(INDEX, {**form(listed(quality_list)[0]), "evidence": upload})

    assert response.status_code == 200
    assert "无法识别文件内容" in response.content.decode()
    assert not Objection.objects.exists()


def test_the_rate_limit_on_the_page(live, quality_list, settings):
    settings.PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR = 1
    client = Client()
    assert client.post(INDEX, form(listed(quality_list)[0])).status_code == 302

    response = client.post(INDEX, form(listed(quality_list)[1]))

    assert response.status_code == 429
    assert "每小时最多提交 1 件异议" in response.content.decode()
    assert Objection.objects.count() == 1


@pytest.mark.parametrize("size", [1, 6])
def test_public_page_query_count(size, campaign, county_clerk, samr_approver, django_assert_num_queries):
    running(approved_list(campaign, county_clerk, size), samr_approver)
    running(approved_list(campaign, county_clerk, size, category="business_reform", province="630000"), samr_approver)

    # The first visitor: the key of the lists (publicity/views/public.py), then the periods and their entries (one
    # prefetch) to render them.
    with django_assert_num_queries(3):
        response = Client().get(INDEX)
    assert sum(len(p.national_list.entries.all()) for p in response.context["open_periods"]) == 2 * size

    # Every later one: the key alone; the lists come from the cache.
    with django_assert_num_queries(1):
        response = Client().get(INDEX)
    assert response.content.decode().count("<option value=") == 1 + 2 * size


# ---------------------------------------------------------------- the final lists


@pytest.fixture
def corrected(period, quality_list, samr_approver):
    publication.finalise(samr_approver, quality_list, now=END)
    revocation.disqualify(samr_approver, listed(quality_list)[0], finding="事后查明弄虚作假。")
    return publication.publish_correction(samr_approver, quality_list, note="第一名取消资格。")


def test_the_final_lists_show_the_latest_version_and_link_the_older(corrected, quality_list):
    response = Client().get(reverse("publicity:final_lists"))

    assert response.status_code == 200
    page = response.content.decode()
    older = PublishedList.objects.get(version=1)
    removed = Nomination.objects.get(pk=older.entries[0]["nomination"])
    assert "第 2 版" in page and "第一名取消资格。" in page and "与上一版相比" in page
    latest = PublishedList.objects.get(version=2)
    assert f'aria-labelledby="published-{latest.pk}"' in page and f'id="published-{latest.pk}"' in page
    assert f"{removed.division.name}（1 → " not in page and removed.division.name in page  # listed as removed
    assert reverse("publicity:final_version", args=[older.pk]) in page
    version = Client().get(reverse("publicity:final_version", args=[older.pk])).content.decode()
    assert removed.division.name in version and "第 1 版" in version and "真抓实干成效明显地方名单" in version
    assert 'id="published-' not in version  # the page's one title needs no anchor
    assert Client().get(reverse("publicity:final_version", args=[999999])).status_code == 404


@pytest.mark.parametrize("size", [1, 4])
def test_final_lists_query_count(size, campaign, county_clerk, samr_approver, django_assert_num_queries):
    for category, province in (("quality", "440000"), ("business_reform", "630000")):
        national_list = approved_list(campaign, county_clerk, 1, category=category, province=province)
        for version in range(1, size + 1):
            PublishedList.objects.create(
                national_list=national_list,
                version=version,
                entries=[],
                published_at=timezone.now(),
                published_by=samr_approver,
            )

    # The first visitor: the key (how many versions, the newest), the latest versions, then the older ones.
    with django_assert_num_queries(3):
        response = Client().get(reverse("publicity:final_lists"))
    assert [len(older) for _published, older in response.context["rows"]] == [size - 1, size - 1]

    # Every later one: the key alone.
    with django_assert_num_queries(1):
        response = Client().get(reverse("publicity:final_lists"))
    assert len(re.findall(r'href="/publicity/final/\d+/"', response.content.decode())) == 2 * (size - 1)


# ---------------------------------------------------------------- SAMR's pages


@pytest.fixture
def filed(live, quality_list):
    return objections.submit_objection(
        live,
        nomination=listed(quality_list)[1],
        name="王五",
        contact="13900000000",
        grounds="申报材料中的数据存在虚报。",
        ip="198.51.100.4",
        evidence=SimpleUploadedFile("材料.pdf", PDF),
    )


@pytest.mark.parametrize(
    ("persona", "queue", "detail"),
    [
        ("samr_reviewer", 200, 200),
        ("samr_approver", 200, 200),
        ("province_reviewer", 403, 404),
        ("county_clerk", 403, 404),
        ("expert", 403, 404),
        ("admin_user", 200, 200),
    ],
    indirect=["persona"],
)
def test_who_sees_the_objections(filed, persona, queue, detail):
    client = signed_in(persona)
    assert client.get(QUEUE).status_code == queue
    assert client.get(reverse("publicity:objection", args=[filed.pk])).status_code == detail
    assert client.get(reverse("publicity:evidence", args=[filed.pk])).status_code == (200 if detail == 200 else 404)


def test_anonymous_is_sent_to_sign_in(filed, quality_list):
    client = Client()
    for url in (
        QUEUE,
        reverse("publicity:objection", args=[filed.pk]),
        reverse("publicity:evidence", args=[filed.pk]),
        reverse("publicity:publicise", args=[quality_list.pk]),
        reverse("publicity:finalise", args=[quality_list.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url


def test_the_queue_filters(filed, live, quality_list, samr_reviewer):
    client = signed_in(samr_reviewer)
    page = client.get(QUEUE).content.decode()
    assert filed.receipt in page and "王五" not in page and live.notice_title not in page
    assert filed.receipt not in client.get(QUEUE, {"status": "dismissed"}).content.decode()
    assert filed.receipt in client.get(QUEUE, {"q": filed.nomination.division.name}).content.decode()
    assert filed.receipt in client.get(QUEUE, {"period": live.pk}).content.decode()
    assert filed.receipt in client.get(QUEUE, {"status": "nonsense"}).content.decode()


def test_the_evidence_download_is_audited(filed, samr_reviewer):
    response = signed_in(samr_reviewer).get(reverse("publicity:evidence", args=[filed.pk]))

    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="objection.evidence.download", actor=samr_reviewer).count() == 1


def test_upholding_asks_a_stale_session_to_prove_itself_and_changes_nothing(filed, samr_approver, settings):
    settings.REAUTHENTICATION_MINUTES = 15
    client = signed_in(samr_approver)
    session = client.session
    session[AUTHENTICATED_AT] = int(time.time()) - 16 * 60
    session.save()
    url = reverse("publicity:objection", args=[filed.pk])

    response = client.post(
        url, {"action": "uphold", "uphold-resolution": "成立", "uphold-fraud": "on"}, HTTP_REFERER=url
    )

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert Objection.objects.get(pk=filed.pk).status == filed.status
    assert Nomination.objects.get(pk=filed.nomination_id).state == filed.nomination.state
    assert client.get(url).status_code == 200  # reading needs no re-authentication


def test_handling_on_the_detail_page(filed, samr_reviewer, samr_approver):
    url = reverse("publicity:objection", args=[filed.pk])
    reviewer = signed_in(samr_reviewer)
    page = reviewer.get(url).content.decode()
    assert "王五" in page and "13900000000" in page and "材料.pdf" in page and "认定异议成立" not in page

    assert reviewer.post(url, {"action": "investigate", "investigate-note": "电话核实"}).status_code == 302
    assert Objection.objects.get(pk=filed.pk).status == O.INVESTIGATING
    assert reviewer.post(url, {"action": "uphold", "uphold-resolution": "成立"}).status_code == 403

    response = signed_in(samr_approver).post(url, {"action": "uphold", "uphold-resolution": ""})
    assert response.status_code == 200 and "请填写核查认定的事实" in response.content.decode()
    response = signed_in(samr_approver).post(
        url, {"action": "uphold", "uphold-resolution": "数据虚报属实。", "uphold-fraud": "on"}
    )
    assert response.status_code == 302
    assert Objection.objects.get(pk=filed.pk).status == O.UPHELD
    assert Nomination.objects.get(pk=filed.nomination_id).state == S.DISQUALIFIED
    assert "数据虚报属实。" in reviewer.get(url).content.decode()


@pytest.mark.parametrize("size", [1, 6])
def test_queue_query_count(size, live, quality_list, samr_reviewer, django_assert_num_queries):
    for n in range(size):
        objections.submit_objection(
            live,
            nomination=listed(quality_list)[n % 3],
            name="赵六",
            contact="13700000000",
            grounds="该地方申报数据与实际情况不符。",
            ip=f"198.51.100.{n}",
        )
    client = signed_in(samr_reviewer)

    # session, user, memberships, status counts, page count, page rows, lists with their publicity and open count.
    with django_assert_num_queries(7):
        response = client.get(QUEUE)

    assert len(response.context["page"].object_list) == size


# ---------------------------------------------------------------- the list's actions


def test_the_queue_offers_the_list_actions_to_samr_leadership(quality_list, samr_approver, samr_reviewer):
    action = reverse("publicity:publicise", args=[quality_list.pk])
    page = signed_in(samr_approver).get(QUEUE).content.decode()
    assert action in page and "已批准" in page
    assert action not in signed_in(samr_reviewer).get(QUEUE).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("samr_approver", 200), ("samr_reviewer", 403), ("province_reviewer", 404), ("county_clerk", 404)],
    indirect=["persona"],
)
def test_who_may_open_publicity(quality_list, persona, status):
    assert signed_in(persona).get(reverse("publicity:publicise", args=[quality_list.pk])).status_code == status


def test_publicise_through_the_page(quality_list, samr_approver, known_calendar):
    client = signed_in(samr_approver)
    url = reverse("publicity:publicise", args=[quality_list.pk])
    page = client.get(url).content.decode()
    assert "拟认定名单的公示" in page  # the notice to start from

    response = client.post(url, {"starts_at": "", "notice_title": "", "notice_text": "现予以公示。"})
    assert response.status_code == 200 and "请填写公示标题" in response.content.decode()
    assert not PublicityPeriod.objects.exists()

    response = client.post(
        url, {"starts_at": "", "notice_title": "关于拟认定名单的公示", "notice_text": "现予以公示。"}
    )
    assert response.status_code == 302
    assert NationalList.objects.get(pk=quality_list.pk).state == NationalListState.IN_PUBLICITY
    assert PublicityPeriod.objects.get().is_open()
    assert "关于拟认定名单的公示" in Client().get(INDEX).content.decode()


def test_finalise_through_the_page(live, quality_list, samr_approver):
    client = signed_in(samr_approver)
    url = reverse("publicity:finalise", args=[quality_list.pk])
    assert "公示期尚未届满" in client.get(url).content.decode()

    response = client.post(url, {"note": ""})
    assert response.status_code == 200 and "公示期满后方可发布最终名单" in response.content.decode()

    PublicityPeriod.objects.filter(pk=live.pk).update(ends_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.post(url, {"note": "公示期满无异议。"}).status_code == 302
    assert PublishedList.objects.get().version == 1
    assert signed_in(samr_approver).get(QUEUE).status_code == 200
    assert "第 1 版" in Client().get(reverse("publicity:final_lists")).content.decode()


def test_correction_through_the_page(corrected, quality_list, samr_approver):
    client = signed_in(samr_approver)
    url = reverse("publicity:correction", args=[quality_list.pk])
    assert "当前已发布第 2 版" in client.get(url).content.decode()
    response = client.post(url, {"note": "复核"})
    assert response.status_code == 200 and "无需发布更正" in response.content.decode()
