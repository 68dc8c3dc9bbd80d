"""Wall time and model calls of a batch rewrite of a 400-rule manual against a model server
that answers after a fixed delay.

    python evaluations/benchmark_batch.py [--rules 400] [--delay 0.2] [--concurrency 4 8 16]
                                          [--embedder minilm|hashing]

Target: with concurrency C, the drafting wall time is within 1.15 x (restrictive rules / C x
delay), on top of the ingest time; and the model calls equal the restrictive rules drafted.

1. Writes a legacy manual of N rules (`tests/legacy_manual.py`, seed 1) and stores the
   bundled sample complaints in a data folder (not timed).
2. Starts `tests/openai_server.py` in its own process: it answers every drafting prompt
   the way the built-in drafter would, `delay` seconds after the request arrives, and
   counts the requests (`GET /stats`).
3. For each C, on a fresh copy of that data folder: creates the batch and times
   - ingest: storing, classifying and indexing the manual, and choosing every rule's
     evidence (one pass over the complaints); litellm's import (seconds) overlaps it;
   - drafting: the rest of the run, every restrictive rule drafted through litellm with C
     calls in flight, checked and stored.
4. Prints, per C: the rules drafted, the ideal (drafted / C x delay), the drafting time, its
   ratio to the ideal, whether the whole run is within 1.15 x ideal + ingest, and the model
   calls the server received against the rules drafted. Saves the figures.

The client and the server each have their own process; the machine's load average is
saved with the figures, since a busy machine stretches the client's share of the time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluations.gold import save_results  # noqa: E402
from service.core.settings import Settings  # noqa: E402
from service.corpus import sample_corpus_dir  # noqa: E402
from service.index.embeddings import Embedder, HashingEmbedder, MiniLMEmbedder  # noqa: E402
from service.workspace import Workspace  # noqa: E402
from tests.legacy_manual import legacy_manual  # noqa: E402

BOUND = 1.15


def _embedder(name: str) -> Embedder:
    return MiniLMEmbedder() if name == "minilm" else HashingEmbedder()


def _server(delay: float) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "openai_server.py"),
            "--port",
            "0",
            "--delay",
            str(delay),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def _requests(base: str) -> int:
    with urllib.request.urlopen(base.removesuffix("/v1") + "/stats", timeout=10) as reply:
        return int(json.load(reply)["requests"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rules", type=int, default=400)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[4, 8, 16])
    parser.add_argument("--embedder", choices=["minilm", "hashing"], default="minilm")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    manual = work / "legacy-operations-manual.md"
    manual.write_text(legacy_manual(args.rules, seed=1), encoding="utf-8")
    embedder = _embedder(args.embedder)
    base_dir = work / "base"
    space = Workspace(Settings(data_dir=base_dir, progress=False), embedder=embedder)
    for path in sorted((sample_corpus_dir() / "complaints").iterdir()):
        space.ingest_complaints(data=path.read_bytes(), filename=path.name)
    complaints = space.complaint_count()
    space.close()

    server, api_base = _server(args.delay)
    runs = []
    try:
        for concurrency in args.concurrency:
            data_dir = work / f"c{concurrency}"
            shutil.copytree(base_dir, data_dir)
            space = Workspace(Settings(data_dir=data_dir, progress=False), embedder=embedder)
            files = space.batch_files([(manual.name, manual.read_bytes())])
            info = space.create_batch(
                files,
                model="openai/bench",
                api_base=api_base,
                concurrency=concurrency,
                origin="cli",
            )
            calls_before = _requests(api_base)
            marks: dict[str, float] = {}

            def mark(phase: str, marks: dict[str, float] = marks) -> None:
                marks[phase] = time.perf_counter()

            started = time.perf_counter()
            info = space.run_batch(info.id, on_phase=mark)
            finished = time.perf_counter()
            ingested = marks["drafting"]
            calls = _requests(api_base) - calls_before
            space.close()
            drafted = info.counts.drafted
            ideal = drafted / concurrency * args.delay
            drafting = finished - ingested
            ingest = ingested - started
            run = {
                "concurrency": concurrency,
                "rules": info.counts.rules,
                "restrictive": info.counts.to_draft,
                "drafted": drafted,
                "failed": info.counts.failed,
                "ingest_s": round(ingest, 3),
                "drafting_s": round(drafting, 3),
                "ideal_s": round(ideal, 3),
                "ratio": round(drafting / ideal, 4) if ideal else None,
                "within_bound": finished - started <= BOUND * ideal + ingest,
                "model_calls": calls,
                "calls_equal_drafted": calls == drafted,
            }
            runs.append(run)
            print(
                f"C={concurrency:>3}: {drafted} of {info.counts.rules} rules drafted "
                f"({info.counts.skipped} skipped, {info.counts.failed} failed); ingest "
                f"{ingest:.2f} s; drafting {drafting:.2f} s vs ideal {ideal:.2f} s: ratio "
                f"{run['ratio']:.3f} ({'within' if run['within_bound'] else 'OVER'} "
                f"{BOUND} x ideal + ingest); model calls {calls} "
                f"({'=' if calls == drafted else '!='} {drafted} drafted)",
                flush=True,
            )
    finally:
        server.kill()
        shutil.rmtree(work, ignore_errors=True)
    save_results(
        "benchmark-batch",
        {
            "date": date.today().isoformat(),
            "machine": {
                "cpus": os.cpu_count(),
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "python": platform.python_version(),
            },
            "manual_rules": args.rules,
            "complaints": complaints,
            "delay_s": args.delay,
            "embedder": args.embedder,
            "bound": BOUND,
            "runs": runs,
        },
    )


if __name__ == "__main__":
    main()
