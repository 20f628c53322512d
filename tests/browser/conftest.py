"""Fixtures for the browser tests: Debian's Chromium driven by Playwright's sync API.

Run them with `pytest tests/browser`; the PostgreSQL run leaves them out with `-m "not browser"`.
Screenshots of every step land in test-artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread. Django then sees a
# running loop and refuses ORM calls from that thread (SynchronousOnlyOperation), although
# the calls are in fact synchronous and the loop is idle while they run. Allow them.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Request,
    expect,
    sync_playwright,
)

# A page may take some seconds on a loaded two-core machine (CI runs two test processes
# beside the live server): assertions wait as long as actions do.
expect.set_options(timeout=10_000)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} mangler: kør `make browser-deps` (Debians chromium-pakke).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class PageProblems:
    """What went wrong in the browser while a test ran: console errors and failed requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        # CSP violations are reported as console errors too, so this catches them.
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def on_page_error(self, error: Exception) -> None:
        self.page_errors.append(str(error))

    def on_request_failed(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if host not in LOCAL_HOSTS:
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def assert_none(self) -> None:
        assert self.console_errors == [], "Fejl i browserens konsol"
        assert self.page_errors == [], "Uhåndterede JavaScript-fejl"
        assert self.failed_requests == [], "Mislykkede forespørgsler til andre værter"


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser: Browser, problems: PageProblems) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", problems.on_console)
    page.on("pageerror", problems.on_page_error)
    page.on("requestfailed", problems.on_request_failed)
    yield page
    context.close()


@pytest.fixture
def screenshot(page: Page):
    """screenshot("01-login") saves a full-page PNG of the current page (or of `on`)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, on: Page | None = None) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        (on or page).screenshot(path=str(path), full_page=True)
        return path

    return take


# The demo data set, built once per run and copied back into the database before each browser
# test (SQLite's backup API; a few milliseconds instead of building it again for 15 s).
_built: tuple[sqlite3.Connection, object] | None = None


@pytest.fixture
def demo_data(settings, transactional_db):
    """The seeded demo data set, served in demo mode (demo accounts log in only then)."""
    from django.db import connection

    from fremdrift.demo.generator import build_demo

    global _built
    settings.DEMO_MODE = True
    # As under `make run`, where DEMO_MODE is on when settings load: the live server speaks
    # plain http, so the cookies cannot be marked Secure.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    connection.ensure_connection()
    if connection.vendor != "sqlite":
        return build_demo(seed=2016)
    if _built is None:
        summary = build_demo(seed=2016)
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _built = (copy, summary)
    else:
        _built[0].backup(connection.connection)
    return _built[1]
