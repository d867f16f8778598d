"""With secure cookies, sign-in over plain HTTP cannot work: the sign-in page says so instead of failing silently
(issue 18, item 9)."""

import pytest

pytestmark = pytest.mark.django_db
NOTICE = "只能通过加密连接（https://）登录"


@pytest.mark.parametrize(
    "secure_cookies, https, shown",
    [(True, False, True), (True, True, False), (False, False, False)],
)
def test_the_sign_in_page_warns_over_plain_http(client, settings, secure_cookies, https, shown):
    settings.SESSION_COOKIE_SECURE = secure_cookies
    page = client.get("/accounts/login/", secure=https)
    assert page.status_code == 200 and (NOTICE in page.content.decode()) is shown
