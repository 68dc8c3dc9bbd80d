"""Matching: which complaints bear on which rules, and how strongly."""

from __future__ import annotations

import threading

from service.conflicts.scoring import RuleSet
from service.conflicts.service import (
    EvidencePolicy,
    all_conflicts,
    build_ruleset,
    conflict_for_rule,
    replaced,
    rules_for_complaint,
)
from service.core.domain import Conflict, Rule, RuleMatch
from service.core.settings import Settings
from service.index.embeddings import Embedder
from service.index.indexer import embed_rules
from service.index.keyword import KeywordIndex
from service.index.vectors import VectorStore
from service.stages.library import Library
from service.stages.progress import ProgressFactory, no_progress
from service.store import revisions
from service.store.database import Database


class Matching:
    """Conflicts and rule matches, from the current rules and the complaints' keyword index.

    Both are kept between calls, and dropped when the shared revisions show that any process
    (this one, a CLI run, another server) has ingested a manual or complaints since."""

    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        vectors: VectorStore,
        embedder: Embedder,
        library: Library,
        lock: threading.RLock,
        progress: ProgressFactory = no_progress,
    ) -> None:
        self._settings = settings
        self._db = db
        self._vectors = vectors
        self._embedder = embedder
        self._library = library
        self._lock = lock
        self._progress = progress
        self._ruleset: RuleSet | None = None
        self._complaint_keywords: KeywordIndex | None = None
        # the shared state the caches above were built from (see service.store.revisions)
        self._built_at: dict[str, int] = {}

    @property
    def policy(self) -> EvidencePolicy:
        settings = self._settings
        return EvidencePolicy(
            settings.rules_per_complaint, settings.min_evidence_score, settings.evidence_margin
        )

    def _refresh(self) -> None:
        """Drop what another process has made stale: a manual or complaints it ingested."""
        with self._db.session() as session:
            now = revisions.current(session)
        with self._lock:
            if now == self._built_at:
                return
            if self._built_at:
                self._vectors.reopen()  # an embedded store's index is read again
            if now.get(revisions.RULES) != self._built_at.get(revisions.RULES):
                self._ruleset = None
            if now.get(revisions.COMPLAINTS) != self._built_at.get(revisions.COMPLAINTS):
                self._complaint_keywords = None
            self._built_at = now

    def ruleset(self) -> RuleSet:
        """All current rules: a complaint is always weighed against every rule it could be about."""
        self._refresh()
        with self._lock:
            if self._ruleset is None:
                self._ruleset = build_ruleset(self._vectors, self._library.rules())
            return self._ruleset

    def _matching(self) -> tuple[RuleSet, KeywordIndex | None]:
        """The rules and the complaints' keyword index, as they stand now: one look at the
        revisions for both."""
        ruleset = self.ruleset()
        with self._lock:
            if self._complaint_keywords is None:
                self._complaint_keywords = KeywordIndex.load(
                    self._settings.keyword_path / "complaints"
                )
            return ruleset, self._complaint_keywords

    def conflicts(self, *, manual: str | None = None, top: int | None = None) -> list[Conflict]:
        if manual is not None:
            self._library.manual(manual)  # raises NotFound for an unknown manual
        ruleset, keywords = self._matching()
        if not ruleset.rules:
            return []
        advance = self._progress(self._library.complaint_count(), "matching complaints to rules")
        with self._db.session() as session:
            found = all_conflicts(
                session,
                ruleset,
                keywords,
                policy=self.policy,
                dimension=_dimension(ruleset),
                progress=advance,
            )
        found = [c for c in found if manual is None or c.manual == manual]
        return found[:top] if top else found

    def conflicts_if_stored(self, rules: list[Rule]) -> list[Conflict]:
        """The conflicts there would be if these rules (of manuals not stored, or of new
        versions) were stored: the same matching, on the rules as they would then stand.
        Nothing is stored or indexed."""
        if not rules or not self._library.complaint_count():
            return []
        vectors, sentences = embed_rules(self._embedder, rules)
        stored, keywords = self._matching()
        ruleset = replaced(stored, rules, vectors, [list(s) for s in sentences])
        with self._db.session() as session:
            found = all_conflicts(
                session, ruleset, keywords, policy=self.policy, dimension=_dimension(ruleset)
            )
        wanted = {r.id for r in rules}
        return [c for c in found if c.rule_id in wanted]

    def conflict(self, rule_id: str, *, limit: int = 50) -> Conflict:
        ruleset, keywords = self._matching()
        with self._db.session() as session:
            return conflict_for_rule(
                session,
                self._vectors,
                ruleset,
                keywords,
                rule_id,
                policy=self.policy,
                dimension=_dimension(ruleset),
                limit=limit,
            )

    def rules_for_complaint(
        self, complaint_id: str, *, top: int = 5, manual: str | None = None
    ) -> list[RuleMatch]:
        ruleset = self.ruleset()
        if not ruleset.rules:
            return []
        with self._db.session() as session:
            matches = rules_for_complaint(
                session,
                ruleset,
                complaint_id,
                top=len(ruleset.rules) if manual else top,
                dimension=_dimension(ruleset),
            )
        return [m for m in matches if manual is None or m.manual == manual][:top]


def _dimension(ruleset: RuleSet) -> int:
    return int(ruleset.vectors.shape[1])
