"""The public objection form (issue 10, "Input"): the limit per client address at its boundary, which a forged
``X-Forwarded-For`` does not lift; the size limits of every field and of the evidence; and what the public writes
coming back escaped wherever it is shown (the receipt, the staff queue, the objection page, the export).
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from documents.exports import exporter_for
from publicity.domain.objections import MAX_CONTACT, MAX_GROUNDS, MAX_NAME
from publicity.models import Objection

from ..publicity.conftest import approved_list, listed, running
from . import matrix
from .test_uploads import DOCX_BOMB, HTML, PDF, SVG, stored_files

pytestmark = pytest.mark.django_db

INDEX = reverse("publicity:index")
WHAT = {"name": "姓名不能超过", "contact": "联系方式", "grounds": "不能超过"}
OBJECTIONS = reverse("api:objection-list")
SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'


@pytest.fixture(autouse=True)
def _no_throttle_history():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def listed_locality(campaign, county_clerk, samr_approver):
    """A running publicity (from yesterday for five days) of a list of two Guangdong counties."""
    national_list = approved_list(campaign, county_clerk, 2)
    running(national_list, samr_approver)
    return listed(national_list)[0]


@pytest.fixture
def campaign(admin_user):
    from nominations.domain.campaigns import open_campaign

    from ..nominations.factories import CampaignFactory

    return open_campaign(admin_user, CampaignFactory(ready=True))


def fields(nomination, **changes):
    return {
        "nomination": nomination.pk,
        "name": "张三",
        "contact": "13800138000",
        "grounds": "该地方申报的投诉办结率与实际情况不符，有公开通报为证。",
        **changes,
    }


# ---------------------------------------------------------------- the limit per address


@pytest.mark.parametrize("channel", ["page", "api"])
def test_the_sixth_objection_of_an_address_within_the_hour_is_refused(channel, listed_locality, settings):
    assert settings.PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR == 5
    client, url = (Client(), INDEX) if channel == "page" else (APIClient(), OBJECTIONS)

    def post(address, **headers):
        return client.post(url, fields(listed_locality), REMOTE_ADDR=address, **headers)

    accepted = [post("203.0.113.7").status_code for _ in range(5)]
    # Five more tries behind forged X-Forwarded-For addresses: the same client, the same count.
    forged = [post("203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)]
    other = post("203.0.113.8")

    assert accepted == [302 if channel == "page" else 201] * 5
    assert forged == [429] * 5
    refused = post("203.0.113.7")
    assert "每小时最多提交 5 件异议" in refused.content.decode()
    assert other.status_code in (201, 302)
    assert Objection.objects.count() == 6
    assert set(Objection.objects.values_list("ip", flat=True)) == {"203.0.113.7", "203.0.113.8"}


def test_behind_the_trusted_proxy_the_address_it_saw_counts(listed_locality, settings):
    """With one trusted proxy the address it appended counts; the client's own first entry is ignored."""
    settings.TRUSTED_PROXY_COUNT = 1
    client = APIClient()
    statuses = [
        client.post(
            OBJECTIONS,
            fields(listed_locality),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",
        ).status_code
        for n in range(6)
    ]
    assert statuses == [201] * 5 + [429]
    assert set(Objection.objects.values_list("ip", flat=True)) == {"203.0.113.9"}


# ---------------------------------------------------------------- sizes


def email(length):
    """A valid address of exactly ``length`` characters (labels of at most 63)."""
    host = "b" * 60 + "." + "c" * (length - 10 - 1 - 60 - 1 - 3) + ".cn"
    return "a" * 10 + "@" + host


@pytest.mark.parametrize(
    ("field", "at_limit", "over"),
    [
        ("name", "张" * MAX_NAME, "张" * (MAX_NAME + 1)),
        ("contact", email(MAX_CONTACT), email(MAX_CONTACT + 1)),
        ("grounds", "事" * MAX_GROUNDS, "事" * (MAX_GROUNDS + 1)),
    ],
)
@pytest.mark.parametrize("channel", ["page", "api"])
def test_each_field_is_accepted_at_its_limit_and_refused_beyond(channel, field, at_limit, over, listed_locality):
    client, url = (Client(), INDEX) if channel == "page" else (APIClient(), OBJECTIONS)

    refused = client.post(url, fields(listed_locality, **{field: over}), REMOTE_ADDR="203.0.113.20")
    assert refused.status_code == (200 if channel == "page" else 400)
    assert WHAT[field] in refused.content.decode()
    assert not Objection.objects.exists()

    accepted = client.post(url, fields(listed_locality, **{field: at_limit}), REMOTE_ADDR="203.0.113.21")
    assert accepted.status_code == (302 if channel == "page" else 201), accepted.content[:300]
    assert len(getattr(Objection.objects.get(), field)) == len(at_limit)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("证据.pdf", PDF + bytes(1024 * 1024)),
        ("证据.pdf", b""),
        ("证据.pdf", HTML),
        ("证据.svg", SVG),
        ("../../etc/passwd.pdf", HTML),
        ("证" * 300 + ".pdf", SVG),
        ("证据.docx", DOCX_BOMB),
    ],
    ids=["oversized", "empty", "html_named_pdf", "svg", "traversal", "overlong_name", "zip_bomb"],
)
@pytest.mark.parametrize("channel", ["page", "api"])
def test_hostile_evidence_is_refused_and_nothing_is_kept(channel, name, data, listed_locality, settings):
    settings.PUBLICITY_EVIDENCE_MAX_MB = 1
    client, url = (Client(), INDEX) if channel == "page" else (APIClient(), OBJECTIONS)
    files, rows = stored_files(), matrix.fingerprint()

    evidence = SimpleUploadedFile(name, data, content_type="application/pdf")
    response = client.post(url, {**fields(listed_locality), "evidence": evidence}, REMOTE_ADDR="203.0.113.30")

    assert response.status_code == (200 if channel == "page" else 400), response.content[:300]
    assert "证明材料" in response.content.decode() or "文件" in response.content.decode()
    assert matrix.fingerprint() == rows and stored_files() == files


# ---------------------------------------------------------------- escaping


def escaped_everywhere(text, *raw):
    for value in raw:
        assert value not in text, f"{value} unescaped"


def test_what_the_public_writes_comes_back_escaped(listed_locality, samr_reviewer):
    browser = Client()
    response = browser.post(
        INDEX,
        fields(listed_locality, name=SCRIPT, grounds=f"{IMAGE} 情况不符，{SCRIPT} 有通报为证。"),
        REMOTE_ADDR="203.0.113.40",
        follow=True,
    )
    objection = Objection.objects.get()
    assert objection.name == SCRIPT  # stored as written; escaped when shown

    receipt = response.content.decode()
    assert objection.receipt in receipt
    escaped_everywhere(receipt, SCRIPT, IMAGE)

    staff = Client()
    staff.force_login(samr_reviewer)
    pages = [
        staff.get(reverse("publicity:queue")),
        staff.get(reverse("publicity:queue"), {"q": SCRIPT}),
        staff.get(reverse("publicity:objection", args=[objection.pk])),
    ]
    for page in pages:
        assert page.status_code == 200
        escaped_everywhere(page.content.decode(), SCRIPT, IMAGE)
    detail = pages[-1].content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert "&lt;img src=x onerror=" in detail

    # The export: the text as written, in a cell (no markup is interpreted there), never as a formula.
    exporter = exporter_for("objections")
    rendered = exporter.render(samr_reviewer, exporter.clean(samr_reviewer, {"format": "csv"}), lambda *args: None)
    cells = [cell for row in csv.reader(io.StringIO(rendered.content.decode("utf-8-sig"))) for cell in row]
    assert SCRIPT in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells if "alert" in cell)
