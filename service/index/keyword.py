"""Keyword ranking with BM25 (bm25s): finds what shares words when vectors disagree."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

_STEMMER = Stemmer.Stemmer("english")


def _tokens(texts: Sequence[str]) -> bm25s.tokenization.Tokenized:
    return bm25s.tokenize(list(texts), stopwords="en", stemmer=_STEMMER, show_progress=False)


class KeywordIndex:
    """A BM25 index over a fixed list of ids; rebuilt, not patched, when the list changes."""

    def __init__(self, ids: Sequence[str], retriever: bm25s.BM25 | None) -> None:
        self.ids = list(ids)
        self._retriever = retriever

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str]) -> KeywordIndex:
        if not ids:
            return cls([], None)
        retriever = bm25s.BM25()
        retriever.index(_tokens(texts), show_progress=False)
        return cls(ids, retriever)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if self._retriever is not None:
            self._retriever.save(str(folder))
        (folder / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex | None:
        ids_file = folder / "ids.json"
        if not ids_file.exists():
            return None
        ids = json.loads(ids_file.read_text(encoding="utf-8"))
        return cls(ids, bm25s.BM25.load(str(folder)) if ids else None)

    def search(self, queries: Sequence[str], k: int) -> list[list[tuple[str, float]]]:
        """The best `k` ids for each query with their BM25 score (only scores above zero)."""
        if self._retriever is None or not queries:
            return [[] for _ in queries]
        k = min(k, len(self.ids))
        tokens = _tokens(queries)
        documents, scores = self._retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        results: list[list[tuple[str, float]]] = []
        for row_docs, row_scores in zip(documents, scores, strict=True):
            results.append(
                [
                    (self.ids[int(d)], float(s))
                    for d, s in zip(row_docs, row_scores, strict=True)
                    if s > 0
                ]
            )
        return results

    def score_all(self, query: str) -> np.ndarray:
        """BM25 score of every indexed id for one query, in `self.ids` order."""
        if self._retriever is None:
            return np.zeros(0, dtype=np.float32)
        tokens = _tokens([query])
        query_tokens = (
            [tokens.vocab_inv[t] for t in tokens.ids[0]] if hasattr(tokens, "vocab_inv") else []
        )
        if not query_tokens:
            inverse = {v: k for k, v in tokens.vocab.items()}
            query_tokens = [inverse[t] for t in tokens.ids[0]]
        return np.asarray(self._retriever.get_scores(query_tokens), dtype=np.float32)
