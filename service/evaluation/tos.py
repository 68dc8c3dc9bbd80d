"""The rule classifier on real consumer Terms of Service with lawyers' unfair-clause tags.

The corpus (CLAUDETTE, CC BY 4.0) is not shipped with the project: it is read from where it
is given, and the evaluation says so and goes on when it is not there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from service.evaluation import stats
from service.evaluation.stats import Figure
from service.ingest.classify import RuleClassifier


class TermsOfServiceResult(BaseModel):
    source: str
    skipped: str | None = None
    documents: int = 0
    sentences: int = 0
    figures: dict[str, Figure] = {}
    by_category: dict[str, Figure] = {}


def evaluate_terms(path: Path, classifier: RuleClassifier) -> TermsOfServiceResult:
    """Share of clearly unfair clauses flagged restrictive, and of untagged sentences flagged."""
    if not path.is_file():
        return TermsOfServiceResult(source=str(path), skipped=f"{path} is not there")
    unfair: list[bool] = []
    potentially: list[bool] = []
    untagged: list[bool] = []
    categories: dict[str, list[bool]] = {}
    documents: set[str] = set()
    read: list[tuple[str, list[dict[str, Any]]]] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                read.append((item["text"], item.get("labels", [])))
                documents.add(item.get("doc", ""))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                return TermsOfServiceResult(
                    source=str(path), skipped=f"line {number} of {path} is not usable: {exc}"
                )
    verdicts = classifier.classify_all([(text, "", None) for text, _ in read])
    for (_, labels), verdict in zip(read, verdicts, strict=True):
        flagged = verdict.restrictive
        severity = max((label["severity"] for label in labels), default=0)
        if severity == 3:
            unfair.append(flagged)
            for label in labels:
                if label["severity"] == 3:
                    categories.setdefault(label["category_name"], []).append(flagged)
        elif severity == 2:
            potentially.append(flagged)
        elif not labels:
            untagged.append(flagged)
    return TermsOfServiceResult(
        source=str(path),
        documents=len(documents),
        sentences=len(unfair) + len(potentially) + len(untagged),
        figures={
            "unfair_flagged": stats.share(unfair),
            "potentially_unfair_flagged": stats.share(potentially),
            "untagged_flagged": stats.share(untagged, better="lower"),
        },
        by_category={name: stats.share(flags) for name, flags in sorted(categories.items())},
    )
