"""Objections (异议) during publicity: filed by the public, handled by SAMR (art. 7(4); art. 14 for fraud)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from core.models import AuditEvent
from criteria.enums import SanctionKind
from criteria.models import Sanction
from national.models import NationalListEntry
from nominations.enums import NominationState
from nominations.models import Nomination
from publicity.domain import objections
from publicity.enums import ObjectionStatus
from publicity.models import Objection

from .conftest import AFTER, BEFORE, DURING, END, PDF, at, left_off, listed, objection

pytestmark = pytest.mark.django_db
S = NominationState
O = ObjectionStatus  # noqa: E741
RECEIPT = re.compile(r"YY2025-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")


def stored_files():
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return {path for path in root.rglob("*") if path.is_file()}


def state(nomination):
    return Nomination.objects.get(pk=nomination.pk).state


# ---------------------------------------------------------------- filing


def test_a_valid_objection_gets_a_receipt(period, quality_list):
    target = listed(quality_list)[1]

    filed = objection(period, target, contact="+86 138 0013 8000")

    assert RECEIPT.fullmatch(filed.receipt)
    assert (filed.status, filed.nomination, filed.submitted_at, filed.ip) == (O.RECEIVED, target, DURING, "203.0.113.7")
    assert (filed.name, filed.contact) == ("张三", "+86 138 0013 8000")
    event = AuditEvent.objects.get(action="objection.submit")
    assert (event.actor, event.to_state, event.data["receipt"]) == (None, O.RECEIVED, filed.receipt)
    # The audit trail and e-mails name the receipt, never the objector.
    assert "张三" not in event.object_repr


def test_receipts_differ(period, quality_list):
    receipts = {objection(period, listed(quality_list)[0], ip=f"198.51.100.{n}").receipt for n in range(5)}
    assert len(receipts) == 5


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        (
            {"name": " ", "contact": "", "grounds": ""},
            {"name": "请填写真实姓名", "contact": "请填写联系电话", "grounds": "请填写异议"},
        ),
        ({"name": "张" * 51}, {"name": "不能超过 50 个字"}),
        ({"contact": "12345"}, {"contact": "须为手机号码、固定电话"}),
        ({"contact": "someone@"}, {"contact": "须为手机号码、固定电话"}),
        ({"grounds": "不实"}, {"grounds": "至少 10 个字"}),
        ({"grounds": "字" * 5001}, {"grounds": "不能超过 5000 个字"}),
        ({"name": "\x00\x01"}, {"name": "请填写真实姓名"}),
    ],
)
def test_invalid_fields_are_refused_and_nothing_is_stored(period, quality_list, fields, problems):
    with pytest.raises(ValidationError) as error:
        objection(period, listed(quality_list)[0], **fields)

    assert {field: messages[0] for field, messages in error.value.message_dict.items()}.keys() == problems.keys()
    for field, message in problems.items():
        assert message in error.value.message_dict[field][0]
    assert not Objection.objects.exists()
    assert not AuditEvent.objects.filter(action="objection.submit").exists()


@pytest.mark.parametrize(
    "contact", ["13800138000", "138 0013 8000", "+8613800138000", "010-12345678", "0755 8888 6666", "a.b@example.cn"]
)
def test_contact_forms_accepted(period, quality_list, contact):
    assert objection(period, listed(quality_list)[0], contact=contact).contact == contact


def test_only_a_locality_on_the_list(period, campaign):
    with pytest.raises(ValidationError) as error:
        objection(period, left_off(campaign))
    assert "不在本次公示名单中" in error.value.message_dict["nomination"][0]
    with pytest.raises(ValidationError) as error:
        objection(period, None)
    assert "请选择" in error.value.message_dict["nomination"][0]
    assert not Objection.objects.exists()


def test_filing_by_application_id(period, quality_list, campaign):
    target = listed(quality_list)[2]
    values = {"name": "张三", "contact": "13800138000", "grounds": "该地方申报数据与实际情况不符。", "ip": None}

    assert objections.file_objection(str(target.pk), now=DURING, **values).period == period

    for value, message in (("", "请选择"), (left_off(campaign).pk, "不在公示名单中"), ("9" * 30, "不在公示名单中")):
        with pytest.raises(ValidationError) as error:
            objections.file_objection(value, now=DURING, **{**values, "name": ""})
        assert message in error.value.message_dict["nomination"][0]
        assert "请填写真实姓名" in error.value.message_dict["name"][0]  # reported together
    assert Objection.objects.count() == 1


@pytest.mark.parametrize(
    ("now", "message"),
    [(BEFORE, "本次公示将于2025年9月29日"), (END, "本次公示已于2025年10月12日"), (AFTER, "不再受理异议")],
)
def test_refused_outside_the_period(period, quality_list, now, message):
    with pytest.raises(ValidationError, match=message):
        objection(period, listed(quality_list)[0], now=now)
    assert not Objection.objects.exists()


def test_at_most_n_per_address_and_hour(period, quality_list, settings):
    settings.PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR = 2
    target = listed(quality_list)[0]
    objection(period, target, now=at("2025-10-09", 10, 0))
    objection(period, target, now=at("2025-10-09", 10, 20))

    with pytest.raises(objections.TooManyObjections, match="每小时最多提交 2 件异议，请约 30 分钟后再试") as error:
        objection(period, target, now=at("2025-10-09", 10, 30))

    assert error.value.wait == 30 * 60
    assert Objection.objects.count() == 2
    assert objection(period, target, ip="203.0.113.8", now=at("2025-10-09", 10, 30)).status == O.RECEIVED
    assert objection(period, target, now=at("2025-10-09", 11, 1)).status == O.RECEIVED


def test_evidence_is_checked_and_kept_privately(period, quality_list):
    upload = SimpleUploadedFile("举报材料.pdf", PDF, content_type="application/octet-stream")

    filed = objection(period, listed(quality_list)[0], evidence=upload)

    assert (filed.evidence_name, filed.evidence_content_type, filed.evidence_size) == (
        "举报材料.pdf",
        "application/pdf",
        len(PDF),
    )
    assert len(filed.evidence_sha256) == 64
    assert not filed.evidence.name.endswith(".pdf")  # a random name on disk, never the sender's
    with filed.evidence.open("rb") as stored:
        assert stored.read() == PDF


def test_evidence_with_wrong_content_is_refused_and_nothing_is_stored(period, quality_list):
    files = stored_files()
    upload = SimpleUploadedFile("证据.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")

    with pytest.raises(ValidationError) as error:
        objection(period, listed(quality_list)[0], evidence=upload)

    assert "无法识别文件内容" in error.value.message_dict["evidence"][0]
    assert not Objection.objects.exists()
    assert stored_files() == files


# ---------------------------------------------------------------- handling


@pytest.fixture
def filed(period, quality_list):
    return objection(period, listed(quality_list)[1])


def test_investigate_then_dismiss(filed, samr_reviewer):
    objections.investigate(samr_reviewer, filed, note="联系异议人核实")
    assert Objection.objects.get(pk=filed.pk).status == O.INVESTIGATING

    dismissed = objections.dismiss(samr_reviewer, filed, resolution="经核查，投诉办结率数据属实，异议不成立。")

    assert (dismissed.status, dismissed.resolved_by, dismissed.fraud) == (O.DISMISSED, samr_reviewer, False)
    assert dismissed.resolved_at is not None
    assert state(filed.nomination) == S.IN_PUBLICITY
    actions = list(AuditEvent.objects.for_object(filed).order_by("pk").values_list("action", "to_state"))
    assert actions == [
        ("objection.submit", O.RECEIVED),
        ("objection.investigate", O.INVESTIGATING),
        ("objection.dismiss", O.DISMISSED),
    ]


def test_uphold_disqualifies_and_takes_the_locality_off_the_list(filed, quality_list, samr_approver):
    first, target, third = listed(quality_list)

    upheld = objections.uphold(samr_approver, filed, resolution="经核查，申报数据与实际不符。")

    assert (upheld.status, upheld.fraud, upheld.resolved_by) == (O.UPHELD, False, samr_approver)
    assert state(target) == S.DISQUALIFIED
    entries = NationalListEntry.objects.filter(national_list=quality_list).order_by("position")
    assert [(e.position, e.nomination_id) for e in entries] == [(1, first.pk), (2, third.pk)]
    assert not Sanction.objects.exists()


def test_uphold_for_fraud_starts_the_sanctions_of_art_14(filed, samr_approver):
    objections.uphold(samr_approver, filed, resolution="弄虚作假：伪造投诉办结记录。", fraud=True)

    sanctions = {(s.kind, s.division_id) for s in Sanction.objects.all()}
    division = filed.nomination.division
    assert sanctions == {
        (SanctionKind.APPLICATION_BAN, division.pk),
        (SanctionKind.RECOMMENDATION_BAN, division.province_id),
    }
    assert Objection.objects.get(pk=filed.pk).fraud is True


def test_a_second_objection_on_a_disqualified_locality(filed, period, samr_approver):
    second = objection(period, filed.nomination, ip="198.51.100.1")
    third = objection(period, filed.nomination, ip="198.51.100.2")
    objections.uphold(samr_approver, filed, resolution="经核查属实。")

    assert objections.uphold(samr_approver, second, resolution="同上。").status == O.UPHELD
    # Fraud found later is decided on the application (art. 14), not by upholding another objection.
    with pytest.raises(ValidationError, match="未认定弄虚作假"):
        objections.uphold(samr_approver, third, resolution="另查明弄虚作假。", fraud=True)
    assert not Sanction.objects.exists()


def test_who_handles(filed, samr_reviewer, samr_approver, province_reviewer, county_clerk, anonymous):
    with pytest.raises(PermissionDenied):
        objections.uphold(samr_reviewer, filed, resolution="成立")
    for user in (province_reviewer, county_clerk, anonymous):
        for handle in (objections.investigate, objections.dismiss):
            with pytest.raises(Http404):
                handle(user, filed, **({"resolution": "x"} if handle is objections.dismiss else {}))
    assert Objection.objects.get(pk=filed.pk).status == O.RECEIVED
    assert objections.investigate(samr_approver, filed).status == O.INVESTIGATING


def test_handling_refusals(filed, samr_reviewer, samr_approver):
    with pytest.raises(ValidationError) as error:
        objections.dismiss(samr_reviewer, filed, resolution="  ")
    assert "请填写核查认定的事实" in error.value.message_dict["resolution"][0]
    objections.dismiss(samr_reviewer, filed, resolution="不成立")
    for act in (
        lambda: objections.investigate(samr_reviewer, filed),
        lambda: objections.dismiss(samr_reviewer, filed, resolution="再次"),
        lambda: objections.uphold(samr_approver, filed, resolution="成立"),
    ):
        with pytest.raises(ValidationError, match="异议当前状态为“异议不成立”"):
            act()
    assert state(filed.nomination) == S.IN_PUBLICITY
