"""The Content-Security-Policy in Chromium: the app's own pages (sign-in, queue, a suggestion,
the HTML export) load and work under it with no violation, and it blocks what it is for."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from service.stages.root import Root
from service.web.app import create_app
from tests.review_data import COMPLAINTS, MANUAL

try:
    from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright
except ImportError:
    pytest.skip("playwright is not installed (pip install playwright)", allow_module_level=True)

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

PASSWORD = "a-long-password"
# Collects every CSP violation the page reports, before any of the page's own scripts run.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
  `${e.violatedDirective} ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def url(root: Root) -> Iterator[str]:
    root.ingest.manual(data=MANUAL, filename="shop.md")
    root.ingest.complaints(data=COMPLAINTS, filename="c.csv")
    drafted = root.drafting.draft([r.id for r in root.library.rules() if r.restrictive])
    assert drafted
    root.people.add_user("rita", ["reviewer", "owner"], password=PASSWORD)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(root=root), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the web app did not start")
        time.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=url, viewport={"width": 1366, "height": 900})
    context.set_default_timeout(10_000)
    context.add_init_script(WATCH)
    yield context.new_page()
    context.close()


def violations(page: Page, console: list[str]) -> list[str]:
    """The page's violations, and those Chromium logged since the last call."""
    found: list[str] = page.evaluate("window.__violations")
    logged = [line for line in console if "Content Security Policy" in line]
    console.clear()
    return found + logged


def test_the_apps_pages_raise_no_csp_violation(page: Page) -> None:
    console: list[str] = []

    def log(message: ConsoleMessage) -> None:
        console.append(message.text)

    page.on("console", log)
    seen: dict[str, list[str]] = {}

    page.goto("/login")
    seen["login"] = violations(page, console)
    page.fill("input[name=name]", "rita")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/review$"))
    page.wait_for_load_state("networkidle")
    seen["queue"] = violations(page, console)
    # the queue's stylesheet applied (a blocked stylesheet would leave the page unstyled)
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != '"Times New Roman"'

    page.locator("table.queue tbody tr").first.locator("td.rule a").click()
    expect(page).to_have_url(re.compile(r"/review/[0-9a-f]{32}"))
    page.wait_for_load_state("networkidle")
    seen["suggestion"] = violations(page, console)
    # the page's script runs under the policy: `r` opens the reject box
    page.keyboard.press("r")
    expect(page.locator("#reject-box")).to_be_visible()

    page.goto("/manuals/shop/export?format=html")
    page.wait_for_load_state("networkidle")
    seen["export"] = violations(page, console)
    assert (
        page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
    )  # its <style> applied

    assert seen == {"login": [], "queue": [], "suggestion": [], "export": []}


def test_the_policy_blocks_an_injected_inline_script(page: Page) -> None:
    """What the policy is for: markup that slips into a page cannot run script."""
    page.goto("/login")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__ran = 1'; document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(100)
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in violations(page, []))
