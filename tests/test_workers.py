"""Several workers share one batch through PostgreSQL: two `policy-rewriter worker`s and two
API servers (`serve`) against PostgreSQL and a Chroma server; one worker is killed
mid-batch and the other finishes the batch, every rule drafted once, with the output of a
single worker's run."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.core.process import configure_process
from service.core.settings import Settings
from service.drafting.models import LOCAL_MODELS
from service.drafting.prompts import data_of
from service.stages.root import Root
from tests.cli_env import cli_env
from tests.conftest import _fresh_postgres_database
from tests.openai_server import ModelServer

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
MANUAL = CORPUS / "manuals" / "retail-returns-and-store-rules.md"
COMPLAINTS = CORPUS / "complaints" / "retail-feedback.csv"
MODEL = "openai/fake-drafter"
CLI = [sys.executable, "-c", "from service.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(ready: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.1)


def _answers(url: str) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            return httpx.get(url, timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    return ready


def _rules(server: ModelServer) -> list[str]:
    """The rule of each drafting request the server received, in order."""
    return [data_of(r["messages"]).rule.id for r in server.calls()]


def _outputs(files: list[tuple[str, bytes]], batch_id: str) -> dict[str, bytes]:
    """The revised drafts and reports, less the batch's own id (the Word file carries the
    batch's creation time, so its text is compared by the Markdown draft)."""
    return {
        name: content.replace(batch_id.encode(), b"BATCH")
        for name, content in files
        if not name.endswith(".docx")
    }


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Starts processes and ends every one still running when the test ends."""
    started: list[subprocess.Popen[bytes]] = []

    def start(args: list[str], env: dict[str, str], log: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            args,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / log, "wb"),  # noqa: SIM115
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _single_worker_outputs(tmp_path: Path) -> dict[str, bytes]:
    """The same batch run by one worker alone, on a database of its own."""
    server = ModelServer()
    url = server.start()
    try:
        for database in _fresh_postgres_database():
            settings = Settings(
                data_dir=tmp_path / "single",
                database_url=database,
                embedding_model="hashing",
                model=MODEL,
                api_base=url,
                api_key="test",
                progress=False,
                _env_file=None,  # type: ignore[call-arg]
            )
            configure_process(local_models=LOCAL_MODELS)
            root = Root(settings=settings)
            try:
                root.ingest.complaints(data=COMPLAINTS.read_bytes(), filename=COMPLAINTS.name)
                files = root.batches.files([(MANUAL.name, MANUAL.read_bytes())])
                info = root.batches.create(files, model=MODEL, concurrency=2, origin="api")
                root.batches.work(poll=0.2, until_idle=True)
                assert root.batches.info(info.id).state == "done"
                found = _outputs(root.batches.outputs(info.id), info.id)
            finally:
                root.close()
        assert Counter(_rules(server)).most_common(1)[0][1] == 1
        return found
    finally:
        server.stop()


@pytest.fixture
def own_postgres() -> Iterator[str]:
    """A database of this test's own: the session's shared one may hold the same manual
    already, stored by another test but not in this test's Chroma server."""
    yield from _fresh_postgres_database()


@pytest.mark.postgres
def test_two_workers_share_a_batch_and_one_takes_over_from_a_killed_one(
    tmp_path: Path,
    own_postgres: str,
    processes: Callable[..., subprocess.Popen[bytes]],
) -> None:
    # the chroma command comes with the chromadb package, beside this interpreter
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    assert Path(chroma).exists(), "the chroma command of the chromadb package is missing"
    chroma_port = _free_port()
    chroma_url = f"http://127.0.0.1:{chroma_port}"
    processes(
        [
            *(chroma, "run", "--path", str(tmp_path / "chroma")),
            *("--host", "127.0.0.1", "--port", str(chroma_port)),
        ],
        cli_env(tmp_path / "unused"),
        "chroma.log",
    )
    # Each worker has a model server of its own, so every call is known by its worker.
    first_model, second_model = ModelServer(delay=0.2), ModelServer(delay=0.2)
    first_url, second_url = first_model.start(), second_model.start()

    def env(**extra: str) -> dict[str, str]:
        return cli_env(
            tmp_path / "data",
            POLICY_REWRITER_DATABASE_URL=own_postgres,
            POLICY_REWRITER_CHROMA_URL=chroma_url,
            POLICY_REWRITER_BATCH_WORKERS="true",
            POLICY_REWRITER_API_KEY="test",
            **extra,
        )

    try:
        _wait(_answers(f"{chroma_url}/api/v2/heartbeat"), "chroma start")
        # The schema first, so that the processes do not all create it at once.
        settings = Settings(
            data_dir=tmp_path / "data",
            database_url=own_postgres,
            chroma_url=chroma_url,
            embedding_model="hashing",
            progress=False,
            _env_file=None,  # type: ignore[call-arg]
        )
        root = Root(settings=settings)
        root.db  # noqa: B018 - migrates
        apis = []
        for name in ("api-1", "api-2"):
            port = _free_port()
            processes([*CLI, "serve", "--port", str(port)], env(), f"{name}.log")
            apis.append(f"http://127.0.0.1:{port}")
        first = processes(
            [*CLI, "worker", "--poll", "0.2"], env(POLICY_REWRITER_API_BASE=first_url), "w1.log"
        )
        second = processes(
            [*CLI, "worker", "--poll", "0.2"], env(POLICY_REWRITER_API_BASE=second_url), "w2.log"
        )
        # While they start: the single worker's run to compare with, then the store.
        alone = _single_worker_outputs(tmp_path)
        try:
            token = root.people.add_user("olga", ["owner"], password="a long passphrase").token
            root.ingest.complaints(data=COMPLAINTS.read_bytes(), filename=COMPLAINTS.name)
        finally:
            root.close()
        for api in apis:
            _wait(_answers(f"{api}/api/health"), f"{api} start", 120)
        for log in ("w1.log", "w2.log"):  # both workers wait: each gets a share of the batch
            _wait(
                lambda log=log: (
                    "looking for batches" in " ".join((tmp_path / log).read_text().split())
                ),
                f"the start of the worker logging to {log}",
                120,
            )
        headers = {"Authorization": f"Bearer {token}"}
        created = httpx.post(
            f"{apis[0]}/api/batches",
            headers=headers,
            files={"files": (MANUAL.name, MANUAL.read_bytes(), "text/markdown")},
            data={"model": MODEL, "concurrency": "2"},
            timeout=60,
        )
        assert created.status_code == 202, created.text
        batch_id = created.json()["id"]
        started = time.monotonic()
        _wait(
            lambda: len(first_model.calls()) >= 4 and len(second_model.calls()) >= 4,
            "drafting by both workers",
            120,
        )
        # From now on the first worker's calls are never answered: it dies holding them.
        with first_model._lock:
            first_model.delay = 3600
            answered_by_first = [data_of(r["messages"]).rule.id for r in first_model.requests]
        time.sleep(1.5)  # the answers it had are stored
        held = _rules(first_model)[len(answered_by_first) :]
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)

        def batch() -> dict[str, Any]:
            info: dict[str, Any] = httpx.get(
                f"{apis[1]}/api/batches/{batch_id}", headers=headers, timeout=10
            ).json()
            return info

        _wait(lambda: batch()["state"] in ("done", "failed"), "the batch's end", 90)
        info = batch()
        took = time.monotonic() - started
        assert second.poll() is None, "the surviving worker is still running"
        assert info["state"] == "done", info
        counts = info["counts"]
        assert counts["failed"] == 0 and counts["pending"] == 0
        assert counts["drafted"] == counts["to_draft"] > 10

        # Every rule was answered exactly once: by the first worker before it stalled, or
        # by the second; the rules the first held when it died went to the second.
        assert held, "the first worker held rules when it was killed"
        answered = Counter(answered_by_first + _rules(second_model))
        twice = {rule: n for rule, n in answered.items() if n > 1}
        assert not twice, f"rules drafted more than once: {twice}"
        assert len(answered) == counts["to_draft"]
        assert set(held) <= set(_rules(second_model))
        assert len(held) <= 2, "a worker holds no more rules than the batch's concurrency"
        assert took < 90

        names = [f"{MANUAL.stem}.revised.md", f"{MANUAL.stem}.report.md"]
        files = [
            (
                name,
                httpx.get(
                    f"{apis[0]}/api/batches/{batch_id}/files/{name}", headers=headers
                ).content,
            )
            for name in [*names, f"{MANUAL.stem}.report.json"]
        ]
    finally:
        first_model.stop()
        second_model.stop()
    assert _outputs(files, batch_id) == alone


def test_a_worker_on_sqlite_refuses_and_says_why(tmp_path: Path) -> None:
    done = subprocess.run(
        [*CLI, "worker", "--until-idle"],
        env=cli_env(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "PostgreSQL" in done.stderr and "POLICY_REWRITER_DATABASE_URL" in done.stderr
