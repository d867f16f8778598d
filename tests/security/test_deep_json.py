"""A deeply nested JSON body is a 400 with a Chinese message on every API endpoint that reads one, anonymous or not,
never a 500 (issue 18: the standard library's parser raised ``RecursionError``)."""

import logging

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.api.parsers import MAX_DEPTH, nesting_depth

from . import matrix

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000
UNSAFE = ("POST", "PUT", "PATCH")


def api_routes():
    for route in matrix.project_routes().values():
        if route.name.startswith("api:") and route.methods and route.methods & set(UNSAFE):
            yield route


def send(client, route, method):
    path = reverse(route.name, kwargs=dict.fromkeys(route.params, "1"))
    return client.generic(method, path, DEEP, content_type="application/json")


@pytest.fixture(autouse=True)
def _quiet(monkeypatch):
    monkeypatch.setattr(logging.getLogger("django.request"), "disabled", True)


@pytest.mark.parametrize("who", ["anonymous", "admin_user", "samr_reviewer", "county_clerk"])
def test_no_endpoint_answers_a_deep_body_with_a_500(who, request):
    client = APIClient(raise_request_exception=False)
    if who != "anonymous":
        client.force_authenticate(request.getfixturevalue(who))
    answers = {}
    for route in api_routes():
        for method in sorted(route.methods & set(UNSAFE)):
            answers[f"{method} {route.name}"] = send(client, route, method).status_code
    assert answers, "no API route takes a body"
    assert not {name: code for name, code in answers.items() if code >= 500}


def test_the_anonymous_token_endpoint_and_a_create_say_why(admin_user):
    anonymous = APIClient()
    response = anonymous.post(reverse("api:api-token"), DEEP, content_type="application/json")
    assert response.status_code == 400 and f"JSON 嵌套超过 {MAX_DEPTH} 层" in response.json()["detail"]
    admin = APIClient()
    admin.force_authenticate(admin_user)
    response = admin.post(reverse("api:campaign-list"), DEEP, content_type="application/json")
    assert response.status_code == 400 and "嵌套" in response.json()["detail"]


def test_the_limit_and_what_it_does_not_count(admin_user):
    assert nesting_depth('{"a": [1, {"b": "[[[[\\"{"}]}') == 3  # brackets inside strings do not count
    admin = APIClient()
    admin.force_authenticate(admin_user)
    at_the_limit = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    response = admin.post(reverse("api:campaign-list"), at_the_limit, content_type="application/json")
    assert response.status_code == 400 and "嵌套" not in str(response.json())  # parsed, then refused as a campaign
    over = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    response = admin.post(reverse("api:campaign-list"), over, content_type="application/json")
    assert response.status_code == 400 and "嵌套" in response.json()["detail"]
    broken = admin.post(reverse("api:campaign-list"), "{", content_type="application/json")
    assert broken.status_code == 400


def test_a_body_that_is_not_utf8_is_a_400_that_says_so(admin_user):
    anonymous = APIClient()
    gb18030 = '{"username": "茂南区"}'.encode("gb18030")  # a Chinese client's other encoding
    response = anonymous.post(reverse("api:api-token"), gb18030, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] == "请求内容不是有效的 UTF-8 文本。"
