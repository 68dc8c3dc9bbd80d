"""Where datasets, results and the Terms of Service corpus are found by default."""

from __future__ import annotations

from pathlib import Path

from service.core.bundled import bundled_dir
from service.core.errors import NotFound
from service.evaluation.datasets import available

# The checkout's evaluations/ folder; an installed wheel has none, so folders must be given.
_EVALUATIONS = bundled_dir("evaluations", "datasets")


def datasets_root() -> Path | None:
    return _EVALUATIONS / "datasets" if _EVALUATIONS else None


def all_datasets(root: Path | None) -> list[Path]:
    found = available(root)
    if not found:
        raise NotFound("no datasets found: pass --dataset with a folder holding dataset.json")
    return found


def results_dir() -> Path:
    return _EVALUATIONS / "results" if _EVALUATIONS else Path("evaluation-results")


def default_terms() -> Path | None:
    """The CLAUDETTE sentences beside a checkout (../shared/data/claudette), if present."""
    if _EVALUATIONS is None:
        return None
    return _EVALUATIONS.parent.parent / "shared" / "data" / "claudette" / "sentences_en.jsonl"
