"""Issue 19, the public: an objector looks up how its objection stands with the receipt number and the contact it
left; a wrong pair reveals nothing and counts against the address."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from publicity.domain import objections

from .conftest import listed, objection, period  # noqa: F401 (a fixture and helpers)

pytestmark = pytest.mark.django_db
URL = reverse("publicity:objection_status")
WRONG = "受理编号或联系方式不正确，请核对后重试。"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()


def look_up(receipt, contact, client=None, **headers):
    response = (client or Client()).post(URL, {"receipt": receipt, "contact": contact}, **headers)
    return response.status_code, response.content.decode()


@pytest.fixture
def filed(period, quality_list):  # noqa: F811
    return objection(period, listed(quality_list)[1], contact="138 0013 8000")


def test_the_receipt_and_the_contact_as_typed_again_find_it(filed):
    for receipt, contact in ((filed.receipt, "13800138000"), (f" {filed.receipt.lower()} ", "138-0013-8000")):
        status, page = look_up(receipt, contact)
        assert status == 200 and "已受理" in page and filed.nomination.division.name in page
        assert "关于拟认定名单的公示" in page and WRONG not in page


@pytest.mark.parametrize("pair", ["wrong contact", "unknown receipt", "empty"])
def test_a_wrong_pair_reveals_nothing(filed, pair):
    receipt, contact = {
        "wrong contact": (filed.receipt, "13900000000"),
        "unknown receipt": ("YY2026-ZZZZ-ZZZZ", "13800138000"),
        "empty": ("", ""),
    }[pair]
    status, page = look_up(receipt, contact)
    assert status == 200 and WRONG in page
    assert filed.nomination.division.name not in page and "已受理" not in page


def test_after_ten_failures_the_address_waits_even_with_the_right_pair(filed, settings):
    settings.AXES_ENABLED = True  # the per-address limits are on wherever the sign-in lockout is
    settings.ADDRESS_FAILURE_LIMITS = {**settings.ADDRESS_FAILURE_LIMITS, "objection_status": 10}
    for _attempt in range(10):
        assert look_up(filed.receipt, "10000000000", REMOTE_ADDR="198.51.100.4")[0] == 200
    status, page = look_up(filed.receipt, "13800138000", REMOTE_ADDR="198.51.100.4")
    assert status == 429 and "查询失败次数过多" in page and "已受理" not in page
    assert look_up(filed.receipt, "13800138000", REMOTE_ADDR="198.51.100.5")[0] == 200  # another address


def test_once_decided_the_result_is_shown(filed, samr_approver):
    objections.dismiss(samr_approver, filed, resolution="经核查，该地方数据属实，异议不成立。")
    status, page = look_up(filed.receipt, "13800138000")
    assert status == 200 and "异议不成立" in page and "经核查，该地方数据属实，异议不成立。" in page and "办结" in page


def test_the_pages_lead_to_it(filed):
    assert f'href="{URL}"' in Client().get(reverse("publicity:index")).content.decode()
