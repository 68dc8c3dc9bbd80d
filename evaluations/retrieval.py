"""Classification and retrieval quality on the sample corpus and the held-out manuals.

    python evaluations/retrieval.py [--heldout-only] [--json]

Ingests each gold set into a fresh data dir with the default (offline) embedder, then
prints: restrictive and legal-basis precision/recall/F1 against the gold rules, clause
recovery, recall@1/@3 of complaint -> rules, and how the conflict evidence relation does
(precision and recall of complaint-rule pairs, share of off-topic complaints kept out).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaluations.gold import GoldSet, heldout, sample_corpus, squash
from service.core.settings import Settings
from service.workspace import Workspace


def prf(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def evaluate(gold: GoldSet, data_dir: Path) -> dict[str, object]:
    workspace = Workspace(Settings(data_dir=data_dir, progress=False))
    for path in gold.manuals:
        workspace.ingest_manual(data=path.read_bytes(), filename=path.name)
    for path in gold.complaint_files:
        workspace.ingest_complaints(data=path.read_bytes(), filename=path.name)
    rules = workspace.rules()
    manual_of = {p.name: p.stem for p in gold.manuals}

    def rule_for(manual_file: str, quote: str) -> str | None:
        hits = [
            r
            for r in rules
            if r.manual == manual_of[manual_file] and squash(quote) in squash(r.text)
        ]
        return min(hits, key=lambda r: len(r.text)).id if hits else None

    restrictive, legal, found = [], [], 0
    for item in gold.rules:
        rid = rule_for(item.manual, item.quote)
        if rid is None:
            continue
        found += 1
        rule = next(r for r in rules if r.id == rid)
        restrictive.append((item.restrictive, rule.restrictive))
        legal.append((item.legal_basis is not None, rule.legal_basis is not None))

    at1 = at3 = asked = 0
    gold_pairs: set[tuple[str, str]] = set()
    for complaint_id, refs in gold.complaints.items():
        wanted = {rule_for(m, q) for m, q in refs} - {None}
        gold_pairs.update((complaint_id, rid) for rid in wanted if rid)
        if not wanted:
            continue
        ranked = [m.rule_id for m in workspace.rules_for_complaint(complaint_id, top=3)]
        asked += 1
        at1 += bool(ranked[:1] and ranked[0] in wanted)
        at3 += bool(wanted & set(ranked))

    conflicts = workspace.conflicts()
    predicted = {(e.id, c.rule_id) for c in conflicts for e in c.complaints}
    off_topic = [cid for cid, refs in gold.complaints.items() if not refs]
    kept_out = sum(1 for cid in off_topic if not any(p[0] == cid for p in predicted))
    true_pairs = len(predicted & gold_pairs)
    workspace.close()
    return {
        "set": gold.name,
        "clauses_recovered": f"{found}/{len(gold.rules)}",
        "extracted_rules": len(rules),
        "restrictive": prf(restrictive),
        "legal_basis": prf(legal),
        "recall_at_1": round(at1 / asked, 3),
        "recall_at_3": round(at3 / asked, 3),
        "complaints_about_a_rule": asked,
        "evidence_pairs": {
            "precision": round(true_pairs / len(predicted), 3) if predicted else 1.0,
            "recall": round(true_pairs / len(gold_pairs), 3) if gold_pairs else 1.0,
            "predicted": len(predicted),
            "gold": len(gold_pairs),
        },
        "off_topic_kept_out": f"{kept_out}/{len(off_topic)}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--heldout-only", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sets = [heldout()] if args.heldout_only else [sample_corpus(), heldout()]
    results = []
    for gold in sets:
        with tempfile.TemporaryDirectory() as folder:
            results.append(evaluate(gold, Path(folder)))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for result in results:
        print(f"== {result['set']}")
        for key, value in result.items():
            if key != "set":
                print(f"  {key:24} {value}")


if __name__ == "__main__":
    main()
