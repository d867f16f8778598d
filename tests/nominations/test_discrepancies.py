"""Declared figures set against SAMR's (art. 4): the tolerance boundary, the data year, who sees the flag (art. 14)."""

import re
from decimal import Decimal

import pytest
from django.core.checks import run_checks
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from accounts import policy
from nominations.domain.campaigns import open_campaign
from nominations.domain.discrepancies import (
    discrepancies_for,
    flagged_nomination_ids,
    tolerance_for,
    visible_discrepancies,
)
from nominations.enums import NominationState

from ..criteria.indicator_helpers import application, campaign, store_value

pytestmark = pytest.mark.django_db

S = NominationState
MAONAN, HUAZHOU, LEDU = "440902", "440982", "630202"


@pytest.fixture
def campaign_2026(db):
    return campaign(2026)  # reference date 2025-12-31: compares the 2025 figures


def row(rows, number):
    return next(r for r in rows if r.number == number)


# ---------------------------------------------------------------- the boundary


@pytest.mark.parametrize(
    ("declared", "samr", "flagged"),
    [
        ("98.50", "97.5", False),  # gap exactly the tolerance (1.0): not flagged
        ("98.51", "97.5", True),  # just above
        ("98.50", "97.4999", True),  # above by 0.0001
        ("96.50", "97.5", False),  # the same below
        ("96.49", "97.5", True),
        ("97.50", "97.5", False),
    ],
)
def test_a_gap_beyond_the_tolerance_is_flagged_and_one_equal_to_it_is_not(
    campaign_2026, county_clerk, declared, samr, flagged
):
    nomination = application(campaign_2026, MAONAN, county_clerk, values={"6.3": declared, "6.6": "95"})
    store_value(MAONAN, "6.3", 2025, samr)

    found = row(discrepancies_for(nomination), "6.3")

    assert found.flagged is flagged
    assert found.gap == Decimal(declared) - Decimal(samr)
    assert flagged_nomination_ids(type(nomination).objects.all()) == ({nomination.pk} if flagged else set())


def test_the_tolerance_comes_from_the_settings_with_a_per_criterion_override(settings, campaign_2026, county_clerk):
    settings.INDICATOR_TOLERANCE = "0.5"
    settings.INDICATOR_TOLERANCE_BY_CRITERION = {"6.6": "2"}
    nomination = application(campaign_2026, MAONAN, county_clerk, values={"6.3": "98.10", "6.6": "93.00"})
    store_value(MAONAN, "6.3", 2025, "97.5")
    store_value(MAONAN, "6.6", 2025, "91")

    rows = discrepancies_for(nomination)

    assert (tolerance_for("6.3"), tolerance_for("6.6")) == (Decimal("0.5"), Decimal("2"))
    assert [(r.number, r.gap, r.tolerance, r.flagged) for r in rows] == [
        ("6.3", Decimal("0.6"), Decimal("0.5"), True),
        ("6.6", Decimal("2"), Decimal("2"), False),
    ]


def test_the_default_tolerance_is_one_point(settings):
    del settings.INDICATOR_TOLERANCE
    del settings.INDICATOR_TOLERANCE_BY_CRITERION

    assert tolerance_for("6.3") == Decimal("1.0")


# ---------------------------------------------------------------- what is compared


def test_the_campaign_compares_the_figures_of_its_reference_year(campaign_2026, county_clerk):
    nomination = application(campaign_2026, MAONAN, county_clerk, values={"6.3": "99"})
    store_value(MAONAN, "6.3", 2026, "90")  # a later year: ignored
    store_value(HUAZHOU, "6.3", 2025, "90")  # another locality: ignored

    rows = discrepancies_for(nomination)

    assert [(r.number, r.year, r.declared, r.samr_value, r.flagged) for r in rows] == [
        ("6.3", 2025, Decimal("99"), None, False),
        ("6.6", 2025, None, None, False),
    ]
    store_value(MAONAN, "6.3", 2025, "90", source="国家12315平台")
    found = row(discrepancies_for(nomination), "6.3")
    assert (found.samr_value, found.source, found.gap, found.flagged) == (
        Decimal("90"),
        "国家12315平台",
        Decimal("9"),
        True,
    )


def test_no_declared_value_is_no_flag(campaign_2026, county_clerk):
    nomination = application(campaign_2026, MAONAN, county_clerk, values={"6.3": None})
    store_value(MAONAN, "6.3", 2025, "50")

    found = row(discrepancies_for(nomination), "6.3")

    assert (found.declared, found.gap, found.flagged) == (None, None, False)


def test_a_category_without_metric_criteria_has_no_rows(campaign_2026, county_clerk):
    nomination = application(campaign_2026, MAONAN, county_clerk, category="business_reform")

    assert discrepancies_for(nomination) == []


def test_one_application_takes_a_constant_number_of_queries(campaign_2026, county_clerk, django_assert_num_queries):
    nomination = application(campaign_2026, MAONAN, county_clerk, values={"6.3": "99", "6.6": "95"})
    store_value(MAONAN, "6.3", 2025, "90")
    store_value(MAONAN, "6.6", 2025, "95")
    fresh = type(nomination).objects.select_related("campaign").get(pk=nomination.pk)

    with django_assert_num_queries(3):
        discrepancies_for(fresh)


def test_flagged_ids_over_many_applications_take_one_query(
    campaign_2026, county_clerk, other_county_clerk, django_assert_num_queries
):
    flagged = application(campaign_2026, MAONAN, county_clerk, values={"6.3": "99", "6.6": "95"})
    clean = application(campaign_2026, LEDU, other_county_clerk, values={"6.3": "99", "6.6": "95"})
    unknown = application(campaign_2026, HUAZHOU, county_clerk, values={"6.3": "99"})
    store_value(MAONAN, "6.6", 2025, "80")
    store_value(LEDU, "6.3", 2025, "98.5")
    queryset = type(flagged).objects.all()

    with django_assert_num_queries(1):
        found = flagged_nomination_ids(queryset)
    with django_assert_num_queries(1):
        from_list = flagged_nomination_ids([flagged, clean, unknown])

    assert found == from_list == {flagged.pk}


# ---------------------------------------------------------------- who sees it


# persona: sees the comparison on a Guangdong county's application (submitted / recommended)
SEES = {
    "county_clerk": (False, False),  # the applicant itself: never
    "city_clerk": (False, False),
    "other_county_clerk": (False, False),
    "province_reviewer": (True, True),
    "province_approver": (True, True),
    "other_province_reviewer": (False, False),
    "expert": (False, False),
    "samr_reviewer": (False, True),  # once recommended to SAMR
    "samr_approver": (False, True),
    "admin_user": (True, True),
    "anonymous": (False, False),
}


@pytest.mark.parametrize("persona", list(SEES), indirect=True)
def test_who_sees_the_discrepancies(persona, request, campaign_2026, county_clerk):
    submitted = application(campaign_2026, MAONAN, county_clerk, state=S.SUBMITTED)
    recommended = application(campaign_2026, MAONAN, county_clerk, state=S.RECOMMENDED, category="business_reform")
    expected = SEES[request.node.callspec.params["persona"]]

    seen = tuple(policy.can(persona, "nomination.discrepancies.view", n) for n in (submitted, recommended))

    assert seen == expected
    assert (visible_discrepancies(persona, submitted) is not None) == expected[0]


def test_the_include_shows_the_flag_and_nothing_without_the_context(campaign_2026, county_clerk, province_reviewer):
    nomination = application(campaign_2026, MAONAN, county_clerk, values={"6.3": "99.5", "6.6": "95"})
    store_value(MAONAN, "6.3", 2025, "97.5", source="国家12315平台")

    shown = render_to_string(
        "nominations/_discrepancies.html", {"discrepancies": visible_discrepancies(province_reviewer, nomination)}
    )
    hidden = render_to_string(
        "nominations/_discrepancies.html", {"discrepancies": visible_discrepancies(county_clerk, nomination)}
    )

    assert "弄虚作假线索" in shown and "国家12315平台" in shown and "+2" in shown and "97.5 %" in shown
    assert "2025 年度" in shown
    assert hidden.strip() == ""


def test_the_reviewers_lists_mark_the_flagged_applications(
    campaign_2026, county_clerk, province_reviewer, samr_reviewer, admin_user
):
    open_campaign(admin_user, campaign_2026)
    flagged = application(campaign_2026, MAONAN, county_clerk, state=S.RECOMMENDED, values={"6.3": "99.5"})
    clean = application(campaign_2026, HUAZHOU, county_clerk, state=S.RECOMMENDED, values={"6.3": "98"})
    store_value(MAONAN, "6.3", 2025, "97.5")
    store_value(HUAZHOU, "6.3", 2025, "97.5")

    for user, name in ((province_reviewer, "nominations:queue"), (samr_reviewer, "national:candidates")):
        client = Client()
        client.force_login(user)
        response = client.get(reverse(name))
        rows = {
            nomination.pk: row_html
            for nomination in (flagged, clean)
            for row_html in re.findall(r"<tr>.*?</tr>", response.content.decode(), re.S)
            if f"/{nomination.pk}/" in row_html
        }
        assert response.context["flagged"] == {flagged.pk}, name
        assert "数据差异" in rows[flagged.pk] and "数据差异" not in rows[clean.pk], name


# ---------------------------------------------------------------- settings check


@pytest.mark.parametrize(
    ("tolerance", "overrides", "ids"),
    [
        ("1.0", {}, []),
        (0, {"6.3": 0.5}, []),
        (Decimal("2"), {"6.3": "0.25"}, []),
        ("-1", {}, ["criteria.E001"]),
        ("abc", {}, ["criteria.E001"]),
        (True, {}, ["criteria.E001"]),
        (float("nan"), {}, ["criteria.E001"]),
        ("1", {"6.3": "-0.5"}, ["criteria.E002"]),
        ("1", {"六点三": "1"}, ["criteria.E002"]),
        ("1", "6.3=1", ["criteria.E002"]),
    ],
)
def test_a_bad_tolerance_stops_the_start_up(settings, tolerance, overrides, ids):
    settings.INDICATOR_TOLERANCE = tolerance
    settings.INDICATOR_TOLERANCE_BY_CRITERION = overrides

    found = [message.id for message in run_checks() if message.id.startswith("criteria.")]

    assert found == ids
