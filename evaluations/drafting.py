"""Drafting outcomes on the sample corpus and the held-out manuals, for any model.

    python evaluations/drafting.py [--model builtin] [--api-base URL] [--json]

Ingests each gold set into a fresh data dir, drafts every restrictive rule (with its
complaint evidence, or none), and prints how many suggestions came out ready or blocked,
which checks failed, the share of complaint citations verified, and tokens, cost and time
per rule. Results are saved under evaluations/results/ with the date and the model.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaluations.gold import GoldSet, heldout, sample_corpus, save_results
from service.core.settings import Settings
from service.workspace import Workspace


def evaluate(gold: GoldSet, data_dir: Path, model: str, api_base: str | None) -> dict[str, object]:
    workspace = Workspace(Settings(data_dir=data_dir, progress=False))  # type: ignore[call-arg]
    for path in gold.manuals:
        workspace.ingest_manual(data=path.read_bytes(), filename=path.name)
    for path in gold.complaint_files:
        workspace.ingest_complaints(data=path.read_bytes(), filename=path.name)
    restrictive = [r.id for r in workspace.rules() if r.restrictive]
    with_evidence = {c.rule_id for c in workspace.conflicts()}
    begin = time.perf_counter()
    suggestions = workspace.draft(restrictive, model=model, api_base=api_base)
    seconds = time.perf_counter() - begin
    workspace.close()
    failed = Counter(c.name for s in suggestions for c in s.checks if not c.passed)
    cited = [c for s in suggestions for c in s.citations if c.source == "complaint"]

    def ready_share(ids: set[str]) -> float:
        chosen = [s for s in suggestions if s.rule_id in ids]
        return round(sum(s.status == "ready" for s in chosen) / len(chosen), 3) if chosen else 1.0

    return {
        "restrictive_rules": len(restrictive),
        "ready": sum(s.status == "ready" for s in suggestions),
        "blocked": sum(s.status == "blocked" for s in suggestions),
        "ready_share_with_complaints": ready_share(with_evidence),
        "ready_share_without_complaints": ready_share(set(restrictive) - with_evidence),
        "failed_checks": dict(failed),
        "complaint_citations": len(cited),
        "complaint_citations_verified": sum(c.verified for c in cited),
        "prompt_tokens": sum(s.usage.prompt_tokens for s in suggestions),
        "completion_tokens": sum(s.usage.completion_tokens for s in suggestions),
        "cost_usd": round(sum(s.usage.cost or 0.0 for s in suggestions), 4),
        "seconds_per_rule": round(seconds / max(len(suggestions), 1), 3),
        "blocked_examples": [
            {"rule": s.rule_id, "failed": [c.detail for c in s.checks if not c.passed]}
            for s in suggestions
            if s.status == "blocked"
        ][:10],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="builtin")
    parser.add_argument("--api-base", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, object] = {"date": date.today().isoformat(), "model": args.model}
    for gold in (sample_corpus(), heldout()):
        with tempfile.TemporaryDirectory() as folder:
            results[gold.name] = evaluate(gold, Path(folder), args.model, args.api_base)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, figures in results.items():
            if isinstance(figures, dict):
                print(f"== {name}")
                for key, value in figures.items():
                    print(f"  {key:32} {value}")
    save_results(f"drafting-{args.model.replace('/', '_')}", results)


if __name__ == "__main__":
    main()
