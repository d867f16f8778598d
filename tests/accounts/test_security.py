# ruff: noqa: F811 - the campaign fixture imported from tests/nominations is redefined as an argument
"""Sign-in protection: lockout after repeated failures, two-factor codes for the deciding roles, re-authentication
before the irreversible actions, the password policy and session expiry, the Content-Security-Policy."""

import re
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.security import AUTHENTICATED_AT, TWO_FACTOR_ROLES, requires_two_factor
from awards.models import Award
from national.models import NationalList
from nominations.models import ProvinceRecommendation
from provinces.models import Division

from ..factories import PASSWORD
from ..helpers import totp_code
from ..nominations.conftest import campaign  # noqa: F401 (a fixture)
from ..nominations.test_nominations_api import make

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
TWO_FACTOR = "/accounts/two-factor/"


@pytest.fixture
def protected(settings):
    """The production defaults, which the rest of the suite switches off."""
    settings.TWO_FACTOR_REQUIRED = True
    settings.REAUTHENTICATION_MINUTES = 15
    settings.AXES_ENABLED = True
    return settings


def sign_in(client, user, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": user.username, "password": password}, **extra)


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="手机", confirmed=True)


# ---------------------------------------------------------------- lockout (django-axes)


def test_five_failures_lock_the_name_from_that_address_with_a_chinese_answer(protected, county_clerk):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, county_clerk, "wrong-password")
        assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()

    locked = sign_in(client, county_clerk, "wrong-password")
    assert (
        locked.status_code == 429
        and "登录失败次数过多" in locked.content.decode()
        and "30 分钟" in locked.content.decode()
    )
    # Even the right password is refused now, from that address.
    assert sign_in(client, county_clerk).status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not locked out (the name of an official cannot be locked by anyone who knows it).
    elsewhere = Client(REMOTE_ADDR="10.0.0.8")
    assert sign_in(elsewhere, county_clerk).status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_lockout(protected, county_clerk):
    client = Client(REMOTE_ADDR="10.0.0.9")
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, county_clerk, "wrong-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
    assert sign_in(client, county_clerk, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_a_success_resets_the_count(protected, county_clerk):
    client = Client(REMOTE_ADDR="10.0.0.10")
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, county_clerk, "wrong-password")
    assert sign_in(client, county_clerk).status_code == 302
    client.logout()
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, county_clerk, "wrong-password")
    assert sign_in(client, county_clerk).status_code == 302


def test_the_api_token_endpoint_locks_out_too_and_answers_json(protected, county_clerk):
    client = APIClient(REMOTE_ADDR="10.0.0.11")
    url = reverse("api:api-token")
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": county_clerk.username, "password": "x"}, format="json").status_code == 400
    assert client.post(url, {"username": county_clerk.username, "password": "x"}, format="json").status_code == 429
    response = client.post(url, {"username": county_clerk.username, "password": PASSWORD}, format="json")
    assert response.status_code == 429 and response.json()["code"] == "locked_out"
    assert not AuthToken.objects.filter(user=county_clerk).exists()


# ---------------------------------------------------------------- two-factor (TOTP)


@pytest.mark.parametrize(
    ("persona", "needs"),
    [
        ("county_clerk", False),
        ("province_reviewer", False),
        ("expert", False),
        ("province_approver", True),
        ("samr_reviewer", True),
        ("samr_approver", True),
        ("admin_user", True),
    ],
    indirect=["persona"],
)
def test_who_needs_a_code(protected, persona, needs):
    assert requires_two_factor(persona) is needs


def test_the_roles_of_the_issue_need_two_factor():
    assert {str(role) for role in TWO_FACTOR_ROLES} == {"samr_approver", "samr_reviewer", "province_approver", "admin"}


def test_a_first_sign_in_enrols_an_authenticator_then_the_code_is_asked_every_time(protected, samr_approver):
    client = Client()
    response = sign_in(client, samr_approver)
    assert response.status_code == 302
    # Signed in with the password only: every page leads to the code page, which enrols first.
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith(TWO_FACTOR)
    page = client.get(TWO_FACTOR)
    text = page.content.decode()
    assert "绑定身份验证器" in text and "<svg" in text and "<script" not in text.split("</header>")[1]
    device = TOTPDevice.objects.get(user=samr_approver, confirmed=False)
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', text).group(1)
    assert secret.replace(" ", "") == __import__("base64").b32encode(device.bin_key).decode().rstrip("=")
    # The page reloads with the same pending authenticator.
    client.get(TWO_FACTOR)
    assert TOTPDevice.objects.filter(user=samr_approver).count() == 1

    wrong = client.post(TWO_FACTOR, {"code": "000000" if totp_code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # each failure delays the next attempt (2ⁿ⁻¹ s)
    device.throttle_reset()  # the user takes a moment to read the right code
    assert client.post(TWO_FACTOR, {"code": totp_code(device), "next": "/"}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed and client.get("/").status_code == 200

    # The next sign-in asks for the code, not an enrolment; a code is accepted once.
    again = Client()
    sign_in(again, samr_approver)
    assert "输入动态验证码" in again.get(TWO_FACTOR).content.decode()
    assert again.post(TWO_FACTOR, {"code": totp_code(device)}).status_code == 200  # replayed
    device.refresh_from_db()
    device.throttle_reset()
    assert again.post(TWO_FACTOR, {"code": totp_code(device, steps_ahead=1)}).status_code == 302
    assert again.get("/").status_code == 200


def test_a_clerk_signs_in_with_the_password_alone(protected, county_clerk):
    client = Client()
    sign_in(client, county_clerk)
    assert client.get("/").status_code == 200
    assert not TOTPDevice.objects.exists()


def test_the_api_refuses_a_session_without_its_code_and_a_token_without_a_code(protected, samr_reviewer):
    device = enrolled(samr_reviewer)
    client = APIClient()
    sign_in(client, samr_reviewer)
    refused = client.get("/api/v1/me/")
    assert refused.status_code == 403 and "动态验证码" in refused.json()["detail"]

    url = reverse("api:api-token")
    no_code = APIClient().post(url, {"username": samr_reviewer.username, "password": PASSWORD}, format="json")
    assert no_code.status_code == 400 and "otp_token" in str(no_code.json())
    assert not AuthToken.objects.filter(user=samr_reviewer).exists()
    issued = APIClient().post(
        url, {"username": samr_reviewer.username, "password": PASSWORD, "otp_token": totp_code(device)}, format="json"
    )
    assert issued.status_code == 200
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {issued.json()['token']}")
    assert token_client.get("/api/v1/me/").status_code == 200


# ---------------------------------------------------------------- re-authentication


def approve_url():
    return reverse("national:national_list_approve", args=["quality"])


def test_an_irreversible_action_asks_for_the_password_again_after_a_while(protected, campaign, samr_approver):
    device = enrolled(samr_approver)
    client = Client()
    client.force_login(samr_approver)
    session = client.session
    session["otp_device_id"] = device.persistent_id  # signed in with a code earlier
    session.save()
    assert client.get(approve_url()).status_code == 200  # just signed in: recent

    session = client.session
    session[AUTHENTICATED_AT] = int(time.time()) - 16 * 60
    session.save()
    stale = client.get(approve_url())
    assert stale.status_code == 302 and stale["Location"].startswith(reverse("accounts:reauthenticate"))
    refused = client.post(stale["Location"], {"password": "wrong", "code": totp_code(device)})
    assert refused.status_code == 200 and "密码不正确" in refused.content.decode()
    assert client.get(approve_url()).status_code == 302  # still stale
    back = client.post(stale["Location"], {"password": PASSWORD, "code": totp_code(device, steps_ahead=1)})
    assert back.status_code == 302 and back["Location"] == approve_url()
    assert client.get(approve_url()).status_code == 200


def stale(client):
    session = client.session
    session[AUTHENTICATED_AT] = int(time.time()) - 16 * 60
    session.save()


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("province_approver", "/nominations/province/quality/recommend/"),
        ("samr_approver", "/nominations/national/quality/list/approve/"),
        ("samr_approver", "/nominations/national/quality/report/"),
        ("samr_approver", "/nominations/1/disqualify/"),
        ("samr_approver", "/publicity/lists/1/finalise/"),
    ],
    indirect=["persona"],
)
def test_every_irreversible_page_asks_a_stale_session_first(protected, persona, path):
    protected.TWO_FACTOR_REQUIRED = False  # about the staleness alone
    client = Client()
    client.force_login(persona)
    stale(client)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:reauthenticate") + "?" + urlencode({"next": path})
    # htmx gets the same answer as an instruction to load the page.
    answer = client.post(path, HTTP_HX_REQUEST="true", HTTP_REFERER=path)
    assert answer.status_code == 204 and answer["HX-Redirect"].startswith(reverse("accounts:reauthenticate"))
    page = client.get(response["Location"])
    assert "重新验证身份" in page.content.decode() and "不可撤销" in page.content.decode()


def test_revoking_an_award_asks_a_stale_session_first_and_changes_nothing(protected, campaign, samr_approver):
    protected.TWO_FACTOR_REQUIRED = False
    award = Award.objects.create(
        nomination=make(campaign, "440902", samr_approver, state="awarded"),
        granted_at=timezone.now(),
        granted_by=samr_approver,
    )
    client = Client()
    client.force_login(samr_approver)
    stale(client)
    url = reverse("awards:award", args=[award.pk])

    response = client.post(url, {"action": "revoke", "revoke-reason": "x"}, HTTP_REFERER=url)

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:reauthenticate"))
    award.refresh_from_db()
    assert award.revoked_at is None
    assert client.get(url).status_code == 200  # reading the award needs no re-authentication


def test_a_stale_post_changes_nothing(protected, campaign, samr_approver):
    client = Client()
    client.force_login(samr_approver)
    session = client.session
    session[AUTHENTICATED_AT] = int(time.time()) - 16 * 60
    session.save()
    protected.TWO_FACTOR_REQUIRED = False  # this test is about the staleness alone
    response = client.post(approve_url(), {"confirm": "on"}, HTTP_REFERER=approve_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not NationalList.objects.filter(state="approved").exists()


def test_the_api_asks_a_stale_session_or_a_token_without_code_to_prove_itself(protected, campaign, samr_approver):
    device = enrolled(samr_approver)
    the_list = NationalList.objects.create(campaign=campaign, category="quality")
    url = reverse("api:national-list-approve", args=[the_list.pk])
    token = AuthToken.objects.create(samr_approver)[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    refused = client.post(url)
    assert refused.status_code == 403 and "X-OTP-Token" in refused.json()["detail"]
    # With the code the request reaches the rule (an empty list cannot be approved: a 400 that says why).
    answered = client.post(url, HTTP_X_OTP_TOKEN=totp_code(device))
    assert answered.status_code == 400
    the_list.refresh_from_db()
    assert the_list.state == "draft"


# ---------------------------------------------------------------- passwords, sessions, headers


@pytest.mark.parametrize("weak", ["short1!", "1234567890123", "password1234", "qwertyuiop"])
def test_weak_passwords_are_refused(weak, county_clerk):
    with pytest.raises(ValidationError):
        validate_password(weak, county_clerk)


def test_sessions_end_with_the_browser_and_after_a_working_day(county_clerk):
    client = Client()
    response = sign_in(client, county_clerk)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert django_settings.SESSION_COOKIE_AGE == 8 * 60 * 60  # the server forgets it after 8 hours anyway
    assert cookie["httponly"]


@pytest.mark.parametrize("url", ["/accounts/login/", "/publicity/", "/api/docs/", "/api/redoc/"])
def test_every_page_carries_a_strict_content_security_policy(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    text = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert " src=" in tag or 'type="application/json"' in tag, (url, tag)
    assert not re.search(r"<[^>]+\sstyle=", text), url


@pytest.mark.parametrize("action", ["recommend", "report", "finalise", "revoke", "disqualify"])
def test_every_irreversible_api_action_asks_a_token_for_its_code(protected, campaign, action, request):
    """Each action finds its object (a foreign one would be a 404), then asks for the code before acting."""
    approver = request.getfixturevalue("province_approver" if action == "recommend" else "samr_approver")
    enrolled(approver)
    guangdong = Division.objects.get(code="440000")
    nomination = make(campaign, "440902", approver, state="awarded")
    objects = {
        "recommend": lambda: ProvinceRecommendation.objects.create(
            campaign=campaign, province=guangdong, category="quality"
        ),
        "report": lambda: NationalList.objects.create(campaign=campaign, category="quality"),
        "finalise": lambda: NationalList.objects.create(campaign=campaign, category="quality"),
        "revoke": lambda: Award.objects.create(nomination=nomination, granted_at=timezone.now(), granted_by=approver),
        "disqualify": lambda: nomination,
    }
    target = objects[action]()
    base = {
        "recommend": "province-recommendations",
        "report": "national-lists",
        "finalise": "national-lists",
        "revoke": "awards",
        "disqualify": "nominations",
    }[action]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(approver)[1]}")

    response = client.post(f"/api/v1/{base}/{target.pk}/{action}/", {}, format="json")

    assert response.status_code == 403 and "X-OTP-Token" in response.json()["detail"]
    nomination.refresh_from_db()
    assert nomination.state == "awarded" and not Award.objects.filter(revoked_at__isnull=False).exists()
