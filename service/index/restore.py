"""Rebuilding the vector store from the database, which holds everything it was built from."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.core.domain import Rule
from service.index.embeddings import Embedder
from service.index.indexer import index_rules
from service.index.vectors import COMPLAINTS, VectorStore
from service.store.models import ComplaintRow


def restore_vectors(
    session: Session, store: VectorStore, embedder: Embedder, rules: Sequence[Rule]
) -> int:
    """Index again what a lost or damaged vector store held: `rules` (the current ones,
    embedded anew) and every complaint that was indexed (its text vector is stored with it
    as the first row of its vectors, so nothing is embedded). Returns the complaints restored."""
    index_rules(store, embedder, rules)
    dimension = 0
    restored = 0
    query = (
        select(ComplaintRow.id, ComplaintRow.channel, ComplaintRow.sentence_vectors)
        .where(ComplaintRow.quarantine.is_(None), ComplaintRow.sentence_vectors.is_not(None))
        .order_by(ComplaintRow.id)
        .execution_options(yield_per=1000)
    )
    for chunk in session.execute(query).partitions():
        ids = [row[0] for row in chunk]
        dimension = dimension or int(embedder.embed(["dimension"]).shape[1])
        documents = np.vstack(
            [np.frombuffer(row[2] or b"", dtype=np.float16)[:dimension] for row in chunk]
        ).astype(np.float32)
        store.upsert(COMPLAINTS, ids, documents, [{"channel": row[1] or ""} for row in chunk])
        restored += len(ids)
    return restored
