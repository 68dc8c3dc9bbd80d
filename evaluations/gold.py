"""Load gold labels, match them to what the product extracted, and save dated results
(shared by evaluations)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class GoldRule:
    manual: str
    quote: str
    number: str | None
    restrictive: bool
    legal_basis: str | None


@dataclass(frozen=True)
class GoldSet:
    """A set of manuals, complaint files and their gold labels."""

    name: str
    manuals: list[Path]
    complaint_files: list[Path]
    rules: list[GoldRule]
    complaints: dict[str, list[tuple[str, str]]]  # complaint id -> [(manual, quote)]


def _load(name: str, manuals_dir: Path, complaints_dir: Path, gold_dir: Path) -> GoldSet:
    rules: list[GoldRule] = []
    complaints: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(gold_dir.glob("*.rules.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data["rules"]:
            rules.append(
                GoldRule(
                    data["manual"],
                    item["quote"],
                    item.get("number"),
                    bool(item["restrictive"]),
                    item.get("legal_basis"),
                )
            )
    for path in sorted(gold_dir.glob("*.complaints.json")):
        for cid, refs in json.loads(path.read_text(encoding="utf-8")).items():
            complaints[cid] = [(ref["manual"], ref["quote"]) for ref in refs]
    return GoldSet(
        name=name,
        manuals=sorted(p for p in manuals_dir.iterdir() if p.is_file()),
        complaint_files=sorted(p for p in complaints_dir.iterdir() if p.is_file()),
        rules=rules,
        complaints=complaints,
    )


def sample_corpus() -> GoldSet:
    return _load(
        "sample corpus",
        ROOT / "corpus" / "manuals",
        ROOT / "corpus" / "complaints",
        ROOT / "evaluations" / "gold",
    )


def heldout() -> GoldSet:
    base = ROOT / "evaluations" / "heldout"
    return _load("held-out", base / "manuals", base / "complaints", base / "gold")


def match_rule(gold: GoldRule, rules: list[dict]) -> dict | None:
    """The extracted rule whose text contains the gold quote (whitespace-insensitive)."""
    quote = squash(gold.quote)
    hits = [r for r in rules if quote in squash(r["text"])]
    return (
        hits[0] if len(hits) == 1 else (min(hits, key=lambda r: len(r["text"])) if hits else None)
    )


def save_results(stem: str, results: dict[str, object]) -> Path:
    """Write `results` to evaluations/results/<stem>-<date>.json and say where."""
    out = ROOT / "evaluations" / "results" / f"{stem}-{results['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"saved {out.relative_to(ROOT)}")
    return out
