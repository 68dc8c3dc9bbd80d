"""The review web app in a real browser: Playwright driving Debian's Chromium against uvicorn.

Each test gets its own data directory (the shop manual of `tests/review_data.py`, five drafted
suggestions) served by the real app on a free 127.0.0.1 port."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from service.core.domain import Suggestion
from service.stages.root import Root
from service.web.app import create_app
from tests.review_data import COMPLAINTS, MANUAL

try:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        Page,
        ViewportSize,
        expect,
        sync_playwright,
    )
except ImportError:
    pytest.skip("playwright is not installed (pip install playwright)", allow_module_level=True)

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

PASSWORD = "a-long-password"
VIEWPORT: ViewportSize = {"width": 1366, "height": 768}
NOTE = " Staff note the reason on the customer's record."
XSS = "<script>window.__pwned=1</script> <b>bold</b>"
# Words of rule 1.2, so that the hashing embedder cites this complaint for it.
XSS_COMPLAINT = f"Items returned without a receipt are refused in all cases, they said {XSS}"
ID_IN_URL = re.compile(r"/review/([0-9a-f]{32})")


@dataclass(frozen=True)
class App:
    url: str
    ws: Root

    def suggestion(self, suggestion_id: str) -> Suggestion:
        return self.ws.review.suggestion(suggestion_id)


def seed(ws: Root, extra_complaints: bytes | None = None) -> None:
    """The shop manual, its complaints (and any extra ones), every restrictive rule drafted."""
    ws.ingest.manual(data=MANUAL, filename="shop.md")
    ws.ingest.complaints(data=COMPLAINTS, filename="c.csv")
    if extra_complaints:
        ws.ingest.complaints(data=extra_complaints, filename="extra.csv")
    drafted = ws.drafting.draft([r.id for r in ws.library.rules() if r.restrictive])
    assert len(drafted) == 5
    assert {(s.status, s.review) for s in drafted} == {("ready", "pending")}
    ws.people.add_user("rita", ["reviewer", "owner"], password=PASSWORD)


@pytest.fixture
def serve() -> Iterator[Callable[[Root], App]]:
    """Start the real app over these services with uvicorn in a thread; stopped at teardown."""
    running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(ws: Root) -> App:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(create_app(root=ws), log_level="warning", lifespan="on")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        running.append((server, thread))
        deadline = time.monotonic() + 15
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                pytest.fail("the web app did not start")
            time.sleep(0.01)
        return App(f"http://127.0.0.1:{port}", ws)

    yield start
    for server, thread in running:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def app(root: Root, serve: Callable[[Root], App]) -> App:
    seed(root)
    return serve(root)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[[App], BrowserContext]]:
    """Fresh browser contexts (own cookies) at 1366x768, closed at teardown."""
    made: list[BrowserContext] = []

    def make(target: App) -> BrowserContext:
        context = browser.new_context(base_url=target.url, viewport=VIEWPORT)
        context.set_default_timeout(10_000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def page(app: App, new_context: Callable[[App], BrowserContext]) -> Page:
    return new_context(app).new_page()


def sign_in(page: Page, name: str = "rita", password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/review$"))
    page.wait_for_load_state()


def queue_ids(page: Page) -> list[str]:
    """Suggestion ids of the queue's rows, top to bottom."""
    hrefs = page.locator("table.queue tbody tr").evaluate_all(
        "rows => rows.map(row => row.dataset.href)"
    )
    found = [ID_IN_URL.search(href) for href in hrefs]
    assert all(found), hrefs
    return [match.group(1) for match in found if match]


def expect_opened(page: Page, suggestion_id: str, done: str | None = None) -> None:
    """The page shows this suggestion, loaded with its script (the shortcuts work)."""
    expect(page).to_have_url(re.compile(rf"/review/{suggestion_id}\?"))
    page.wait_for_load_state()
    if done:
        assert f"done={done}" in page.url


def test_review_flow_sign_in_decide_export_and_audit(app: App, page: Page) -> None:
    """Sign in, accept / reject / edit with the keyboard, then export and read the audit."""
    page.goto("/review")
    expect(page).to_have_url(re.compile(r"/login\?next=/review$"))
    page.fill("input[name=name]", "rita")
    page.fill("input[name=password]", "not-the-password")
    with page.expect_response(lambda r: r.request.method == "POST") as refused:
        page.get_by_role("button", name="Sign in").click()
    assert refused.value.status == 401
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("p.alert")).to_have_text("Wrong name or password.")

    page.fill("input[name=name]", "rita")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/review$"))
    expect(page.locator("table.queue tbody tr")).to_have_count(5)
    expect(page.locator(".counts .badge.pending")).to_have_text("5 pending")
    ids = queue_ids(page)
    assert sorted(ids) == sorted(s.id for s in app.ws.review.suggestions())

    # 1. accept the first with `a`
    page.locator("table.queue tbody tr").first.locator("td.rule a").click()
    expect_opened(page, ids[0])
    page.keyboard.press("a")
    expect_opened(page, ids[1], done=ids[0])
    accepted = app.suggestion(ids[0])
    assert (accepted.review, accepted.decided_by) == ("accepted", "rita")
    assert accepted.final_text == accepted.proposed
    expect(page.locator("p.notice")).to_contain_text(f"Recorded: shop {accepted.number} accepted.")

    # 2. reject the next with `r`, a reason and a detail
    page.keyboard.press("r")
    expect(page.locator("#reject-box")).to_be_visible()
    expect(page.locator("#reason")).to_be_focused()
    page.select_option("#reason", "too vague for staff to apply")
    page.fill("#reason_detail", "Staff need a firmer limit.")
    page.click("#reject")
    expect_opened(page, ids[2], done=ids[1])
    rejected = app.suggestion(ids[1])
    assert (rejected.review, rejected.decided_by, rejected.final_text) == (
        "rejected",
        "rita",
        None,
    )
    [rejection] = app.ws.review.decisions(ids[1])
    assert rejection.action == "reject"
    assert rejection.reason == "too vague for staff to apply — Staff need a firmer limit."
    expect(page.locator("p.notice")).to_contain_text(f"shop {rejected.number} rejected")

    # 3. edit the next with `e`, type at the end of the text, submit with Ctrl+Enter
    proposed = app.suggestion(ids[2]).proposed
    page.keyboard.press("e")
    expect(page.locator("#edit-box")).to_be_visible()
    expect(page.locator("#text")).to_be_focused()
    page.keyboard.type(NOTE)
    expect(page.locator("#text")).to_have_value(proposed + NOTE)
    page.keyboard.press("Control+Enter")
    expect_opened(page, ids[3], done=ids[2])
    edited = app.suggestion(ids[2])
    assert (edited.review, edited.decided_by) == ("accepted", "rita")
    assert edited.final_text == proposed + NOTE
    [edit] = app.ws.review.decisions(ids[2])
    assert (edit.action, edit.text) == ("edit", proposed + NOTE)

    # The Markdown export, fetched with the browser's session
    response = page.request.get(f"{app.url}/manuals/shop/export?format=md")
    assert response.ok and response.headers["content-type"].startswith("text/markdown")
    markdown = response.text()
    body, _, log = markdown.partition("## Change log")
    assert log, markdown
    # accepted rewrites replace their rule (which they keep for the general case): once each
    assert accepted.proposed in body and body.count(accepted.original) <= 1
    assert proposed + NOTE in body and body.count(edited.original) <= 1
    assert rejected.original in body and rejected.proposed not in markdown
    for pending in (app.suggestion(i) for i in ids[3:]):
        assert pending.original in body and pending.proposed not in markdown
    assert log.count("### Change ") == 2
    for change in (accepted, edited):
        assert f"- **Before:** {change.original}" in log
    assert f"- **After:** {accepted.proposed}" in log
    assert f"- **After:** {proposed + NOTE}" in log
    assert "2 suggestions still pending review, 1 rejected" in log

    # The audit page lists the three decisions by rita
    page.goto("/manuals/shop/audit")
    rows = page.locator("table.audit tbody tr")
    mine = rows.filter(has=page.locator("td:nth-child(2)", has_text=re.compile(r"^rita$")))
    expect(mine).to_have_count(3)
    whats = [text.strip() for text in mine.locator("td:nth-child(3)").all_inner_texts()]
    assert whats == ["edit", "reject", "accept"]  # newest first
    expect(mine.nth(1)).to_contain_text("reason: too vague for staff to apply")
    expect(mine.nth(0)).to_contain_text(NOTE.strip())
    entries = [e for e in app.ws.review.audit("shop") if e.action.startswith("suggestion.")]
    assert [(e.actor, e.action, e.suggestion_id) for e in entries] == [
        ("rita", "suggestion.edit", ids[2]),
        ("rita", "suggestion.reject", ids[1]),
        ("rita", "suggestion.accept", ids[0]),
    ]


def test_reject_without_reason_records_nothing(app: App, page: Page) -> None:
    """The browser stops a rejection with no reason; the server refuses one that gets through."""
    sign_in(page)
    target = queue_ids(page)[0]
    page.goto(f"/review/{target}")
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    page.keyboard.press("r")
    expect(page.locator("#reject-box")).to_be_visible()
    page.click("#reject")
    expect(page.locator("#reason")).to_be_focused()
    assert page.eval_on_selector("#reason", "el => el.validationMessage") == "Choose a reason"
    # "other" needs a detail too
    page.select_option("#reason", "other")
    page.click("#reject")
    expect(page.locator("#reason_detail")).to_be_focused()
    assert posts == []
    assert app.suggestion(target).review == "pending"
    assert app.ws.review.decisions(target) == []

    # Past the script (a submit without the click handler): the server says no.
    page.reload()
    with page.expect_response(lambda r: r.request.method == "POST") as refused:
        page.evaluate(
            "document.getElementById('decide').requestSubmit(document.getElementById('reject'))"
        )
    assert refused.value.status == 422
    expect(page.locator("#error")).to_contain_text("a rejection needs a reason")
    suggestion = app.suggestion(target)
    assert (suggestion.review, suggestion.version) == ("pending", 1)
    assert app.ws.review.decisions(target) == []


def test_enter_in_a_text_field_decides_nothing(app: App, page: Page) -> None:
    """Pressing Enter in the rejection detail or the comment must not accept the suggestion."""
    sign_in(page)
    target = queue_ids(page)[0]
    page.goto(f"/review/{target}")
    page.keyboard.press("r")
    page.select_option("#reason", "not workable in practice")
    page.fill("#reason_detail", "The stores cannot do this")
    page.press("#reason_detail", "Enter")
    page.fill("#comment", "checked with the stores")
    page.press("#comment", "Enter")
    page.wait_for_load_state()
    assert app.ws.review.decisions(target) == []
    assert app.suggestion(target).review == "pending"
    expect(page).to_have_url(re.compile(rf"/review/{target}$"))


def test_bulk_accept_selected(app: App, page: Page) -> None:
    """Ticking two rows and pressing "Accept selected" records two separate decisions."""
    sign_in(page)
    boxes = page.locator("input[name=selected]")
    expect(boxes).to_have_count(5)
    page.check("#select-all")
    for index in range(5):
        expect(boxes.nth(index)).to_be_checked()
    page.uncheck("#select-all")
    for index in range(5):
        expect(boxes.nth(index)).not_to_be_checked()

    ids = queue_ids(page)
    boxes.nth(0).check()
    boxes.nth(2).check()
    page.get_by_role("button", name="Accept selected").click()
    expect(page).to_have_url(re.compile(r"/review\?.*accepted=2"))
    expect(page.locator("p.notice")).to_contain_text("Accepted 2.")
    expect(page.locator(".counts .badge.pending")).to_have_text("3 pending")
    expect(page.locator(".counts .badge.accepted")).to_have_text("2 accepted")

    chosen = {ids[0], ids[2]}
    decisions = []
    for suggestion_id in chosen:
        suggestion = app.suggestion(suggestion_id)
        assert (suggestion.review, suggestion.decided_by) == ("accepted", "rita")
        assert suggestion.final_text == suggestion.proposed
        [decision] = app.ws.review.decisions(suggestion_id)
        assert (decision.action, decision.decided_by) == ("accept", "rita")
        decisions.append(decision.id)
    assert len(set(decisions)) == 2
    assert {s.id for s in app.ws.review.suggestions(review="pending")} == set(ids) - chosen


def test_customer_text_is_escaped(
    root: Root,
    serve: Callable[[Root], App],
    new_context: Callable[[App], BrowserContext],
) -> None:
    """Markup in a cited complaint shows as text on the page and in the redline; no script runs."""
    extra = f'id,text,date,channel\nX1,"{XSS_COMPLAINT}",2026-01-20,web\n'.encode()
    seed(root, extra)
    target = serve(root)
    [citing] = [s for s in target.ws.review.suggestions() if any(c.id == "X1" for c in s.citations)]
    assert citing.number == "1.2"
    page = new_context(target).new_page()
    sign_in(page)

    page.goto(f"/review/{citing.id}")
    complaint = page.locator("article.complaint", has_text="X1")
    expect(complaint).to_contain_text(XSS)
    expect(complaint.locator("mark")).to_contain_text(XSS)
    expect(complaint.locator("script")).to_have_count(0)
    expect(complaint.locator("b")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None

    # Accepted, its citation goes into the HTML redline's change log: still text.
    page.keyboard.press("a")
    expect(page).to_have_url(re.compile(rf"done={citing.id}"))
    assert target.suggestion(citing.id).review == "accepted"
    page.goto("/manuals/shop/export?format=html")
    expect(page.locator("ins").first).to_be_visible()
    cited = page.locator("li", has=page.locator("code", has_text="X1")).locator("blockquote")
    expect(cited).to_contain_text(XSS)
    expect(page.locator("body b")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None


def test_second_reviewer_gets_a_conflict(
    app: App, new_context: Callable[[App], BrowserContext]
) -> None:
    """Two reviewers open the same suggestion; the later decision gets a 409 naming the first."""
    app.ws.people.add_user("sam", ["reviewer"], password=PASSWORD)
    rita = new_context(app).new_page()
    sam = new_context(app).new_page()
    sign_in(rita, "rita")
    sign_in(sam, "sam")
    target = queue_ids(rita)[0]
    rita.goto(f"/review/{target}")
    sam.goto(f"/review/{target}")

    rita.keyboard.press("a")
    expect(rita).to_have_url(re.compile(rf"done={target}"))
    with sam.expect_response(lambda r: r.request.method == "POST") as refused:
        sam.keyboard.press("a")
    assert refused.value.status == 409
    expect(sam.locator("#error")).to_contain_text("rita already accepted this suggestion")
    expect(sam.locator(".suggestion-head .badge.accepted")).to_contain_text("accepted by rita")

    [decision] = app.ws.review.decisions(target)
    assert (decision.action, decision.decided_by) == ("accept", "rita")
    assert app.suggestion(target).decided_by == "rita"


def test_screenshots(app: App, page: Page, tmp_path: Path) -> None:
    """Screenshots of the queue and a suggestion at 1366x768, kept in tmp_path for debugging."""
    sign_in(page)
    page.screenshot(path=tmp_path / "queue.png")
    page.screenshot(path=tmp_path / "queue-full.png", full_page=True)
    first = queue_ids(page)[0]
    page.locator("table.queue tbody tr").first.locator("td.rule a").click()
    expect_opened(page, first)
    page.keyboard.press("a")
    expect(page.locator("p.notice")).to_be_visible()
    page.wait_for_load_state()
    page.screenshot(path=tmp_path / "suggestion.png")
    page.screenshot(path=tmp_path / "suggestion-full.png", full_page=True)
    assert all((tmp_path / name).stat().st_size > 0 for name in ("queue.png", "suggestion.png"))
