"""Shared fixtures: settings in a temp dir, embedders, sample files, a Chroma server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.core.process import configure_process
from service.core.settings import Settings
from service.drafting.models import LOCAL_MODELS
from service.index.embeddings import HashingEmbedder, MiniLMEmbedder
from service.stages.root import Root
from tests.openai_server import ModelServer

# The tests are a process like any other: offline, with the built-in drafter served.
configure_process(local_models=LOCAL_MODELS)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(autouse=True)
def _no_env_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's own settings."""
    for name in list(os.environ):
        if name.startswith("POLICY_REWRITER_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", progress=False, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def root(settings: Settings) -> Iterator[Root]:
    """The stage services over the fast hashing embedder: for storage behaviour, not retrieval quality."""
    space = Root(settings=settings, embedder=HashingEmbedder())
    yield space
    space.close()


@pytest.fixture(scope="session")
def corpus_root(tmp_path_factory: pytest.TempPathFactory, minilm: MiniLMEmbedder) -> Iterator[Root]:
    """The whole sample corpus ingested once with the real offline model."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("corpus"), progress=False, _env_file=None)  # type: ignore[call-arg]
    space = Root(settings=settings, embedder=minilm)
    for path in sorted((CORPUS / "manuals").iterdir()):
        space.ingest.manual(data=path.read_bytes(), filename=path.name)
    for path in sorted((CORPUS / "complaints").iterdir()):
        space.ingest.complaints(data=path.read_bytes(), filename=path.name)
    yield space
    space.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server process on 127.0.0.1 (the `chroma` CLI ships with chromadb)."""
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    if not Path(chroma).exists():
        pytest.skip("the chroma command is not installed")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None:
                pytest.fail("the Chroma server exited at start-up")
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the Chroma server did not start within 60 s")
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh database on the PostgreSQL server at 127.0.0.1:5432, dropped afterwards."""
    yield from _fresh_postgres_database()


def _fresh_postgres_database() -> Iterator[str]:
    """Create a database on the test server, yield its URL, drop it; skip when unreachable."""
    psycopg = pytest.importorskip("psycopg")
    base = os.environ.get(
        "POLICY_REWRITER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
    )
    try:
        admin = psycopg.connect(base, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server reachable at {base}: {exc}")
    name = f"policy_rewriter_test_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def backend_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings for a new, empty store: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield Settings(data_dir=tmp_path / "data", progress=False, _env_file=None)  # type: ignore[call-arg]
        return
    for url in _fresh_postgres_database():
        yield Settings(data_dir=tmp_path / "data", database_url=url, progress=False, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def model_server() -> Iterator[tuple[ModelServer, str]]:
    """A scripted OpenAI-compatible server on 127.0.0.1 and its base URL."""
    server = ModelServer()
    url = server.start()
    yield server, url
    server.stop()
