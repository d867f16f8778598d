# ruff: noqa: F811 - fixtures imported from other test modules are redefined as arguments
"""Fraud (art. 14): who committed it decides the sanctions; the locality's fraud takes back its other applications of
the same campaign (disqualified, or the award revoked), each recorded; SAMR's recommendation to the local government
is recorded; the finding's page, the admin and the API show it all."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.domain import fraud, revocation
from awards.models import Award, CommittedBy, FraudFinding, FraudReferral
from core.models import AuditEvent
from criteria.domain import sanctions
from criteria.enums import SanctionKind
from criteria.models import Sanction
from national.models import NationalList, NationalListEntry
from nominations.enums import NominationState
from nominations.models import Nomination

from ..helpers import api_client
from ..national.test_national_list import evaluated  # noqa: F401
from ..nominations.factories import CampaignFactory
from ..nominations.test_nominations_api import make
from .test_final import approved_list, award, finalised, in_publicity, left_out, reported  # noqa: F401

pytestmark = pytest.mark.django_db
S = NominationState
BR = "business_reform"


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def kinds():
    return sorted((s.kind, s.division.code) for s in Sanction.objects.select_related("division"))


# ---------------------------------------------------------------- who committed it (art. 14)


@pytest.mark.parametrize(
    ("committed_by", "expected"),
    [
        (CommittedBy.LOCALITY, [(SanctionKind.APPLICATION_BAN, "440902"), (SanctionKind.RECOMMENDATION_BAN, "440000")]),
        (CommittedBy.PROVINCE, [(SanctionKind.RECOMMENDATION_BAN, "440000")]),
        (CommittedBy.BOTH, [(SanctionKind.APPLICATION_BAN, "440902"), (SanctionKind.RECOMMENDATION_BAN, "440000")]),
    ],
)
def test_the_sanctions_follow_who_committed_the_fraud(left_out, samr_approver, committed_by, expected):
    revocation.disqualify(samr_approver, left_out, finding="伪造数据", fraud=True, committed_by=committed_by)
    assert kinds() == sorted(expected)
    found = FraudFinding.objects.get()
    assert found.committed_by == committed_by and found.sanctions.count() == len(expected)
    event = AuditEvent.objects.get(action="fraud_finding.record")
    assert (event.object_pk, event.data["committed_by"], event.data["finding"]) == (
        str(left_out.pk),
        committed_by,
        found.pk,
    )
    assert AuditEvent.objects.filter(action="sanction.start").count() == len(expected)


def test_the_provinces_own_fraud_leaves_the_locality_free_to_apply(left_out, samr_approver):
    """The department's fraud bars its next year's recommendation; the locality, which did not commit it, keeps its
    right to apply, but its application of the year is still taken off."""
    year = left_out.campaign.year
    revocation.disqualify(samr_approver, left_out, finding="省局篡改核实材料", fraud=True, committed_by="province")
    assert fresh(left_out).state == S.DISQUALIFIED
    assert sanctions.application_ban(left_out.division, year + 1) is None
    assert sanctions.recommendation_ban(left_out.division.province, year + 1) is not None
    assert sanctions.recommendation_ban(left_out.division.province, year + 2) is None


def test_fraud_terms_by_who_committed_it():
    assert fraud.fraud_terms(2026, CommittedBy.PROVINCE) == ((SanctionKind.RECOMMENDATION_BAN, 2027, 2027),)
    assert fraud.fraud_terms(2026, CommittedBy.LOCALITY) == fraud.fraud_terms(2026, CommittedBy.BOTH)
    assert fraud.fraud_terms(2026) == (
        (SanctionKind.APPLICATION_BAN, 2026, 2029),
        (SanctionKind.RECOMMENDATION_BAN, 2027, 2027),
    )


def test_who_committed_it_must_be_one_of_the_three(left_out, samr_approver):
    with pytest.raises(ValidationError, match="请选择弄虚作假的主体"):
        revocation.disqualify(samr_approver, left_out, finding="伪造", fraud=True, committed_by="county")
    assert fresh(left_out).state == S.EVALUATED and not Sanction.objects.exists() and not FraudFinding.objects.exists()


# ---------------------------------------------------------------- the locality's other applications of the year


class TestTheOtherApplicationOfTheYear:
    def test_still_in_the_process_it_is_disqualified_with_the_finding(self, left_out, samr_approver, county_clerk):
        other = make(left_out.campaign, "440902", county_clerk, category=BR, state=S.VERIFIED)
        revocation.disqualify(
            samr_approver, left_out, finding="伪造投诉办结数据", fraud=True, decision_number="国市监〔2026〕1号"
        )
        other = fresh(other)
        found = FraudFinding.objects.get()
        assert other.state == S.DISQUALIFIED and list(found.other_applications.all()) == [other]
        event = AuditEvent.objects.get(action="nomination.disqualify", object_pk=str(other.pk))
        assert (event.data["finding"], event.data["fraud"], event.to_state) == (found.pk, True, S.DISQUALIFIED)
        assert "茂南区在" in event.comment and "被认定弄虚作假（第十四条，国市监〔2026〕1号）" in event.comment
        assert "一并取消资格" in event.comment
        assert Sanction.objects.count() == 2  # the finding's terms, once

    def test_on_the_national_list_it_leaves_the_list(self, left_out, samr_reviewer, samr_approver, county_clerk):
        from national.domain import national_list

        other = make(left_out.campaign, "440902", county_clerk, category=BR, state=S.PROPOSED)
        reform = national_list.national_list_for(left_out.campaign, BR)
        NationalListEntry.objects.create(national_list=reform, nomination=other, position=1, added_by=samr_reviewer)
        revocation.disqualify(samr_approver, left_out, finding="伪造", fraud=True)
        assert fresh(other).state == S.DISQUALIFIED
        assert not NationalListEntry.objects.filter(nomination=other).exists()
        assert NationalList.objects.get(pk=reform.pk).entries.count() == 0

    def test_it_counts_as_found_for_an_objection_upheld_later(self, left_out, samr_approver, county_clerk):
        """An objection upheld for fraud on the application taken back finds the fraud already found: no second
        finding, no second set of sanctions (``publicity.domain.objections.uphold``)."""
        other = make(left_out.campaign, "440902", county_clerk, category=BR, state=S.EVALUATED)
        assert not fraud.fraud_found(other)
        revocation.disqualify(samr_approver, left_out, finding="伪造", fraud=True)
        assert fraud.fraud_found(fresh(other)) and fraud.fraud_found(fresh(left_out))

    def test_already_awarded_the_award_is_revoked(self, award, samr_approver, city_clerk):
        """art. 14: 已纳入当年度激励范围的，停止和撤销激励支持措施 — the city's quality award goes with its
        fraudulent business-reform application."""
        city = award.nomination.division.code
        fraudulent = make(award.nomination.campaign, city, city_clerk, category=BR, state=S.EVALUATED)
        revocation.disqualify(samr_approver, fraudulent, finding="伪造登记数据", fraud=True)
        award = fresh(award)
        assert award.is_revoked and fresh(award.nomination).state == S.REVOKED
        assert "停止和撤销激励支持措施" in award.revocation_reason and "被认定弄虚作假" in award.revocation_reason
        found = FraudFinding.objects.get()
        assert list(found.other_applications.all()) == [award.nomination]
        event = AuditEvent.objects.get(action="nomination.revoke")
        assert (event.object_pk, event.data["finding"], event.data["fraud"]) == (
            str(award.nomination_id),
            found.pk,
            True,
        )

    @pytest.mark.parametrize("state", [S.DRAFT, S.WITHDRAWN, S.DISQUALIFIED])
    def test_one_already_ended_or_never_submitted_is_left_alone(self, left_out, samr_approver, county_clerk, state):
        other = make(left_out.campaign, "440902", county_clerk, category=BR, state=state)
        revocation.disqualify(samr_approver, left_out, finding="伪造", fraud=True)
        assert fresh(other).state == state and not FraudFinding.objects.get().other_applications.exists()
        assert not AuditEvent.objects.filter(object_pk=str(other.pk)).exists()

    def test_only_the_same_locality_and_the_same_campaign(self, left_out, samr_approver, county_clerk, admin_user):
        from nominations.domain.campaigns import open_campaign

        neighbour = make(left_out.campaign, "440303", county_clerk, category=BR, state=S.VERIFIED)
        next_year = open_campaign(admin_user, CampaignFactory(year=left_out.campaign.year + 1, ready=True))
        later = make(next_year, "440902", county_clerk, category=BR, state=S.SUBMITTED)
        revocation.disqualify(samr_approver, left_out, finding="伪造", fraud=True)
        assert (fresh(neighbour).state, fresh(later).state) == (S.VERIFIED, S.SUBMITTED)
        assert not FraudFinding.objects.get().other_applications.exists()

    def test_not_for_the_provinces_own_fraud_nor_without_fraud(self, left_out, samr_approver, county_clerk):
        other = make(left_out.campaign, "440902", county_clerk, category=BR, state=S.EVALUATED)
        revocation.disqualify(samr_approver, left_out, finding="省局篡改材料", fraud=True, committed_by="province")
        assert fresh(other).state == S.EVALUATED
        revocation.disqualify(samr_approver, other, finding="材料不全")  # no fraud: this one only
        assert fresh(other).state == S.DISQUALIFIED

    def test_one_transaction_with_the_finding(self, left_out, samr_approver, county_clerk, monkeypatch):
        """If taking back the other application fails, the finding, its sanctions and the disqualification of the
        fraudulent application are not kept either."""
        other = make(left_out.campaign, "440902", county_clerk, category=BR, state=S.VERIFIED)
        calls = []

        def fail_on_the_second(nomination):
            calls.append(nomination.pk)
            if len(calls) == 2:
                raise RuntimeError("the list is gone")

        monkeypatch.setattr(revocation, "take_off_the_list", fail_on_the_second)
        with pytest.raises(RuntimeError):
            revocation.disqualify(samr_approver, left_out, finding="伪造", fraud=True)
        assert calls == [left_out.pk, other.pk]
        assert (fresh(left_out).state, fresh(other).state) == (S.EVALUATED, S.VERIFIED)
        assert not FraudFinding.objects.exists() and not Sanction.objects.exists()

    def test_a_refused_finding_takes_back_nothing(self, left_out, samr_approver, samr_reviewer, county_clerk):
        other = make(left_out.campaign, "440902", county_clerk, category=BR, state=S.VERIFIED)
        with pytest.raises(PermissionDenied):
            revocation.disqualify(samr_reviewer, left_out, finding="伪造", fraud=True)
        with pytest.raises(ValidationError):
            revocation.disqualify(samr_approver, left_out, finding=" ", fraud=True)
        assert (fresh(left_out).state, fresh(other).state) == (S.EVALUATED, S.VERIFIED)
        assert not FraudFinding.objects.exists()


# ---------------------------------------------------------------- the referral to the local government


@pytest.fixture
def finding(left_out, samr_approver):
    revocation.disqualify(samr_approver, left_out, finding="伪造投诉办结数据", fraud=True, committed_by="both")
    return FraudFinding.objects.get()


class TestTheReferral:
    def test_recorded_once_per_government_and_audited(self, finding, samr_approver):
        today = timezone.localdate()
        fraud.refer(
            samr_approver,
            finding,
            government="茂名市茂南区人民政府",
            referred_on=today,
            document_number="国市监函〔2026〕5号",
        )
        fraud.refer(
            samr_approver,
            finding,
            government="广东省人民政府",
            referred_on=today,
            document_number="国市监函〔2026〕6号",
        )
        assert list(finding.referrals.values_list("government", flat=True)) == [
            "茂名市茂南区人民政府",
            "广东省人民政府",
        ]
        event = AuditEvent.objects.filter(action="fraud_finding.refer").first()
        assert (event.object_pk, event.data["finding"], event.data["document_number"]) == (
            str(finding.nomination_id),
            finding.pk,
            "国市监函〔2026〕5号",
        )
        with pytest.raises(ValidationError, match="已向广东省人民政府提出处理建议"):
            fraud.refer(
                samr_approver,
                finding,
                government="广东省人民政府",
                referred_on=today,
                document_number="国市监函〔2026〕7号",
            )

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"government": ""}, "请填写建议处理的地方人民政府"),
            ({"government": "茂南区市场监督管理局"}, "例如：茂南区人民政府"),
            ({"referred_on": None}, "请填写建议日期"),
            ({"referred_on": "tomorrow"}, "不能晚于今天"),
            ({"referred_on": "before"}, "不能早于弄虚作假的认定日期"),
            ({"document_number": " "}, "请填写建议文号"),
        ],
    )
    def test_bad_input_records_nothing(self, finding, samr_approver, fields, message):
        today = timezone.localdate()
        dates = {"tomorrow": today + timedelta(days=1), "before": today - timedelta(days=1)}
        if fields.get("referred_on") in dates:
            fields = {"referred_on": dates[fields["referred_on"]]}
        arguments = {"government": "茂名市人民政府", "referred_on": today, "document_number": "国市监函〔2026〕5号"}
        with pytest.raises(ValidationError, match=message):
            fraud.refer(samr_approver, finding, **(arguments | fields))
        assert (
            not FraudReferral.objects.exists() and not AuditEvent.objects.filter(action="fraud_finding.refer").exists()
        )

    def test_only_samr_leadership(self, finding, samr_reviewer, province_approver):
        with pytest.raises(PermissionDenied):
            fraud.refer(
                samr_reviewer,
                finding,
                government="茂名市人民政府",
                referred_on=timezone.localdate(),
                document_number="x",
            )
        with pytest.raises(PermissionDenied):
            fraud.refer(
                province_approver,
                finding,
                government="茂名市人民政府",
                referred_on=timezone.localdate(),
                document_number="x",
            )
        assert not FraudReferral.objects.exists()


# ---------------------------------------------------------------- pages, admin, API


def test_the_disqualify_page_asks_who_committed_it(left_out, samr_approver, county_clerk):
    other = make(left_out.campaign, "440902", county_clerk, category=BR, state=S.VERIFIED)
    client = signed_in(samr_approver)
    url = reverse("awards:disqualify", args=[left_out.pk])
    response = client.post(url, {"finding": "省局篡改材料", "fraud": "on", "committed_by": "province"})
    assert response.status_code == 302 and response["Location"] == reverse("awards:fraud", args=[left_out.pk])
    assert kinds() == [(SanctionKind.RECOMMENDATION_BAN, "440000")]
    assert fresh(other).state == S.VERIFIED


def test_the_finding_page_shows_everything_and_takes_the_referral(
    left_out, samr_approver, county_clerk, province_reviewer, other_county_clerk
):
    other = make(left_out.campaign, "440902", county_clerk, category=BR, state=S.VERIFIED)
    revocation.disqualify(samr_approver, left_out, finding="伪造投诉办结数据", fraud=True)
    url = reverse("awards:fraud", args=[left_out.pk])
    assert signed_in(other_county_clerk).get(url).status_code == 404
    page = signed_in(county_clerk).get(url)
    text = page.content.decode()
    assert page.status_code == 200 and "申报地方" in text and "伪造投诉办结数据" in text
    assert reverse("nominations:detail", args=[other.pk]) in text and not page.context["can_refer"]
    # the other application's page shows the finding that took it back
    assert "伪造投诉办结数据" in signed_in(county_clerk).get(reverse("awards:fraud", args=[other.pk])).content.decode()
    data = {
        "government": "茂名市茂南区人民政府",
        "referred_on": timezone.localdate().isoformat(),
        "document_number": "x号",
    }
    assert signed_in(province_reviewer).post(url, data).status_code == 403
    client = signed_in(samr_approver)
    assert client.get(url).context["can_refer"]
    refused = client.post(url, data | {"government": "茂南区"})
    assert refused.status_code == 200 and not FraudReferral.objects.exists()
    assert client.post(url, data).status_code == 302
    assert "茂名市茂南区人民政府" in signed_in(county_clerk).get(url).content.decode()
    listing = signed_in(province_reviewer).get(reverse("awards:fraud_findings"))
    assert listing.context["page"].paginator.count == 1
    assert signed_in(other_county_clerk).get(reverse("awards:fraud_findings")).context["page"].paginator.count == 0


def test_the_admin_shows_the_finding_read_only(finding, admin_user, samr_approver):
    client = signed_in(admin_user)
    fraud.refer(
        samr_approver, finding, government="广东省人民政府", referred_on=timezone.localdate(), document_number="x"
    )
    page = client.get(reverse("admin:awards_fraudfinding_change", args=[finding.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "申报地方和省级市场监管部门" in text and "广东省人民政府" in text
    assert 'name="committed_by"' not in text  # read-only
    assert client.get(reverse("admin:awards_fraudfinding_changelist") + "?committed_by=both").status_code == 200
    assert client.get(reverse("admin:awards_achievement_changelist")).status_code == 200


def test_the_api(left_out, samr_approver, samr_reviewer, county_clerk, other_county_clerk):
    other = make(left_out.campaign, "440902", county_clerk, category=BR, state=S.VERIFIED)
    approver = api_client(samr_approver)
    disqualify = f"/api/v1/nominations/{left_out.pk}/disqualify/"
    bad = approver.post(disqualify, {"finding": "伪造", "fraud": True, "committed_by": "county"}, format="json")
    assert bad.status_code == 400 and fresh(left_out).state == S.EVALUATED
    done = approver.post(disqualify, {"finding": "伪造数据", "fraud": True, "committed_by": "both"}, format="json")
    assert done.status_code == 200 and Sanction.objects.count() == 2

    findings = api_client(county_clerk).get(f"/api/v1/nominations/{left_out.pk}/fraud-findings/").json()
    assert [(f["committed_by"], f["finding"]) for f in findings] == [("both", "伪造数据")]
    assert findings[0]["other_applications"] == [{"id": other.pk, "category": BR, "state": S.DISQUALIFIED}]
    assert len(findings[0]["sanctions"]) == 2 and findings[0]["referrals"] == []
    assert (
        api_client(county_clerk).get(f"/api/v1/nominations/{other.pk}/fraud-findings/").json()[0]["id"]
        == (findings[0]["id"])
    )
    assert api_client(other_county_clerk).get(f"/api/v1/nominations/{left_out.pk}/fraud-findings/").status_code == 404

    refer = f"/api/v1/nominations/{left_out.pk}/fraud-referrals/"
    payload = {
        "government": "广东省人民政府",
        "referred_on": timezone.localdate().isoformat(),
        "document_number": "x号",
    }
    assert api_client(samr_reviewer).post(refer, payload, format="json").status_code == 403
    refused = approver.post(refer, payload | {"government": "广东省市场监管局"}, format="json")
    assert refused.status_code == 400 and "人民政府" in refused.json()["detail"]
    assert approver.post(refer, payload | {"referred_on": "x"}, format="json").status_code == 400
    created = approver.post(refer, payload, format="json")
    assert created.status_code == 201 and created.json()["referrals"][0]["government"] == "广东省人民政府"
    # an application without a finding of its own: nothing to refer
    none = approver.post(f"/api/v1/nominations/{other.pk}/fraud-referrals/", payload, format="json")
    assert none.status_code == 400 and "没有弄虚作假认定" in none.json()["detail"]
    assert FraudReferral.objects.count() == 1


def test_awarded_localities_fraud_from_the_api_revokes_both(award, samr_approver, city_clerk):
    city = award.nomination.division.code
    other = make(award.nomination.campaign, city, city_clerk, category=BR, state=S.EVALUATED)
    response = api_client(samr_approver).post(
        f"/api/v1/nominations/{award.nomination_id}/disqualify/", {"finding": "伪造", "fraud": True}, format="json"
    )
    assert response.status_code == 200 and response.json()["state"] == S.REVOKED
    assert fresh(award).is_revoked and Nomination.objects.get(pk=other.pk).state == S.DISQUALIFIED
    assert not Award.objects.filter(revoked_at__isnull=True).exists()
