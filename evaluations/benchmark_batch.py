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
3. For each C, in a fresh process on a fresh copy of that data folder (as a command-line
   batch runs): creates the batch and times
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

from evaluations.saving import save_results  # noqa: E402
from service.core.process import configure_process  # noqa: E402
from service.core.settings import Settings  # noqa: E402
from service.corpus import sample_corpus_dir  # noqa: E402
from service.drafting.models import LOCAL_MODELS  # noqa: E402
from service.index.embeddings import Embedder, HashingEmbedder, MiniLMEmbedder  # noqa: E402
from service.stages.root import Root  # noqa: E402
from tests.legacy_manual import legacy_manual  # noqa: E402

BOUND = 1.15


def _embedder(name: str) -> Embedder:
    return MiniLMEmbedder() if name == "minilm" else HashingEmbedder()


def _server(delay: float) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",  # as a module: run as a script, tests/html.py would hide the standard html
            "tests.openai_server",
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


def one_run(
    data_dir: Path, manual: Path, api_base: str, concurrency: int, delay: float, embedder: str
) -> dict[str, object]:
    root = Root(settings=Settings(data_dir=data_dir, progress=False), embedder=_embedder(embedder))
    files = root.batches.files([(manual.name, manual.read_bytes())])
    info = root.batches.create(
        files, model="openai/bench", api_base=api_base, concurrency=concurrency, origin="cli"
    )
    calls_before = _requests(api_base)
    marks: dict[str, float] = {}
    started = time.perf_counter()
    info = root.batches.run(
        info.id, on_phase=lambda phase: marks.__setitem__(phase, time.perf_counter())
    )
    finished = time.perf_counter()
    calls = _requests(api_base) - calls_before
    root.close()
    drafted = info.counts.drafted
    ideal = drafted / concurrency * delay
    ingest = marks["drafting"] - started
    drafting = finished - marks["drafting"]
    return {
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


def main() -> None:
    configure_process(local_models=LOCAL_MODELS)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rules", type=int, default=400)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[4, 8, 16])
    parser.add_argument("--embedder", choices=["minilm", "hashing"], default="minilm")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # one run, in this process
    parser.add_argument("--manual", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--api-base", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = one_run(
            args.one, args.manual, args.api_base, args.concurrency[0], args.delay, args.embedder
        )
        print(json.dumps(result))
        return

    work = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    manual = work / "legacy-operations-manual.md"
    manual.write_text(legacy_manual(args.rules, seed=1), encoding="utf-8")
    embedder = _embedder(args.embedder)
    base_dir = work / "base"
    root = Root(settings=Settings(data_dir=base_dir, progress=False), embedder=embedder)
    for path in sorted((sample_corpus_dir() / "complaints").iterdir()):
        root.ingest.complaints(data=path.read_bytes(), filename=path.name)
    complaints = root.library.complaint_count()
    root.close()

    server, api_base = _server(args.delay)
    runs = []
    try:
        for concurrency in args.concurrency:
            # Each run in a fresh process, as a command-line batch would be.
            data_dir = work / f"c{concurrency}"
            shutil.copytree(base_dir, data_dir)
            found = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--one",
                    str(data_dir),
                    "--manual",
                    str(manual),
                    "--api-base",
                    api_base,
                    "--concurrency",
                    str(concurrency),
                    "--delay",
                    str(args.delay),
                    "--embedder",
                    args.embedder,
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            run = json.loads(found.stdout.strip().splitlines()[-1])
            runs.append(run)
            print(
                f"C={concurrency:>3}: {run['drafted']} of {run['rules']} rules drafted "
                f"({run['rules'] - run['restrictive']} skipped, {run['failed']} failed); ingest "
                f"{run['ingest_s']:.2f} s; drafting {run['drafting_s']:.2f} s vs ideal "
                f"{run['ideal_s']:.2f} s: ratio {run['ratio']:.3f} "
                f"({'within' if run['within_bound'] else 'OVER'} {BOUND} x ideal + ingest); "
                f"model calls {run['model_calls']} "
                f"({'=' if run['calls_equal_drafted'] else '!='} {run['drafted']} drafted)",
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
