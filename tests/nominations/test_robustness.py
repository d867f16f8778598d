"""Malformed input anywhere in the workflow pages and API is a 4xx, never a 500."""

import pytest
from django.urls import reverse

from ..helpers import api_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/nominations/province/planet/ranking/",
        "/nominations/province/planet/recommendation/",
        "/nominations/province/planet/confirm/",
        "/nominations/999999/",
        "/nominations/999999/attachments/1/",
    ],
)
def test_unknown_things_are_404(path, client, campaign, province_reviewer):
    client.force_login(province_reviewer)
    assert client.get(path).status_code == 404


def test_bad_queue_filters_are_ignored_and_marked(client, campaign, province_reviewer):
    client.force_login(province_reviewer)
    response = client.get(
        "/nominations/province/", {"state": "nonsense", "prefecture": "abc", "level": "x", "page": "zz"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/nominations/", {"campaign": "abc", "category": "quality"}),
        ("post", "/api/v1/nominations/", {"campaign": 999999, "category": "nonsense"}),
        ("get", "/api/v1/nominations/?campaign=abc&state=zzz&province=12", None),
        ("post", "/api/v1/province-recommendations/", {"campaign": 1, "category": "nonsense"}),
        ("get", "/api/v1/nominations/999999/evaluation/", None),
    ],
)
def test_bad_api_input_is_4xx(method, path, body, campaign, province_reviewer):
    response = getattr(api_client(province_reviewer), method)(path, body, format="json")
    assert 400 <= response.status_code < 500, response.content


def test_a_clerk_posting_an_unknown_category_gets_a_message(client, campaign, county_clerk):
    client.force_login(county_clerk)
    response = client.post(reverse("nominations:create"), {"category": "nonsense"})
    assert response.status_code in (200, 400)
