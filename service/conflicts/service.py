"""Conflict queries: rules for a complaint, complaints for a rule, the strongest conflicts.

One relation decides evidence everywhere: a complaint supports a rule when the rule is
among the complaint's `rules_per_complaint` best rules, scores at least
`min_evidence_score`, and is within `evidence_margin` of the complaint's best rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from service.conflicts.scoring import (
    ComplaintVectors,
    RuleSet,
    quote_span,
    score,
)
from service.core.domain import Conflict, Evidence, Rule, RuleMatch
from service.core.errors import NotFound
from service.index.indexer import RULE_SENTENCES, rule_text, unpack
from service.index.keyword import KeywordIndex
from service.index.vectors import COMPLAINTS, RULES, VectorStore
from service.store.models import ComplaintRow

DENSE_CANDIDATES = 200
KEYWORD_CANDIDATES = 50
_CHUNK = 500


@dataclass(frozen=True)
class EvidencePolicy:
    rules_per_complaint: int
    min_score: float
    margin: float


def build_ruleset(store: VectorStore, rules: Sequence[Rule]) -> RuleSet:
    rules = list(rules)
    found = store.vectors(RULES, [r.id for r in rules])
    missing = [r.id for r in rules if r.id not in found]
    if missing:
        raise NotFound(
            f"{len(missing)} rules are not indexed (first: {missing[0]}); "
            "ingest their manual again to index them"
        )
    vectors = np.vstack([found[r.id] for r in rules]) if rules else np.zeros((0, 1), np.float32)
    sentence_map: dict[str, np.ndarray] = {}
    for chunk_start in range(0, len(rules), _CHUNK):
        chunk = [r.id for r in rules[chunk_start : chunk_start + _CHUNK]]
        sentence_map.update(store.vectors_where(RULE_SENTENCES, "rule", chunk))
    by_rule: dict[str, list[tuple[int, np.ndarray]]] = defaultdict(list)
    for sentence_id, vector in sentence_map.items():
        owner, _, number = sentence_id.rpartition("#")
        by_rule[owner].append((int(number), vector))
    sentences = [
        [v for _, v in sorted(by_rule.get(rule.id) or [(0, vectors[i])], key=lambda p: p[0])]
        for i, rule in enumerate(rules)
    ]
    return ruleset_of(rules, vectors, sentences)


def ruleset_of(
    rules: Sequence[Rule], vectors: np.ndarray, sentences: Sequence[Sequence[np.ndarray]]
) -> RuleSet:
    """A rule set from vectors in hand: each rule's, and its sentences' in order (a rule with
    none counts as one sentence: itself)."""
    rules = list(rules)
    rows: list[np.ndarray] = []
    owners: list[int] = []
    for index, own in enumerate(sentences):
        for vector in own if len(own) else [vectors[index]]:
            rows.append(vector)
            owners.append(index)
    dimension = vectors.shape[1] if len(vectors) else 1
    sentence_vectors = np.vstack(rows) if rows else np.zeros((0, dimension), np.float32)
    keyword = KeywordIndex.build([r.id for r in rules], [rule_text(r) for r in rules])
    return RuleSet(rules, vectors, sentence_vectors, np.asarray(owners, dtype=np.int64), keyword)


def replaced(
    ruleset: RuleSet,
    new_rules: Sequence[Rule],
    vectors: np.ndarray,
    sentences: Sequence[Sequence[np.ndarray]],
) -> RuleSet:
    """The rule set as it would be if `new_rules` were stored: the rules of their manuals
    give way to them, every other rule stays with the vectors it has."""
    manuals = {r.manual for r in new_rules}
    kept = [i for i, r in enumerate(ruleset.rules) if r.manual not in manuals]
    kept_sentences = [list(ruleset.sentence_vectors[ruleset.sentence_owner == i]) for i in kept]
    dimension = ruleset.vectors.shape[1] if len(kept) else vectors.shape[1]
    old_vectors = ruleset.vectors[kept] if kept else np.zeros((0, dimension), np.float32)
    return ruleset_of(
        [ruleset.rules[i] for i in kept] + list(new_rules),
        np.vstack([old_vectors, vectors]) if len(new_rules) else old_vectors,
        kept_sentences + [list(s) for s in sentences],
    )


# The columns scoring needs, read without building ORM objects (a look-up reads hundreds).
_SCORING_COLUMNS = (
    ComplaintRow.id,
    ComplaintRow.text,
    ComplaintRow.sentence_spans,
    ComplaintRow.sentence_vectors,
    ComplaintRow.manual_id,
)
_ScoringRow = Row[str, str, list[list[int]], bytes | None, str | None]


def _load(session: Session, ids: Iterable[str]) -> Sequence[_ScoringRow]:
    """The complaints that may be evidence: quarantined ones never are."""
    return session.execute(
        select(*_SCORING_COLUMNS).where(
            ComplaintRow.id.in_(sorted(ids)), ComplaintRow.quarantine.is_(None)
        )
    ).all()


def _vectors(row: _ScoringRow, dimension: int) -> ComplaintVectors:
    if row.sentence_vectors is None:
        raise NotFound(f"complaint {row.id!r} has no vectors; ingest it again")
    document, sentences = unpack(row.sentence_vectors, dimension)
    return ComplaintVectors(
        row.id,
        row.text,
        [(int(s[0]), int(s[1])) for s in row.sentence_spans],
        document,
        sentences,
        row.manual_id,
    )


def _only_its_manual(
    ruleset: RuleSet, complaint: ComplaintVectors, scores: np.ndarray
) -> np.ndarray:
    """A complaint tied to a manual matches only that manual's rules."""
    if complaint.manual is None:
        return scores
    return np.where(ruleset.manual != complaint.manual, -np.inf, scores)


def _supports(
    ruleset: RuleSet,
    complaints: list[ComplaintVectors],
    policy: EvidencePolicy,
    indexed: KeywordIndex | None,
) -> Iterator[tuple[ComplaintVectors, int, float, int]]:
    """(complaint, rule index, score, best sentence) for every supported pair."""
    scored = score(complaints, ruleset, indexed)
    for row, complaint in enumerate(complaints):
        scores = _only_its_manual(ruleset, complaint, scored.scores[row])
        ranked = np.argsort(-scores, kind="stable")[: policy.rules_per_complaint]
        best = float(scores[ranked[0]]) if len(ranked) else 0.0
        for rule_index in ranked:
            value = float(scores[rule_index])
            if value >= policy.min_score and value >= best - policy.margin:
                yield complaint, int(rule_index), value, int(scored.best_sentence[row, rule_index])


def _evidence(complaint: ComplaintVectors, value: float, sentence: int) -> Evidence:
    start, end = quote_span(complaint, sentence)
    return Evidence(
        id=complaint.id,
        score=round(value, 4),
        quote=complaint.text[start:end],
        start=start,
        end=end,
    )


def conflict_of(rule: Rule, evidence: list[Evidence]) -> Conflict:
    """A rule's conflict from its evidence (sorted strongest first here)."""
    evidence.sort(key=lambda e: (-e.score, e.id))
    # Strength: more complaints, closer complaints, and rules that say no weigh more.
    strength = sum(e.score for e in evidence) * (1.0 if rule.restrictive else 0.5)
    return Conflict(
        rule_id=rule.id,
        score=round(strength, 4),
        manual=rule.manual,
        section=rule.section,
        number=rule.number,
        text=rule.text,
        restrictive=rule.restrictive,
        legal_basis=rule.legal_basis,
        complaints=evidence,
    )


def rules_for_complaint(
    session: Session, ruleset: RuleSet, complaint_id: str, *, top: int, dimension: int
) -> list[RuleMatch]:
    rows = _load(session, [complaint_id])
    if not rows:
        if session.get(ComplaintRow, complaint_id) is not None:
            return []  # quarantined: about no rule, whatever it says
        raise NotFound(f"no complaint {complaint_id!r}")
    complaint = _vectors(rows[0], dimension)
    scored = score([complaint], ruleset)
    scores = _only_its_manual(ruleset, complaint, scored.scores[0])
    matches = []
    for rule_index in np.argsort(-scores, kind="stable")[:top]:
        if not np.isfinite(scores[rule_index]):
            break
        rule = ruleset.rules[int(rule_index)]
        start, end = quote_span(complaint, int(scored.best_sentence[0, rule_index]))
        matches.append(
            RuleMatch(
                rule_id=rule.id,
                score=round(float(scores[rule_index]), 4),
                manual=rule.manual,
                section=rule.section,
                number=rule.number,
                text=rule.text,
                restrictive=rule.restrictive,
                quote=complaint.text[start:end],
                start=start,
                end=end,
            )
        )
    return matches


def conflict_for_rule(
    session: Session,
    store: VectorStore,
    ruleset: RuleSet,
    complaint_keywords: KeywordIndex | None,
    rule_id: str,
    *,
    policy: EvidencePolicy,
    dimension: int,
    limit: int = 50,
) -> Conflict:
    """One rule's conflict: candidates from the vector and keyword indexes, then the relation."""
    if rule_id not in ruleset.position:
        raise NotFound(f"no current rule {rule_id!r}")
    rule = ruleset.rules[ruleset.position[rule_id]]
    candidates = {
        cid
        for cid, _ in store.query(
            COMPLAINTS, ruleset.vectors[ruleset.position[rule_id]][None, :], DENSE_CANDIDATES
        )[0]
    }
    if complaint_keywords is not None:
        candidates.update(
            cid for cid, _ in complaint_keywords.search([rule_text(rule)], KEYWORD_CANDIDATES)[0]
        )
    complaints = [_vectors(row, dimension) for row in _load(session, candidates)]
    evidence = [
        _evidence(complaint, value, sentence)
        for complaint, rule_index, value, sentence in _supports(
            ruleset, complaints, policy, complaint_keywords
        )
        if rule_index == ruleset.position[rule_id]
    ]
    conflict = conflict_of(rule, evidence)
    conflict.complaints = conflict.complaints[:limit]
    return conflict


def all_conflicts(
    session: Session,
    ruleset: RuleSet,
    complaint_keywords: KeywordIndex | None,
    *,
    policy: EvidencePolicy,
    dimension: int,
    progress: Callable[[int], None] | None = None,
) -> list[Conflict]:
    """Every rule with at least one supporting complaint, strongest first."""
    by_rule: dict[int, list[Evidence]] = defaultdict(list)
    ids = list(session.scalars(select(ComplaintRow.id).order_by(ComplaintRow.id)))
    for start in range(0, len(ids), _CHUNK):
        rows = _load(session, ids[start : start + _CHUNK])
        complaints = [_vectors(row, dimension) for row in rows if row.sentence_vectors is not None]
        for complaint, rule_index, value, sentence in _supports(
            ruleset, complaints, policy, complaint_keywords
        ):
            by_rule[rule_index].append(_evidence(complaint, value, sentence))
        if progress is not None:
            progress(len(rows))
    conflicts = [conflict_of(ruleset.rules[index], evidence) for index, evidence in by_rule.items()]
    conflicts.sort(key=lambda c: (-c.score, c.rule_id))
    return conflicts
