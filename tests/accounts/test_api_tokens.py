"""API tokens expire, are per device and revocable, and follow the account (issue 18, item 4): a password change, a
deactivation and a lockout revoke them all; two-factor roles must give their code to get one."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/me/"


def issue(user, password=PASSWORD, **extra):
    response = APIClient().post(TOKEN, {"username": user.username, "password": password, **extra}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def with_token(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_expires_after_the_working_day(county_clerk):
    issued = issue(county_clerk)
    hours = settings.REST_KNOX["TOKEN_TTL"] / timedelta(hours=1)
    assert hours == 8
    assert with_token(issued["token"]).get(ME).status_code == 200
    AuthToken.objects.filter(user=county_clerk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert with_token(issued["token"]).get(ME).status_code == 403  # expired: refused, and removed
    assert not AuthToken.objects.filter(user=county_clerk).exists()


def test_each_device_has_its_own_and_revokes_it_alone(county_clerk):
    laptop, phone = issue(county_clerk)["token"], issue(county_clerk)["token"]
    assert laptop != phone and AuthToken.objects.filter(user=county_clerk).count() == 2
    assert with_token(laptop).post("/api/v1/auth/token/revoke/").status_code == 204
    assert with_token(laptop).get(ME).status_code == 403 and with_token(phone).get(ME).status_code == 200
    assert with_token(phone).post("/api/v1/auth/token/revoke-all/").status_code == 204
    assert with_token(phone).get(ME).status_code == 403


@pytest.mark.parametrize("change", ["password", "deactivated"])
def test_a_password_change_or_a_deactivation_revokes_every_token(county_clerk, change):
    token = issue(county_clerk)["token"]
    if change == "password":
        web = Client()
        web.force_login(county_clerk)
        new = "Another-pass-2026!"
        response = web.post(
            "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
        )
        assert response.status_code == 302
    else:
        county_clerk.is_active = False
        county_clerk.save()
    assert not AuthToken.objects.filter(user=county_clerk).exists()
    assert with_token(token).get(ME).status_code == 403


def test_a_lockout_revokes_every_token(county_clerk, settings):
    settings.AXES_ENABLED = True
    token = issue(county_clerk)["token"]
    client = Client(REMOTE_ADDR="10.0.0.90")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": county_clerk.username, "password": "wrong"})
    assert with_token(token).get(ME).status_code == 403


def test_an_unrelated_save_keeps_the_tokens(county_clerk):
    token = issue(county_clerk)["token"]
    county_clerk.full_name = "茂南区市场监管局 新申报员"
    county_clerk.save()
    assert with_token(token).get(ME).status_code == 200


def test_the_number_of_tokens_is_limited_with_a_way_out(county_clerk):
    limit = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"]
    tokens = [issue(county_clerk)["token"] for _ in range(limit)]
    refused = APIClient().post(TOKEN, {"username": county_clerk.username, "password": PASSWORD}, format="json")
    assert refused.status_code == 400 and "revoke-all" in refused.json()["detail"]
    with_token(tokens[0]).post("/api/v1/auth/token/revoke-all/")
    assert issue(county_clerk)["token"]


def test_stored_as_a_digest_only(county_clerk):
    token = issue(county_clerk)["token"]
    stored = AuthToken.objects.get(user=county_clerk)
    assert token not in stored.digest and stored.digest != token and len(stored.digest) == 128
