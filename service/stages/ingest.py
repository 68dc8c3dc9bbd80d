"""Ingest: manuals and complaints stored, indexed, and the shared revisions raised."""

from __future__ import annotations

import threading

from service.core.domain import ComplaintIngestReport
from service.core.settings import Settings
from service.index.embeddings import Embedder
from service.index.indexer import index_complaints, index_rules, rebuild_complaint_keywords
from service.index.vectors import RULES, VectorStore
from service.ingest.classify import RuleClassifier
from service.ingest.complaints import read_complaints
from service.ingest.manuals import ManualIngest, store_manual
from service.ingest.store_complaints import new_complaints
from service.ingest.uploads import safe_name
from service.stages.library import Library
from service.stages.progress import ProgressFactory, no_progress
from service.store import revisions
from service.store.database import Database
from service.store.models import AuditRow


class Ingest:
    """Stores and indexes manuals and complaints. Bad input raises before anything is written.

    What other processes' caches were built from changes here, so each ingest raises its
    revision (see `service.store.revisions`) in the transaction that stores it."""

    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        vectors: VectorStore,
        embedder: Embedder,
        classifier: RuleClassifier,
        library: Library,
        lock: threading.RLock,
        progress: ProgressFactory = no_progress,
    ) -> None:
        self._settings = settings
        self._db = db
        self._vectors = vectors
        self._embedder = embedder
        self._classifier = classifier
        self._library = library
        self._lock = lock  # shared with the matching caches: a reader waits for an ingest
        self._progress = progress

    def manual(
        self,
        *,
        data: bytes,
        filename: str,
        manual_id: str | None = None,
        actor: str = "cli",
    ) -> ManualIngest:
        """Store and index a manual; bad input raises before anything is written."""
        with self._lock, self._db.session() as session:
            result = store_manual(
                session,
                data=data,
                filename=safe_name(filename, "manual"),
                max_bytes=self._settings.max_file_bytes,
                classifier=self._classifier,
                manual_id=manual_id,
            )
            if not result.unchanged:
                info = result.info
                session.add(
                    AuditRow(
                        actor=actor,
                        action="manual.ingest",
                        manual_id=info.manual,
                        detail={
                            "version": info.version,
                            "file": info.filename,
                            "rules": info.rules,
                        },
                    )
                )
                index_rules(self._vectors, self._embedder, result.rules)
                revisions.bump(session, revisions.RULES)
            else:
                # stored before, but perhaps not in this vector store (a new Chroma server,
                # a store set aside): what it lacks is indexed again
                found = self._vectors.vectors(RULES, [r.id for r in result.rules])
                missing = [r for r in result.rules if r.id not in found]
                if missing:
                    index_rules(self._vectors, self._embedder, missing)
                    revisions.bump(session, revisions.RULES)
        return result

    def complaints(
        self,
        *,
        data: bytes,
        filename: str,
        text_column: str | None = None,
        id_column: str | None = None,
        date_column: str | None = None,
        channel_column: str | None = None,
        manual: str | None = None,
    ) -> ComplaintIngestReport:
        """Store and index complaints. Tied to `manual`, they are matched only to its rules."""
        if manual is not None:
            self._library.manual(manual)  # an unknown manual is refused before anything is read
        settings = self._settings
        name = safe_name(filename, "complaints")
        parsed = read_complaints(
            data,
            name,
            max_bytes=settings.max_file_bytes,
            max_chars=settings.max_complaint_chars,
            text_column=text_column,
            id_column=id_column,
            date_column=date_column,
            channel_column=channel_column,
        )
        if manual is not None:
            parsed.complaints = [c.model_copy(update={"manual": manual}) for c in parsed.complaints]
        with self._lock:
            with self._db.session() as session:
                fresh, stored_before, clashes = new_complaints(session, parsed.complaints)
                advance = self._progress(len(fresh), f"complaints from {name}")
                stored = index_complaints(
                    session,
                    self._vectors,
                    self._embedder,
                    fresh,
                    batch_size=max(64, settings.embedding_batch_size * 4),
                    progress=advance,
                )
            if stored:
                with self._db.session() as session:
                    rebuild_complaint_keywords(session, settings.keyword_path / "complaints")
                    revisions.bump(session, revisions.COMPLAINTS)
        return ComplaintIngestReport(
            file=name,
            rows=parsed.rows,
            stored=stored,
            duplicates=parsed.duplicates + stored_before,
            quarantined=sum(1 for c in fresh if c.quarantined),
            skipped=sorted(parsed.problems + clashes, key=lambda p: p.row),
            columns=parsed.columns.as_dict() if parsed.columns else {},
        )
