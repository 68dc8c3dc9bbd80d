"""Recall and precision of personal-data masking on the datasets' labelled complaints.

    python evaluations/personal_data_recall.py [--dataset NAME ...] [--misses]

Each complaint's gold `personal_data` lists what is in it, exactly as written. An item is
*caught* when every one of its characters (bar spaces and punctuation) is masked. A masked
span is *right* when it overlaps a labelled item. Held-out datasets are reported as counts
only; `--misses` prints what was missed and what was masked wrongly, for the others.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from service.core.personal_data import find, names_in
from service.evaluation.datasets import load_dataset
from service.ingest.complaints import read_complaints

DATASETS = Path(__file__).parent / "datasets"


def spans_of(item: str, text: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(item)
    while at >= 0:
        spans.append((at, at + len(item)))
        at = text.find(item, at + 1)
    return spans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", action="append", default=[])
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    names = args.dataset or sorted(p.parent.name for p in DATASETS.glob("*/dataset.json"))
    total: Counter[str] = Counter()
    print(
        f"{'dataset':36} {'items':>5} {'caught':>6} {'recall':>6} {'masks':>5} {'right':>5} {'prec.':>6}"
    )
    for name in names:
        dataset = load_dataset(DATASETS / name)
        held = dataset.info.held_out
        columns = dataset.info.columns
        counts: Counter[str] = Counter()
        for path in dataset.complaint_files:
            read = read_complaints(
                path.read_bytes(),
                path.name,
                max_bytes=10**9,
                max_chars=10**6,
                text_column=columns.get("text"),
                id_column=columns.get("id"),
            )
            for complaint in read.complaints:
                gold = dataset.complaints.get(complaint.id)
                if gold is None:
                    continue
                text = complaint.text
                found = find(text, names=names_in(complaint.metadata))
                masked = [False] * len(text)
                for f in found:
                    masked[f.start : f.end] = [True] * (f.end - f.start)
                labelled = [s for item in gold.personal_data for s in spans_of(item, text)]
                for item in gold.personal_data:
                    counts["items"] += 1
                    where = spans_of(item, text)
                    caught = bool(where) and all(
                        masked[i] or not text[i].isalnum() for a, b in where for i in range(a, b)
                    )
                    counts["caught"] += caught
                    if not caught and args.misses and not held:
                        print(f"  missed {complaint.id}: {item!r}")
                for f in found:
                    counts["masks"] += 1
                    right = any(f.start < b and a < f.end for a, b in labelled)
                    counts["right"] += right
                    if not right and args.misses and not held:
                        print(f"  wrong  {complaint.id}: [{f.kind}] {text[f.start : f.end]!r}")
        total.update(counts)
        label = name + (" (held out)" if held else "")
        print(_row(label, counts))
    print(_row("all", total))
    return 0


def _row(label: str, c: Counter[str]) -> str:
    recall = c["caught"] / c["items"] if c["items"] else 1.0
    precision = c["right"] / c["masks"] if c["masks"] else 1.0
    return (
        f"{label:36} {c['items']:5} {c['caught']:6} {recall:6.1%} "
        f"{c['masks']:5} {c['right']:5} {precision:6.1%}"
    )


if __name__ == "__main__":
    sys.exit(main())
