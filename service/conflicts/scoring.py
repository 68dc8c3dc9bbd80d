"""How strongly a complaint is about a rule: dense (sentence and whole text) plus BM25.

Complaints rarely use a rule's words ("they gave me a voucher" vs "refunds only as store
credit"), and sometimes share only words, so both signals count. The best-matching
sentence of the complaint is the quote that shows the conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from service.core.domain import Rule
from service.core.sentences import short_span
from service.index.keyword import KeywordIndex

# Weights of the signals; fitted on the sample corpus, checked on held-out manuals
# (`policy-rewriter eval` prints both). The total is normalised to 1.
SENTENCE_WEIGHT = 0.4  # best complaint sentence against the whole rule
DOCUMENT_WEIGHT = 0.3  # whole complaint against the whole rule
KEYWORD_WEIGHT = 0.25  # BM25 of the complaint against the rule, scaled to the best rule
RESTRICTIVE_BONUS = 0.1  # complaints are mostly about rules that say no
PAIR_WEIGHT = 0.3  # best (complaint sentence, rule sentence) pair
MANUAL_WEIGHT = 0.5  # how well the rule's manual as a whole fits the complaint
MANUAL_TOP = 5
_TOTAL = (
    SENTENCE_WEIGHT
    + DOCUMENT_WEIGHT
    + KEYWORD_WEIGHT
    + RESTRICTIVE_BONUS
    + PAIR_WEIGHT
    + MANUAL_WEIGHT
)


@dataclass
class RuleSet:
    """The rules complaints are matched against, with their vectors and keyword index."""

    rules: list[Rule]
    vectors: np.ndarray  # (rules, dim), unit length
    sentence_vectors: np.ndarray  # (rule sentences, dim), grouped by rule in rule order
    sentence_owner: np.ndarray  # (rule sentences,) index of the rule each belongs to
    keyword: KeywordIndex

    def __post_init__(self) -> None:
        self.position = {rule.id: index for index, rule in enumerate(self.rules)}
        self.restrictive = np.array([r.restrictive for r in self.rules], dtype=np.float32)
        self.manual = np.array([r.manual for r in self.rules])
        manuals = sorted({r.manual for r in self.rules})
        self.manual_index = np.array([manuals.index(r.manual) for r in self.rules], dtype=np.int64)
        self.manual_count = len(manuals)
        # reduceat needs the first row of each rule's group of sentences
        self._group_starts = np.searchsorted(self.sentence_owner, np.arange(len(self.rules)))
        self._translation: tuple[KeywordIndex, sparse.csr_matrix] | None = None

    def translation(self, indexed: KeywordIndex) -> sparse.csr_matrix:
        """The term map from a complaint keyword index to the rules' one (kept per index)."""
        if self._translation is None or self._translation[0] is not indexed:
            self._translation = (indexed, self.keyword.translation(indexed))
        return self._translation[1]

    def best_pairs(self, sentences: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """(complaints × rules): the best similarity between a sentence of the rule and one
        of the complaint's sentences (`starts`: each complaint's first row in `sentences`)."""
        if not len(self.sentence_vectors):
            return np.zeros((len(starts), len(self.rules)), dtype=np.float32)
        per_pair = sentences @ self.sentence_vectors.T  # (complaint sentences, rule sentences)
        per_complaint = np.maximum.reduceat(per_pair, starts, axis=0)
        return np.maximum.reduceat(per_complaint, self._group_starts, axis=1)

    def manual_affinity(self, scores: np.ndarray) -> np.ndarray:
        """(complaints × rules): the mean of the best scores in each rule's manual."""
        affinity = np.zeros((len(scores), self.manual_count), dtype=np.float32)
        for manual in range(self.manual_count):
            columns = scores[:, self.manual_index == manual]
            affinity[:, manual] = np.sort(columns, axis=1)[:, -MANUAL_TOP:].mean(axis=1)
        return affinity[:, self.manual_index]


@dataclass
class ComplaintVectors:
    id: str
    text: str
    spans: list[tuple[int, int]]
    document: np.ndarray  # (dim,)
    sentences: np.ndarray  # (sentences, dim); zero rows for sentences the model did not see
    manual: str | None = None  # the manual it was tied to at ingest: only its rules may match


@dataclass(frozen=True)
class Scored:
    """Each complaint's score for every rule (complaints × rules) and its best sentence."""

    scores: np.ndarray
    best_sentence: np.ndarray


def keyword_scores(
    complaints: Sequence[ComplaintVectors], ruleset: RuleSet, indexed: KeywordIndex | None
) -> np.ndarray:
    """BM25 of each complaint against every rule. Complaints in the `indexed` keyword index
    reuse the terms found there at ingest instead of being tokenised again."""
    scores = np.zeros((len(complaints), len(ruleset.rules)), dtype=np.float32)
    rows = [indexed.position.get(c.id) if indexed is not None else None for c in complaints]
    known = [i for i, row in enumerate(rows) if row is not None]
    if indexed is not None and known:
        terms = indexed.document_terms[[rows[i] for i in known]] @ ruleset.translation(indexed)
        scores[known] = ruleset.keyword.score_terms(terms)
    unknown = [i for i, row in enumerate(rows) if row is None]
    if unknown:
        scores[unknown] = ruleset.keyword.score_matrix([complaints[i].text for i in unknown])
    return scores


def score(
    complaints: Sequence[ComplaintVectors],
    ruleset: RuleSet,
    indexed: KeywordIndex | None = None,
) -> Scored:
    """Score many complaints against every rule at once (a look-up scores hundreds)."""
    n, r = len(complaints), len(ruleset.rules)
    if not n or not r:
        return Scored(np.zeros((n, r), np.float32), np.zeros((n, r), np.int64))
    documents = np.vstack([c.document for c in complaints])
    document_sims = documents @ ruleset.vectors.T
    # Complaints without sentence rows count as one sentence: the whole text.
    blocks = [c.sentences if len(c.sentences) else c.document[None, :] for c in complaints]
    counts = np.array([len(b) for b in blocks])
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    sentences = np.vstack(blocks)
    sentence_sims = sentences @ ruleset.vectors.T  # (all sentences, rules)
    sentence_best = np.maximum.reduceat(sentence_sims, starts, axis=0)
    best = np.zeros((n, r), dtype=np.int64)
    for row, (start, count) in enumerate(zip(starts, counts, strict=True)):
        best[row] = sentence_sims[start : start + count].argmax(axis=0)
    bm25 = keyword_scores(complaints, ruleset, indexed)
    top = bm25.max(axis=1, keepdims=True)
    keyword = np.divide(bm25, top, out=np.zeros_like(bm25), where=top > 0)
    combined = (
        SENTENCE_WEIGHT * sentence_best
        + DOCUMENT_WEIGHT * document_sims
        + KEYWORD_WEIGHT * keyword
        + RESTRICTIVE_BONUS * ruleset.restrictive[None, :]
        + PAIR_WEIGHT * ruleset.best_pairs(sentences, starts)
    )
    combined = (combined + MANUAL_WEIGHT * ruleset.manual_affinity(combined)) / _TOTAL
    return Scored(combined.astype(np.float32), best)


def quote_span(complaint: ComplaintVectors, sentence: int) -> tuple[int, int]:
    start, end = complaint.spans[sentence] if complaint.spans else (0, len(complaint.text))
    return short_span(complaint.text, start, end)
