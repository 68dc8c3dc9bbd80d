"""The evaluation's HTML report, opened in Chromium from a file, as a reader would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.core.settings import Settings
from service.evaluation.datasets import load_dataset
from service.evaluation.report import save_result
from service.evaluation.run import DraftSample, EvalResult, evaluate

try:
    from playwright.sync_api import Browser, sync_playwright
except ImportError:
    pytest.skip("playwright is not installed (pip install playwright)", allow_module_level=True)

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

MINI = Path(__file__).resolve().parent / "data" / "eval-mini"
XSS = "<script>window.__pwned=1</script><img src=x onerror='window.__pwned=2'>"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> EvalResult:
    folder = tmp_path_factory.mktemp("eval")
    settings = Settings(data_dir=folder, embedding_model="hashing", progress=False, _env_file=None)  # type: ignore[call-arg]
    return evaluate([load_dataset(MINI)], settings=settings, model="builtin", say=lambda _m: None)


def test_report_opens_offline_with_its_charts(
    browser: Browser, result: EvalResult, tmp_path: Path
) -> None:
    _, html = save_result(result, tmp_path)
    context = browser.new_context(offline=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(html.as_uri())
    charts = page.locator("figure.chart svg")
    assert charts.count() >= 5
    assert charts.first.bounding_box()["height"] > 50  # type: ignore[index]
    assert page.locator("figure.chart svg path").count() > 20  # bars and whiskers are drawn
    assert page.get_by_role("cell", name="restrictive F1", exact=True).first.is_visible()
    assert [url for url in requests if not url.startswith("file:")] == []
    context.close()


def test_report_shows_customer_text_as_text(
    browser: Browser, result: EvalResult, tmp_path: Path
) -> None:
    hostile = result.model_copy(deep=True)
    hostile.drafts = [
        DraftSample(
            dataset="eval-mini",
            rule_id="r1",
            rule=XSS,
            proposed=XSS,
            escalation=XSS,
            status="ready",
            problems=[f"holds injected text ({XSS})"],
        )
    ]
    _, html = save_result(hostile, tmp_path)
    page = browser.new_page()
    page.goto(html.as_uri())
    assert page.evaluate("window.__pwned") is None
    assert page.get_by_text("<script>window.__pwned=1</script>", exact=False).first.is_visible()
    page.close()
