"""Ingest throughput against the raw embedding model, and conflict look-up latency.

    python evaluations/benchmark_ingest.py [--complaints 10000] [--lookup-complaints 100000]
                                           [--source PATH_TO_CSV]

1. Builds N complaint texts (from a CSV with a `narrative`/`text` column, e.g. a CFPB
   export, each made unique; else from the sample corpus), times the raw model
   (`SentenceTransformer.encode`, same batch size) and the full pipeline
   (`Root.ingest.complaints`: parse, dedupe, embed, vector store, database, BM25) in
   the same run, and prints both rates and their ratio.
2. Stores M complaints with precomputed vectors (noisy copies of the real ones), then
   times `Root.matching.conflict(rule)` for a sample of rules: p50 and p95.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaluations.saving import save_results
from service.core.process import configure_process
from service.core.sentences import sentence_spans
from service.core.settings import Settings
from service.drafting.models import LOCAL_MODELS
from service.index.embeddings import MiniLMEmbedder
from service.index.indexer import pack, rebuild_complaint_keywords
from service.index.vectors import COMPLAINTS
from service.ingest.complaints import content_hash
from service.stages.root import Root
from service.store import revisions
from service.store.models import ComplaintRow

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "cfpb" / "cfpb_narratives.csv"


def source_texts(path: Path | None) -> list[str]:
    if path and path.exists():
        csv.field_size_limit(10_000_000)
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        column = next(c for c in ("narrative", "text", "message", "body") if c in rows[0])
        return [r[column] for r in rows if r[column].strip()]
    corpus_texts = []
    for file in sorted((ROOT / "corpus" / "complaints").iterdir()):
        from service.ingest.complaints import read_complaints

        parsed = read_complaints(file.read_bytes(), file.name, max_bytes=10**9, max_chars=10**6)
        corpus_texts += [c.text for c in parsed.complaints]
    return corpus_texts


def unique_texts(base: list[str], n: int) -> list[str]:
    return [f"{base[i % len(base)]} (case {i})" for i in range(n)]


def throughput(texts: list[str], data_dir: Path, embedder: MiniLMEmbedder) -> dict[str, float]:
    start = time.perf_counter()
    embedder.model.encode(
        texts, batch_size=embedder.batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    raw = len(texts) / (time.perf_counter() - start)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "text"])
    writer.writerows((f"b-{i}", t) for i, t in enumerate(texts))
    root = Root(
        settings=Settings(data_dir=data_dir, progress=False, _env_file=None),  # type: ignore[call-arg]
        embedder=embedder,
    )
    for manual in sorted((ROOT / "corpus" / "manuals").iterdir()):
        root.ingest.manual(data=manual.read_bytes(), filename=manual.name)
    start = time.perf_counter()
    report = root.ingest.complaints(data=buffer.getvalue().encode(), filename="bench.csv")
    pipeline = report.stored / (time.perf_counter() - start)
    root.close()
    return {
        "complaints": report.stored,
        "raw_model_per_s": round(raw, 1),
        "pipeline_per_s": round(pipeline, 1),
        "ratio": round(pipeline / raw, 3),
    }


def lookup_latency(
    base: list[str], m: int, data_dir: Path, embedder: MiniLMEmbedder
) -> dict[str, float]:
    root = Root(
        settings=Settings(data_dir=data_dir, progress=False, _env_file=None),  # type: ignore[call-arg]
        embedder=embedder,
    )
    for manual in sorted((ROOT / "corpus" / "manuals").iterdir()):
        root.ingest.manual(data=manual.read_bytes(), filename=manual.name)
    seed_texts = base[:2000]
    spans = [sentence_spans(t) for t in seed_texts]
    documents, sentences = embedder.embed_with_spans(seed_texts, spans)
    rng = np.random.default_rng(7)
    start = time.perf_counter()
    for chunk in range(0, m, 5000):
        ids, vectors, rows = [], [], []
        for i in range(chunk, min(m, chunk + 5000)):
            k = i % len(seed_texts)
            noise = rng.normal(0, 0.02, documents.shape[1]).astype(np.float32)
            document = documents[k] + noise
            document /= np.linalg.norm(document)
            text = f"{seed_texts[k]} (case {i})"
            ids.append(f"p-{i}")
            vectors.append(document)
            rows.append(
                ComplaintRow(
                    id=f"p-{i}",
                    content_hash=content_hash(text),
                    text=text,
                    sentence_spans=[list(s) for s in spans[k]],
                    sentence_vectors=pack(document, sentences[k]),
                    extra={},
                )
            )
        root.vectors.upsert(COMPLAINTS, ids, np.vstack(vectors))
        with root.db.session() as session:
            session.add_all(rows)
    with root.db.session() as session:
        rebuild_complaint_keywords(session, root.settings.keyword_path / "complaints")
        revisions.bump(session, revisions.COMPLAINTS)  # matching reloads the keyword index
    load_seconds = time.perf_counter() - start
    rules = [r for r in root.library.rules() if r.restrictive]
    root.matching.conflict(rules[0].id)  # warm caches (rule set, keyword index)
    timings = []
    for rule in rules[:60]:
        begin = time.perf_counter()
        root.matching.conflict(rule.id)
        timings.append((time.perf_counter() - begin) * 1000)
    root.close()
    timings.sort()
    return {
        "complaints_indexed": m,
        "load_seconds": round(load_seconds, 1),
        "lookups": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
    }


def main() -> None:
    configure_process(local_models=LOCAL_MODELS)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--complaints", type=int, default=10_000)
    parser.add_argument("--lookup-complaints", type=int, default=100_000)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    base = source_texts(args.source)
    embedder = MiniLMEmbedder()
    results = {
        "date": date.today().isoformat(),
        "source": str(args.source) if args.source.exists() else "sample corpus",
    }
    with tempfile.TemporaryDirectory() as folder:
        results["ingest"] = throughput(unique_texts(base, args.complaints), Path(folder), embedder)
    print(json.dumps(results, indent=2), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        results["lookup"] = lookup_latency(base, args.lookup_complaints, Path(folder), embedder)
    print(json.dumps(results, indent=2))
    save_results("benchmark-ingest", results)


if __name__ == "__main__":
    main()
