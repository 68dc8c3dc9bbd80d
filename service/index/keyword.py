"""Keyword ranking with BM25 (bm25s): finds what shares words when vectors disagree.

bm25s builds and stores the index (its term-weight matrix and vocabulary). Queries are
scored here as one sparse product, many queries at a time, because a conflict look-up
scores a few hundred complaints against every rule and bm25s's per-query retrieval
(a thread pool and a progress bar per call) would dominate it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from scipy import sparse

from service.core.language import STOP_WORDS, foreign_language

# bm25s sets its own logger to DEBUG: "Building index from tokens" on every build
logging.getLogger("bm25s").setLevel(logging.WARNING)

_WORD = re.compile(r"(?u)\b\w\w+\b")
_STEM_CACHE_LIMIT = 500_000
# A text's words are also stemmed, less its stop words, in its own language: "cancelé" and
# "cancelen" meet in Spanish, where the English stemmer leaves them apart. A language PyStemmer
# has no stemmer for is read as English only (its words still match as written).
_STEMMED = frozenset(Stemmer.algorithms())


class _Analyser:
    def __init__(self, language: str) -> None:
        self.stemmer = Stemmer.Stemmer(language)
        self.stopwords = STOP_WORDS.get(language, frozenset())
        self.stems: dict[str, str] = {}

    def terms(self, text: str, also_drop: frozenset[str] = frozenset()) -> list[str]:
        words = [
            w for w in _WORD.findall(text.lower()) if w not in self.stopwords and w not in also_drop
        ]
        unknown = [w for w in set(words) if w not in self.stems]
        if unknown:
            if len(self.stems) > _STEM_CACHE_LIMIT:
                self.stems.clear()
            self.stems.update(zip(unknown, self.stemmer.stemWords(unknown), strict=True))
        return [self.stems[w] for w in words]


_ANALYSERS: dict[str, _Analyser] = {}


def _analyser(language: str) -> _Analyser:
    analyser = _ANALYSERS.get(language)
    if analyser is None:
        analyser = _ANALYSERS[language] = _Analyser(language)
    return analyser


def terms(text: str) -> list[str]:
    """The stemmed, lower-cased words of `text` without stop words, in order: English stems
    for every text, and for a text in another language its own stems after them, so that a
    text whose language cannot be told (a short query) still meets it on the English ones."""
    language = (foreign_language(text) or "english").lower()
    if language == "english" or language not in _STEMMED:
        return _analyser("english").terms(text)
    own = _analyser(language)
    found = _analyser("english").terms(text, also_drop=own.stopwords)
    known = set(found)
    return found + [t for t in own.terms(text) if t not in known]


class KeywordIndex:
    """A BM25 index over a fixed list of ids; rebuilt, not patched, when the list changes."""

    def __init__(self, ids: Sequence[str], retriever: bm25s.BM25 | None) -> None:
        self.ids = list(ids)
        self._retriever = retriever
        self._vocabulary: dict[str, int] = {}
        self._weights: sparse.csr_matrix | None = None  # (terms, documents)
        if retriever is not None:
            stored = retriever.scores
            terms_indexed = len(stored["indptr"]) - 1
            # bm25s may add an empty-string entry past the last indexed term; leave it out.
            self._vocabulary = {
                term: index
                for term, index in retriever.vocab_dict.items()
                if term and index < terms_indexed
            }
            # bm25s keeps, for each term, the documents it occurs in and their weight.
            self._weights = sparse.csr_matrix(
                (
                    np.asarray(stored["data"], dtype=np.float32),
                    np.asarray(stored["indices"]),
                    np.asarray(stored["indptr"]),
                ),
                shape=(terms_indexed, int(stored["num_docs"])),
            )

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str]) -> KeywordIndex:
        if not ids:
            return cls([], None)
        retriever = bm25s.BM25()
        retriever.index([terms(text) for text in texts], show_progress=False)
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

    @property
    def _term_count(self) -> int:
        return self._weights.shape[0] if self._weights is not None else 0

    @cached_property
    def position(self) -> dict[str, int]:
        return {doc_id: index for index, doc_id in enumerate(self.ids)}

    @cached_property
    def document_terms(self) -> sparse.csr_matrix:
        """(documents × terms): 1 where the document contains the term."""
        if self._weights is None:
            return sparse.csr_matrix((len(self.ids), 0), dtype=np.float32)
        present = self._weights.T.tocsr()
        present.data = np.ones_like(present.data)
        return present

    def translation(self, other: KeywordIndex) -> sparse.csr_matrix:
        """(other's terms × this index's terms): maps another index's term ids onto ours."""
        rows, columns = [], []
        for term, index in other._vocabulary.items():
            mine = self._vocabulary.get(term)
            if mine is not None:
                rows.append(index)
                columns.append(mine)
        return sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, columns)),
            shape=(other._term_count, self._term_count),
        )

    def score_terms(self, query_terms: sparse.csr_matrix) -> np.ndarray:
        """Like `score_matrix`, for queries given as term rows of this index's vocabulary."""
        if self._weights is None:
            return np.zeros((query_terms.shape[0], len(self.ids)), dtype=np.float32)
        query_terms = query_terms.tocsr()
        query_terms.data = np.ones_like(query_terms.data)  # repeats count once
        return np.asarray((query_terms @ self._weights).toarray(), dtype=np.float32)

    def _queries(self, queries: Sequence[str]) -> sparse.csr_matrix:
        """One row per query: 1 for each indexed term it contains (repeats count once)."""
        rows: list[int] = []
        columns: list[int] = []
        for row, query in enumerate(queries):
            found = {self._vocabulary[t] for t in terms(query) if t in self._vocabulary}
            rows.extend([row] * len(found))
            columns.extend(found)
        return sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, columns)),
            shape=(len(queries), self._term_count),
        )

    def score_matrix(self, queries: Sequence[str]) -> np.ndarray:
        """BM25 score of every indexed id (columns, in `self.ids` order) for each query."""
        return self.score_terms(self._queries(queries))

    def search(self, queries: Sequence[str], k: int) -> list[list[tuple[str, float]]]:
        """The best `k` ids for each query with their BM25 score (only scores above zero)."""
        if self._weights is None or not queries:
            return [[] for _ in queries]
        k = min(k, len(self.ids))
        results: list[list[tuple[str, float]]] = []
        for row in self.score_matrix(queries):
            top = np.argpartition(-row, k - 1)[:k]
            top = top[np.argsort(-row[top], kind="stable")]
            results.append([(self.ids[int(i)], float(row[i])) for i in top if row[i] > 0])
        return results
