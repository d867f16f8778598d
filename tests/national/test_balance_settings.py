# ruff: noqa: F811 - fixtures imported from test_national_list are redefined as arguments
"""The balance settings of a national list (art. 8): bonuses shown apart from the score, stored shares, the
suggestion applied to the draft; pages and API, with query counts at two data sizes."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from national.domain import national_list
from national.models import NationalList, NationalListEntry, NationalListState
from nominations.enums import NominationState
from nominations.models import Nomination, Quota
from provinces.enums import Level, Region
from provinces.models import Division

from ..helpers import api_client, chart_data, chart_series
from ..nominations.test_nominations_api import make
from .test_national_list import evaluated  # noqa: F401

pytestmark = pytest.mark.django_db
S = NominationState
LISTS = "/api/v1/national-lists/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def settings_of(the_list):
    the_list = NationalList.objects.get(pk=the_list.pk)
    return {name: getattr(the_list, name) for name in national_list.SETTING_FIELDS}


class TestConfigure:
    def test_stores_and_audits_only_what_changed(self, quality_list, samr_reviewer):
        national_list.configure(samr_reviewer, quality_list, bonus_west="5", min_west=1, max_per_province="2")
        stored = settings_of(quality_list)
        assert (stored["bonus_west"], stored["min_west"], stored["max_per_province"]) == (Decimal("5.00"), 1, 2)
        event = AuditEvent.objects.get(action="national_list.configure")
        assert set(event.data) == {"bonus_west", "min_west", "max_per_province"}
        national_list.configure(samr_reviewer, quality_list, bonus_west="5.00")
        assert AuditEvent.objects.filter(action="national_list.configure").count() == 1

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"bonus_west": "21"}, "须为 0 到 20 之间的数字"),
            ({"bonus_county": "-1"}, "须为 0 到 20 之间的数字"),
            ({"bonus_county": "abc"}, "须为 0 到 20 之间的数字"),
            ({"bonus_county": "NaN"}, "须为 0 到 20 之间的数字"),
            ({"bonus_county": "1.234"}, "最多保留两位小数"),
            ({"min_county": "-2"}, "须为不小于 0 的整数"),
            ({"max_per_province": 0}, "须为不小于 1 的整数"),
            ({"colour": "red"}, "未知的设置项"),
        ],
    )
    def test_bad_values_change_nothing(self, quality_list, samr_reviewer, changes, message):
        before = settings_of(quality_list)
        with pytest.raises(ValidationError, match=message):
            national_list.configure(samr_reviewer, quality_list, **changes)
        assert settings_of(quality_list) == before
        assert not AuditEvent.objects.filter(action="national_list.configure").exists()

    def test_only_samr_reviewers_and_only_drafts(self, quality_list, samr_approver, samr_reviewer):
        with pytest.raises(PermissionDenied):
            national_list.configure(samr_approver, quality_list, bonus_west=1)
        NationalList.objects.filter(pk=quality_list.pk).update(state=NationalListState.APPROVED)
        with pytest.raises(ValidationError, match="名单已批准"):
            national_list.configure(samr_reviewer, quality_list, bonus_west=1)


class TestAnalyse:
    def test_bonuses_are_shown_apart_and_change_the_ranking(self, five_candidates, quality_list, samr_reviewer):
        quality_list = national_list.configure(samr_reviewer, quality_list, bonus_west=6, bonus_county=1)
        ranking = national_list.analyse(samr_reviewer, quality_list).ranking
        top = ranking[0]
        assert top.nomination.division.code == "630202"  # 90 + 6 + 1 = 97 ahead of 95 + 1
        assert (top.line.score, top.line.bonus, top.line.adjusted) == (Decimal(90), Decimal(7), Decimal(97))
        assert [item.line.position for item in ranking] == [1, 2, 3, 4, 5]

    def test_the_stored_shares_drive_the_suggestion(self, five_candidates, quality_list, samr_reviewer):
        assert set(national_list.analyse(samr_reviewer, quality_list).suggestion.selected) == {
            n.pk for n in five_candidates[:3]
        }
        quality_list = national_list.configure(samr_reviewer, quality_list, min_west=2)
        analysis = national_list.analyse(samr_reviewer, quality_list)
        assert set(analysis.suggestion.selected) == {
            five_candidates[0].pk,
            five_candidates[3].pk,
            five_candidates[4].pk,
        }
        assert any("西部" in text for text in analysis.suggestion.binding)
        assert [item.suggested for item in analysis.ranking].count(True) == 3


class TestAcceptSuggestion:
    def test_the_draft_becomes_the_suggestion_in_ranking_order(self, five_candidates, quality_list, samr_reviewer):
        national_list.add(samr_reviewer, quality_list, five_candidates[2])
        national_list.configure(samr_reviewer, quality_list, min_west=2)
        national_list.accept_suggestion(samr_reviewer, quality_list)
        entries = list(quality_list.entries.order_by("position").values_list("nomination_id", "position"))
        assert entries == [(five_candidates[0].pk, 1), (five_candidates[3].pk, 2), (five_candidates[4].pk, 3)]
        assert Nomination.objects.get(pk=five_candidates[2].pk).state == S.EVALUATED
        assert set(Nomination.objects.filter(state=S.PROPOSED).values_list("pk", flat=True)) == {
            five_candidates[0].pk,
            five_candidates[3].pk,
            five_candidates[4].pk,
        }
        event = AuditEvent.objects.get(action="national_list.accept_suggestion")
        assert (event.data["added"], event.data["removed"]) == (
            sorted([five_candidates[0].pk, five_candidates[3].pk, five_candidates[4].pk]),
            [five_candidates[2].pk],
        )

    def test_an_impossible_suggestion_changes_nothing(self, five_candidates, quality_list, samr_reviewer):
        national_list.add(samr_reviewer, quality_list, five_candidates[0])
        national_list.configure(samr_reviewer, quality_list, min_northeast=1)
        with pytest.raises(ValidationError, match="东北"):
            national_list.accept_suggestion(samr_reviewer, quality_list)
        assert list(quality_list.entries.values_list("nomination_id", flat=True)) == [five_candidates[0].pk]


# ---------------------------------------------------------------- pages


def test_the_list_page_saves_settings_and_accepts_the_suggestion(five_candidates, samr_reviewer, campaign):
    client = signed_in(samr_reviewer)
    url = reverse("national:national_list", args=["quality"])
    response = client.post(url, {"bonus_west": "30", "min_county": "0"})
    assert response.status_code == 200 and "20" in response.content.decode()
    assert not NationalList.objects.filter(bonus_west__gt=0).exists()
    data = dict.fromkeys(national_list.SETTING_FIELDS, "") | {"bonus_west": "2", "min_west": "2"}
    assert client.post(url, data).status_code == 302
    page = client.get(url)
    assert page.context["suggestion"].feasible and len(page.context["to_add"]) == 3
    west = str(Region.WEST.label)
    chart = chart_data(page, "by-region-data")
    # Nothing on the list yet; the suggestion already has its two western places, on an axis as long as the quota.
    assert chart["maximum"] == 3 and [series["label"] for series in chart["series"]] == ["当前名单", "建议名单"]
    series = chart_series(page, "by-region-data")
    assert sum(series["当前名单"].values()) == 0 and series["建议名单"][west] == 2
    assert client.post(reverse("national:national_list_suggestion", args=["quality"])).status_code == 302
    page = client.get(url)
    assert page.context["figures"].total == 3 and not page.context["to_add"]
    series = chart_series(page, "by-region-data")
    assert series["当前名单"] == series["建议名单"] and series["当前名单"][west] == 2
    assert "<td>66.7%</td>" in page.content.decode()  # the table beside the chart: 2 western of 3 places


@pytest.mark.parametrize(
    ("persona", "status"), [("samr_approver", 403), ("province_reviewer", 404)], indirect=["persona"]
)
def test_others_cannot_change_the_settings(five_candidates, persona, status, samr_reviewer, campaign):
    url = reverse("national:national_list", args=["quality"])
    assert signed_in(persona).post(url, {"bonus_west": "2"}).status_code == status
    assert not NationalList.objects.filter(bonus_west__gt=0).exists()
    response = signed_in(persona).post(reverse("national:national_list_suggestion", args=["quality"]))
    assert response.status_code == status
    assert not NationalListEntry.objects.exists()


def _fill(campaign, county_clerk, samr_reviewer, size):
    counties = Division.objects.filter(province__code="440000", level=Level.COUNTY).order_by("code")[: size * 2]
    the_list = national_list.national_list_for(campaign, "quality")
    Quota.objects.filter(campaign=campaign, category="quality").update(places=size)
    for index, county in enumerate(counties):
        nomination = make(campaign, county.code, county_clerk, state=S.EVALUATED, national_score=80 + index)
        if index < size:
            national_list.add(samr_reviewer, the_list, nomination)
    return the_list


@pytest.mark.parametrize("size", [2, 6])
def test_the_list_page_runs_a_constant_number_of_queries(size, campaign, county_clerk, samr_reviewer):
    _fill(campaign, county_clerk, samr_reviewer, size)
    client = signed_in(samr_reviewer)
    url = reverse("national:national_list", args=["quality"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(response.context["ranking"]) == size * 2
    # session, user, memberships, the per-object grants, campaign, list, quota, candidates, entries (analysis),
    # entries (page), history (events, then content type lookups are cached)
    assert len(queries) == LIST_PAGE_QUERIES, [q["sql"][:120] for q in queries.captured_queries]


LIST_PAGE_QUERIES = 11


@pytest.mark.parametrize("size", [2, 6])
def test_the_balance_api_runs_a_constant_number_of_queries(size, campaign, county_clerk, samr_reviewer):
    the_list = _fill(campaign, county_clerk, samr_reviewer, size)
    client = api_client(samr_reviewer)
    client.get(f"{LISTS}{the_list.pk}/balance/")  # warm the memberships cache
    with CaptureQueriesContext(connection) as queries:
        data = client.get(f"{LISTS}{the_list.pk}/balance/").json()
    assert len(data["ranking"]) == size * 2 and data["total"] == size
    assert len(queries) == 5  # list (with quota), quota, candidates, entries, and the memberships per request


# ---------------------------------------------------------------- API


def test_settings_and_suggestion_through_the_api(five_candidates, quality_list, samr_reviewer, samr_approver):
    samr = api_client(samr_reviewer)
    response = samr.patch(f"{LISTS}{quality_list.pk}/", {"bonus_west": "31"}, format="json")
    assert response.status_code == 400 and "须为 0 到 20 之间的数字" in response.json()["detail"]
    assert api_client(samr_approver).patch(f"{LISTS}{quality_list.pk}/", {"bonus_west": "3"}).status_code == 403
    response = samr.patch(f"{LISTS}{quality_list.pk}/", {"bonus_west": "3", "min_west": 2}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["settings"]["bonus_west"] == "3.00" and response.json()["settings"]["min_west"] == 2
    balance = samr.get(f"{LISTS}{quality_list.pk}/balance/").json()
    assert balance["ranking"][0]["national_rank"] == 1
    western = [line for line in balance["ranking"] if line["region"] == Region.WEST]
    assert {line["bonus"] for line in western} == {"3.00"}
    assert balance["suggestion"]["selected"] == [five_candidates[0].pk, five_candidates[3].pk, five_candidates[4].pk]
    what_if = samr.get(f"{LISTS}{quality_list.pk}/balance/", {"min_west": 0}).json()["suggestion"]
    assert what_if["selected"] == [five_candidates[0].pk, five_candidates[1].pk, five_candidates[2].pk]
    response = samr.post(f"{LISTS}{quality_list.pk}/accept-suggestion/")
    assert response.status_code == 200
    assert [entry["nomination"] for entry in response.json()["entries"]] == [
        five_candidates[0].pk,
        five_candidates[3].pk,
        five_candidates[4].pk,
    ]
