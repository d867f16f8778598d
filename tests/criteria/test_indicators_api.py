"""/api/v1/indicator-values/ (SAMR only), its import/ with the dry run, and /api/v1/discrepancies/ (reviewers only)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from criteria.models import IndicatorImport, IndicatorValue
from nominations.enums import NominationState
from tests.helpers import api_client

from .indicator_helpers import application, campaign, csv_bytes, store_value, xlsx_bytes

pytestmark = pytest.mark.django_db

S = NominationState
URL = "/api/v1/indicator-values/"
IMPORT = f"{URL}import/"
DISCREPANCIES = "/api/v1/discrepancies/"
MAONAN, HUAZHOU, MAOMING, LEDU = "440902", "440982", "440900", "630202"
GOOD = [MAONAN, "6.3", "97.5", "国家12315平台", "2025"]


def upload(data, name="总局数据.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def stored(db):
    return {
        "maonan": store_value(MAONAN, "6.3", 2025, "96"),
        "huazhou": store_value(HUAZHOU, "6.6", 2025, "91"),
        "ledu": store_value(LEDU, "6.3", 2024, "98"),
    }


# ---------------------------------------------------------------- list


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("samr_reviewer", True),
        ("samr_approver", True),
        ("admin_user", True),
        ("province_reviewer", False),
        ("province_approver", False),
        ("county_clerk", False),
        ("expert", False),
    ],
)
def test_only_samr_staff_read_the_values(persona, sees, request, stored):
    api = api_client(request.getfixturevalue(persona))

    listed = api.get(URL).json()["results"]
    detail = api.get(f"{URL}{stored['maonan'].pk}/")

    assert {row["id"] for row in listed} == ({v.pk for v in stored.values()} if sees else set())
    assert detail.status_code == (200 if sees else 404)


def test_anonymous_is_refused(anonymous, stored):
    response = api_client(anonymous).get(URL)

    assert response.status_code in (401, 403) and response.json()["detail"]


def test_a_value_names_its_division_by_code(samr_reviewer, stored):
    body = api_client(samr_reviewer).get(f"{URL}{stored['maonan'].pk}/").json()

    assert {key: body[key] for key in ("division", "division_name", "province", "criterion", "year", "value")} == {
        "division": MAONAN,
        "division_name": "茂南区",
        "province": "440000",
        "criterion": "6.3",
        "year": 2025,
        "value": "96.0000",
    }
    assert body["source"] == "国家12315平台" and body["batch"] == stored["maonan"].batch_id


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": 2025}, {"maonan", "huazhou"}),
        ({"criterion": "6.3"}, {"maonan", "ledu"}),
        ({"division": MAONAN}, {"maonan"}),
        ({"division": MAOMING}, {"maonan", "huazhou"}),  # a prefecture: everything under it
        ({"division": "440000"}, {"maonan", "huazhou"}),  # a province
        ({"year": 2025, "criterion": "6.6"}, {"huazhou"}),
    ],
)
def test_filters(samr_reviewer, stored, params, expected):
    rows = api_client(samr_reviewer).get(URL, params).json()["results"]

    assert {row["id"] for row in rows} == {stored[name].pk for name in expected}


def test_the_list_takes_the_same_queries_at_two_sizes(samr_reviewer):
    api = api_client(samr_reviewer)
    api.get(URL)  # the user's memberships are then cached on the (forced) user, as within one request
    store_value(MAONAN, "6.3", 2025, "96")
    with CaptureQueriesContext(connection) as small:
        assert api.get(URL).json()["count"] == 1
    for code in (HUAZHOU, MAOMING, LEDU):
        for year in (2023, 2024):
            store_value(code, "6.6", year, "90")

    with CaptureQueriesContext(connection) as large:
        assert api.get(URL).json()["count"] == 7

    assert len(large.captured_queries) == len(small.captured_queries) <= 6


# ---------------------------------------------------------------- import


def test_the_dry_run_returns_the_plan_and_stores_nothing(samr_reviewer):
    store_value(MAONAN, "6.3", 2025, "96")
    data = csv_bytes([GOOD, [HUAZHOU, "6.3", "99", "", "2025"]])

    response = api_client(samr_reviewer).post(IMPORT, {"file": upload(data), "dry_run": "true"}, format="multipart")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["dry_run"], body["rows"], body["created"], body["changed"], body["unchanged"], body["batch"]) == (
        True,
        2,
        1,
        1,
        0,
        None,
    )
    assert body["changes"] == [
        {
            "line": 2,
            "division": MAONAN,
            "division_name": "茂南区",
            "criterion": "6.3",
            "year": 2025,
            "value": "97.5000",
            "source": "国家12315平台",
            "before": "96.0000",
            "source_before": "国家12315平台",
        }
    ]
    assert [row["division"] for row in body["creates"]] == [HUAZHOU] and body["creates"][0]["before"] is None
    assert IndicatorValue.objects.get().value == Decimal("96")


def test_an_import_without_dry_run_stores_the_file(samr_approver):
    data = xlsx_bytes([[440902, 6.3, 97.5, "国家12315平台", 2025]])

    response = api_client(samr_approver).post(IMPORT, {"file": upload(data, "指标.xlsx")}, format="multipart")

    assert response.status_code == 201, response.json()
    body = response.json()
    batch = IndicatorImport.objects.get(pk=body["batch"])
    assert (body["dry_run"], body["created"], batch.file_name, batch.created_by) == (
        False,
        1,
        "指标.xlsx",
        samr_approver,
    )
    assert IndicatorValue.objects.get().value == Decimal("97.5")


def test_a_file_with_errors_is_a_400_listing_every_line_and_stores_nothing(samr_reviewer):
    data = csv_bytes([GOOD, ["999999", "6.3", "97", "", "2025"], [MAONAN, "6.1", "x", "", "2025"]])

    response = api_client(samr_reviewer).post(IMPORT, {"file": upload(data), "dry_run": "false"}, format="multipart")

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "文件有 3 处错误，未导入任何数据。"
    assert [error["line"] for error in body["errors"]] == [3, 4, 4]
    assert "999999" in body["errors"][0]["message"]
    assert not IndicatorValue.objects.exists() and not IndicatorImport.objects.exists()


def test_an_unreadable_file_is_a_400_for_the_whole_file(samr_reviewer):
    response = api_client(samr_reviewer).post(IMPORT, {"file": upload(b"%PDF-1.4", "x.pdf")}, format="multipart")

    assert response.status_code == 400
    assert response.json()["errors"] == [{"line": None, "message": "只能导入 .xlsx 或 .csv 文件。"}]


@pytest.mark.parametrize(
    ("payload", "field"),
    [({}, "file"), ({"dry_run": "maybe"}, "dry_run")],
)
def test_a_missing_file_or_a_bad_flag_is_a_400(samr_reviewer, payload, field):
    if field == "dry_run":
        payload = {**payload, "file": upload(csv_bytes([GOOD]))}

    response = api_client(samr_reviewer).post(IMPORT, payload, format="multipart")

    assert response.status_code == 400 and field in response.json() and response.json()["detail"]


@pytest.mark.parametrize("persona", ["province_reviewer", "province_approver", "county_clerk", "expert"])
def test_only_samr_staff_import_over_the_api(persona, request):
    response = api_client(request.getfixturevalue(persona)).post(
        IMPORT, {"file": upload(csv_bytes([GOOD]))}, format="multipart"
    )

    assert response.status_code == 403 and response.json()["detail"]
    assert not IndicatorValue.objects.exists()


# ---------------------------------------------------------------- discrepancies


@pytest.fixture
def compared(county_clerk):
    """茂南区 declared 6.3 = 99.5 % against SAMR's 97.5 % (flagged) and 6.6 = 95 % against 94.5 % (not)."""
    store_value(MAONAN, "6.3", 2025, "97.5")
    store_value(MAONAN, "6.6", 2025, "94.5")
    return campaign(2026)


def test_the_province_reviewer_sees_the_flag(compared, county_clerk, province_reviewer):
    nomination = application(compared, MAONAN, county_clerk, values={"6.3": "99.5", "6.6": "95"})

    response = api_client(province_reviewer).get(DISCREPANCIES, {"nomination": nomination.pk})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["nomination"], body["year"], body["flagged"]) == (nomination.pk, 2025, True)
    assert [
        (row["criterion"], row["declared"], row["samr_value"], row["gap"], row["tolerance"], row["flagged"])
        for row in body["results"]
    ] == [
        ("6.3", "99.5000", "97.5000", "2.0000", "1.0000", True),
        ("6.6", "95.0000", "94.5000", "0.5000", "1.0000", False),
    ]


@pytest.mark.parametrize(
    ("persona", "state", "status"),
    [
        ("county_clerk", S.SUBMITTED, 403),  # the applicant never sees it
        ("county_clerk", S.RECOMMENDED, 403),
        ("other_county_clerk", S.SUBMITTED, 404),
        ("other_province_reviewer", S.SUBMITTED, 404),
        ("expert", S.RECOMMENDED, 404),
        ("province_approver", S.SUBMITTED, 200),
        ("samr_reviewer", S.SUBMITTED, 404),  # not yet recommended to SAMR
        ("samr_reviewer", S.RECOMMENDED, 200),
        ("samr_approver", S.RECOMMENDED, 200),
    ],
)
def test_who_gets_the_discrepancies(compared, county_clerk, request, persona, state, status):
    nomination = application(compared, MAONAN, county_clerk, state=state, values={"6.3": "99.5"})

    response = api_client(request.getfixturevalue(persona)).get(DISCREPANCIES, {"nomination": nomination.pk})

    assert response.status_code == status
    if status != 200:
        assert "results" not in response.json() and response.json()["detail"]


@pytest.mark.parametrize("params", [{}, {"nomination": "abc"}])
def test_the_nomination_is_required(province_reviewer, params):
    response = api_client(province_reviewer).get(DISCREPANCIES, params)

    assert response.status_code == 400 and response.json()["detail"]


def test_an_unknown_nomination_is_a_404(province_reviewer):
    assert api_client(province_reviewer).get(DISCREPANCIES, {"nomination": 999999}).status_code == 404
