"""Fault injection: a model provider that fails, stalls or answers garbage, database
connections cut mid-run, and the embedded vector store killed mid-write. Each time the
service says what went wrong, recovers, keeps every decision already stored, and a batch
resumes to the same output as an uninterrupted run."""

from __future__ import annotations

import json
import logging
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from service.core.domain import Suggestion
from service.core.errors import BackendUnavailable, ConfigurationError
from service.core.settings import Settings
from service.index.embeddings import HashingEmbedder
from service.stages.root import Root
from service.web.app import create_app
from tests.cli_env import cli_env
from tests.conftest import _fresh_postgres_database
from tests.legacy_manual import legacy_manual
from tests.openai_server import ModelServer, Step
from tests.review_data import COMPLAINTS, MANUAL
from tests.tcp_proxy import TcpProxy

MODEL = "openai/fault-test"
SERVED = "fault-test"  # the name the server sees
FILES = [("shop.md", MANUAL)]
HTML = b"<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"
# What a provider's answer looks like when it is cut off: the start of a JSON document.
TRUNCATED = b'{"id": "chatcmpl-1", "object": "chat.completion", "choices": [{"index": 0, "mess'


def _settings(data_dir: Path, **changes: object) -> Settings:
    fast = {
        "batch_backoff": 0.01,
        "batch_backoff_max": 0.05,
        "model_timeout": 1.0,
        "progress": False,
        **changes,
    }
    return Settings(data_dir=data_dir, _env_file=None, **fast)  # type: ignore[call-arg, arg-type]


def _root(settings: Settings) -> Root:
    root = Root(settings=settings, embedder=HashingEmbedder())
    if not root.library.complaints(limit=1):
        root.ingest.complaints(data=COMPLAINTS, filename="complaints.csv")
    return root


def _create(root: Root, url: str) -> str:
    files = root.batches.files(FILES)
    return root.batches.create(files, model=MODEL, api_base=url, origin="cli").id


def _same(outputs: list[tuple[str, bytes]]) -> dict[str, object]:
    """What a batch produced, less what faults may change: the tries it took. The revised
    drafts byte for byte, and each rule's outcome, draft and checks."""
    found: dict[str, object] = {}
    for name, data in outputs:
        if name.endswith(".report.json"):
            report = json.loads(data)
            report.pop("usage")
            for key in ("strongest", "blocked", "failed", "skipped", "rules"):
                for entry in report[key]:
                    entry.pop("attempts")
            found[name] = report
        elif ".revised." in name:
            found[name] = data
    return found


@pytest.fixture
def server() -> Iterator[tuple[ModelServer, str]]:
    found = ModelServer()
    url = found.start()
    yield found, url
    found.stop()


@pytest.fixture
def reference(tmp_path: Path, server: tuple[ModelServer, str]) -> Iterator[dict[str, object]]:
    """The files of an uninterrupted run against a healthy server."""
    model_server, url = server
    root = _root(_settings(tmp_path / "reference"))
    batch_id = _create(root, url)
    info = root.batches.run(batch_id, concurrency=1)
    assert info.state == "done" and info.counts.drafted == 5
    outputs = _same(root.batches.outputs(batch_id))
    root.close()
    model_server.requests.clear()
    model_server.arrivals.clear()
    yield outputs


# --- a faulty model provider -------------------------------------------------------------------


def test_every_kind_of_provider_fault_is_retried_and_the_batch_ends_as_a_clean_run(
    tmp_path: Path, server: tuple[ModelServer, str], reference: dict[str, object]
) -> None:
    model_server, url = server
    ok = Step()  # the usual answer
    model_server.script(
        SERVED,
        # rule 1: server errors, the second saying when to come back
        Step(status=500),
        Step(status=503, retry_after=0.4),
        ok,
        # rule 2: rate limits, without and with Retry-After
        Step(status=429, retry_after=None),
        Step(status=429, retry_after=0.4),
        ok,
        # rule 3: a proxy's HTML page, as a 200 and as a 502
        Step(body=HTML, content_type="text/html"),
        Step(status=502, body=HTML, content_type="text/html"),
        ok,
        # rule 4: a body that is not JSON, a JSON document cut short, a reply with no answer
        Step(body=b"upstream connect error or disconnect/reset before headers"),
        Step(body=TRUNCATED),
        Step(
            body=json.dumps(
                {"id": "chatcmpl-1", "object": "chat.completion", "choices": []}
            ).encode()
        ),
        ok,
        # rule 5: the connection closed half way through the answer, then no answer at all
        Step(cut=True),
        Step(delay=3.0),  # longer than the client's timeout (1 s)
        ok,
    )
    root = _root(_settings(tmp_path / "data", batch_attempts=4))
    batch_id = _create(root, url)
    info = root.batches.run(batch_id, concurrency=1)
    assert info.state == "done", info.error
    assert info.counts.drafted == 5 and info.counts.failed == 0
    assert len(model_server.calls(SERVED)) == 16 == info.usage.model_calls
    [report] = root.batches.reports(batch_id)
    assert [entry.attempts for entry in report.rules if entry.outcome == "drafted"] == [
        3,
        3,
        3,
        4,
        3,
    ]
    # The provider's Retry-After was waited out, for the 503 as for the 429.
    arrivals = model_server.arrivals
    assert arrivals[2] - arrivals[1] >= 0.38 and arrivals[5] - arrivals[4] >= 0.38
    assert _same(root.batches.outputs(batch_id)) == reference
    root.close()


def test_a_rule_that_keeps_failing_is_recorded_with_what_the_provider_said_and_resumes(
    tmp_path: Path, server: tuple[ModelServer, str], reference: dict[str, object]
) -> None:
    model_server, url = server
    cut_short = '{"proposed": "Refunds go back to the card the customer paid with'
    model_server.script(
        SERVED,
        # rule 1: the model's own answer is cut off, every time it is asked
        *[Step(answer=cut_short)] * 2,
        # rule 2: the server keeps answering with a proxy's error page
        *[Step(status=502, body=HTML, content_type="text/html")] * 2,
    )
    root = _root(_settings(tmp_path / "data", batch_attempts=2, draft_attempts=2))
    batch_id = _create(root, url)
    first = root.batches.run(batch_id, concurrency=1)
    assert first.state == "done"
    assert first.counts.failed == 2 and first.counts.drafted == 3 and first.counts.pending == 0
    [report] = root.batches.reports(batch_id)
    invalid, gateway = (entry.reason or "" for entry in report.failed)
    assert "gave no valid answer in 2 attempts" in invalid and "not JSON" in invalid
    assert cut_short[:40] in invalid  # the answer itself is kept in the record
    assert "502" in gateway and "fault-test" in gateway
    # A reviewer decides on a draft that did come back.
    reviewer = root.people.add_user("rita", ["reviewer"])
    me = root.people.authenticate_token(reviewer.token)
    drafted = root.review.suggestions(manual="shop")
    target = next(s for s in drafted if s.status == "ready")
    root.review.decide(target.id, "accept", user=me, version=target.version)
    again = root.batches.run(batch_id, retry_failed=True)
    assert again.counts.drafted == 5 and again.counts.failed == 0
    resumed = _same(root.batches.outputs(batch_id))
    assert resumed["shop.report.json"] == reference["shop.report.json"]
    # The same drafts as a clean run's, and the decision taken meanwhile stands in them.
    kept = root.review.suggestion(target.id)
    assert kept.review == "accepted" and kept.final_text == target.proposed
    revised = resumed["shop.revised.md"]
    assert isinstance(revised, bytes) and b"accepted by rita" in revised
    assert b"4 suggestions still pending review" in revised
    root.close()


def test_the_same_garbage_rule_after_rule_stops_the_run_and_the_batch_resumes(
    tmp_path: Path, server: tuple[ModelServer, str], reference: dict[str, object]
) -> None:
    model_server, url = server
    model_server.script(SERVED, *[Step(body=HTML, content_type="text/html")] * 20)
    root = _root(_settings(tmp_path / "data", batch_attempts=2))
    batch_id = _create(root, url)
    with pytest.raises(ConfigurationError, match="3 rules in a row failed the same way") as caught:
        root.batches.run(batch_id, concurrency=1)
    assert "502 Bad Gateway" in caught.value.message  # what the server sent back
    stopped = root.batches.info(batch_id)
    assert stopped.state == "failed" and "Bad Gateway" in (stopped.error or "")
    assert stopped.counts.failed == 3 and stopped.counts.pending == 2
    assert len(model_server.calls(SERVED)) == 3 * 2  # each rule asked twice, then the stop
    model_server.scripts.clear()  # the provider is well again
    resumed = root.batches.run(batch_id, retry_failed=True)
    assert resumed.state == "done" and resumed.counts.drafted == 5
    assert _same(root.batches.outputs(batch_id)) == reference
    report = json.loads(dict(root.batches.outputs(batch_id))["shop.report.json"])
    assert report["counts"]["failed"] == 0
    root.close()


# --- database connections cut mid-run ----------------------------------------------------------


@pytest.fixture
def proxied_postgres() -> Iterator[tuple[str, str, TcpProxy]]:
    """A fresh PostgreSQL database: its URL through a proxy that drops connections on
    command, its direct URL (for the test's own look), and the proxy."""
    for direct in _fresh_postgres_database():
        host, _ = direct.split("@", 1)[1].split("/", 1)
        proxy = TcpProxy((host.split(":")[0], int(host.split(":")[1])))
        port = proxy.start()
        yield direct.replace(host, f"127.0.0.1:{port}"), direct, proxy
        proxy.stop()


def _count(url: str, table: str) -> int:
    import psycopg

    with psycopg.connect(url, connect_timeout=3) as db:
        row = db.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0


@pytest.mark.postgres
def test_a_batch_rides_out_database_connections_cut_mid_run(
    tmp_path: Path,
    proxied_postgres: tuple[str, str, TcpProxy],
    caplog: pytest.LogCaptureFixture,
) -> None:
    url, direct, proxy = proxied_postgres
    manual = [("legacy.md", legacy_manual(24, seed=5).encode())]
    model_server = ModelServer(delay=0.03)
    api = model_server.start()
    try:
        clean = _root(_settings(tmp_path / "clean"))
        files = clean.batches.files(manual)
        done = clean.batches.create(files, model=MODEL, api_base=api, origin="cli")
        clean.batches.run(done.id, concurrency=3)
        expected = _same(clean.batches.outputs(done.id))
        clean.close()

        root = _root(_settings(tmp_path / "data", database_url=url))
        batch_id = root.batches.create(files, model=MODEL, api_base=api, origin="cli").id
        cuts: list[tuple[int, int]] = []  # (drafts stored, connections dropped)
        finished = threading.Event()

        def cut_three_times() -> None:
            for at in (3, 6, 9):
                while not finished.is_set() and _count(direct, "suggestions") < at:
                    time.sleep(0.01)
                if not finished.is_set():
                    cuts.append((_count(direct, "suggestions"), proxy.cut()))

        cutter = threading.Thread(target=cut_three_times)
        cutter.start()
        try:
            with caplog.at_level(logging.WARNING, logger="service.store.database"):
                info = root.batches.run(batch_id, concurrency=3)
        finally:
            finished.set()
            cutter.join()
        total = info.counts.to_draft
        # Three cuts, each while drafting, each dropping the connections the run held.
        assert len(cuts) == 3 and all(dropped > 0 for _, dropped in cuts), cuts
        assert all(stored < total for stored, _ in cuts), (cuts, total)
        assert info.state == "done" and info.error is None
        assert info.counts.drafted == total > 9 and info.counts.failed == 0
        lost = [r.getMessage() for r in caplog.records if "connection to the database" in r.message]
        assert lost and "trying again" in lost[0]  # each loss is reported as it happens
        # Every rule drafted once, and the same files as the run nothing disturbed.
        assert _count(direct, "suggestions") == total
        assert _same(root.batches.outputs(batch_id)) == expected
        root.close()
    finally:
        model_server.stop()


@pytest.mark.postgres
def test_a_batch_stopped_by_a_database_outage_says_so_and_resumes_to_the_same_output(
    tmp_path: Path,
    proxied_postgres: tuple[str, str, TcpProxy],
    server: tuple[ModelServer, str],
    reference: dict[str, object],
) -> None:
    url, direct, proxy = proxied_postgres
    model_server, api = server
    root = _root(_settings(tmp_path / "data", database_url=url))
    batch_id = _create(root, api)
    # The database goes away while the second rule's answer is on its way, for longer
    # than the run waits for it.
    model_server.script(SERVED, Step(), Step(delay=0.3))

    def outage() -> None:
        while len(model_server.calls(SERVED)) < 2:
            time.sleep(0.005)
        proxy.down = True
        proxy.cut()

    cutting = threading.Thread(target=outage)
    cutting.start()
    with pytest.raises(BackendUnavailable, match="the database cannot be reached"):
        root.batches.run(batch_id, concurrency=1)
    cutting.join()
    proxy.down = False
    stored = _count(direct, "suggestions")
    assert 1 <= stored < 5  # what was drafted before the outage stays
    resumed = root.batches.run(batch_id)
    assert resumed.state == "done" and resumed.counts.drafted == 5
    assert _count(direct, "suggestions") == 5  # nothing drafted twice
    assert _same(root.batches.outputs(batch_id)) == reference
    root.close()


@pytest.mark.postgres
def test_decisions_survive_cut_connections_and_a_cut_decision_says_so(
    tmp_path: Path,
    proxied_postgres: tuple[str, str, TcpProxy],
    server: tuple[ModelServer, str],
) -> None:
    url, direct, proxy = proxied_postgres
    _, api = server
    root = _root(_settings(tmp_path / "data", database_url=url))
    root.batches.run(_create(root, api), concurrency=2)
    reviewer = root.people.add_user("rui", ["reviewer"]).token
    auth = {"Authorization": f"Bearer {reviewer}"}
    ready = [s for s in root.review.suggestions(manual="shop") if s.status == "ready"]
    assert len(ready) >= 4
    first, second, third, fourth = ready[:4]

    def decide(client: TestClient, suggestion: Suggestion) -> Response:
        body = {"action": "accept", "version": suggestion.version}
        return client.post(f"/api/suggestions/{suggestion.id}/decision", json=body, headers=auth)

    with TestClient(create_app(root=root)) as client:
        assert decide(client, first).status_code == 201
        # Connections dropped between requests: the next request gets a live one.
        assert proxy.cut() > 0
        assert decide(client, second).status_code == 201

        # Dropped in the middle of a decision, before its update reached the database, and
        # then at its commit: each time a clear 503, nothing half-stored, and the same
        # request sent again succeeds once.
        for suggestion, statement, said in (
            (third, b"UPDATE suggestions", "nothing of it was stored"),
            (fourth, b"COMMIT", "may or may not have been stored"),
        ):
            proxy.hold(statement)
            answers: list[Response] = []
            sending = threading.Thread(
                target=lambda s=suggestion, into=answers: into.append(decide(client, s))
            )
            sending.start()
            assert proxy.held.wait(10), f"no {statement!r} was sent"
            proxy.cut()
            sending.join(10)
            [answer] = answers
            assert answer.status_code == 503, answer.text
            assert answer.json()["error"] == "backend_unavailable"
            assert said in answer.json()["message"]
            assert "connection to the database was lost" in answer.json()["message"]
            assert root.review.suggestion(suggestion.id).review == "pending"
            assert decide(client, suggestion).status_code == 201
            assert decide(client, suggestion).status_code == 409  # decided, once

        # The database down altogether: a clear 503 until it is back.
        proxy.down = True
        proxy.cut()
        answer = client.get("/api/suggestions", headers=auth)
        assert answer.status_code == 503, answer.text
        assert "the database cannot be reached" in answer.json()["message"]
        proxy.down = False
        assert client.get("/api/suggestions", headers=auth).status_code == 200

    # Every decision answered 201 is stored once, with its audit entry.
    for suggestion in (first, second, third, fourth):
        assert root.review.suggestion(suggestion.id).review == "accepted"
        assert len(root.review.decisions(suggestion.id)) == 1
    assert _count(direct, "decisions") == 4
    root.close()


# --- the embedded vector store killed mid-write ------------------------------------------------

WRITER = """
import random, sys
from pathlib import Path
from service.core.process import configure_process
from service.drafting.models import LOCAL_MODELS
configure_process(local_models=LOCAL_MODELS)
from service.core.settings import Settings
from service.index.embeddings import HashingEmbedder
from service.stages.root import Root
root = Root(settings=Settings(data_dir=Path(sys.argv[1]), progress=False), embedder=HashingEmbedder())
root.ingest.complaints(data=Path(sys.argv[2]).read_bytes(), filename="bulk.csv")
"""


def _bulk(count: int) -> bytes:
    rng = random.Random(3)
    words = [
        "refund",
        "receipt",
        "credit",
        "card",
        "delivery",
        "repair",
        "days",
        "return",
        "voucher",
        "late",
        "tag",
    ]
    rows = [
        f'B{i},"{" ".join(rng.choice(words) for _ in range(14))} (case {i})"' for i in range(count)
    ]
    return "\n".join(["id,text", *rows]).encode()


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _conflicts(root: Root) -> list[tuple[str, list[str]]]:
    """Every conflict, as all rules are matched at once and as each rule is looked up."""
    found = [(c.rule_id, [e.id for e in c.complaints]) for c in root.matching.conflicts()]
    for rule in root.library.rules("shop"):
        found.append((rule.id, [e.id for e in root.matching.conflict(rule.id).complaints]))
    return found


def test_the_embedded_store_killed_mid_write_reopens_and_loses_nothing_stored(
    tmp_path: Path,
) -> None:
    bulk = tmp_path / "bulk.csv"
    bulk.write_bytes(_bulk(2000))
    # What a clean store gives, for comparison.
    clean = _root(_settings(tmp_path / "clean"))
    clean.ingest.manual(data=MANUAL, filename="shop.md")
    expected = _conflicts(clean)
    assert expected and any(cited for _, cited in expected)
    clean.close()

    data = tmp_path / "data"
    root = _root(_settings(data))
    root.ingest.manual(data=MANUAL, filename="shop.md")
    root.close()
    chroma = data / "chroma"
    before = _size(chroma)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data), str(bulk)],
        env=cli_env(data),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Killed once the vectors of a few hundred complaints are being written.
        deadline = time.monotonic() + 90
        while _size(chroma) < before + 1_000_000 and time.monotonic() < deadline:
            assert writer.poll() is None, "the ingest ended before it could be killed"
            time.sleep(0.005)
        assert _size(chroma) >= before + 1_000_000, "the ingest wrote nothing in 90 s"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)

    reopened = _root(_settings(data))
    # The database never saw the killed ingest's complaints: its transaction was not
    # committed. Vectors it had written without their records change no conflict.
    assert len(reopened.library.complaints(limit=10_000)) == 8
    assert reopened.vectors.count("complaints") > 8
    assert _conflicts(reopened) == expected
    # The same file ingested again stores every complaint, once, and indexes each.
    report = reopened.ingest.complaints(data=bulk.read_bytes(), filename="bulk.csv")
    assert report.stored == 2000 and not report.skipped
    assert reopened.vectors.count("complaints") == 2008
    assert reopened.matching.conflicts()
    rule = next(r for r in reopened.library.rules("shop") if r.number == "1.1")
    [drafted] = reopened.drafting.draft([rule.id])
    assert drafted.status == "ready" and drafted.rule_id == rule.id
    reopened.close()


def test_an_unreadable_embedded_store_is_set_aside_and_rebuilt_from_the_database(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    root = _root(_settings(data))
    root.ingest.manual(data=MANUAL, filename="shop.md")
    expected = _conflicts(root)
    assert any(cited for _, cited in expected)
    root.close()
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # as a new process would find it
    # A store left half-written: its database file cut short, its index files emptied.
    store = data / "chroma" / "chroma.sqlite3"
    store.write_bytes(store.read_bytes()[: store.stat().st_size // 3])
    for index in (data / "chroma").rglob("*.bin"):
        index.write_bytes(b"")

    with caplog.at_level(logging.WARNING, logger="service.stages.root"):
        reopened = _root(_settings(data))
        assert _conflicts(reopened) == expected
    [said] = [r.getMessage() for r in caplog.records if "vector store" in r.getMessage()]
    assert "could not be read" in said and "rebuilt it from the database" in said
    assert "6 rules, 8 complaints" in said
    [aside] = [p for p in data.iterdir() if p.name.startswith("chroma.damaged-")]
    assert (aside / "chroma.sqlite3").exists()  # kept for a closer look, not deleted
    rule = next(r for r in reopened.library.rules("shop") if r.number == "1.1")
    [drafted] = reopened.drafting.draft([rule.id])
    assert drafted.status == "ready"
    reopened.close()
