from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.domain.activation import issue_code
from accounts.models import ActivationCode, User
from provinces.enums import Role

from ..factories import UserFactory, member

pytestmark = pytest.mark.django_db


def test_login_page_is_in_chinese_by_default(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
    page = response.content.decode()
    assert "登录" in page and "激活账号并设置密码" in page and 'lang="zh-hans"' in page


def test_language_switch_serves_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"}, follow=True)
    page = response.content.decode()
    assert 'lang="en"' in page and "Sign in" in page and "简体中文" in page


def test_login_and_logout(client, county_clerk, password):
    response = client.post(reverse("accounts:login"), {"username": "county_clerk", "password": password})
    assert response.status_code == 302 and response.url == reverse("home")
    home = client.get(reverse("home"))
    assert "茂南区市场监督管理局" in home.content.decode() and "申报单位" in home.content.decode()
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home")).url == reverse("accounts:login")


def test_wrong_password_is_a_clear_chinese_error(client, county_clerk):
    response = client.post(reverse("accounts:login"), {"username": "county_clerk", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_an_admin_set_password_must_be_changed_first(client, password):
    user = UserFactory(username="newcomer", must_change_password=True)
    client.post(reverse("accounts:login"), {"username": "newcomer", "password": password})
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("accounts:password_change")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": "brand-New-pass-2026", "new_password2": "brand-New-pass-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("brand-New-pass-2026")
    assert client.get(reverse("home")).status_code == 200


def test_weak_new_password_is_refused_with_a_reason(client, password):
    UserFactory(username="newcomer", must_change_password=True)
    client.post(reverse("accounts:login"), {"username": "newcomer", "password": password})
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "密码" in response.content.decode() and "field__error" in response.content.decode()


class TestActivation:
    def activate(self, client, username, code, new="a-Fresh-passw0rd"):
        return client.post(
            reverse("accounts:activate"),
            {"username": username, "code": code, "new_password1": new, "new_password2": new},
        )

    def test_a_code_sets_the_first_password_and_signs_in(self, client):
        user = member(Role.APPLICANT, "630202", username="ledu")
        user.set_unusable_password()
        user.save()
        code = issue_code(user)
        response = self.activate(client, "ledu", code)
        assert response.status_code == 302 and response.url == reverse("home")
        user.refresh_from_db()
        assert user.check_password("a-Fresh-passw0rd")
        assert client.get(reverse("home")).status_code == 200
        # used once, then refused
        client.logout()
        response = self.activate(client, "ledu", code, new="another-Passw0rd")
        assert "激活码已使用" in response.content.decode()

    def test_wrong_unknown_or_expired_codes_are_refused_alike(self, client):
        user = UserFactory(username="ledu")
        code = issue_code(user)
        for username, attempt in [("ledu", "AAAA-BBBB-CCCC"), ("nobody", code)]:
            response = self.activate(client, username, attempt)
            assert response.status_code == 200
            assert "用户名或激活码不正确" in response.content.decode()
        ActivationCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        response = self.activate(client, "ledu", code)
        assert "已过期" in response.content.decode()

    def test_reissuing_invalidates_the_old_code(self, client):
        user = UserFactory(username="ledu")
        old = issue_code(user)
        new = issue_code(user)
        assert "用户名或激活码不正确" in self.activate(client, "ledu", old).content.decode()
        assert self.activate(client, "ledu", new).status_code == 302

    def test_weak_password_keeps_the_code_usable(self, client):
        user = UserFactory(username="ledu")
        code = issue_code(user)
        response = self.activate(client, "ledu", code, new="123")
        assert response.status_code == 200 and "field__error" in response.content.decode()
        assert ActivationCode.objects.usable().filter(user=user).count() == 1


def test_admin_reissue_action(client, admin_user, password):
    target = UserFactory(username="forgetful")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reissue_activation_codes", "_selected_action": [target.pk]},
        follow=True,
    )
    assert "forgetful:" in response.content.decode()
    assert ActivationCode.objects.usable().filter(user=target).count() == 1


def test_admin_created_user_must_change_password(client, admin_user):
    client.force_login(admin_user)
    client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "created",
            "full_name": "新同事",
            "email": "",
            "usable_password": "true",
            "password1": "Initial-pass-99",
            "password2": "Initial-pass-99",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert User.objects.get(username="created").must_change_password


def test_admin_is_for_admins_only(client, samr_reviewer, admin_user):
    client.force_login(samr_reviewer)
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:provinces_division_changelist")).status_code == 200


def test_a_password_set_by_an_admin_must_be_changed(client, admin_user, county_clerk):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[county_clerk.pk]),
        {"password1": "Temporary-pass-77", "password2": "Temporary-pass-77", "usable_password": "true"},
    )
    assert response.status_code == 302
    county_clerk.refresh_from_db()
    assert county_clerk.must_change_password and county_clerk.check_password("Temporary-pass-77")
