"""How strongly a complaint is about a rule: dense (sentence and whole text) plus BM25.

Complaints rarely use a rule's words ("they gave me a voucher" vs "refunds only as store
credit"), and sometimes share only words, so both signals count. The best-matching
sentence of the complaint is the quote that shows the conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from service.core.domain import Rule
from service.core.sentences import short_span
from service.index.keyword import KeywordIndex

# Weights of the signals; fitted on the sample corpus, checked on held-out manuals
# (evaluations/retrieval.py prints both). The total is normalised to 1.
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
        manuals = sorted({r.manual for r in self.rules})
        self.manual_index = np.array([manuals.index(r.manual) for r in self.rules], dtype=np.int64)
        self.manual_count = len(manuals)
        # reduceat needs the first row of each rule's group of sentences
        self._group_starts = np.searchsorted(self.sentence_owner, np.arange(len(self.rules)))

    def best_pairs(self, complaint_sentences: np.ndarray) -> np.ndarray:
        """For each rule, the best similarity between one of its sentences and the complaint's."""
        if not len(complaint_sentences) or not len(self.sentence_vectors):
            return np.zeros(len(self.rules), dtype=np.float32)
        per_sentence = (complaint_sentences @ self.sentence_vectors.T).max(axis=0)
        return np.maximum.reduceat(per_sentence, self._group_starts)

    def manual_affinity(self, scores: np.ndarray) -> np.ndarray:
        affinity = np.zeros(self.manual_count, dtype=np.float32)
        for manual in range(self.manual_count):
            values = np.sort(scores[self.manual_index == manual])[-MANUAL_TOP:]
            affinity[manual] = values.mean()
        return affinity[self.manual_index]


@dataclass
class ComplaintVectors:
    id: str
    text: str
    spans: list[tuple[int, int]]
    document: np.ndarray  # (dim,)
    sentences: np.ndarray  # (sentences, dim); zero rows for sentences the model did not see


@dataclass(frozen=True)
class Scored:
    """A complaint's score for every rule, and for each rule its best sentence."""

    scores: np.ndarray
    best_sentence: np.ndarray


def rule_passage(rule: Rule) -> str:
    """What is embedded and keyword-indexed for a rule: its words, whitespace-folded."""
    return " ".join(rule.text.split())


def score(complaint: ComplaintVectors, ruleset: RuleSet, keyword_scores: np.ndarray) -> Scored:
    if not ruleset.rules:
        return Scored(np.zeros(0, np.float32), np.zeros(0, np.int64))
    sentence_sims = complaint.sentences @ ruleset.vectors.T if len(complaint.sentences) else None
    document_sims = ruleset.vectors @ complaint.document
    if sentence_sims is None:
        best = np.zeros(len(ruleset.rules), dtype=np.int64)
        sentence_best = document_sims
    else:
        best = sentence_sims.argmax(axis=0)
        sentence_best = sentence_sims.max(axis=0)
    top = float(keyword_scores.max()) if keyword_scores.size else 0.0
    keyword = keyword_scores / top if top > 0 else np.zeros_like(document_sims)
    combined = (
        SENTENCE_WEIGHT * sentence_best
        + DOCUMENT_WEIGHT * document_sims
        + KEYWORD_WEIGHT * keyword
        + RESTRICTIVE_BONUS * ruleset.restrictive
        + PAIR_WEIGHT * ruleset.best_pairs(complaint.sentences)
    )
    combined = (combined + MANUAL_WEIGHT * ruleset.manual_affinity(combined)) / _TOTAL
    return Scored(combined.astype(np.float32), best)


def keyword_matrix(complaints: Sequence[ComplaintVectors], ruleset: RuleSet) -> np.ndarray:
    """BM25 score of each rule for each complaint used as the query."""
    matrix = np.zeros((len(complaints), len(ruleset.rules)), dtype=np.float32)
    hits = ruleset.keyword.search([c.text for c in complaints], k=min(50, len(ruleset.rules)))
    for row, row_hits in enumerate(hits):
        for rule_id, value in row_hits:
            column = ruleset.position.get(rule_id)
            if column is not None:
                matrix[row, column] = value
    return matrix


def quote_span(complaint: ComplaintVectors, sentence: int) -> tuple[int, int]:
    start, end = complaint.spans[sentence] if complaint.spans else (0, len(complaint.text))
    return short_span(complaint.text, start, end)
