"""Wall time of one web batch run by one, then two, `policy-rewriter worker` processes
sharing it through PostgreSQL, against a model server that answers after a fixed delay.

    python evaluations/benchmark_workers.py [--rules 300] [--delay 0.5] [--concurrency 4]
                                            [--workers 1 2]

For each worker count W, on a fresh PostgreSQL database and a fresh Chroma server:
1. stores the bundled sample complaints (not timed) and starts W worker processes;
2. once every worker is waiting, creates a batch of a legacy manual of N rules
   (`tests/legacy_manual.py`, seed 1) as the web app does, with `concurrency` calls in
   flight per worker, and times it until the workers mark it done:
   - preparing: ingesting the manual and planning its rules (one worker does it);
   - drafting: from the first rule claimed to the last stored;
3. prints the rules drafted, the wall time, rules per second of drafting, and the model
   calls the server received against the rules drafted (equal: no rule drafted twice).

The model server (`tests/openai_server.py`) answers as the built-in drafter would, `delay`
seconds after each request: a hosted model's latency, so that W workers with C calls each
should draft about W x C / delay rules a second while the machine keeps up.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from evaluations.saving import save_results  # noqa: E402
from service.core.process import configure_process  # noqa: E402
from service.core.settings import Settings  # noqa: E402
from service.corpus import sample_corpus_dir  # noqa: E402
from service.drafting.models import LOCAL_MODELS  # noqa: E402
from service.stages.root import Root  # noqa: E402
from tests.legacy_manual import legacy_manual  # noqa: E402

POSTGRES = os.environ.get(
    "POLICY_REWRITER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)
MODEL = "openai/benchmark-drafter"
WORKER = [sys.executable, "-c", "from service.cli import main; main()", "worker"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _model_server(delay: float) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.openai_server", "--port", "0", "--delay", str(delay)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def _requests(base: str) -> int:
    with urllib.request.urlopen(base.removesuffix("/v1") + "/stats", timeout=10) as reply:
        return int(json.loads(reply.read())["requests"])


def _until(ready: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not ready():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not happen within {seconds} s")
        time.sleep(0.1)


def one_run(workers: int, manual: str, api_base: str, concurrency: int, work: Path) -> dict:
    name = f"policy_rewriter_bench_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(POSTGRES, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    chroma_port = _free_port()
    chroma_dir = work / f"chroma-{workers}"
    chroma = subprocess.Popen(
        [
            *("chroma", "run", "--path", str(chroma_dir)),
            *("--host", "127.0.0.1", "--port", str(chroma_port)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_REWRITER_")}
    env.update(
        POLICY_REWRITER_DATA_DIR=str(work / f"data-{workers}"),
        POLICY_REWRITER_DATABASE_URL=url,
        POLICY_REWRITER_CHROMA_URL=f"http://127.0.0.1:{chroma_port}",
        POLICY_REWRITER_EMBEDDING_MODEL="hashing",
        POLICY_REWRITER_API_BASE=api_base,
        POLICY_REWRITER_API_KEY="benchmark",
        POLICY_REWRITER_BATCH_WORKERS="true",
        POLICY_REWRITER_PROGRESS="false",
        PYTHONPATH=str(ROOT),
    )
    processes: list[subprocess.Popen[str]] = []
    try:
        time.sleep(2)
        settings = Settings(
            data_dir=work / f"data-{workers}",
            database_url=url,
            chroma_url=f"http://127.0.0.1:{chroma_port}",
            embedding_model="hashing",
            progress=False,
            _env_file=None,  # type: ignore[call-arg]
        )
        root = Root(settings=settings)
        for path in sorted((sample_corpus_dir() / "complaints").iterdir()):
            root.ingest.complaints(data=path.read_bytes(), filename=path.name)
        logs = [work / f"worker-{workers}-{n}.log" for n in range(workers)]
        for log in logs:
            processes.append(
                subprocess.Popen(
                    [*WORKER, "--poll", "0.2"],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=open(log, "w"),  # noqa: SIM115
                    text=True,
                )
            )
        _until(
            lambda: all("looking for batches" in log.read_text() for log in logs),
            180,
            "the workers' start",
        )
        calls_before = _requests(api_base)
        files = root.batches.files([("legacy-operations-manual.md", manual.encode())])
        created = time.monotonic()
        info = root.batches.create(files, model=MODEL, concurrency=concurrency, origin="api")
        _until(lambda: root.batches.info(info.id).state in ("done", "failed"), 1800, "the end")
        wall = time.monotonic() - created
        info = root.batches.info(info.id)
        assert info.started_at is not None and info.finished_at is not None
        drafting = (info.finished_at - info.started_at).total_seconds()
        calls = _requests(api_base) - calls_before
        root.close()
        return {
            "workers": workers,
            "concurrency_per_worker": concurrency,
            "state": info.state,
            "rules": info.counts.rules,
            "drafted": info.counts.drafted,
            "failed": info.counts.failed,
            "wall_s": round(wall, 2),
            "preparing_s": round(wall - drafting, 2),
            "drafting_s": round(drafting, 2),
            "rules_per_s": round(info.counts.drafted / drafting, 2),
            "model_calls": calls,
            "calls_equal_drafted": calls == info.counts.drafted,
        }
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        chroma.terminate()
        chroma.wait(timeout=30)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def main() -> None:
    configure_process(local_models=LOCAL_MODELS)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rules", type=int, default=300)
    parser.add_argument("--delay", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="workers-bench-"))
    manual = legacy_manual(args.rules, seed=1)
    server, api_base = _model_server(args.delay)
    runs = []
    try:
        for workers in args.workers:
            run = one_run(workers, manual, api_base, args.concurrency, work)
            runs.append(run)
            print(
                f"{workers} worker(s), {args.concurrency} calls each: {run['drafted']} of "
                f"{run['rules']} rules drafted ({run['failed']} failed) in {run['wall_s']:.1f} s "
                f"(preparing {run['preparing_s']:.1f} s, drafting {run['drafting_s']:.1f} s, "
                f"{run['rules_per_s']:.2f} rules/s); model calls {run['model_calls']} "
                f"({'=' if run['calls_equal_drafted'] else '!='} drafted)",
                flush=True,
            )
    finally:
        server.kill()
        shutil.rmtree(work, ignore_errors=True)
    save_results(
        "benchmark-workers",
        {
            "date": date.today().isoformat(),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "load_average": os.getloadavg(),
            },
            "command": "python evaluations/benchmark_workers.py " + " ".join(sys.argv[1:]),
            "delay_s": args.delay,
            "runs": runs,
        },
    )


if __name__ == "__main__":
    main()
