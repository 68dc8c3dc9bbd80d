"""Several processes on one store: what one process writes, the others see at once."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli_env import cli_env

MANUAL = "# Shop\n\n## Returns\n\n2.3 Refunds are given only as store credit.\n\n2.4 The Duty Manager replies within a week.\n"
COMPLAINTS = (
    "id,text\n"
    "C1,Refunds are given only as store credit and I wanted my money back not store credit.\n"
    'C2,"Refunds given only as store credit? Store credit is useless, refunds should go to my card."\n'
)


def _cli(data_dir: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from service.cli import main; main()", *args],
        env=cli_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """`policy-rewriter serve` in its own process, and an owner's token."""
    data = tmp_path / "data"
    created = json.loads(_cli(data, "users", "add", "olga", "--role", "owner", "--json"))
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from service.cli import main; main()",
            "serve",
            "--port",
            str(port),
        ],
        env=cli_env(data),
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "server.log", "w"),  # noqa: SIM115
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield url, created["token"], data
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_what_the_cli_ingests_the_running_server_drafts_without_a_restart(
    server: tuple[str, str, Path], tmp_path: Path
) -> None:
    url, token, data = server
    headers = {"Authorization": f"Bearer {token}"}
    # a first draft loads the embedding model in the server; on a busy machine that is slow
    client = httpx.Client(headers=headers, timeout=120)
    # The server has seen the (empty) store before anything is ingested.
    assert client.get(f"{url}/api/conflicts").json() == []
    (tmp_path / "shop.md").write_text(MANUAL)
    (tmp_path / "c.csv").write_text(COMPLAINTS)
    _cli(data, "ingest", "manual", str(tmp_path / "shop.md"))
    _cli(data, "ingest", "complaints", str(tmp_path / "c.csv"))

    conflicts = client.get(f"{url}/api/conflicts?manual=shop")
    assert conflicts.status_code == 200, conflicts.text
    [conflict] = [c for c in conflicts.json() if c["complaints"]]
    assert {e["id"] for e in conflict["complaints"]} == {"C1", "C2"}
    drafted = client.post(f"{url}/api/rules/{conflict['rule_id']}/suggestions")
    assert drafted.status_code == 201, drafted.text
    assert drafted.json()["rule_id"] == conflict["rule_id"]

    # A new version of the manual from the CLI replaces the rules the server serves.
    (tmp_path / "shop.md").write_text(MANUAL.replace("store credit", "a gift card"))
    _cli(data, "ingest", "manual", str(tmp_path / "shop.md"))
    rules = client.get(f"{url}/api/rules?manual=shop").json()
    assert any("a gift card" in r["text"] for r in rules)
    again_response = client.get(f"{url}/api/conflicts?manual=shop")
    assert again_response.status_code == 200, again_response.text
    again = again_response.json()
    assert all("store credit" not in c["rule"]["text"] for c in again if "rule" in c)
