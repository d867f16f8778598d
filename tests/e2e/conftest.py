"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against a live server.

They run in CI (``.ci/run`` installs Chromium with apt) and skip with the reason where Chromium is missing.
Screenshots go to ``var/e2e/`` (CI keeps them as artefacts); a few are copied into the docs.
"""

import base64
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(settings.BASE_DIR) / "var" / "e2e"


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"需要 Chromium（{CHROMIUM}）：apt-get install chromium（CI 会安装）")
    from playwright.sync_api import sync_playwright

    # The live server runs in this process's threads; Playwright's sync API must not see a running event loop.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(autouse=True)
def protected(settings):
    """The browser tests run with the sign-in protections of production: two-factor codes for the deciding roles,
    re-authentication before the irreversible actions, lockout."""
    settings.TWO_FACTOR_REQUIRED = True
    settings.REAUTHENTICATION_MINUTES = 15
    settings.AXES_ENABLED = True


def pass_two_factor(page, user):
    """On the code page after the password: enrol (first time, typing the key shown as an authenticator app would
    read it from the QR code) or enter the current code, as the user would from its phone."""
    if "/accounts/two-factor/" not in page.url:
        return
    import time

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.helpers import totp_code

    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-pk").first()
    if not device.confirmed:
        shown = page.locator("code.secret").inner_text().replace(" ", "")
        assert shown == base64.b32encode(device.bin_key).decode().rstrip("=")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "two-factor-enrol.png"), full_page=True)
    # A code is accepted once: a second sign-in within the same 30 seconds uses the next period's.
    now = int((time.time() - device.t0) // device.step)
    ahead = max(0, device.last_t - now + 1) if device.confirmed and device.last_t is not None else 0
    page.fill("input[name=code]", totp_code(device, ahead))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/two-factor/" not in page.url, page.content()[:1500]


@pytest.fixture
def visit(browser, live_server):
    """``visit(user)`` → a page signed in as ``user`` (through the login form), or anonymous for None."""
    from tests.factories import PASSWORD

    contexts = []

    def open_as(user, *, viewport=(1280, 900), password=PASSWORD):
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": viewport[0], "height": viewport[1]}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        # What went wrong in the page or left the server: every test may look (no CDN, no script errors).
        page.errors = []
        page.foreign_requests = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on(
            "console",
            lambda message: message.type == "error" and page.errors.append(f"{message.text} @ {message.location}"),
        )
        page.on(
            "request",
            lambda request: request.url.startswith(live_server.url) or page.foreign_requests.append(request.url),
        )
        if user is not None:
            page.goto("/accounts/login/")
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", password)
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
            pass_two_factor(page, user)
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def shot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name, part=None):
        """The whole page, or only ``part`` (a locator)."""
        if part is None:
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        else:
            part.screenshot(path=str(SHOTS / f"{name}.png"))

    return take
