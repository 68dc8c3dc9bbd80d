"""Batch rewriting: plans, outputs, resuming after a real kill, flaky servers, the API."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.cli import app as cli_app
from service.core.errors import BadInput, ConfigurationError
from service.core.settings import Settings
from service.index.embeddings import HashingEmbedder
from service.stages.root import Root
from service.web.app import create_app
from tests.cli_env import cli_env
from tests.legacy_manual import legacy_manual
from tests.openai_server import ModelServer, Step
from tests.review_data import COMPLAINTS, MANUAL

ROOT = Path(__file__).resolve().parent.parent
MODEL = "openai/batch-test"
SERVED = "batch-test"  # the name the server sees (litellm drops the provider)


def _space(settings: Settings, **changes: object) -> Root:
    space = Root(settings=settings.model_copy(update=changes), embedder=HashingEmbedder())
    space.ingest.complaints(data=COMPLAINTS, filename="complaints.csv")
    return space


@pytest.fixture
def server() -> Iterator[tuple[ModelServer, str]]:
    found = ModelServer(delay=0.02)
    url = found.start()
    yield found, url
    found.stop()


def _run(space: Root, files: list[tuple[str, bytes]], url: str, **options: object) -> str:
    info = space.batches.create(space.batches.files(files), model=MODEL, api_base=url, origin="cli")
    space.batches.run(info.id, **options)  # type: ignore[arg-type]
    return info.id


def test_batch_drafts_restrictive_rules_and_skips_the_rest_with_reasons(
    settings: Settings, server: tuple[ModelServer, str]
) -> None:
    model_server, url = server
    space = _space(settings)
    batch_id = _run(space, [("shop.md", MANUAL)], url, concurrency=3)
    info = space.batches.info(batch_id)
    restrictive = [r for r in space.library.rules("shop") if r.restrictive]
    assert info.state == "done" and info.progress == 1.0
    assert info.counts.rules == 6 and info.counts.to_draft == len(restrictive) == 5
    assert info.counts.drafted == 5 and info.counts.skipped == 1 and info.counts.failed == 0
    # One call per restrictive rule, none for the rule that needs no rewrite.
    assert len(model_server.calls(SERVED)) == 5 == info.usage.model_calls
    [report] = space.batches.reports(batch_id)
    assert {e.rule_id for e in report.skipped} == {r.id for r in space.library.rules("shop")} - {
        r.id for r in restrictive
    }
    assert "protective" in (report.skipped[0].reason or "")  # 2.2 protects customers
    assert report.strongest[0].evidence_strength >= report.strongest[-1].evidence_strength
    # The drafts wait in the review queue.
    queued = space.review.suggestions(manual="shop", review="pending")
    assert {s.rule_id for s in queued} == {r.id for r in restrictive}
    names = [name for name, _ in space.batches.outputs(batch_id)]
    assert names == ["shop.revised.md", "shop.report.md", "shop.report.json"]
    revised = dict(space.batches.outputs(batch_id))["shop.revised.md"].decode()
    assert "Draft, not reviewed" in revised and "draft, not yet reviewed" in revised


def test_a_second_run_calls_nothing_and_writes_the_same_files(
    settings: Settings, server: tuple[ModelServer, str]
) -> None:
    model_server, url = server
    space = _space(settings)
    batch_id = _run(space, [("shop.md", MANUAL)], url)
    first = space.batches.outputs(batch_id)
    calls = len(model_server.calls())
    again = _run(space, [("shop.md", MANUAL)], url)
    assert again == batch_id and len(model_server.calls()) == calls
    assert space.batches.outputs(batch_id) == first


def test_docx_input_gives_a_docx_draft_with_tracked_changes(
    settings: Settings, server: tuple[ModelServer, str]
) -> None:
    _, url = server
    space = _space(settings)
    docx_manual = (ROOT / "corpus" / "manuals" / "bank-card-and-account-services.docx").read_bytes()
    batch_id = _run(space, [("bank.docx", docx_manual)], url, concurrency=4)
    outputs = dict(space.batches.outputs(batch_id))
    assert set(outputs) == {
        "bank.revised.md",
        "bank.revised.docx",
        "bank.report.md",
        "bank.report.json",
    }
    import io
    import zipfile

    document = zipfile.ZipFile(io.BytesIO(outputs["bank.revised.docx"])).read("word/document.xml")
    drafted = space.batches.info(batch_id).counts.ready
    assert drafted > 0 and document.count(b"<w:ins ") >= drafted
    # Dated by the batch, so the same batch gives the same bytes.
    assert (
        dict(space.batches.outputs(batch_id))["bank.revised.docx"] == outputs["bank.revised.docx"]
    )


def test_bad_files_are_refused_by_name_before_anything_is_stored(root: Root) -> None:
    with pytest.raises(BadInput, match=r"empty\.md"):
        root.batches.files([("good.md", MANUAL), ("empty.md", b"")])
    with pytest.raises(BadInput, match="same manual"):
        root.batches.files([("shop.md", MANUAL), ("Shop.txt", MANUAL)])
    assert root.batches.recent() == [] and root.library.manuals() == []


def test_a_refused_key_stops_the_batch_and_keeps_every_rule_pending(
    settings: Settings, server: tuple[ModelServer, str]
) -> None:
    model_server, url = server
    model_server.script(SERVED, *[Step(status=401)] * 10)
    space = _space(settings)
    info = space.batches.create(
        space.batches.files([("shop.md", MANUAL)]), model=MODEL, api_base=url, origin="cli"
    )
    with pytest.raises(ConfigurationError):
        space.batches.run(info.id, concurrency=1)
    stopped = space.batches.info(info.id)
    assert stopped.state == "failed" and "refused" in (stopped.error or "")
    assert stopped.counts.pending == 5 and stopped.counts.failed == 0
    model_server.scripts.clear()
    assert space.batches.run(info.id).counts.drafted == 5  # fixed, the same batch goes on


def test_the_same_refusal_rule_after_rule_stops_the_batch_early(
    settings: Settings, server: tuple[ModelServer, str]
) -> None:
    model_server, url = server
    invalid = Step(status=500, message="invalid request: parameter 'max_tokens' is not supported")
    model_server.script(SERVED, *[invalid] * 40)
    space = _space(settings, batch_backoff=0.01, batch_backoff_max=0.05)
    info = space.batches.create(
        space.batches.files([("shop.md", MANUAL)]), model=MODEL, api_base=url, origin="cli"
    )
    with pytest.raises(ConfigurationError, match="3 rules in a row failed the same way"):
        space.batches.run(info.id, concurrency=1)
    stopped = space.batches.info(info.id)
    assert stopped.state == "failed" and "not supported" in (stopped.error or "")
    assert stopped.counts.failed == 3 and stopped.counts.pending == 2
    assert len(model_server.calls(SERVED)) == 3  # a request the server blames is not retried
    model_server.scripts.clear()
    resumed = space.batches.run(info.id, retry_failed=True)
    assert resumed.counts.drafted == 5


def test_rate_limits_are_retried_after_a_pause(
    settings: Settings, server: tuple[ModelServer, str]
) -> None:
    model_server, url = server
    model_server.script(SERVED, Step(status=429), Step(status=429), Step(status=500))
    space = _space(settings, batch_backoff=0.01, batch_backoff_max=0.05)
    batch_id = _run(space, [("shop.md", MANUAL)], url, concurrency=1)
    info = space.batches.info(batch_id)
    assert info.counts.drafted == 5 and info.counts.failed == 0
    assert info.usage.model_calls == 8 == len(model_server.calls(SERVED))
    [report] = space.batches.reports(batch_id)
    assert report.rules[0].attempts == 4  # the first rule met all three failures


def test_a_rate_limit_pauses_every_worker_for_the_provider_s_retry_after(
    settings: Settings, server: tuple[ModelServer, str]
) -> None:
    model_server, url = server
    # Backoff alone would wait at most 0.05 s; the provider asks for 1 s. The four workers'
    # first calls all arrive before any is answered; the 429 goes back at once, the other
    # three answers half a second later, so every call after those four is made after the
    # 429 came back: the limited rule's retry, and the fifth rule's call by a free worker.
    first = Step(status=429, retry_after=1.0, gather=4)
    model_server.script(SERVED, first, *[Step(delay=0.5, gather=4)] * 3)
    space = _space(settings, batch_backoff=0.01, batch_backoff_max=0.05)
    batch_id = _run(space, [("shop.md", MANUAL)], url, concurrency=4)
    assert space.batches.info(batch_id).counts.drafted == 5
    arrivals = model_server.arrivals
    assert len(arrivals) == 6
    limited = arrivals[3]  # the 429 was sent once this one had arrived
    later = [round(t - limited, 3) for t in arrivals[4:]]
    assert min(later) >= 0.95, later


def test_a_dry_run_plans_as_the_real_run_does(
    settings: Settings, server: tuple[ModelServer, str]
) -> None:
    _, url = server
    space = _space(settings)
    # A rule resting on law that no complaint is about: the real run skips it.
    manual = (
        MANUAL
        + (
            "\n\n## 9. Cash\n\n9.1 Staff must see photo ID before any cash refund over £500, "
            "as the money laundering regulations require.\n"
        ).encode()
    )
    files = space.batches.files([("shop.md", manual)])
    before = space.batches.estimate(files, model=MODEL)  # parsed only, nothing stored
    assert space.library.manuals() == []
    info = space.batches.create(files, model=MODEL, api_base=url, origin="cli")
    space.batches.run(info.id, stop=lambda: True)  # ingested and planned, nothing drafted
    planned = space.batches.info(info.id)
    after = space.batches.estimate(files, model=MODEL)  # from the planned, stored prompts
    assert after.batch == info.id
    assert before.to_draft == planned.counts.to_draft == after.to_draft == 5
    assert before.prompt_tokens == after.prompt_tokens
    assert before.completion_tokens == after.completion_tokens


def test_dry_run_estimates_without_storing(
    settings: Settings, server: tuple[ModelServer, str]
) -> None:
    model_server, url = server
    space = _space(settings)
    files = space.batches.files([("shop.md", MANUAL)])
    estimate = space.batches.estimate(files, model="openai/gpt-4o-mini")
    assert estimate.to_draft == 5 and estimate.prompt_tokens > 5 * 300
    assert estimate.completion_tokens > 0
    assert estimate.priced and estimate.cost is not None and estimate.cost > 0
    assert space.batches.estimate(files, model=MODEL).cost is None  # an unpriced model
    assert (
        space.batches.recent() == []
        and space.library.manuals() == []
        and model_server.calls() == []
    )
    # Resuming: only what is left is estimated, from the stored prompts.
    model_server.script(SERVED, *[Step(status=400)] * 2)
    _run(space, [("shop.md", MANUAL)], url, concurrency=1)
    left = space.batches.estimate(files, model=MODEL, retry_failed=True)
    assert left.batch is not None and left.to_draft == 2


# --- the command line: a real kill, a flaky server ------------------------------------------


def _command(manual: Path, out: Path, url: str, concurrency: int) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from service.cli import main; main()",
        "batch",
        str(manual),
        "--out",
        str(out),
        "--model",
        MODEL,
        "--api-base",
        url,
        "--concurrency",
        str(concurrency),
    ]


def _prepare(data_dir: Path) -> None:
    space = Root(settings=Settings(data_dir=data_dir, progress=False), embedder=HashingEmbedder())
    space.ingest.complaints(data=COMPLAINTS, filename="complaints.csv")
    space.close()


def _drafted(data_dir: Path) -> int:
    try:
        with sqlite3.connect(data_dir / "policy-rewriter.db") as db:
            return int(db.execute("SELECT count(*) FROM suggestions").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_a_killed_batch_resumes_to_the_same_output_drafting_each_rule_once(
    tmp_path: Path,
) -> None:
    server = ModelServer(delay=0.15)
    url = server.start()
    try:
        manual = tmp_path / "legacy-manual.md"
        manual.write_text(legacy_manual(60, seed=3), encoding="utf-8")
        concurrency = 3
        # An uninterrupted run, for reference.
        _prepare(tmp_path / "ref")
        subprocess.run(
            _command(manual, tmp_path / "ref-out", url, concurrency),
            env=cli_env(tmp_path / "ref"),
            check=True,
            capture_output=True,
            timeout=240,
        )
        reference_calls = len(server.calls(SERVED))
        # The same batch, killed with SIGKILL part way through drafting.
        data = tmp_path / "killed"
        _prepare(data)
        command = _command(manual, tmp_path / "out", url, concurrency)
        process = subprocess.Popen(
            command, env=cli_env(data), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 120
        while _drafted(data) < 8 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert process.poll() is None, "the batch ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        done_before = _drafted(data)
        assert 8 <= done_before < reference_calls
        resumed = subprocess.run(
            command, env=cli_env(data), capture_output=True, text=True, timeout=240
        )
        assert resumed.returncode == 0, resumed.stderr
        assert "Resuming batch" in resumed.stderr
        # Same files, byte for byte.
        reference = sorted(p.name for p in (tmp_path / "ref-out").iterdir())
        assert reference == sorted(p.name for p in (tmp_path / "out").iterdir())
        for name in reference:
            assert (tmp_path / "out" / name).read_bytes() == (
                tmp_path / "ref-out" / name
            ).read_bytes(), name
        # Each rule has exactly one draft; the only calls repeated are those in flight at the kill.
        with sqlite3.connect(data / "policy-rewriter.db") as db:
            per_rule = Counter(r for (r,) in db.execute("SELECT rule_id FROM suggestions"))
        assert len(per_rule) == reference_calls and set(per_rule.values()) == {1}
        calls = len(server.calls(SERVED)) - reference_calls
        assert reference_calls <= calls <= reference_calls + concurrency
    finally:
        server.stop()


def test_a_flaky_server_ends_with_every_rule_drafted_or_failed_then_retry_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = ModelServer(delay=0.01, fail_rate=0.2, seed=11)
    url = server.start()
    try:
        manual = tmp_path / "legacy-manual.md"
        manual.write_text(legacy_manual(60, seed=4), encoding="utf-8")
        data = tmp_path / "data"
        _prepare(data)
        for name, value in cli_env(
            data,
            POLICY_REWRITER_MODEL_TIMEOUT="0.5",
            POLICY_REWRITER_BATCH_ATTEMPTS="1",
            POLICY_REWRITER_BATCH_BACKOFF="0.01",
            POLICY_REWRITER_BATCH_BACKOFF_MAX="0.05",
        ).items():
            monkeypatch.setenv(name, value)
        runner = CliRunner()
        args = [*_command(manual, tmp_path / "out", url, 6)[3:], "--json"]
        first = runner.invoke(cli_app, args, catch_exceptions=False)
        assert first.exit_code == 3, first.output  # finished, with failed rules
        info = json.loads(first.stdout)["batch"]
        counts = info["counts"]
        assert info["state"] == "done" and counts["pending"] == 0
        assert counts["failed"] > 0 and counts["drafted"] + counts["failed"] == counts["to_draft"]
        report = json.loads((tmp_path / "out" / "legacy-manual.report.json").read_text())
        reasons = [e["reason"] for e in report["failed"]]
        assert len(reasons) == counts["failed"] and all(reasons)
        kinds = " ".join(reasons)
        assert "rate-limited" in kinds and "failed" in kinds and "reached" in kinds
        drafted_before = {e["rule_id"] for e in report["rules"] if e["outcome"] == "drafted"}
        calls_before = len(server.calls(SERVED))
        monkeypatch.setenv("POLICY_REWRITER_BATCH_ATTEMPTS", "8")
        second = runner.invoke(cli_app, [*args, "--retry-failed"], catch_exceptions=False)
        assert second.exit_code == 0, second.output
        counts = json.loads(second.stdout)["batch"]["counts"]
        assert counts["failed"] == 0 and counts["drafted"] == counts["to_draft"]
        # Only the failed rules were asked again.
        report = json.loads((tmp_path / "out" / "legacy-manual.report.json").read_text())
        redrafted = {
            e["rule_id"] for e in report["rules"] if e["outcome"] == "drafted"
        } - drafted_before
        assert len(redrafted) == len(reasons)
        assert len(server.calls(SERVED)) - calls_before >= len(reasons)
    finally:
        server.stop()


def test_cli_dry_run_prints_the_estimate_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "shop.md").write_bytes(MANUAL)
    for name, value in cli_env(tmp_path / "data").items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(
        cli_app,
        ["batch", str(tmp_path / "shop.md"), "--out", str(tmp_path / "out"), "--dry-run", "--json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    estimate = json.loads(result.stdout)
    assert estimate["to_draft"] == 5 and estimate["model"] == "builtin"
    assert not (tmp_path / "out").exists()


# --- the API ----------------------------------------------------------------------------------


def test_api_batch_job_runs_in_the_background_and_reports(
    settings: Settings, server: tuple[ModelServer, str]
) -> None:
    model_server, url = server
    space = _space(settings, api_base=url)
    owner = space.people.add_user("olga", ["owner"]).token
    reviewer = space.people.add_user("rui", ["reviewer"]).token
    with TestClient(create_app(root=space)) as client:
        files = [("files", ("shop.md", MANUAL, "text/markdown"))]
        refused = client.post(
            "/api/batches", files=files, headers={"Authorization": f"Bearer {reviewer}"}
        )
        assert refused.status_code == 403
        bad = client.post(
            "/api/batches",
            files=[*files, ("files", ("notes.md", b"", "text/markdown"))],
            headers={"Authorization": f"Bearer {owner}"},
        )
        assert bad.status_code == 422 and "notes.md" in bad.json()["message"]
        auth = {"Authorization": f"Bearer {owner}"}
        started = client.post(
            "/api/batches", files=files, data={"model": MODEL, "concurrency": "2"}, headers=auth
        )
        assert started.status_code == 202, started.text
        job = started.json()
        assert started.headers["location"] == f"/api/batches/{job['id']}"
        deadline = time.monotonic() + 60
        while job["state"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.05)
            job = client.get(f"/api/batches/{job['id']}", headers=auth).json()
        assert job["state"] == "done" and job["progress"] == 1.0, job
        assert job["counts"]["drafted"] == 5 and job["usage"]["model_calls"] == 5
        report = client.get(f"/api/batches/{job['id']}/report", headers=auth).json()
        assert report["manuals"][0]["counts"]["skipped"] == 1
        markdown = client.get(f"/api/batches/{job['id']}/report?format=md", headers=auth)
        assert markdown.text.startswith("# Batch report")
        draft = client.get(f"/api/batches/{job['id']}/files/shop.revised.md", headers=auth)
        assert draft.status_code == 200 and "draft, not yet reviewed" in draft.text
        missing = client.get(f"/api/batches/{job['id']}/files/other.md", headers=auth)
        assert missing.status_code == 404
        estimate = client.post("/api/batches/estimate", files=files, headers=auth).json()
        assert estimate["to_draft"] == 5
        # The web page shows the job; its numbers come from the same resource.
        assert len(model_server.calls(SERVED)) == 5
