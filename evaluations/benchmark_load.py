"""Many reviewers at once: throughput and latency of the review API against PostgreSQL, and
a check of the audit trail afterwards.

    python evaluations/benchmark_load.py [--suggestions 10000] [--users 50] [--run-time 60]
                                         [--workers 2] [--wait 0,0] [--page 20]
                                         [--postgres postgresql://postgres@127.0.0.1:5432]

Target: p95 under 300 ms for the queue, one suggestion and a decision, with 10,000
suggestions stored and 50 reviewers at once; no errors; no decision lost or duplicated.

1. Creates a fresh PostgreSQL database (`loadtest_<pid>_<time>`, dropped at the end) and a
   data folder in a temporary directory; ingests the bundled sample corpus, drafts every
   restrictive rule with the built-in drafter, and copies those suggestions (new ids, varied
   evidence strength and age) straight into the store up to N rows, then adds one reviewer
   with its own API token per simulated user.
2. Starts the server as in production, a separate process: `policy-rewriter serve
   --workers W` on a free port of 127.0.0.1, and waits for `/api/health`.
3. Runs locust headless (`evaluations/locustfile.py`), bounded by `--run-time` and the user
   count: each reviewer opens a page of the pending queue, one suggestion from it, and
   decides it; two reviewers deciding the same suggestion get a 409 naming the first one.
4. Stops the server and reads the audit trail: every decision answered 2xx must be there
   exactly once (lost: answered 2xx but not in the audit; duplicated: one suggestion version
   decided twice); every 409 must carry the documented body and name a decision the audit
   holds; nothing may be in the audit that no reviewer was told about.
5. Prints requests/s and p50/p95/p99 per endpoint, errors, conflicts, lost and duplicated
   decisions, and saves them with the machine's CPU count and load average to
   `evaluations/results/benchmark-load-<date>.json`.

Locust, the server's workers and PostgreSQL share the machine: on 2 cores the client takes a
good part of one, so these figures are a lower bound on what the server does alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import psutil
import psycopg
from sqlalchemy import func, insert, inspect, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaluations.saving import save_results
from service.core.process import configure_process
from service.core.settings import Settings
from service.corpus import sample_corpus_dir
from service.drafting.models import LOCAL_MODELS
from service.index.embeddings import HashingEmbedder
from service.stages.root import Root
from service.store.models import AuditRow, DecisionRow, SuggestionRow

HERE = Path(__file__).resolve().parent
TARGET_MS = 300.0
ENDPOINTS = ("queue", "suggestion", "decision")


# --- the database ---------------------------------------------------------------------------


def create_database(server: str) -> tuple[str, str]:
    """A new, empty database on `server`; (its name, its SQLAlchemy URL)."""
    name = f"loadtest_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return name, f"{server}/{name}"


def drop_database(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def settings_for(folder: Path, url: str) -> Settings:
    return Settings(
        data_dir=folder,
        database_url=url,
        progress=False,
        model="builtin",
        embedding_model="hashing",
        _env_file=None,
    )


def seed(settings: Settings, suggestions: int, users: int, rng: random.Random) -> dict[str, Any]:
    """The sample corpus, its drafts copied up to `suggestions`, and one token per reviewer."""
    started = time.perf_counter()
    root = Root(settings=settings, embedder=HashingEmbedder())
    try:
        corpus = sample_corpus_dir()
        for path in sorted((corpus / "manuals").iterdir()):
            root.ingest.manual(data=path.read_bytes(), filename=path.name)
        for path in sorted((corpus / "complaints").iterdir()):
            root.ingest.complaints(data=path.read_bytes(), filename=path.name)
        root.drafting.draft([r.id for r in root.library.rules() if r.restrictive])
        drafted_at = time.perf_counter()
        keys = [attr.key for attr in inspect(SuggestionRow).column_attrs]
        now = datetime.now(UTC)
        with root.db.session() as session:
            drafted = list(session.scalars(select(SuggestionRow)))
            copies = []
            for i in range(max(0, suggestions - len(drafted))):
                values = {key: getattr(drafted[i % len(drafted)], key) for key in keys}
                values.update(
                    id=uuid4().hex,
                    evidence_strength=round(rng.uniform(0.0, 4.0), 3),
                    created_at=now - timedelta(minutes=rng.randint(0, 90 * 24 * 60)),
                    version=1,
                    review="pending",
                )
                copies.append(values)
            for start in range(0, len(copies), 2000):
                session.execute(insert(SuggestionRow), copies[start : start + 2000])
        tokens = [
            root.people.add_user(f"reviewer{i:03d}", ["reviewer"], password=None).token
            for i in range(users)
        ]
        with root.db.session() as session:
            stored = session.scalar(select(func.count(SuggestionRow.id))) or 0
            ready = (
                session.scalar(
                    select(func.count(SuggestionRow.id)).where(SuggestionRow.status == "ready")
                )
                or 0
            )
        return {
            "tokens": tokens,
            "suggestions": stored,
            "ready": ready,
            "drafted": len(drafted),
            "seconds_to_draft": round(drafted_at - started, 1),
            "seconds_to_copy": round(time.perf_counter() - drafted_at, 1),
        }
    finally:
        root.close()


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_command(folder: Path, port: int, workers: int) -> list[str]:
    command = [str(Path(sys.executable).parent / "policy-rewriter"), "--data-dir", str(folder)]
    command += ["serve", "--host", "127.0.0.1", "--port", str(port)]
    return command + (["--workers", str(workers)] if workers > 1 else [])


def start_server(command: list[str], env: dict[str, str], url: str, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        command,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop_server(process)
    raise RuntimeError(f"the server did not answer in 60 s: {log.read_text()[-2000:]}")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def profile(pid: int, out: Path, seconds: int) -> subprocess.Popen:
    """py-spy sampling the server and its workers while the load runs."""
    command = [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid)]
    command += ["--subprocesses", "--format", "raw", "--output", str(out)]
    command += ["--duration", str(seconds), "--nonblocking"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL)


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def server_processes(pid: int) -> list[psutil.Process]:
    parent = psutil.Process(pid)
    return [parent, *parent.children(recursive=True)]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- the load -------------------------------------------------------------------------------


def run_locust(
    url: str, args: argparse.Namespace, work: Path, tokens: list[str]
) -> tuple[list[str], Path, Path]:
    (work / "tokens.json").write_text(json.dumps(tokens))
    record = work / "decisions.jsonl"
    record.write_text("")
    figures = work / "locust.json"
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{args.run_time}s",
        "--stop-timeout",
        "10",
        "--host",
        url,
        "--json-file",
        str(figures.with_suffix("")),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {
        **os.environ,
        "LOAD_TOKENS": str(work / "tokens.json"),
        "LOAD_RECORD": str(record),
        "LOAD_WAIT": args.wait,
        "LOAD_PAGE": str(args.page),
    }
    subprocess.run(command, env=env, check=False, timeout=args.run_time + 120)
    return command, figures, record


def read_stats(path: Path) -> dict[str, dict[str, Any]]:
    """Per endpoint and overall: requests, errors, requests/s, p50/p95/p99/max, mean size.
    From locust's final JSON (its response-time histogram), so every request counts."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    if not entries:
        return {}
    started = min(e["start_time"] for e in entries)
    ended = max(e["last_request_timestamp"] or started for e in entries)
    seconds = max(ended - started, 1e-9)

    def figures(group: list[dict[str, Any]]) -> dict[str, Any]:
        times: Counter[float] = Counter()
        for entry in group:
            times.update({float(k): v for k, v in entry["response_times"].items()})
        requests = sum(e["num_requests"] for e in group)
        return {
            "requests": requests,
            "errors": sum(e["num_failures"] for e in group),
            "requests_per_s": round(requests / seconds, 1),
            "p50_ms": _percentile(times, 0.50),
            "p95_ms": _percentile(times, 0.95),
            "p99_ms": _percentile(times, 0.99),
            "max_ms": round(max(e["max_response_time"] or 0 for e in group), 1),
            "mean_kb": round(
                sum(e["total_content_length"] for e in group) / max(requests, 1) / 1024, 1
            ),
        }

    stats = {entry["name"]: figures([entry]) for entry in entries}
    stats["all"] = figures(entries)
    return stats


def _percentile(times: Counter[float], share: float) -> float | None:
    """Nearest rank over locust's histogram (times rounded as locust rounds them)."""
    total = sum(times.values())
    if not total:
        return None
    rank, seen = max(1, round(share * total + 0.5 - 1e-9)), 0
    for value in sorted(times):
        seen += times[value]
        if seen >= rank:
            return round(value, 1)
    return round(max(times), 1)


# --- the audit check ------------------------------------------------------------------------


def check_audit(settings: Settings, record: Path) -> dict[str, Any]:
    """Every 2xx decision once in the audit trail; every 409 documented and naming a decision
    the audit holds; nothing in the audit no reviewer was told about."""
    answers = [json.loads(line) for line in record.read_text().splitlines() if line.strip()]
    accepted = [a for a in answers if 200 <= a["status"] < 300]
    conflicts = [a for a in answers if a["status"] == 409]
    root = Root(settings=settings, embedder=HashingEmbedder())
    try:
        with root.db.session() as session:
            audit = list(
                session.execute(
                    select(
                        AuditRow.suggestion_id, AuditRow.actor, AuditRow.action, AuditRow.detail
                    ).where(AuditRow.action.like("suggestion.%"))
                )
            )
            decision_rows = list(
                session.execute(
                    select(
                        DecisionRow.id, DecisionRow.suggestion_id, DecisionRow.suggestion_version
                    )
                )
            )
            decided = (
                session.scalar(
                    select(func.count(SuggestionRow.id)).where(SuggestionRow.review != "pending")
                )
                or 0
            )
    finally:
        root.close()
    in_audit: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for suggestion, actor, action, detail in audit:
        in_audit[(suggestion, int(detail["version"]))].append((actor, action))
    decision_ids = {row.id for row in decision_rows}
    per_version = Counter((row.suggestion_id, row.suggestion_version) for row in decision_rows)
    told = {(a["suggestion"], a["version"]) for a in accepted}
    lost = [
        a
        for a in accepted
        if (a["reviewer"], f"suggestion.{a['action']}")
        not in in_audit[(a["suggestion"], a["version"])]
        or a["decision"] not in decision_ids
    ]
    duplicated = [key for key, found in in_audit.items() if len(found) > 1]
    duplicated += [key for key, n in per_version.items() if n > 1 and key not in duplicated]
    untold = [key for key in in_audit if key not in told]
    undocumented = [c for c in conflicts if not c.get("documented")]
    # A 409 names the decision that came first: the audit must hold it, by that reviewer.
    unnamed = [
        c
        for c in conflicts
        if c.get("documented")
        and not any(
            actor == c.get("decided_by")
            for version in range(c["version"], c["current_version"])
            for actor, _ in in_audit[(c["suggestion"], version)]
        )
    ]
    return {
        "decisions_2xx": len(accepted),
        "audit_entries": len(audit),
        "suggestions_decided": decided,
        "conflicts_409": len(conflicts),
        "conflicts_undocumented": len(undocumented),
        "conflicts_naming_no_audited_decision": len(unnamed),
        "other_answers": len(answers) - len(accepted) - len(conflicts),
        "lost": len(lost),
        "duplicated": len(duplicated),
        "in_audit_without_2xx": len(untold),
        "examples": {"lost": lost[:3], "duplicated": duplicated[:3], "untold": untold[:3]},
    }


# --- main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suggestions", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", type=int, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--wait", default="0,0", help="each reviewer's pause between steps, s")
    parser.add_argument("--page", type=int, default=20, help="queue page size")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--py-spy",
        type=Path,
        help="sample the server with py-spy into this file (collapsed stacks)",
    )
    args = parser.parse_args()
    if not args.postgres.startswith("postgresql://postgres@127.0.0.1"):
        host = args.postgres.split("@")[-1]
        if not host.startswith(("127.0.0.1", "localhost")):
            parser.error("the load goes to 127.0.0.1 only: give a local PostgreSQL")
    configure_process(local_models=LOCAL_MODELS)
    rng = random.Random(args.seed)
    name, url = create_database(args.postgres)
    print(f"database {name}")
    try:
        with tempfile.TemporaryDirectory(prefix="prw-load-") as tmp:
            work = Path(tmp)
            settings = settings_for(work / "data", url)
            seeded = seed(settings, args.suggestions, args.users, rng)
            # As autovacuum would have it after a while: planner statistics, visibility map.
            with psycopg.connect(f"{args.postgres}/{name}", autocommit=True) as connection:
                connection.execute("VACUUM ANALYZE")
            print(
                f"seeded {seeded['suggestions']:,} suggestions ({seeded['ready']:,} ready) and "
                f"{args.users} reviewers: {seeded['seconds_to_draft']} s to draft "
                f"{seeded['drafted']}, {seeded['seconds_to_copy']} s to copy"
            )
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            command = server_command(work / "data", port, args.workers)
            env = {
                **os.environ,
                "POLICY_REWRITER_DATABASE_URL": url,
                "POLICY_REWRITER_EMBEDDING_MODEL": "hashing",
                "POLICY_REWRITER_MODEL": "builtin",
            }
            server = start_server(command, env, base, work / "server.log")
            profiler = profile(server.pid, args.py_spy, args.run_time) if args.py_spy else None
            try:
                before = {
                    "server": cpu_seconds(server_processes(server.pid)),
                    "client": children_cpu(),
                }
                locust, stats_csv, record = run_locust(base, args, work, seeded["tokens"])
                # The server's and the client's CPU time under the load: what a request
                # costs, whatever else the machine is doing at the time.
                cpu = {
                    "server": cpu_seconds(server_processes(server.pid)) - before["server"],
                    "client": children_cpu() - before["client"],
                }
            finally:
                if profiler is not None:
                    profiler.wait(timeout=60)
                stop_server(server)
            if not stats_csv.exists():
                raise RuntimeError(
                    f"locust wrote no figures; server log:\n{(work / 'server.log').read_text()[-2000:]}"
                )
            stats = read_stats(stats_csv)
            audit = check_audit(settings, record)
    finally:
        if not args.keep_db:
            drop_database(args.postgres, name)
    results = {
        "date": datetime.now().strftime("%Y-%m-%d-%H%M%S"),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
        },
        "setup": {
            "suggestions": seeded["suggestions"],
            "ready": seeded["ready"],
            "users": args.users,
            "run_time_s": args.run_time,
            "spawn_rate": args.spawn_rate,
            "workers": args.workers,
            "wait_s": args.wait,
            "page": args.page,
            "server": " ".join(["policy-rewriter", *command[1:]]).replace(str(work), "$TMP"),
            "locust": " ".join(["locust", *locust[1:]]).replace(str(work), "$TMP"),
        },
        "endpoints": stats,
        "audit": audit,
    }
    everything = stats.get("all", {})
    served = max(everything.get("requests", 0), 1)
    results["cpu_ms_per_request"] = {k: round(v * 1000 / served, 2) for k, v in cpu.items()}
    results["errors"] = everything.get("errors")
    results["p95_under_300ms"] = all(
        (stats.get(e, {}).get("p95_ms") or float("inf")) < TARGET_MS for e in ENDPOINTS
    )
    print(
        f"\n{args.users} reviewers, {args.run_time} s, {args.workers} worker(s), "
        f"{seeded['suggestions']:,} suggestions, wait {args.wait} s"
    )
    print(
        f"{'endpoint':26} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'KB':>6}"
    )
    for endpoint, row in stats.items():
        print(
            f"{endpoint:26} {row['requests']:8} {row['errors']:6} {row['requests_per_s']:7} "
            f"{row['p50_ms']!s:>6} {row['p95_ms']!s:>6} {row['p99_ms']!s:>6} {row['mean_kb']:6}"
        )
    print(
        f"decisions answered 2xx: {audit['decisions_2xx']}, in the audit: "
        f"{audit['audit_entries']}, lost: {audit['lost']}, duplicated: {audit['duplicated']}, "
        f"in the audit without a 2xx: {audit['in_audit_without_2xx']}; 409s: "
        f"{audit['conflicts_409']} (undocumented: {audit['conflicts_undocumented']}, naming no "
        f"audited decision: {audit['conflicts_naming_no_audited_decision']})"
    )
    print(
        "CPU per request: "
        + ", ".join(f"{k} {v} ms" for k, v in results["cpu_ms_per_request"].items())
        + f"; load average {results['machine']['load_average']}"
    )
    print(f"p95 under {TARGET_MS:.0f} ms for {', '.join(ENDPOINTS)}: {results['p95_under_300ms']}")
    save_results("benchmark-load", results)


if __name__ == "__main__":
    main()
