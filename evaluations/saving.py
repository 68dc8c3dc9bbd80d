"""Save a benchmark's dated results under evaluations/results/."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def save_results(stem: str, results: dict[str, object]) -> Path:
    """Write `results` to evaluations/results/<stem>-<date>.json and say where."""
    out = ROOT / "evaluations" / "results" / f"{stem}-{results['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"saved {out.relative_to(ROOT)}")
    return out
