"""The password policy (issue 18, item 5) and the published demo password outside the demo (item 1)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from accounts.passwords import DEMO_PASSWORD, PUBLISHED_PASSWORDS

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def refusals(password, user):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize(
    "weak, why",
    [
        ("wuhan12345", "至少3类"),  # two classes
        ("alllowercase-only", "至少3类"),  # lower case and a symbol
        ("Wuhan-2026", "用户名或姓名"),  # the account's own user name, capitalised
        ("ＷＵＨＡＮ-x-2026", "用户名或姓名"),  # full-width letters fold to the user name
        ("武汉市市场监管局 申报员1A", "用户名或姓名"),  # the full name
        ("Demo-2026-portal", "公开文档"),  # the README's demo password
        ("demo2026PORTAL!", "公开文档"),  # the same, its punctuation and case changed
    ],
)
def test_weak_passwords_are_refused_with_the_reason(weak, why, django_user_model):
    user = django_user_model(username="wuhan", full_name="武汉市市场监管局 申报员")
    messages = refusals(weak, user)
    assert any(why in message for message in messages), messages


@pytest.mark.parametrize("good", ["Jq7#mVx2pLr9", "长江-Bridge-1957", PASSWORD])
def test_a_strong_password_passes(good, django_user_model):
    assert refusals(good, django_user_model(username="wuhan", full_name="武汉市市场监管局 申报员")) == []


def test_no_one_can_choose_a_password_the_documents_print(django_user_model):
    """A backticked word with a letter and a digit on a line that speaks of a password, in the README and the docs:
    each is refused as a new password (the demo's by ``PUBLISHED_PASSWORDS``, which also keeps it from signing
    anyone in outside the demo; the examples of weak passwords by the other rules)."""
    root = Path(settings.BASE_DIR)
    printed = set()
    for path in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        for line in path.read_text().splitlines():
            if re.search(r"password|密码|口令", line, re.IGNORECASE):
                printed |= {word for word in re.findall(r"`([^`\s/]{8,40})`", line) if looks_like_a_password(word)}
    assert DEMO_PASSWORD in printed and DEMO_PASSWORD in PUBLISHED_PASSWORDS
    user = django_user_model(username="someone", full_name="某市市场监管局 申报员")
    assert not [word for word in printed - NOT_PASSWORDS if not refusals(word, user)]
    assert printed - NOT_PASSWORDS <= PUBLISHED_PASSWORDS


# Printed beside the word "password" but not one: a Debian package the README installs.
NOT_PASSWORDS = {"python3-venv"}


def looks_like_a_password(word):
    """Letters and digits, not a setting's name (``SECRET_KEY``), a code or a number."""
    return bool(
        re.search(r"\d", word) and re.search(r"[A-Za-z]", word) and not re.fullmatch(r"[A-Z0-9_]+|\d[\w-]*", word)
    )


class TestThePublishedPasswordOutsideTheDemo:
    @pytest.fixture
    def demo_account(self, county_clerk):
        county_clerk.set_password(DEMO_PASSWORD)  # as seed_demo sets it (no validator runs there)
        county_clerk.save()
        return county_clerk

    def test_the_demo_signs_in_with_it(self, demo_account, settings):
        settings.DEMO_DATA_ALLOWED = True
        response = Client().post(LOGIN, {"username": demo_account.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302

    def test_elsewhere_it_opens_nothing(self, demo_account, settings):
        settings.DEMO_DATA_ALLOWED = False
        page = Client().post(LOGIN, {"username": demo_account.username, "password": DEMO_PASSWORD})
        assert page.status_code == 200 and "_auth_user_id" not in page.client.session
        token = APIClient().post(
            "/api/v1/auth/token/", {"username": demo_account.username, "password": DEMO_PASSWORD}, format="json"
        )
        assert token.status_code == 400 and "token" not in token.json()

    def test_another_password_still_works_there(self, county_clerk, settings):
        settings.DEMO_DATA_ALLOWED = False
        response = Client().post(LOGIN, {"username": county_clerk.username, "password": PASSWORD})
        assert response.status_code == 302
