"""The service functions the CLI and the web app share: one object per data directory."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import PurePath

from sqlalchemy import func, select

from service.batch import report as batch_report
from service.batch import store as batch_store
from service.batch.estimate import estimate
from service.batch.runner import run_batch
from service.batch.store import BatchFile
from service.conflicts.scoring import RuleSet
from service.conflicts.service import (
    EvidencePolicy,
    all_conflicts,
    build_ruleset,
    conflict_for_rule,
    replaced,
    rules_for_complaint,
)
from service.core import errors
from service.core.domain import (
    AuditEntry,
    BatchEstimate,
    BatchInfo,
    BatchReport,
    Complaint,
    ComplaintIngestReport,
    Conflict,
    Decision,
    DecisionAction,
    ManualVersionInfo,
    ReviewCounts,
    Rule,
    RuleMatch,
    Suggestion,
    User,
)
from service.core.errors import BadInput, NotFound, PolicyRewriterError
from service.core.llm import AsyncChatModel, ChatModel, FailureStreak, ModelError, ModelOptions
from service.core.settings import Settings
from service.drafting.jobs import gather_job
from service.drafting.models import open_model
from service.drafting.selection import skip_reason
from service.drafting.service import draft_rule, get_suggestion, list_suggestions
from service.index.embeddings import Embedder, create_embedder
from service.index.indexer import (
    embed_rules,
    index_complaints,
    index_rules,
    rebuild_complaint_keywords,
)
from service.index.keyword import KeywordIndex
from service.index.vectors import VectorStore
from service.ingest.classify import PatternClassifier, RuleClassifier
from service.ingest.complaints import read_complaints
from service.ingest.manuals import (
    ManualIngest,
    current_rules,
    find_rule,
    latest_versions,
    manual_slug,
    parse_manual,
    store_manual,
    version_info,
)
from service.ingest.store_complaints import new_complaints, to_complaint
from service.review import accounts, decisions
from service.review.decisions import DecisionConflict, QueueFilter, QueueItem
from service.review.export import export
from service.store import revisions
from service.store.database import Database
from service.store.models import AuditRow, BatchRow, ComplaintRow, SuggestionRow

# Called with a total and a label; returns a function to call with each step's size.
ProgressFactory = Callable[[int, str], Callable[[int], None]]


def no_progress(_total: int, _label: str) -> Callable[[int], None]:
    return lambda _step: None


MAX_CONCURRENCY = 64


def batch_concurrency(value: int | str | None) -> int | None:
    """Model calls a batch keeps in flight, as a caller gave it (a form sends text)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(value)
    except ValueError:
        raise BadInput(f"concurrency must be a whole number from 1 to 64, not {value!r}") from None
    if not 1 <= number <= MAX_CONCURRENCY:
        raise BadInput(f"concurrency must be a whole number from 1 to 64, not {number}")
    return number


class Workspace:
    """Database, vector store, embedder and classifier for one data directory."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        classifier: RuleClassifier | None = None,
        progress: ProgressFactory = no_progress,
        chat_model: ChatModel | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self.classifier: RuleClassifier = classifier or PatternClassifier()
        self.progress = progress
        self._chat_model = chat_model  # a model given in code (tests) wins over the settings
        self._lock = threading.RLock()
        self._ruleset: RuleSet | None = None
        self._complaint_keywords: KeywordIndex | None = None
        # the shared state the caches above were built from (see service.store.revisions)
        self._built_at: dict[str, int] = {}

    @cached_property
    def db(self) -> Database:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return Database(self.settings.resolved_database_url)

    @cached_property
    def embedder(self) -> Embedder:
        return self._embedder or create_embedder(
            self.settings.embedding_model,
            api_base=self.settings.embedding_api_base,
            batch_size=self.settings.embedding_batch_size,
        )

    @cached_property
    def vectors(self) -> VectorStore:
        return VectorStore(
            self.embedder, path=self.settings.chroma_path, url=self.settings.chroma_url
        )

    @property
    def policy(self) -> EvidencePolicy:
        return EvidencePolicy(
            self.settings.rules_per_complaint,
            self.settings.min_evidence_score,
            self.settings.evidence_margin,
        )

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.dispose()

    # --- ingest --------------------------------------------------------------------------

    def ingest_manual(
        self,
        *,
        data: bytes,
        filename: str,
        manual_id: str | None = None,
        actor: str = "cli",
    ) -> ManualIngest:
        """Store and index a manual; bad input raises before anything is written."""
        with self._lock, self.db.session() as session:
            result = store_manual(
                session,
                data=data,
                filename=filename,
                max_bytes=self.settings.max_file_bytes,
                classifier=self.classifier,
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
                index_rules(self.vectors, self.embedder, result.rules)
                revisions.bump(session, revisions.RULES)
            self._ruleset = None
        return result

    def ingest_complaints(
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
            self.manual(manual)  # an unknown manual is refused before anything is read
        parsed = read_complaints(
            data,
            PurePath(filename).name,
            max_bytes=self.settings.max_file_bytes,
            max_chars=self.settings.max_complaint_chars,
            text_column=text_column,
            id_column=id_column,
            date_column=date_column,
            channel_column=channel_column,
        )
        if manual is not None:
            parsed.complaints = [c.model_copy(update={"manual": manual}) for c in parsed.complaints]
        with self._lock:
            with self.db.session() as session:
                fresh, stored_before, clashes = new_complaints(session, parsed.complaints)
                advance = self.progress(len(fresh), f"complaints from {PurePath(filename).name}")
                stored = index_complaints(
                    session,
                    self.vectors,
                    self.embedder,
                    fresh,
                    batch_size=max(64, self.settings.embedding_batch_size * 4),
                    progress=advance,
                )
            if stored:
                with self.db.session() as session:
                    self._complaint_keywords = rebuild_complaint_keywords(
                        session, self.settings.keyword_path / "complaints"
                    )
                    revisions.bump(session, revisions.COMPLAINTS)
        return ComplaintIngestReport(
            file=PurePath(filename).name,
            rows=parsed.rows,
            stored=stored,
            duplicates=parsed.duplicates + stored_before,
            quarantined=sum(1 for c in fresh if c.quarantined),
            skipped=sorted(parsed.problems + clashes, key=lambda p: p.row),
            columns=parsed.columns.as_dict() if parsed.columns else {},
        )

    # --- reading -------------------------------------------------------------------------

    def manuals(self) -> list[ManualVersionInfo]:
        with self.db.session() as session:
            return [version_info(session, v) for v in latest_versions(session)]

    def manual(self, manual_id: str) -> ManualVersionInfo:
        with self.db.session() as session:
            return version_info(session, latest_versions(session, manual_id)[0])

    def rules(self, manual: str | None = None) -> list[Rule]:
        with self.db.session() as session:
            return current_rules(session, manual)

    def rule(self, rule_id: str) -> Rule:
        with self.db.session() as session:
            return find_rule(session, rule_id)

    def complaints(
        self, *, limit: int = 100, offset: int = 0, quarantined: bool | None = None
    ) -> list[Complaint]:
        """Stored complaints by id; `quarantined` keeps only those that were (or were not)."""
        query = select(ComplaintRow).order_by(ComplaintRow.id)
        if quarantined is not None:
            held = ComplaintRow.quarantine.is_not(None)
            query = query.where(held if quarantined else ~held)
        with self.db.session() as session:
            rows = session.scalars(query.limit(limit).offset(offset))
            return [to_complaint(row) for row in rows]

    def complaint(self, complaint_id: str) -> Complaint:
        with self.db.session() as session:
            row = session.get(ComplaintRow, complaint_id)
            if row is None:
                raise NotFound(f"no complaint {complaint_id!r}")
            return to_complaint(row)

    def complaint_count(self) -> int:
        with self.db.session() as session:
            return int(session.scalar(select(func.count()).select_from(ComplaintRow)) or 0)

    # --- conflicts -----------------------------------------------------------------------

    def _refresh(self) -> None:
        """Drop what another process has made stale: a manual or complaints it ingested."""
        with self.db.session() as session:
            now = revisions.current(session)
        with self._lock:
            if now == self._built_at:
                return
            if self._built_at and "vectors" in self.__dict__:
                self.vectors.reopen()  # an embedded store's index is read again
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
                self._ruleset = build_ruleset(self.vectors, self.rules())
            return self._ruleset

    def _dimension(self, ruleset: RuleSet) -> int:
        return int(ruleset.vectors.shape[1])

    def _matching(self) -> tuple[RuleSet, KeywordIndex | None]:
        """The rules and the complaints' keyword index, as they stand now: one look at the
        revisions for both."""
        ruleset = self.ruleset()
        with self._lock:
            if self._complaint_keywords is None:
                self._complaint_keywords = KeywordIndex.load(
                    self.settings.keyword_path / "complaints"
                )
            return ruleset, self._complaint_keywords

    def conflicts(self, *, manual: str | None = None, top: int | None = None) -> list[Conflict]:
        if manual is not None:
            self.manual(manual)  # raises NotFound for an unknown manual
        ruleset, keywords = self._matching()
        if not ruleset.rules:
            return []
        advance = self.progress(self.complaint_count(), "matching complaints to rules")
        with self.db.session() as session:
            found = all_conflicts(
                session,
                ruleset,
                keywords,
                policy=self.policy,
                dimension=self._dimension(ruleset),
                progress=advance,
            )
        found = [c for c in found if manual is None or c.manual == manual]
        return found[:top] if top else found

    def conflicts_if_stored(self, rules: list[Rule]) -> list[Conflict]:
        """The conflicts there would be if these rules (of manuals not stored, or of new
        versions) were stored: the same matching, on the rules as they would then stand.
        Nothing is stored or indexed."""
        if not rules or not self.complaint_count():
            return []
        vectors, sentences = embed_rules(self.embedder, rules)
        stored, keywords = self._matching()
        ruleset = replaced(stored, rules, vectors, [list(s) for s in sentences])
        with self.db.session() as session:
            found = all_conflicts(
                session,
                ruleset,
                keywords,
                policy=self.policy,
                dimension=self._dimension(ruleset),
            )
        wanted = {r.id for r in rules}
        return [c for c in found if c.rule_id in wanted]

    def conflict(self, rule_id: str, *, limit: int = 50) -> Conflict:
        ruleset, keywords = self._matching()
        with self.db.session() as session:
            return conflict_for_rule(
                session,
                self.vectors,
                ruleset,
                keywords,
                rule_id,
                policy=self.policy,
                dimension=self._dimension(ruleset),
                limit=limit,
            )

    # --- drafting ------------------------------------------------------------------------

    def _model_options(
        self, model: str | None, api_base: str | None, *, retries: int
    ) -> ModelOptions:
        settings = self.settings
        return ModelOptions(
            model=model or settings.model,
            api_base=api_base or settings.api_base,
            api_key=settings.api_key,
            timeout=settings.model_timeout,
            retries=retries,
            fallbacks=tuple(settings.model_fallbacks),
        )

    def chat_model(self, model: str | None = None, api_base: str | None = None) -> ChatModel:
        """The configured drafting model, or the one given (and its server)."""
        if self._chat_model is not None and model is None:
            return self._chat_model
        return open_model(self._model_options(model, api_base, retries=self.settings.model_retries))

    def async_chat_model(self, model: str, api_base: str | None = None) -> AsyncChatModel:
        """The model a batch awaits. Batches retry on their own (with backoff shared by all
        their calls), so litellm is told not to."""
        return open_model(self._model_options(model, api_base, retries=0))

    def skipped(self, rule_ids: list[str]) -> dict[str, str]:
        """The rules among `rule_ids` that need no rewrite, with the reason for each."""
        reasons = {}
        for rule_id in dict.fromkeys(rule_ids):
            rule = self.rule(rule_id)
            reason = skip_reason(rule, complaints=len(self.conflict(rule_id).complaints))
            if reason:
                reasons[rule_id] = reason
        return reasons

    def draft(
        self,
        rule_ids: list[str],
        *,
        model: str | None = None,
        api_base: str | None = None,
        fresh: bool = False,
        skipped: dict[str, str] | None = None,
        failed: dict[str, str] | None = None,
    ) -> list[Suggestion]:
        """A suggestion per rule that needs a rewrite, drafted (or taken from the cache),
        checked and stored. The others are left out, with the reason put in `skipped`.

        Given `failed`, a rule whose model answers stay invalid (or whose call fails) is
        recorded there with the error and the others go on; a refused key, an unknown model
        or an unreachable server stops the run, since every rule would fail the same way."""
        chat = self.chat_model(model, api_base)
        rules = [self.rule(rule_id) for rule_id in dict.fromkeys(rule_ids)]
        suggestions = []
        streak = FailureStreak()
        for rule in rules:
            conflict = self.conflict(rule.id)
            reason = skip_reason(rule, complaints=len(conflict.complaints))
            if reason:
                if skipped is not None:
                    skipped[rule.id] = reason
                continue
            with self.db.session() as session:
                job = gather_job(session, rule, conflict, complaints=self.settings.draft_complaints)
                try:
                    suggestion = draft_rule(
                        session,
                        job,
                        model=chat,
                        attempts=self.settings.draft_attempts,
                        fresh=fresh,
                    )
                except ModelError as exc:
                    if failed is None:
                        raise
                    failed[rule.id] = exc.message
                    streak.failure(exc)  # the same failure rule after rule stops the run
                    continue
                streak.success()
                suggestions.append(suggestion)
        return suggestions

    def suggestions(
        self, *, status: str | None = None, manual: str | None = None, review: str | None = None
    ) -> list[Suggestion]:
        with self.db.session() as session:
            return list_suggestions(session, status=status, manual=manual, review=review)

    def suggestion(self, suggestion_id: str) -> Suggestion:
        with self.db.session() as session:
            found = get_suggestion(session, suggestion_id)
        if found is None:
            raise NotFound(f"no suggestion {suggestion_id!r}")
        return found

    # --- review --------------------------------------------------------------------------

    def add_user(
        self, name: str, roles: list[str], *, password: str | None = None, actor: str = "cli"
    ) -> accounts.NewUser:
        with self.db.session() as session:
            return accounts.add_user(session, name, roles, password=password, actor=actor)

    def users(self) -> list[User]:
        with self.db.session() as session:
            return accounts.list_users(session)

    def set_password(self, name: str, password: str, *, actor: str = "cli") -> None:
        with self.db.session() as session:
            accounts.set_password(session, name, password, actor=actor)

    def new_token(self, name: str, *, label: str = "") -> str:
        with self.db.session() as session:
            return accounts.issue_token(session, accounts.find_user(session, name).id, label=label)

    def decide(
        self,
        suggestion_id: str,
        action: DecisionAction,
        *,
        user: User,
        version: int,
        text: str | None = None,
        reason: str | None = None,
        comment: str | None = None,
    ) -> Decision:
        """Record a decision: the suggestion, the decision and the audit entry in one commit."""
        with self.db.session() as session:
            return decisions.decide(
                session,
                suggestion_id,
                action,
                user=user,
                version=version,
                text=text,
                reason=reason,
                comment=comment,
            )

    # --- people: the sign-in and the caller behind a token or a session ---------------------

    def sign_in(self, name: str, password: str) -> accounts.WebSession | None:
        """A new web session for the right name and password, else None."""
        with self.db.session() as session:
            user = accounts.verify_login(session, name.strip(), password)
            if user is None:
                return None
            return accounts.start_session(session, user, hours=self.settings.session_hours)

    def sign_out(self, secret: str) -> None:
        with self.db.session() as session:
            accounts.end_session(session, secret)

    def user_for_token(self, token: str) -> User | None:
        with self.db.session() as session:
            return accounts.user_for_token(session, token)

    def web_session(self, secret: str) -> accounts.WebSession | None:
        with self.db.session() as session:
            return accounts.session_for(session, secret)

    def suggestion_manuals(self) -> list[str]:
        """The manuals that have suggestions, for the queue's filter."""
        with self.db.session() as session:
            return list(
                session.scalars(
                    select(SuggestionRow.manual_id).distinct().order_by(SuggestionRow.manual_id)
                )
            )

    def complaints_by_id(self, ids: Iterable[str]) -> dict[str, Complaint]:
        """The stored complaints of these ids (an id not stored is left out)."""
        with self.db.session() as session:
            rows = session.scalars(select(ComplaintRow).where(ComplaintRow.id.in_(set(ids))))
            return {row.id: to_complaint(row) for row in rows}

    def accept_many(self, chosen: dict[str, str], *, user: User) -> dict[str, int]:
        """Accept each suggestion at the version given, each as its own decision; how many
        were accepted, met a newer decision, or could not be accepted."""
        done = {"accepted": 0, "conflicts": 0, "failed": 0}
        for suggestion_id, version in chosen.items():
            try:
                self.decide(suggestion_id, "accept", user=user, version=int(version))
                done["accepted"] += 1
            except DecisionConflict:
                done["conflicts"] += 1
            except (PolicyRewriterError, ValueError):
                done["failed"] += 1
        return done

    def decisions(self, suggestion_id: str) -> list[Decision]:
        with self.db.session() as session:
            return decisions.decisions_for(session, suggestion_id)

    def queue(
        self, chosen: QueueFilter, *, limit: int = 200, offset: int = 0
    ) -> tuple[list[QueueItem], int, ReviewCounts]:
        with self.db.session() as session:
            items, total = decisions.queue(session, chosen, limit=limit, offset=offset)
            return items, total, decisions.counts(session, chosen)

    def next_pending(self, chosen: QueueFilter, *, after: str | None = None) -> str | None:
        with self.db.session() as session:
            return decisions.next_pending(session, chosen, after)

    def audit(self, manual: str | None = None) -> list[AuditEntry]:
        if manual is not None:
            self.manual(manual)
        with self.db.session() as session:
            return decisions.audit(session, manual)

    def export(self, manual_id: str, fmt: str) -> tuple[bytes, str, str]:
        """(content, media type, file name) of the revised manual."""
        self.manual(manual_id)
        with self.db.session() as session:
            return export(session, manual_id, fmt)

    # --- batches -------------------------------------------------------------------------

    def batch_files(self, files: list[tuple[str, bytes]]) -> list[BatchFile]:
        """The files of a batch, each read and split now: a bad file is refused, by name,
        before anything is stored."""
        found = []
        for filename, data in files:
            name = PurePath(filename).name
            manual_id = manual_slug(name)
            parse_manual(
                data=data,
                filename=name,
                manual_id=manual_id,
                max_bytes=self.settings.max_file_bytes,
                classifier=self.classifier,
            )
            found.append(BatchFile(name, data, manual_id))
        batch_store.check_files(found)
        return found

    def resumable(self, batch_id: str) -> BatchInfo:
        """A batch the web app may resume: one it started (a CLI batch resumes in the CLI)."""
        info = self.batch(batch_id)
        if info.origin != "api":
            raise errors.Conflict(
                f"batch {batch_id} was started from the command line; resume it there"
            )
        return info

    def create_batch(
        self,
        files: list[BatchFile],
        *,
        model: str | None = None,
        api_base: str | None = None,
        concurrency: int | None = None,
        origin: str = "api",
        actor: str = "cli",
    ) -> BatchInfo:
        """A new batch (API: always new). From the command line the id follows from the model
        and the files, so the same command finds the batch it started before."""
        model = model or self.settings.model
        concurrency = batch_concurrency(concurrency) or self.settings.batch_concurrency
        batch_id = batch_store.batch_key(model, files) if origin == "cli" else None
        with self.db.session() as session:
            existing = session.get(BatchRow, batch_id) if batch_id else None
            if existing is not None:
                existing.api_base = api_base or existing.api_base
            else:
                row = batch_store.create_batch(
                    session,
                    files,
                    model=model,
                    api_base=api_base,
                    concurrency=concurrency,
                    origin=origin,
                    actor=actor,
                    batch_id=batch_id,
                )
                batch_id = row.id
                session.add(
                    AuditRow(
                        actor=actor,
                        action="batch.create",
                        detail={"batch": row.id, "files": [f.filename for f in files]},
                    )
                )
        assert batch_id is not None
        return self.batch(batch_id)

    def run_batch(
        self,
        batch_id: str,
        *,
        retry_failed: bool = False,
        concurrency: int | None = None,
        stop: Callable[[], bool] = lambda: False,
        on_phase: Callable[[str], None] = lambda _phase: None,
    ) -> BatchInfo:
        """Run a batch to its end, or resume it; see `service.batch.runner`."""
        return run_batch(
            self,
            batch_id,
            retry_failed=retry_failed,
            concurrency=concurrency,
            progress=self.progress,
            stop=stop,
            on_phase=on_phase,
        )

    def estimate_batch(
        self,
        files: list[BatchFile],
        *,
        model: str | None = None,
        retry_failed: bool = False,
        origin: str = "cli",
    ) -> BatchEstimate:
        model = model or self.settings.model
        batch_id = batch_store.batch_key(model, files) if origin == "cli" else None
        return estimate(self, files, model=model, batch_id=batch_id, retry_failed=retry_failed)

    def batch(self, batch_id: str) -> BatchInfo:
        with self.db.session() as session:
            return batch_store.batch_info(session, batch_id)

    def batches(self, *, limit: int = 100) -> list[BatchInfo]:
        with self.db.session() as session:
            return [
                batch_store.batch_info(session, found)
                for found in batch_store.list_batches(session, limit=limit)
            ]

    def batch_reports(self, batch_id: str) -> list[BatchReport]:
        with self.db.session() as session:
            return batch_report.reports(session, batch_id)

    def batch_outputs(self, batch_id: str, *, only: str | None = None) -> list[tuple[str, bytes]]:
        """(file name, content) of the revised drafts and reports of every manual."""
        with self.db.session() as session:
            return batch_report.outputs(session, batch_id, only=only)

    def rules_for_complaint(
        self, complaint_id: str, *, top: int = 5, manual: str | None = None
    ) -> list[RuleMatch]:
        ruleset = self.ruleset()
        if not ruleset.rules:
            return []
        with self.db.session() as session:
            matches = rules_for_complaint(
                session,
                ruleset,
                complaint_id,
                top=len(ruleset.rules) if manual else top,
                dimension=self._dimension(ruleset),
            )
        return [m for m in matches if manual is None or m.manual == manual][:top]
