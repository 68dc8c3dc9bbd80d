"""Train the learned part of the rule classifier on the datasets' gold labels.

    python evaluations/train_rule_classifier.py [--check] [--folds 10]

Reads every evaluation dataset that is not held out, splits its manuals into rules as ingest
does, and pairs each gold rule with the shortest rule that holds its quote. Features: the
rule's all-MiniLM-L6-v2 embedding (after its list's lead-in) and the cues' score and decision
(`service/ingest/learned.py`). A logistic regression is fitted on all of them and written to
`service/ingest/restrictive_weights.json`, with the figures of a cross-validation that keeps
each dataset whole in one fold: what the weights do on manuals they were not trained on, beside
what the cues alone do there. `--check` measures and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from service.core.process import configure_process
from service.evaluation.datasets import load_dataset
from service.evaluation.observe import rule_of_quote
from service.index.embeddings import MiniLMEmbedder
from service.ingest.classify import PatternClassifier, reading
from service.ingest.learned import EMBEDDING, WEIGHTS, cue_features, readable
from service.ingest.manuals import parse_manual

DATASETS = Path(__file__).parent / "datasets"
C = 1.0  # 0.3, 1 and 3 gave the same cross-validated F1 (0.91) on 106 datasets
# 0.5 gave F1 0.910 here but flagged 0.36 of the untagged sentences of real Terms of Service
# (CLAUDETTE) against the cues' 0.28; 0.55 gives 0.909, 0.33, and keeps the cues' recall of the
# clearly unfair clauses (0.65 against 0.64)
THRESHOLD = 0.55


def examples(names: list[str]) -> tuple[list[str], list[list[float]], list[bool], list[str]]:
    cues = PatternClassifier()
    texts, cue_rows, labels, groups = [], [], [], []
    for name in names:
        dataset = load_dataset(DATASETS / name)
        for path in dataset.manuals:
            parsed = parse_manual(
                data=path.read_bytes(),
                filename=path.name,
                manual_id="m",
                max_bytes=50_000_000,
                classifier=cues,
            )
            for gold in dataset.rules.get(path.name, []):
                rule = rule_of_quote(gold.quote, parsed.rules)
                if rule is None:
                    continue
                _, score = cues.scored(rule.text, lead_in=rule.lead_in)
                texts.append(reading(rule.text, rule.lead_in))
                cue_rows.append(cue_features(score))
                labels.append(gold.restrictive)
                groups.append(name)
    return texts, cue_rows, labels, groups


def f1(predicted: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    hits = float((predicted & gold).sum())
    precision = hits / max(1.0, float(predicted.sum()))
    recall = hits / max(1.0, float(gold.sum()))
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(2 * hits / max(1.0, float(predicted.sum() + gold.sum())), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="measure, write nothing")
    parser.add_argument("--folds", type=int, default=10)
    args = parser.parse_args(argv)
    configure_process()
    names = sorted(
        p.parent.name
        for p in DATASETS.glob("*/dataset.json")
        if not load_dataset(p.parent).info.held_out
    )
    texts, cue_rows, labels, groups = examples(names)
    vectors = MiniLMEmbedder().embed(texts).astype(np.float64)
    features = np.hstack([vectors, np.asarray(cue_rows)])
    gold = np.asarray(labels)
    cue_says = np.asarray(cue_rows)[:, 1] > 0.5
    learned = np.zeros(len(gold), dtype=bool)
    for train, test in GroupKFold(n_splits=args.folds).split(features, gold, groups):
        model = LogisticRegression(C=C, max_iter=3000).fit(features[train], gold[train])
        learned[test] = model.predict_proba(features[test])[:, 1] >= THRESHOLD
    learned = np.where([readable(text) for text in texts], learned, cue_says)
    figures = {
        "rules": len(gold),
        "datasets": len(names),
        "folds": args.folds,
        "cues": f1(cue_says, gold),
        "learned": f1(learned, gold),
    }
    print(json.dumps(figures, indent=2))
    if args.check:
        return 0
    model = LogisticRegression(C=C, max_iter=3000).fit(features, gold)
    WEIGHTS.write_text(
        json.dumps(
            {
                "embedding": EMBEDDING,
                "features": "embedding of the rule after its lead-in, then the cues' score / 3 "
                "bounded to [-1, 1] and their decision (1 or 0)",
                "trained": datetime.now(UTC).date().isoformat(),
                "trained_on": names,
                "cross_validation": figures,
                "threshold": THRESHOLD,
                "intercept": round(float(model.intercept_[0]), 6),
                "coefficients": [round(float(w), 6) for w in model.coef_[0]],
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {WEIGHTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
