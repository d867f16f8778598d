"""Issue 19: the portal is in 简体中文 unless the user chose English (core.language); a browser set to English does
not switch it. The API still answers in the language its caller asks for."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def get(path, cookie=None, **headers):
    client = Client()
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    return client.get(path, **headers)


def test_a_browser_set_to_english_still_reads_chinese():
    response = get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans" and "登录" in response.content.decode()
    assert "Cookie" in response["Vary"]


def test_the_language_switch_chooses_english():
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert response["Content-Language"] == "en" and "Sign in" in response.content.decode()


@pytest.mark.parametrize("cookie", ["xx", "", "fr"])
def test_a_language_the_portal_does_not_have_is_chinese(cookie):
    assert get(reverse("accounts:login"), cookie)["Content-Language"] == "zh-hans"


def test_the_api_answers_in_the_language_asked_for():
    response = get("/api/v1/divisions/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en" and "Accept-Language" in response["Vary"]
    assert get("/api/v1/divisions/999999/")["Content-Language"] == "zh-hans"
