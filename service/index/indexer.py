"""Put rules and complaints into the vector store and keyword indexes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.core.domain import Complaint, Rule
from service.core.personal_data import names_in
from service.core.sentences import sentence_spans
from service.index.embeddings import Embedder
from service.index.keyword import KeywordIndex
from service.index.vectors import COMPLAINTS, RULES, VectorStore
from service.ingest.complaints import content_hash
from service.ingest.store_complaints import complaint_row
from service.store.models import ComplaintRow

RULE_SENTENCES = "rule-sentences"
Progress = Callable[[int], None]


def pack(document: np.ndarray, sentences: np.ndarray) -> bytes:
    """Store a complaint's text vector and sentence vectors as one float16 block."""
    return np.vstack([document[None, :], sentences]).astype(np.float16).tobytes()


def unpack(blob: bytes, dimension: int) -> tuple[np.ndarray, np.ndarray]:
    matrix = np.frombuffer(blob, dtype=np.float16).reshape(-1, dimension).astype(np.float32)
    return matrix[0], matrix[1:]


def rule_text(rule: Rule) -> str:
    return " ".join(rule.text.split())


def embed_rules(embedder: Embedder, rules: Sequence[Rule]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each rule's vector, and its sentences' vectors, as indexing stores them."""
    texts = [rule_text(rule) for rule in rules]
    spans = [sentence_spans(text) for text in texts]
    documents, sentences = embedder.embed_with_spans(texts, spans)
    return documents, list(sentences)


def index_rules(store: VectorStore, embedder: Embedder, rules: Sequence[Rule]) -> None:
    """Embed rules (whole and by sentence) and upsert them; unchanged rules keep their ids."""
    if not rules:
        return
    documents, sentences = embed_rules(embedder, rules)
    store.upsert(
        RULES,
        [r.id for r in rules],
        documents,
        [{"manual": r.manual, "restrictive": r.restrictive} for r in rules],
    )
    ids = [
        f"{rule.id}#{i}"
        for rule, rows in zip(rules, sentences, strict=True)
        for i in range(len(rows))
    ]
    owners = [
        {"rule": rule.id}
        for rule, rows in zip(rules, sentences, strict=True)
        for _ in range(len(rows))
    ]
    store.upsert(RULE_SENTENCES, ids, np.vstack(sentences), owners)


def index_complaints(
    session: Session,
    store: VectorStore,
    embedder: Embedder,
    complaints: Sequence[Complaint],
    *,
    batch_size: int = 256,
    progress: Progress | None = None,
) -> int:
    """Embed, vector-index and record complaints batch by batch; returns how many were stored.

    Each batch goes to the vector store first and to the database second, so a crash in
    between leaves at worst a vector without a record, which the next ingest overwrites.
    """
    stored = 0
    held = [c for c in complaints if c.quarantined]
    if held:  # stored for people to see; never embedded, so never retrieved as evidence
        session.add_all(_row(c, [], None) for c in held)
        session.flush()
        stored += len(held)
        if progress is not None:
            progress(len(held))
    complaints = [c for c in complaints if not c.quarantined]
    for start in range(0, len(complaints), batch_size):
        batch = complaints[start : start + batch_size]
        texts = [c.text for c in batch]
        spans = [sentence_spans(text) for text in texts]
        documents, sentences = embedder.embed_with_spans(
            texts, spans, names=[names_in(c.metadata) for c in batch]
        )
        store.upsert(
            COMPLAINTS,
            [c.id for c in batch],
            documents,
            [{"channel": c.channel or ""} for c in batch],
        )
        session.add_all(
            _row(c, [list(span) for span in text_spans], pack(document, sentence_rows))
            for c, text_spans, document, sentence_rows in zip(
                batch, spans, documents, sentences, strict=True
            )
        )
        session.flush()
        stored += len(batch)
        if progress is not None:
            progress(len(batch))
    return stored


def _row(c: Complaint, spans: list[list[int]], vectors: bytes | None) -> ComplaintRow:
    return complaint_row(
        c, content_hash=content_hash(c.text), sentence_spans=spans, sentence_vectors=vectors
    )


def rebuild_complaint_keywords(session: Session, folder: Path) -> KeywordIndex:
    rows = session.execute(
        select(ComplaintRow.id, ComplaintRow.text)
        .where(ComplaintRow.quarantine.is_(None))
        .order_by(ComplaintRow.id)
    ).all()
    index = KeywordIndex.build([r[0] for r in rows], [r[1] for r in rows])
    index.save(folder)
    return index
