"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against a live server.

They run in CI (``.ci/run`` installs Chromium with apt) and skip with the reason where Chromium is missing.
Screenshots go to ``var/e2e/`` (CI keeps them as artefacts); a few are copied into the docs.
"""

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
        page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
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
