import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(county_clerk):
    client = APIClient()
    client.force_authenticate(county_clerk)
    return client


def codes(response):
    return [row["code"] for row in response.json()["results"]]


def test_anonymous_gets_a_json_refusal():
    response = APIClient().get("/api/v1/divisions/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


def test_list_filters(api):
    assert codes(api.get("/api/v1/divisions/", {"parent": "440900"})) == [
        "440902",
        "440904",
        "440981",
        "440982",
        "440983",
    ]
    provinces = api.get("/api/v1/divisions/", {"level": "province"}).json()
    assert provinces["count"] == 32
    northeast = codes(api.get("/api/v1/divisions/", {"level": "province", "region": "northeast"}))
    assert northeast == ["210000", "220000", "230000"]
    assert codes(api.get("/api/v1/divisions/", {"q": "茂南"})) == ["440902"]
    assert codes(api.get("/api/v1/divisions/", {"q": "6302", "level": "prefecture"})) == ["630200"]


def test_detail_by_code_and_unknown_code(api):
    body = api.get("/api/v1/divisions/440902/").json()
    assert body["name"] == "茂南区" and body["parent"] == "440900" and body["province"] == "440000"
    assert body["level_display"] == "县级" and body["region"] == "east"
    missing = api.get("/api/v1/divisions/999999/")
    assert missing.status_code == 404 and "detail" in missing.json()


def test_bad_filter_value_is_a_400_with_reasons(api):
    response = api.get("/api/v1/divisions/", {"level": "planet"})
    assert response.status_code == 400
    assert "level" in response.json() and response.json()["detail"]


def test_english_errors_on_request(api):
    response = api.get("/api/v1/divisions/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "No Division matches the given query."


@pytest.mark.parametrize("page_size_parent", ["440900", "440000"])
def test_list_query_count_is_constant(api, page_size_parent, django_assert_num_queries):
    # 5 rows under 茂名市, 50 (a full page) under 广东省: same number of queries.
    with django_assert_num_queries(2):  # count, page
        response = api.get(
            "/api/v1/divisions/",
            {"province": "440000"} if page_size_parent == "440000" else {"parent": page_size_parent},
        )
    assert response.status_code == 200


def test_token_authentication(county_clerk, password):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "county_clerk", "password": password}, format="json")
    token = response.json()["token"]
    assert token.startswith(AuthToken.objects.get(user=county_clerk).token_key) and response.json()["expiry"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "county_clerk"
    assert me["memberships"] == [
        {"role": "applicant", "role_display": "申报单位", "bureau": "茂南区市场监督管理局", "division": "440902"}
    ]


def test_bad_credentials_are_a_400_with_detail():
    response = APIClient().post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json")
    assert response.status_code == 400 and response.json()["detail"]


def test_api_refuses_users_who_must_change_their_password():
    user = UserFactory(must_change_password=True)
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/v1/divisions/")
    assert response.status_code == 403
    assert "修改初始密码" in response.json()["detail"]


def test_schema_and_offline_docs(client, county_clerk):
    client.force_login(county_clerk)
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/divisions/{code}/" in schema.json()["paths"]
    docs = client.get(reverse("api-docs")).content.decode()
    assert "drf_spectacular_sidecar" in docs and "cdn" not in docs.lower()


def test_boolean_filter_and_bad_boolean(api):
    from provinces.models import Division

    Division.objects.filter(code__in=["630200", "630202"]).update(underdeveloped=True)
    assert codes(api.get("/api/v1/divisions/", {"underdeveloped": "true"})) == ["630200", "630202"]
    assert api.get("/api/v1/divisions/", {"underdeveloped": "perhaps"}).status_code == 400


def test_openapi_schema_is_valid_and_warning_free(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/campaigns/{id}/acknowledge/" in (tmp_path / "schema.yml").read_text(encoding="utf-8")
