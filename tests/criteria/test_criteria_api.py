"""/api/v1/criteria-sets/: read by everyone signed in, edited and copied by administrators."""

from datetime import UTC, datetime

import pytest

from criteria.domain.catalogue import copy_set, freeze
from criteria.models import CriteriaSet, Criterion
from tests.helpers import api_client

pytestmark = pytest.mark.django_db

FROZEN_MESSAGE = (
    "2020年度“推进质量工作”认定条件已于2021年3月1日冻结（已有评选活动开始使用），不能修改。"
    "如需调整，请复制到新年度后再修改。"
)


@pytest.fixture
def admin_api(admin_user):
    return api_client(admin_user)


def test_anonymous_is_refused_with_json(anonymous):
    response = api_client(anonymous).get("/api/v1/criteria-sets/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"]


def test_list_with_nested_criteria(county_clerk):
    body = api_client(county_clerk).get("/api/v1/criteria-sets/").json()

    assert body["count"] == 2
    business, quality = sorted(body["results"], key=lambda s: s["category"])
    assert business["category_display"] == "深化商事制度改革和加强事中事后监管"
    assert business["rule"] == "all_and_highlight" and quality["rule"] == "all"
    assert [c["number"] for c in quality["criteria"]] == [f"6.{n}" for n in range(1, 9)]
    complaints = quality["criteria"][2]
    assert complaints["indicator_name"] == "消费者投诉办结率"
    assert (complaints["comparator"], complaints["comparator_display"], complaints["threshold"]) == (
        "gte",
        "≥",
        "97.00",
    )
    assert quality["criteria"][7]["incident_domains"] == [
        "food_drug",
        "special_equipment",
        "industrial_product",
        "engineering",
        "service",
    ]


def test_filters_and_detail(county_clerk, quality_2020):
    api = api_client(county_clerk)
    copy_set(quality_2020, 2021)
    assert [s["year"] for s in api.get("/api/v1/criteria-sets/", {"year": 2021}).json()["results"]] == [2021]
    quality = api.get("/api/v1/criteria-sets/", {"category": "quality"}).json()["results"]
    assert [(s["year"], s["copied_from"]) for s in quality] == [(2021, quality_2020.pk), (2020, None)]
    detail = api.get(f"/api/v1/criteria-sets/{quality_2020.pk}/").json()
    assert detail["document_number"] == "国市监信〔2020〕19号" and len(detail["criteria"]) == 8
    criterion = api.get(f"/api/v1/criteria-sets/{quality_2020.pk}/criteria/6.8/").json()
    assert criterion["lookback_years"] == 3 and criterion["kind_display"] == "未发生重大质量安全事件"
    assert api.get(f"/api/v1/criteria-sets/{quality_2020.pk}/criteria/6.9/").status_code == 404


@pytest.mark.parametrize("extra_years", [0, 3])
def test_list_query_count_is_constant(
    county_clerk, quality_2020, business_2020, extra_years, django_assert_num_queries
):
    for year in range(2021, 2021 + extra_years):
        copy_set(quality_2020, year)
        copy_set(business_2020, year)
    api = api_client(county_clerk)
    with django_assert_num_queries(3):  # count, sets, criteria
        response = api.get("/api/v1/criteria-sets/")
    assert len(response.json()["results"]) == 2 + 2 * extra_years


def test_admin_copies_2020_into_2021_and_changes_a_threshold(admin_api, quality_2020):
    response = admin_api.post(f"/api/v1/criteria-sets/{quality_2020.pk}/copy/", {"year": 2021}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["year"], body["category"], body["copied_from"], body["is_frozen"]) == (
        2021,
        "quality",
        quality_2020.pk,
        False,
    )
    assert len(body["criteria"]) == 8

    response = admin_api.patch(
        f"/api/v1/criteria-sets/{body['id']}/criteria/6.3/",
        {"threshold": "98.5", "extra_indicators": [{"name": "消费者投诉按时办结率", "unit": "%"}]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["threshold"] == "98.50"
    changed = Criterion.objects.get(criteria_set_id=body["id"], number="6.3")
    assert changed.extra_indicators == [{"name": "消费者投诉按时办结率", "unit": "%"}]
    assert quality_2020.criteria.get(number="6.3").threshold == 97


def test_admin_edits_a_set(admin_api, quality_2020):
    copy = copy_set(quality_2020, 2021)
    response = admin_api.patch(
        f"/api/v1/criteria-sets/{copy.pk}/",
        {"document_number": "国市监信〔2021〕1号", "year": 1999, "category": "business_reform"},
        format="json",
    )
    assert response.status_code == 200
    copy.refresh_from_db()
    # year and category are read-only: a set keeps them from its copy
    assert (copy.document_number, copy.year, copy.category) == ("国市监信〔2021〕1号", 2021, "quality")


def test_copy_into_an_existing_year_is_a_400(admin_api, quality_2020):
    copy_set(quality_2020, 2021)
    response = admin_api.post(f"/api/v1/criteria-sets/{quality_2020.pk}/copy/", {"year": 2021}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "2021年度“推进质量工作”认定条件已存在，不能重复复制；请直接修改该年度的条件。"
    bad_year = admin_api.post(f"/api/v1/criteria-sets/{quality_2020.pk}/copy/", {"year": 1900}, format="json")
    assert bad_year.status_code == 400 and "year" in bad_year.json()


def test_invalid_criterion_edit_is_a_400_per_field(admin_api, quality_2020):
    copy = copy_set(quality_2020, 2021)
    response = admin_api.patch(f"/api/v1/criteria-sets/{copy.pk}/criteria/6.1/", {"kind": "metric"}, format="json")
    assert response.status_code == 400
    assert response.json()["threshold"] == ["量化指标须填写指标名称、比较方式和门槛值。"]
    bad_domain = admin_api.patch(
        f"/api/v1/criteria-sets/{copy.pk}/criteria/6.8/", {"incident_domains": ["weather"]}, format="json"
    )
    assert bad_domain.status_code == 400 and "incident_domains" in bad_domain.json()


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("patch", "/api/v1/criteria-sets/{pk}/", {"document_title": "改"}),
        ("patch", "/api/v1/criteria-sets/{pk}/criteria/6.3/", {"threshold": "95"}),
    ],
)
def test_edits_of_a_frozen_set_are_a_400(admin_api, quality_2020, method, path, data):
    freeze(quality_2020, at=datetime(2021, 3, 1, tzinfo=UTC))
    response = getattr(admin_api, method)(path.format(pk=quality_2020.pk), data, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == FROZEN_MESSAGE
    # and copying it is still allowed
    copied = admin_api.post(f"/api/v1/criteria-sets/{quality_2020.pk}/copy/", {"year": 2021}, format="json")
    assert copied.status_code == 201


@pytest.mark.parametrize(
    "persona", ["county_clerk", "province_reviewer", "expert", "samr_reviewer", "samr_approver"], indirect=True
)
@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("patch", "/api/v1/criteria-sets/{pk}/", {"document_title": "改"}),
        ("patch", "/api/v1/criteria-sets/{pk}/criteria/6.3/", {"threshold": "95"}),
        ("post", "/api/v1/criteria-sets/{pk}/copy/", {"year": 2021}),
    ],
)
def test_only_administrators_write(persona, quality_2020, method, path, data):
    api = api_client(persona)
    assert api.get(f"/api/v1/criteria-sets/{quality_2020.pk}/").status_code == 200
    response = getattr(api, method)(path.format(pk=quality_2020.pk), data, format="json")
    assert response.status_code == 403
    assert not CriteriaSet.objects.filter(year=2021).exists()
    assert quality_2020.criteria.get(number="6.3").threshold == 97


def test_put_and_delete_are_not_offered(admin_api, quality_2020):
    assert admin_api.put(f"/api/v1/criteria-sets/{quality_2020.pk}/", {}, format="json").status_code == 405
    assert admin_api.delete(f"/api/v1/criteria-sets/{quality_2020.pk}/").status_code == 405


def test_a_malformed_filter_is_a_400(admin_user):
    response = api_client(admin_user).get("/api/v1/criteria-sets/", {"year": "二〇二〇"})
    assert response.status_code == 400 and "year" in response.json()
