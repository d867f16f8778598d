# ruff: noqa: F811 - fixtures imported from other test modules are redefined as arguments
"""The measures of each award (art. 10, 11): chosen per award, by default those the locality qualifies for; art.
10(1) and 10(4) only where SAMR has recorded the achievement they reward; the record of that achievement and the
change of an award's measures after the report, each audited; the report page, the award page and the API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.domain import measures, revocation
from awards.domain import report as reporting
from awards.models import Achievement, AchievementField, Award
from core.models import AuditEvent
from criteria.enums import Category
from national.domain import evaluation, national_list
from national.models import NationalListState
from nominations.domain import applications, workflow
from nominations.enums import NominationState
from publicity.domain import publication
from publicity.domain import publicity as publicity_stage

from ..helpers import api_client
from ..national.test_evaluation import recommend
from ..nominations.conftest import complete
from ..nominations.test_nominations_api import make

pytestmark = pytest.mark.django_db
S = NominationState
L = NationalListState
BR = Category.BUSINESS_REFORM
GENERAL = ["br_foreign_registration", "br_pilot", "br_research", "br_exchange", "br_funding"]  # art. 10(2),(3),(5)–(7)
NUMBER = "国市监信函〔2026〕12号"


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reform_evaluated(campaign, county_clerk, city_clerk, province_reviewer, province_approver, samr_reviewer):
    """Two evaluated applications of the 商事制度改革 category (art. 5): 茂南区 and 茂名市."""
    verified = []
    for clerk in (county_clerk, city_clerk):
        nomination = complete(applications.create_nomination(clerk, campaign, BR), clerk)
        verified.append(
            workflow.verify(province_reviewer, workflow.submit(clerk, nomination, pledge=True), note="属实")
        )
    recommended = recommend(province_reviewer, province_approver, *verified)
    return [evaluation.evaluate(samr_reviewer, n, score=s) for n, s in zip(recommended, (90, 85), strict=True)]


@pytest.fixture
def reform_finalised(reform_evaluated, campaign, samr_reviewer, samr_approver):
    the_list = national_list.national_list_for(campaign, BR)
    for nomination in reform_evaluated:
        national_list.add(samr_reviewer, the_list, nomination)
    the_list = publicity_stage.start_publicity(samr_approver, national_list.approve(samr_approver, the_list))
    return publication.finalise_list(samr_approver, the_list)


@pytest.fixture
def county(reform_finalised, reform_evaluated):
    return fresh(reform_evaluated[0])


@pytest.fixture
def city(reform_finalised, reform_evaluated):
    return fresh(reform_evaluated[1])


def achieve(user, nomination, field, **fields):
    return measures.record_achievement(
        user,
        nomination,
        field=field,
        description=fields.get("description", "查处传销案件数量和质量全省第一。"),
        basis=fields.get("basis", "总局2026年度打击传销工作通报"),
    )


def report(user, the_list, **fields):
    return reporting.report(user, the_list, document_number=NUMBER, document_date=timezone.localdate(), **fields)


def award_of(nomination):
    return Award.objects.get(nomination=nomination)


# ---------------------------------------------------------------- the rules, pure (art. 10, 11)


@pytest.mark.parametrize(
    ("category", "achieved", "expected"),
    [
        (BR, set(), GENERAL),
        (BR, {"advertising"}, ["br_commendation", *GENERAL]),
        (BR, {"online_market"}, ["br_commendation", *GENERAL]),
        (BR, {"business_reform"}, ["br_commendation", *GENERAL]),
        (BR, {"anti_pyramid"}, [*GENERAL[:2], "br_anti_pyramid", *GENERAL[2:]]),
        (BR, set(AchievementField.values), ["br_commendation", *GENERAL[:2], "br_anti_pyramid", *GENERAL[2:]]),
        (Category.QUALITY, set(), ["q_pilot", "q_nqi_base", "q_institutions", "q_inspection_exemption", "q_training"]),
    ],
)
def test_the_default_is_what_the_locality_qualifies_for_and_never_10_8(category, achieved, expected):
    assert measures.default_measures(category, achieved) == expected
    assert "br_other" not in expected  # art. 10(8): SAMR defines it, chosen only


@pytest.mark.parametrize(
    ("codes", "achieved", "found"),
    [
        (["br_commendation"], set(), ["第十条（一）", "商事制度改革、广告监管或网络市场监管", "第十条第一项"]),
        (["br_commendation"], {"anti_pyramid"}, ["第十条（一）"]),  # the other achievement does not count
        (["br_anti_pyramid"], {"advertising", "online_market"}, ["第十条（四）", "打击传销", "第十条第四项"]),
        (["br_commendation"], {"online_market"}, []),
        (["br_anti_pyramid"], {"anti_pyramid"}, []),
        (["br_other", "br_pilot"], set(), []),
        (["q_pilot"], set(), ["不适用于本类别"]),
        ([], set(), ["至少选择一项"]),
    ],
)
def test_a_measure_rewarding_an_achievement_needs_it(codes, achieved, found):
    problems = measures.measure_problems(BR, "茂南区", codes, achieved)
    assert bool(problems) == bool(found)
    for text in found:
        assert text in " ".join(problems)
    if found and codes and codes[0].startswith("br_"):
        assert problems[0].startswith("茂南区不能获得")


# ---------------------------------------------------------------- the report, per award


class TestTheReport:
    def test_by_default_only_the_general_measures_without_a_recorded_achievement(self, reform_finalised, samr_approver):
        report(samr_approver, reform_finalised)
        assert [a.measures for a in Award.objects.order_by("pk")] == [GENERAL, GENERAL]

    def test_by_default_each_award_gets_what_its_locality_achieved(
        self, reform_finalised, county, city, samr_reviewer, samr_approver
    ):
        achieve(samr_reviewer, county, AchievementField.ANTI_PYRAMID)
        achieve(samr_reviewer, city, AchievementField.ADVERTISING, description="整治虚假违法广告成效突出。")
        report(samr_approver, reform_finalised)
        assert "br_anti_pyramid" in award_of(county).measures and "br_commendation" not in award_of(county).measures
        assert "br_commendation" in award_of(city).measures and "br_anti_pyramid" not in award_of(city).measures
        # each award's measures are on its own audit event
        event = AuditEvent.objects.get(action="nomination.award", object_pk=str(county.pk))
        assert event.data["measures"] == award_of(county).measures

    def test_chosen_per_entry(self, reform_finalised, county, city, samr_reviewer, samr_approver):
        achieve(samr_reviewer, county, AchievementField.ONLINE_MARKET)
        report(
            samr_approver,
            reform_finalised,
            entry_measures={county.pk: ["br_commendation", "br_pilot", "br_other"], city.pk: ["br_research"]},
        )
        assert award_of(county).measures == ["br_commendation", "br_pilot", "br_other"]
        assert award_of(city).measures == ["br_research"]

    @pytest.mark.parametrize(
        ("choice", "message"),
        [
            ({"measures": ["br_commendation", "br_pilot"]}, "茂南区不能获得“第十条（一）"),
            ({"measures": ["br_anti_pyramid"]}, "茂名市不能获得“第十条（四）"),
            ({"entry_measures": "county:br_anti_pyramid"}, "茂南区不能获得“第十条（四）"),
            ({"entry_measures": "county:"}, "茂南区：请至少选择一项激励措施"),
            ({"entry_measures": "county:q_pilot"}, "茂南区：激励措施q_pilot不适用于本类别"),
            ({"entry_measures": "stranger:br_pilot"}, "不在本名单上"),
        ],
    )
    def test_refused_for_the_whole_list_naming_the_locality_and_what_is_missing(
        self, reform_finalised, county, city, samr_approver, choice, message
    ):
        if "entry_measures" in choice:
            who, _colon, codes = choice["entry_measures"].partition(":")
            pk = {"county": county.pk, "stranger": 999999}[who]
            choice = {"entry_measures": {pk: [c for c in codes.split(",") if c]}}
        with pytest.raises(ValidationError) as refused:
            report(samr_approver, reform_finalised, **choice)
        assert message in " ".join(refused.value.messages)
        assert fresh(reform_finalised).state == L.FINALISED and not Award.objects.exists()
        assert (fresh(county).state, fresh(city).state) == (S.APPROVED, S.APPROVED)


# ---------------------------------------------------------------- recording an achievement


class TestRecordingAnAchievement:
    def test_recorded_and_audited_with_its_article(self, county, samr_reviewer):
        achievement = achieve(samr_reviewer, county, AchievementField.ANTI_PYRAMID)
        assert (achievement.field, achievement.recorded_by) == ("anti_pyramid", samr_reviewer)
        event = AuditEvent.objects.get(action="award.achievement")
        assert (event.object_pk, event.actor, event.data["field"]) == (str(county.pk), samr_reviewer, "anti_pyramid")
        assert event.data["basis"] == "总局2026年度打击传销工作通报"

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"field": "party"}, "请选择工作领域"),
            ({"description": " "}, "请填写突出成绩或显著成效"),
            ({"basis": ""}, "请填写依据"),
        ],
    )
    def test_bad_input_records_nothing(self, county, samr_reviewer, fields, message):
        arguments = {"field": "anti_pyramid", "description": "成效显著。", "basis": "通报"} | fields
        with pytest.raises(ValidationError, match=message):
            measures.record_achievement(samr_reviewer, county, **arguments)
        assert not Achievement.objects.exists() and not AuditEvent.objects.filter(action="award.achievement").exists()

    def test_once_per_field(self, county, samr_reviewer):
        achieve(samr_reviewer, county, AchievementField.ANTI_PYRAMID)
        with pytest.raises(ValidationError, match="已记录茂南区在打击传销方面"):
            achieve(samr_reviewer, county, AchievementField.ANTI_PYRAMID)
        achieve(samr_reviewer, county, AchievementField.ADVERTISING)
        assert Achievement.objects.count() == 2

    def test_only_for_the_business_reform_category(self, campaign, county_clerk, samr_reviewer):
        quality = make(campaign, "440902", county_clerk, state=S.EVALUATED)
        with pytest.raises(ValidationError, match="第十条的激励措施及其所需的工作成效只适用于商事制度改革类"):
            achieve(samr_reviewer, quality, AchievementField.ANTI_PYRAMID)

    @pytest.mark.parametrize("state", [S.NOT_SELECTED, S.DISQUALIFIED, S.REVOKED])
    def test_not_once_the_application_has_left(self, campaign, county_clerk, samr_reviewer, state):
        nomination = make(campaign, "440902", county_clerk, category=BR, state=state)
        with pytest.raises(ValidationError, match="不能记录工作成效"):
            achieve(samr_reviewer, nomination, AchievementField.ANTI_PYRAMID)

    def test_only_samr(self, county, province_reviewer, county_clerk):
        for user in (province_reviewer, county_clerk):
            with pytest.raises(PermissionDenied):
                achieve(user, county, AchievementField.ANTI_PYRAMID)
        assert not Achievement.objects.exists()


# ---------------------------------------------------------------- the measures of one award, after the report


class TestChangingAnAwardsMeasures:
    @pytest.fixture
    def award(self, reform_finalised, samr_approver, county):
        report(samr_approver, reform_finalised)
        return award_of(county)

    def test_art_10_1_once_the_achievement_is_recorded(self, award, samr_reviewer, samr_approver):
        chosen = ["br_commendation", *GENERAL]
        with pytest.raises(
            ValidationError, match="茂南区不能获得“第十条（一）.*尚无在商事制度改革、广告监管或网络市场"
        ):
            measures.set_measures(samr_approver, award, measures=chosen, reason="表彰广告监管先进集体")
        assert fresh(award).measures == GENERAL
        achieve(samr_reviewer, award.nomination, AchievementField.ADVERTISING)
        measures.set_measures(samr_approver, award, measures=chosen, reason="表彰广告监管先进集体")
        assert fresh(award).measures == chosen
        event = AuditEvent.objects.get(action="award.measures")
        assert (event.object_pk, event.comment) == (str(award.nomination_id), "表彰广告监管先进集体")
        assert (event.data["before"], event.data["after"]) == (GENERAL, chosen)

    @pytest.mark.parametrize(
        ("chosen", "reason", "message"),
        [
            (GENERAL, "原因", "激励措施没有变化"),
            (["br_pilot"], " ", "请填写调整原因"),
            ([], "原因", "至少选择一项"),
            (["q_training"], "原因", "不适用于本类别"),
        ],
    )
    def test_bad_changes_change_nothing(self, award, samr_approver, chosen, reason, message):
        with pytest.raises(ValidationError, match=message):
            measures.set_measures(samr_approver, award, measures=chosen, reason=reason)
        assert fresh(award).measures == GENERAL and not AuditEvent.objects.filter(action="award.measures").exists()

    def test_not_on_a_revoked_award_and_only_by_leadership(self, award, samr_approver, samr_reviewer):
        with pytest.raises(PermissionDenied):
            measures.set_measures(samr_reviewer, award, measures=["br_pilot"], reason="x")
        revocation.disqualify(samr_approver, award.nomination, finding="伪造数据", fraud=True)
        with pytest.raises(ValidationError, match="激励已撤销，不能调整"):
            measures.set_measures(samr_approver, fresh(award), measures=["br_pilot"], reason="x")


# ---------------------------------------------------------------- pages


def test_the_report_page_offers_each_localitys_measures(reform_finalised, county, city, samr_reviewer, samr_approver):
    achieve(samr_reviewer, county, AchievementField.ANTI_PYRAMID)
    url = reverse("awards:national_list_report", args=[BR])
    client = signed_in(samr_approver)
    form = client.get(url).context["form"]
    assert "br_anti_pyramid" in form[f"m{county.pk}"].initial and "br_anti_pyramid" not in form[f"m{city.pk}"].initial
    assert "br_commendation" not in form[f"m{county.pk}"].initial
    page = client.get(url).content.decode()
    assert reverse("awards:achievements", args=[county.pk]) in page and "已记录工作成效：打击传销" in page
    data = {"document_number": NUMBER, "document_date": timezone.localdate().isoformat()}
    refused = client.post(url, data | {f"m{county.pk}": ["br_commendation"], f"m{city.pk}": ["br_pilot"]})
    assert refused.status_code == 200 and "茂南区不能获得" in refused.content.decode() and not Award.objects.exists()
    done = client.post(url, data | {f"m{county.pk}": ["br_anti_pyramid", "br_pilot"], f"m{city.pk}": ["br_pilot"]})
    assert done.status_code == 302
    assert (award_of(county).measures, award_of(city).measures) == (["br_anti_pyramid", "br_pilot"], ["br_pilot"])


def test_the_award_page_shows_and_changes_the_measures(
    reform_finalised, county, samr_reviewer, samr_approver, county_clerk
):
    report(samr_approver, reform_finalised)
    award = award_of(county)
    url = reverse("awards:award", args=[award.pk])
    page = signed_in(county_clerk).get(url)
    assert "第十条（二）优先授予外商投资企业登记注册权限" in page.content.decode()
    assert not page.context["can_change_measures"] and not page.context["can_record"]
    approver = signed_in(samr_approver)
    assert approver.get(url).context["can_change_measures"]
    refused = approver.post(
        url, {"action": "measures", "measures-measures": ["br_anti_pyramid"], "measures-reason": "x"}
    )
    assert refused.status_code == 200 and "尚无在打击传销工作中取得显著成效的记录" in refused.content.decode()
    achievements = reverse("awards:achievements", args=[county.pk])
    assert signed_in(county_clerk).get(achievements).status_code == 403
    recorded = signed_in(samr_reviewer).post(
        achievements, {"field": "anti_pyramid", "description": "成效显著。", "basis": "总局通报"}
    )
    assert recorded.status_code == 302 and Achievement.objects.count() == 1
    done = approver.post(url, {"action": "measures", "measures-measures": ["br_anti_pyramid"], "measures-reason": "x"})
    assert done.status_code == 302 and fresh(award).measures == ["br_anti_pyramid"]
    assert "打击传销" in signed_in(county_clerk).get(url).content.decode()


# ---------------------------------------------------------------- API


def test_the_api_chooses_per_entry_and_refuses_with_400(reform_finalised, county, city, samr_approver, samr_reviewer):
    approver = api_client(samr_approver)
    url = f"/api/v1/national-lists/{reform_finalised.pk}/report/"
    base = {"document_number": NUMBER, "document_date": timezone.localdate().isoformat()}
    missing = approver.post(
        url, base | {"entry_measures": [{"nomination": county.pk, "measures": ["br_commendation"]}]}, format="json"
    )
    assert missing.status_code == 400 and "茂南区不能获得“第十条（一）" in missing.json()["detail"]
    twice = [{"nomination": county.pk, "measures": ["br_pilot"]}] * 2
    assert approver.post(url, base | {"entry_measures": twice}, format="json").status_code == 400
    unknown = approver.post(
        url, base | {"entry_measures": [{"nomination": county.pk, "measures": ["br_nothing"]}]}, format="json"
    )
    assert unknown.status_code == 400
    assert not Award.objects.exists()

    recorded = api_client(samr_reviewer).post(
        f"/api/v1/nominations/{county.pk}/achievements/",
        {"field": "advertising", "description": "整治虚假广告成效突出。", "basis": "总局通报"},
        format="json",
    )
    assert recorded.status_code == 201 and recorded.json()["field"] == "advertising"
    bad = api_client(samr_reviewer).post(
        f"/api/v1/nominations/{county.pk}/achievements/",
        {"field": "advertising", "description": "再记一次。", "basis": "通报"},
        format="json",
    )
    assert bad.status_code == 400 and "已记录茂南区在广告监管方面" in bad.json()["detail"]
    listed = api_client(samr_reviewer).get(f"/api/v1/nominations/{county.pk}/achievements/").json()
    assert [row["field"] for row in listed] == ["advertising"]

    done = approver.post(
        url,
        base | {"entry_measures": [{"nomination": county.pk, "measures": ["br_commendation", "br_research"]}]},
        format="json",
    )
    assert done.status_code == 200, done.json()
    awards = {row["nomination"]: row for row in api_client(samr_reviewer).get("/api/v1/awards/").json()["results"]}
    assert [m["code"] for m in awards[county.pk]["measures"]] == ["br_commendation", "br_research"]
    assert [m["code"] for m in awards[city.pk]["measures"]] == GENERAL  # the default for the entry not chosen


def test_the_api_changes_one_awards_measures(reform_finalised, county, samr_approver, samr_reviewer):
    report(samr_approver, reform_finalised)
    award = award_of(county)
    url = f"/api/v1/awards/{award.pk}/measures/"
    assert (
        api_client(samr_reviewer).post(url, {"measures": ["br_pilot"], "reason": "x"}, format="json").status_code == 403
    )
    refused = api_client(samr_approver).post(url, {"measures": ["br_anti_pyramid"], "reason": "x"}, format="json")
    assert refused.status_code == 400 and "第十条第四项" in refused.json()["detail"]
    assert api_client(samr_approver).post(url, {"measures": ["br_pilot"]}, format="json").status_code == 400
    done = api_client(samr_approver).post(url, {"measures": ["br_pilot", "br_other"], "reason": "调整"}, format="json")
    assert done.status_code == 200 and [m["code"] for m in done.json()["measures"]] == ["br_pilot", "br_other"]
    quality = api_client(samr_reviewer).post(
        f"/api/v1/nominations/{award.nomination_id}/achievements/",
        {"field": "party", "description": "x", "basis": "x"},
        format="json",
    )
    assert quality.status_code == 400
