"""Password spraying and code guessing are limited by address as well as by account (issue 18, item 6): one wrong
password for each of many accounts from one address, or wrong activation codes for many accounts, are refused after
``ADDRESS_FAILURE_LIMITS`` within the cool-off time, whatever the accounts; another address is not affected."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.domain.activation import issue_code
from provinces.enums import Role

from ..factories import PASSWORD, UserFactory, member

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
NEW = "a-Fresh-passw0rd"


def form(username, code):
    return {"username": username, "code": code, "new_password1": NEW, "new_password2": NEW}


@pytest.fixture
def protected(settings):
    settings.AXES_ENABLED = True
    return settings


def test_one_wrong_password_for_each_of_many_accounts_is_stopped(protected, county_clerk):
    limit = django_settings.ADDRESS_FAILURE_LIMITS["signin"]
    accounts = UserFactory.create_batch(limit + 1)
    sprayer = Client(REMOTE_ADDR="10.0.0.66")
    for user in accounts[:limit]:
        answer = sprayer.post(LOGIN, {"username": user.username, "password": "Spring-2026!"})
        assert answer.status_code == 200, user  # each account failed once: django-axes alone never stops this
    refused = sprayer.post(LOGIN, {"username": accounts[limit].username, "password": "Spring-2026!"})
    assert refused.status_code == 429 and "网络地址的登录失败次数过多" in refused.content.decode()
    # From that address even a right password is refused for now, through the page and the API token alike.
    assert sprayer.post(LOGIN, {"username": county_clerk.username, "password": PASSWORD}).status_code == 429
    assert "_auth_user_id" not in sprayer.session
    token = APIClient(REMOTE_ADDR="10.0.0.66").post(
        "/api/v1/auth/token/", {"username": county_clerk.username, "password": PASSWORD}, format="json"
    )
    assert token.status_code == 429 and "网络地址" in token.json()["detail"]
    # Another address signs in.
    assert Client(REMOTE_ADDR="10.0.0.67").post(
        LOGIN, {"username": county_clerk.username, "password": PASSWORD}
    ).status_code == 302  # fmt: skip


def test_a_few_typos_in_a_shared_office_are_not_stopped(protected, county_clerk):
    office = Client(REMOTE_ADDR="10.0.0.70")
    for user in UserFactory.create_batch(django_settings.ADDRESS_FAILURE_LIMITS["signin"] - 1):
        office.post(LOGIN, {"username": user.username, "password": "typo"})
    assert office.post(LOGIN, {"username": county_clerk.username, "password": PASSWORD}).status_code == 302


def test_guessing_activation_codes_is_stopped(protected):
    limit = django_settings.ADDRESS_FAILURE_LIMITS["activation"]
    users = [member(Role.APPLICANT, "630202", username=f"guess{i}") for i in range(limit + 1)]
    target = users[-1]
    code = issue_code(target)
    guesser = Client(REMOTE_ADDR="10.0.0.80")
    url = reverse("accounts:activate")
    for user in users[:limit]:
        answer = guesser.post(url, form(user.username, "ABCD-EFGH-JKMN"))
        assert answer.status_code == 200 and "激活码不正确" in answer.content.decode()
    refused = guesser.post(url, form(target.username, code))
    assert refused.status_code == 429 and "激活失败次数过多" in refused.content.decode()
    target.refresh_from_db()
    assert not target.check_password(NEW)  # nothing was tried
    elsewhere = Client(REMOTE_ADDR="10.0.0.81")
    answer = elsewhere.post(url, form(target.username, code))
    assert answer.status_code == 302
