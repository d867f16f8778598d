# ruff: noqa: F811 - fixtures imported from other test modules are redefined as arguments
"""The exact refusals of SAMR's records after the evaluation (``make mutation`` reads these): a referral to a local
government (art. 14), an achievement (art. 10(1), 10(4)), a change of an award's measures, a revocation (art. 15) and
a disqualification (art. 14), and the lifting of a sanction. Each rule is a plain function the service calls inside
its transaction; the services' own tests show that they refuse and change nothing."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from awards.domain.fraud import referral_problems
from awards.domain.measures import change_problems, recording_problems
from awards.domain.revocation import disqualification_problems, revocation_problems
from awards.models import Achievement, AchievementField, Award, CommittedBy, FraudFinding, FraudReferral, Measure
from criteria.domain.sanctions import lifting_problems
from criteria.models import Sanction
from nominations.enums import NominationState

from ..nominations.conftest import campaign  # noqa: F401
from ..nominations.test_nominations_api import make

pytestmark = pytest.mark.django_db
S = NominationState
MAONAN = "440902"  # 茂南区
# 2026-03-02 01:30 in UTC is 09:30 on 2 March in Asia/Shanghai: the day a decision is counted from.
DECIDED = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


@pytest.fixture
def finding(campaign, county_clerk, samr_reviewer):
    nomination = make(campaign, MAONAN, county_clerk, state=S.DISQUALIFIED)
    return FraudFinding.objects.create(
        nomination=nomination, finding="伪造抽检数据", decided_by=samr_reviewer, decided_at=DECIDED
    )


@pytest.fixture
def award(campaign, county_clerk, samr_reviewer):
    nomination = make(campaign, MAONAN, county_clerk, category="business_reform", state=S.AWARDED)
    return Award.objects.create(
        nomination=nomination, measures=[Measure.BR_RESEARCH.value], granted_at=DECIDED, granted_by=samr_reviewer
    )


# ---------------------------------------------------------------- the referral (art. 14)


def test_a_referral_needs_a_government_a_date_after_the_finding_and_a_number(finding):
    assert referral_problems(finding, "", None, "") == [
        "请填写建议处理的地方人民政府（第十四条：向相关地方人民政府建议依法依规给予处理），例如：茂南区人民政府。",
        "请填写建议日期。",
        "请填写建议文号。",
    ]
    assert referral_problems(finding, "茂名市市场监管局", date(2026, 3, 1), "国市监函〔2026〕3号") == [
        "请填写建议处理的地方人民政府（第十四条：向相关地方人民政府建议依法依规给予处理），例如：茂南区人民政府。",
        "建议日期不能早于弄虚作假的认定日期（2026-03-02）。",
    ]
    assert referral_problems(finding, "茂名市人民政府", date(2026, 3, 2), "国市监函〔2026〕3号") == []


def test_a_government_is_written_to_once_per_finding(finding, samr_reviewer):
    FraudReferral.objects.create(
        finding=finding,
        government="茂名市人民政府",
        referred_on=date(2026, 3, 2),
        document_number="国市监函〔2026〕3号",
        recorded_by=samr_reviewer,
        recorded_at=timezone.now(),
    )
    assert referral_problems(finding, "茂名市人民政府", date(2026, 3, 3), "国市监函〔2026〕4号") == [
        "已向茂名市人民政府提出处理建议，不能重复登记。"
    ]
    assert referral_problems(finding, "广东省人民政府", date(2026, 3, 3), "国市监函〔2026〕4号") == []


# ---------------------------------------------------------------- achievements and measures (art. 10)


def test_an_achievement_is_of_a_business_reform_application_under_evaluation_with_what_and_why(campaign, county_clerk):
    quality = make(campaign, MAONAN, county_clerk, state=S.SUBMITTED)
    assert recording_problems(quality, "charity", "", "") == [
        "茂南区的申报属于“推进质量工作”类；第十条的激励措施及其所需的工作成效只适用于商事制度改革类。",
        "申报当前状态为“已提交”，不能记录工作成效。",
        "请选择工作领域：商事制度改革、广告监管、网络市场监管或打击传销（第十条第一项、第四项）。",
        "请填写突出成绩或显著成效。",
        "请填写依据，例如总局考核评议、督查检查结果或通报的文号（第四条）。",
    ]


def test_an_achievement_is_recorded_once_per_field(campaign, county_clerk, samr_reviewer):
    reform = make(campaign, MAONAN, county_clerk, category="business_reform", state=S.EVALUATED)
    Achievement.objects.create(
        nomination=reform,
        field=AchievementField.ADVERTISING,
        description="查处虚假广告",
        basis="总局通报",
        recorded_by=samr_reviewer,
        recorded_at=timezone.now(),
    )
    assert recording_problems(reform, AchievementField.ADVERTISING, "再次", "总局通报") == [
        "已记录茂南区在广告监管方面的工作成效。"
    ]
    assert recording_problems(reform, AchievementField.ANTI_PYRAMID, "打击传销", "总局通报") == []


def test_a_change_of_measures_is_of_a_standing_award_a_change_and_with_a_reason(award):
    nomination = award.nomination
    same = list(award.measures)
    assert change_problems(award, nomination, same, "") == ["激励措施没有变化。", "请填写调整原因。"]
    award.revoked_at = DECIDED
    assert change_problems(award, nomination, [Measure.BR_PILOT.value], "调整") == [
        "该地方的激励已撤销，不能调整激励措施。"
    ]


# ---------------------------------------------------------------- revocation (art. 15) and disqualification (art. 14)


def test_a_revocation_rests_on_an_incident(award):
    assert revocation_problems(award, None, "") == [
        "请填写撤销原因。",
        "撤销激励须依据所涉重大质量安全事件（第十五条）；弄虚作假（第十四条）请在该申报的取消资格处理中认定。",
    ]


def test_a_disqualification_states_the_finding_and_for_fraud_who_committed_it():
    assert disqualification_problems("", True, "nobody") == [
        "请填写认定的事实和依据。",
        "请选择弄虚作假的主体：申报地方、省级市场监管部门，或二者均有（第十四条）。",
    ]
    assert disqualification_problems("伪造", False, "nobody") == []
    assert disqualification_problems("伪造", True, CommittedBy.PROVINCE) == []


# ---------------------------------------------------------------- lifting a sanction (art. 14)


def test_a_sanction_is_lifted_once_with_a_reason_and_a_document():
    lifted = Sanction(lifted_at=DECIDED)
    assert lifting_problems(lifted, "", "") == [
        "该资格限制已于2026-03-02解除。",
        "请填写解除理由。",
        "请填写解除决定文号。",
    ]
    assert lifting_problems(Sanction(), "复议撤销", "国市监〔2026〕9号") == []


# ---------------------------------------------------------------- the report's number (GB/T 9704-2012 7.2.4)


@pytest.mark.parametrize(
    ("number", "complete", "printed"),
    [
        ("国市监信函〔2026〕12号", True, "国市监信函〔2026〕12号"),
        ("国市监信函〔2026〕号", False, "国市监信函〔2026〕\u3000\u3000号"),
        ("国市监信函〔2026〕 号", False, "国市监信函〔2026〕\u3000\u3000号"),
        ("国市监信函〔2026〕0号", False, "国市监信函〔2026〕0号"),
        ("〔2026〕12号", False, "〔2026〕12号"),
        ("", False, ""),
    ],
)
def test_a_report_number_is_complete_or_printed_with_its_blank(number, complete, printed):
    from awards.domain.report import document_number_problems, numbered, printed_number

    assert numbered(number) is complete
    assert printed_number(number) == printed
    assert (document_number_problems(number) == []) is complete
