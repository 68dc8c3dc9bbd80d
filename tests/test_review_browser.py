"""The reviewer's work is never lost: the review pages driven in Chromium as a reviewer would.

Each test does one sequence that used to lose work or hide the decision controls: Accept after
an abandoned Reject, `a` after an unsaved edit, and the page layout at a laptop's 1366x900 and
a phone's 390x844 (screenshots of each are left in the test's tmp_path)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Locator, Page, ViewportSize, expect

from service.stages.root import Root
from tests import test_browser as served
from tests.review_data import COMPLAINTS, MANUAL
from tests.test_browser import NOTE, PASSWORD, App, expect_opened, queue_ids, seed, sign_in

# The fixtures of the browser tests: a module-scoped Chromium and the app served by uvicorn.
browser = served.browser
serve = served.serve

LAPTOP: ViewportSize = {"width": 1366, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
COPIES = 10  # the shop manual under ten names: 50 suggestions, a long queue


@pytest.fixture
def app(root: Root, serve: Callable[[Root], App]) -> App:
    seed(root)
    return serve(root)


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[[App, ViewportSize], Page]]:
    """A page in a fresh browser context (own cookies) of this size, signed in as rita."""
    made: list[BrowserContext] = []

    def make(target: App, viewport: ViewportSize = LAPTOP) -> Page:
        phone = viewport["width"] < 600
        context = browser.new_context(
            base_url=target.url, viewport=viewport, is_mobile=phone, has_touch=phone
        )
        context.set_default_timeout(10_000)
        made.append(context)
        page = context.new_page()
        sign_in(page)
        return page

    yield make
    for context in made:
        context.close()


def posts_of(page: Page) -> list[str]:
    """The URLs the page POSTs to from now on."""
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    return posts


def in_view(page: Page, locator: Locator) -> bool:
    """Whether the element is wholly inside the viewport and not covered at its centre."""
    return bool(
        locator.evaluate(
            """el => {
              const r = el.getBoundingClientRect();
              if (r.width === 0 || r.height === 0) return false;
              if (r.top < 0 || r.left < 0) return false;
              if (r.bottom > window.innerHeight || r.right > window.innerWidth) return false;
              const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return hit !== null && (hit === el || el.contains(hit));
            }"""
        )
    )


def scroll_to(page: Page, where: str) -> None:
    """Scroll the page to the middle or the bottom of the document."""
    page.evaluate(
        """where => {
          const end = document.documentElement.scrollHeight - window.innerHeight;
          window.scrollTo(0, where === "middle" ? end / 2 : end);
        }""",
        where,
    )
    page.wait_for_timeout(50)


@pytest.mark.parametrize("accept_with", ["button", "key"])
def test_accept_after_an_abandoned_reject(
    app: App, open_page: Callable[[App, ViewportSize], Page], accept_with: str
) -> None:
    """Reject without a reason, change one's mind, Accept (button, or Esc then `a`): accepted."""
    page = open_page(app, LAPTOP)
    ids = queue_ids(page)
    page.goto(f"/review/{ids[0]}")
    page.keyboard.press("r")
    page.click("#reject")
    expect(page.locator("#reason")).to_be_focused()
    assert page.eval_on_selector("#reason", "el => el.validationMessage") == "Choose a reason"

    if accept_with == "button":
        page.click("#accept")
    else:
        page.keyboard.press("Escape")  # leave the reason field, as the key hints say
        page.keyboard.press("a")
    expect_opened(page, ids[1], done=ids[0])
    accepted = app.suggestion(ids[0])
    assert (accepted.review, accepted.final_text) == ("accepted", accepted.proposed)
    [decision] = app.ws.review.decisions(ids[0])
    assert (decision.action, decision.reason) == ("accept", None)


def test_unsaved_edit_is_kept_and_accept_asks_which(
    app: App, open_page: Callable[[App, ViewportSize], Page], tmp_path: Path
) -> None:
    """`e`, type, Esc, `a`: the edit is kept and the page asks whether to accept it or the
    original; leaving the page with the edit unsaved asks too. Nothing is decided unasked."""
    page = open_page(app, LAPTOP)
    ids = queue_ids(page)
    page.goto(f"/review/{ids[0]}")
    proposed = app.suggestion(ids[0]).proposed
    posts = posts_of(page)

    page.keyboard.press("e")
    expect(page.locator("#text")).to_be_focused()
    page.keyboard.type(NOTE)
    page.keyboard.press("Escape")
    expect(page.locator("#text")).not_to_be_focused()
    expect(page.locator("#edit-state")).to_have_text("edit not saved")
    page.keyboard.press("a")
    ask = page.locator("#unsaved-edit")
    expect(ask).to_be_visible()
    expect(ask).to_contain_text("not been checked or saved")
    page.screenshot(path=tmp_path / "unsaved-edit-1366x900.png")
    assert posts == []
    assert app.ws.review.decisions(ids[0]) == []
    expect(page.locator("#text")).to_have_value(proposed + NOTE)

    # Esc in the question goes back to the edit, still there.
    page.keyboard.press("Escape")
    expect(ask).to_be_hidden()
    expect(page.locator("#text")).to_be_focused()
    expect(page.locator("#text")).to_have_value(proposed + NOTE)

    # Leaving by `n` with the edit unsaved: the browser asks; staying keeps it.
    page.keyboard.press("Escape")
    asked: list[str] = []

    def stay(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.keyboard.press("n")
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    page.remove_listener("dialog", stay)
    expect(page).to_have_url(re.compile(rf"/review/{ids[0]}$"))
    expect(page.locator("#text")).to_have_value(proposed + NOTE)

    # The Accept button asks the same; the reviewer accepts the edit.
    page.click("#accept")
    expect(ask).to_be_visible()
    assert posts == []
    ask.get_by_role("button", name=re.compile("Check and accept my edit")).click()
    expect_opened(page, ids[1], done=ids[0])
    edited = app.suggestion(ids[0])
    assert (edited.review, edited.final_text) == ("accepted", proposed + NOTE)
    [decision] = app.ws.review.decisions(ids[0])
    assert (decision.action, decision.text) == ("edit", proposed + NOTE)

    # On the next one: `e`, type, Esc, `a`, and this time the original is chosen, knowingly.
    page.keyboard.press("e")
    page.keyboard.type(NOTE)
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    expect(ask).to_be_visible()
    ask.get_by_role("button", name=re.compile("Accept the original")).click()
    expect_opened(page, ids[2], done=ids[1])
    original = app.suggestion(ids[1])
    assert (original.review, original.final_text) == ("accepted", original.proposed)
    [decision] = app.ws.review.decisions(ids[1])
    assert decision.action == "accept"


def test_unchanged_edit_box_accepts_at_once(
    app: App, open_page: Callable[[App, ViewportSize], Page]
) -> None:
    """Opening the edit box and leaving the text as it was asks nothing: `a` accepts."""
    page = open_page(app, LAPTOP)
    ids = queue_ids(page)
    page.goto(f"/review/{ids[0]}")
    page.keyboard.press("e")
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    expect_opened(page, ids[1], done=ids[0])
    assert app.suggestion(ids[0]).review == "accepted"


def seed_many(root: Root) -> None:
    """The shop manual under COPIES names, its complaints, every restrictive rule drafted."""
    root.ingest.complaints(data=COMPLAINTS, filename="c.csv")
    for copy in range(COPIES):
        root.ingest.manual(data=MANUAL, filename=f"shop{copy:02d}.md")
    drafted = root.drafting.draft([r.id for r in root.library.rules() if r.restrictive])
    assert len(drafted) == 5 * COPIES
    root.people.add_user("rita", ["reviewer", "owner"], password=PASSWORD)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366x900", "390x844"])
def test_decision_controls_stay_in_view(
    root: Root,
    serve: Callable[[Root], App],
    open_page: Callable[[App, ViewportSize], Page],
    viewport: ViewportSize,
    tmp_path: Path,
) -> None:
    """A long queue and a suggestion at a laptop's and a phone's size: the queue's key hints
    and "Accept selected", and a suggestion's Accept / Edit / Reject, are on screen at the top,
    the middle and the bottom of the page; nothing is wider than the screen."""
    seed_many(root)
    target = serve(root)
    page = open_page(target, viewport)
    size = f"{viewport['width']}x{viewport['height']}"

    rows = page.locator("table.queue tbody tr")
    expect(rows).to_have_count(5 * COPIES)
    page.screenshot(path=tmp_path / f"queue-{size}.png")
    page.screenshot(path=tmp_path / f"queue-{size}-full.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the queue is {width}px wide"
    for row in (rows.first, rows.nth(25), rows.last):
        for cell in ("td.rule a", "td.proposed", "input[name=selected]"):
            row.locator(cell).scroll_into_view_if_needed()
            box = row.locator(cell).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], cell
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(50)
    hints = page.locator(".keys")
    if viewport is LAPTOP:  # a phone has no keyboard to hint at
        assert in_view(page, hints), "the queue's key hints are off screen"
    bulk = page.get_by_role("button", name="Accept selected")
    for where in ("top", "middle", "bottom"):
        if where != "top":
            scroll_to(page, where)
        assert in_view(page, bulk), f"Accept selected is off screen at the {where}"
    # ticking a row at the bottom and accepting it from where one is
    page.locator("input[name=selected]").last.check()
    assert in_view(page, bulk)

    page.goto(f"/review/{queue_ids(page)[0]}")
    page.screenshot(path=tmp_path / f"suggestion-{size}.png")
    page.screenshot(path=tmp_path / f"suggestion-{size}-full.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the suggestion page is {width}px wide"
    for where in ("top", "middle", "bottom"):
        if where != "top":
            scroll_to(page, where)
        for control in ("#accept", "#edit-toggle", "#reject-toggle", "#next"):
            assert in_view(page, page.locator(control)), f"{control} is off screen at the {where}"
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("#edit-toggle").click()
    expect(page.locator("#text")).to_be_focused()
    page.wait_for_timeout(50)
    assert in_view(page, page.locator("#text")), "the edit box opened off screen"
    assert in_view(page, page.locator("#accept"))
    page.screenshot(path=tmp_path / f"suggestion-{size}-editing.png")
