"""Fault injection: a model provider that fails, stalls or answers garbage, database
connections cut mid-run, and the embedded vector store killed mid-write. Each time the
service says what went wrong, recovers, keeps every decision already stored, and a batch
resumes to the same output as an uninterrupted run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.core.errors import ConfigurationError
from service.core.settings import Settings
from service.index.embeddings import HashingEmbedder
from service.stages.root import Root
from tests.openai_server import ModelServer, Step
from tests.review_data import COMPLAINTS, MANUAL

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
