"""Worker processes: several `policy-rewriter worker`s, on any machines, share the web app's
batches through PostgreSQL, each rule drafted once.

A worker claims work with row locks taken `FOR NO KEY UPDATE SKIP LOCKED`, so two workers
never hold the same row and neither waits for the other:

- **Preparing** a queued batch (ingesting its manuals and planning its rules) holds the lock
  on the batch's row until its rules are written: one worker prepares it, the others pass by.
- **Drafting**: each of the batch's `concurrency` slots claims the next pending rule, in
  manual and rule order, in a transaction of its own, asks the model, and stores the draft
  and the rule's outcome in that same transaction. The lock is the claim: nothing else is
  written to say who holds it, so nothing is left behind when a worker dies. A worker killed
  in any way loses its connection, PostgreSQL rolls its transactions back and releases its
  locks, and the rules it held are pending again for the next claim. A worker on a machine
  that stops answering is found by TCP keepalives (about a minute) and, at the latest, by
  the transaction's idle timeout, which is longer than any model call with its retries.
- **Finishing**: the worker that finds no pending rule left marks the batch done.

A rule is stored once (its row is written only under its lock); a rule is asked of the model
twice only when the worker that asked first died before storing the answer.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, func, select, text, update
from sqlalchemy.orm import Session

from service.batch import plan
from service.batch.runner import Drafting, Policy, Prepared
from service.batch.store import held_elsewhere, manuals_of
from service.core.errors import BackendUnavailable, ConfigurationError, PolicyRewriterError
from service.core.llm import warm_up
from service.drafting import prompts
from service.store.models import BatchManualRow, BatchRow, BatchRuleRow, utcnow

if TYPE_CHECKING:
    from service.batch.ports import BatchStages
    from service.store.database import Database

log = logging.getLogger(__name__)

# The states of a batch a worker works on: a queued batch is prepared first.
WORKED = ("queued", "running")


def require_postgres(db: Database) -> None:
    """Workers share batches through PostgreSQL's row locks; SQLite has none."""
    if db.engine.dialect.name != "postgresql":
        raise ConfigurationError(
            "workers share batches through PostgreSQL row locks, and the database is "
            f"{db.engine.dialect.name}: set POLICY_REWRITER_DATABASE_URL to a PostgreSQL "
            "database, or run batches in the server (POLICY_REWRITER_BATCH_WORKERS=false) "
            "or with `policy-rewriter batch`"
        )


def hand_over(db: Database, batch_id: str, *, retry_failed: bool = False) -> None:
    """Leave a web batch to the workers: a new one is queued already; a finished or
    interrupted one is queued again, with its failed rules pending again if asked."""
    require_postgres(db)
    with db.session() as session:
        row = session.get(BatchRow, batch_id, with_for_update={"key_share": True})
        assert row is not None  # the caller found it
        if retry_failed:
            session.execute(
                update(BatchRuleRow)
                .where(BatchRuleRow.batch_id == batch_id, BatchRuleRow.state == "failed")
                .values(state="pending", updated_at=utcnow())
            )
        if row.state not in WORKED:
            row.state, row.error, row.finished_at = "queued", None, None


@dataclass(frozen=True)
class Claimed:
    """A batch a worker is drafting: what its drafting needs from the batch's row."""

    batch_id: str
    model: str
    api_base: str | None
    concurrency: int


class ClaimedDrafting(Drafting):
    """The drafting of one batch by one worker, rule by claimed rule (see the module)."""

    def __init__(self, *args: Any, idle_seconds: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.idle_seconds = idle_seconds
        self._claims: dict[str, Session] = {}
        self._claims_lock = threading.Lock()
        self.claimed = 0

    async def run_claimed(self) -> None:
        async def slot() -> None:
            while not self.stop():
                self._check()
                prepared = await self._read(self._claim)
                if prepared is None:
                    return
                try:
                    if prepared.reuse is not None:
                        await self._write(self._store_reused, prepared)
                    else:
                        await self.draft(prepared)
                finally:
                    await self._read(self._release, prepared.rule_id)

        try:
            async with asyncio.TaskGroup() as group:
                for _ in range(self.policy.concurrency):
                    group.create_task(slot())
            if self._writes:
                await asyncio.wait(set(self._writes))
            self._check()
        except BaseExceptionGroup as grouped:
            raise grouped.exceptions[0] from None
        finally:
            self._reader.shutdown(wait=True)
            self._writer.shutdown(wait=True)
            for rule_id in list(self._claims):
                self._release(rule_id)

    # --- claims, on the reader thread; writes in the claim's transaction, on the writer ---

    def _claim(self) -> Prepared | None:
        session = Session(self.stages.db.engine, expire_on_commit=False)
        try:
            # A dead client's locks go with its connection: the server notices a dead
            # machine by keepalives, and a hung worker by the idle timeout.
            session.execute(
                text(
                    "SELECT set_config('idle_in_transaction_session_timeout', :idle, true), "
                    "set_config('tcp_keepalives_idle', '30', true), "
                    "set_config('tcp_keepalives_interval', '10', true), "
                    "set_config('tcp_keepalives_count', '3', true)"
                ),
                {"idle": f"{self.idle_seconds}s"},
            )
            rule_id = session.scalar(
                select(BatchRuleRow.rule_id)
                .join(
                    BatchManualRow,
                    (BatchManualRow.batch_id == BatchRuleRow.batch_id)
                    & (BatchManualRow.manual_id == BatchRuleRow.manual_id),
                )
                .where(BatchRuleRow.batch_id == self.batch_id, BatchRuleRow.state == "pending")
                .order_by(BatchManualRow.position, BatchRuleRow.position)
                .limit(1)
                .with_for_update(of=BatchRuleRow, skip_locked=True, key_share=True)
            )
            if rule_id is None:
                session.rollback()
                session.close()
                return None
            prepared = self._prepare_in(session, rule_id)
        except BaseException:
            session.rollback()
            session.close()
            raise
        with self._claims_lock:
            self._claims[rule_id] = session
        self.claimed += 1
        return prepared

    def _release(self, rule_id: str) -> None:
        """End the claim: after its commit this changes nothing; before it, the rule is
        pending again for any worker."""
        with self._claims_lock:
            session = self._claims.pop(rule_id, None)
        if session is not None:
            session.rollback()
            session.close()

    def _session(self, rule_id: str) -> Session:
        with self._claims_lock:
            return self._claims[rule_id]

    def _store_reused(self, prepared: Prepared) -> None:
        session = self._session(prepared.rule_id)
        self._store_reused_in(session, prepared)
        session.commit()

    def _store_failed(self, rule_id: str, error: str, tries: int) -> None:
        session = self._session(rule_id)
        self._store_failed_in(session, rule_id, error, tries)
        session.commit()

    def _store_drafted(self, prepared: Prepared, answer: Any, record: Any, tries: int) -> None:
        session = self._session(prepared.rule_id)
        self._store_drafted_in(session, prepared, answer, record, tries)
        session.commit()


class Worker:
    """One worker process's loop: prepare queued batches, draft pending rules, finish
    batches; sleep `poll` seconds when there is nothing to do."""

    def __init__(
        self,
        stages: BatchStages,
        *,
        poll: float = 1.0,
        stop: Callable[[], bool] = lambda: False,
        on_event: Callable[[str], None] = lambda _message: None,
    ) -> None:
        require_postgres(stages.db)
        self.stages = stages
        self.poll = poll
        self.stop = stop
        self.on_event = on_event
        self.drafted = 0  # rules this worker claimed

    def run(self, *, until_idle: bool = False) -> None:
        """Work until stopped (or, with `until_idle`, until there is nothing left to do)."""
        warm_up().join()
        prompts.warm()
        self.on_event(f"worker {os.getpid()} on {socket.gethostname()} is looking for batches")
        while not self.stop():
            try:
                busy = self.step()
            except Exception:  # a lost connection, a bug: what was claimed is pending again
                log.exception("worker step failed; trying again")
                busy = False
            if not busy:
                if until_idle and not self._work_left():
                    return
                self._sleep(self.poll)

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stop() and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))

    def step(self) -> bool:
        """Do one piece of work; False when there was none to claim."""
        if self._prepare_one():
            return True
        return any(self._draft(claimed) for claimed in self._to_draft())

    def _candidates(self, states: tuple[str, ...]) -> list[str]:
        with self.stages.db.session() as session:
            return list(
                session.scalars(
                    select(BatchRow.id)
                    .where(BatchRow.origin == "api", BatchRow.state.in_(states))
                    .order_by(BatchRow.created_at)
                )
            )

    def _lock_batch(self, session: Session, batch_id: str) -> BatchRow | None:
        """The batch's row, locked for this worker; None when another holds it, it is no
        longer a worker's, or a server is running it in process."""
        row = session.scalar(
            select(BatchRow)
            .where(BatchRow.id == batch_id, BatchRow.state.in_(WORKED))
            .with_for_update(skip_locked=True, key_share=True)
        )
        if row is None or held_elsewhere(row):
            return None
        return row

    def _prepare_one(self) -> bool:
        """Ingest and plan one batch that needs it, holding its row's lock meanwhile."""
        for batch_id in self._candidates(WORKED):
            with self.stages.db.session() as session:
                row = self._lock_batch(session, batch_id)
                if row is None:
                    continue
                manuals = manuals_of(session, batch_id)
                if row.state == "running" and all(m.planned for m in manuals):
                    continue
                self.on_event(f"preparing batch {batch_id}")
                try:
                    plan.ingest(self.stages, batch_id)
                    plan.plan(self.stages, batch_id)
                except BackendUnavailable:
                    raise  # not the batch's fault: tried again
                except PolicyRewriterError as exc:
                    row.state, row.error, row.finished_at = "failed", exc.message, utcnow()
                    self.on_event(f"batch {batch_id} failed: {exc.message}")
                    return True
                row.state, row.error, row.finished_at = "running", None, None
                row.started_at = row.started_at or utcnow()
            self._finish_if_done(batch_id)
            return True
        return False

    def _to_draft(self) -> Iterator[Claimed]:
        """The running batches with rules pending, oldest first."""
        for batch_id in self._candidates(("running",)):
            with self.stages.db.session() as session:
                row = session.get(BatchRow, batch_id)
                if row is None or row.state != "running" or held_elsewhere(row):
                    continue
                if not all(m.planned for m in manuals_of(session, batch_id)):
                    continue
                pending = session.scalar(
                    select(
                        exists().where(
                            BatchRuleRow.batch_id == batch_id, BatchRuleRow.state == "pending"
                        )
                    )
                )
                if not pending:
                    continue
                claimed = Claimed(batch_id, row.model, row.api_base, row.concurrency)
            yield claimed

    def _draft(self, claimed: Claimed) -> bool:
        settings = self.stages.settings
        policy = Policy(
            concurrency=claimed.concurrency,
            attempts=settings.batch_attempts,
            backoff=settings.batch_backoff,
            backoff_max=settings.batch_backoff_max,
            answers=settings.draft_attempts,
            complaints=settings.draft_complaints,
        )
        # Longer than one rule's tries can take: the claim outlives any live worker's call.
        idle = int(
            settings.model_timeout * settings.draft_attempts * settings.batch_attempts
            + settings.batch_backoff_max * settings.batch_attempts
            + 60
        )
        try:
            chat = self.stages.models.async_chat(claimed.model, claimed.api_base)
            drafting = ClaimedDrafting(
                self.stages,
                claimed.batch_id,
                chat,
                policy,
                advance=lambda _n: None,
                stop=self.stop,
                idle_seconds=idle,
            )
            try:
                asyncio.run(drafting.run_claimed())
            finally:
                self.drafted += drafting.claimed
        except ConfigurationError as exc:  # every rule would fail the same way
            self._fail(claimed.batch_id, exc.message)
            return True
        self._finish_if_done(claimed.batch_id)
        return drafting.claimed > 0

    def _work_left(self) -> bool:
        with self.stages.db.session() as session:
            return bool(
                session.scalar(
                    select(func.count())
                    .select_from(BatchRow)
                    .where(BatchRow.origin == "api", BatchRow.state.in_(WORKED))
                )
            )

    def _finish_if_done(self, batch_id: str) -> None:
        """Mark the batch done when no rule is pending (a rule another worker holds is)."""
        with self.stages.db.session() as session:
            row = session.get(BatchRow, batch_id, with_for_update={"key_share": True})
            if row is None or row.state != "running":
                return
            pending = session.scalar(
                select(func.count())
                .select_from(BatchRuleRow)
                .where(BatchRuleRow.batch_id == batch_id, BatchRuleRow.state == "pending")
            )
            if not pending:
                row.state, row.error, row.finished_at = "done", None, utcnow()
                self.on_event(f"batch {batch_id} done")

    def _fail(self, batch_id: str, message: str) -> None:
        with self.stages.db.session() as session:
            row = session.get(BatchRow, batch_id, with_for_update={"key_share": True})
            if row is not None and row.state in WORKED:
                row.state, row.error, row.finished_at = "failed", message, utcnow()
        self.on_event(f"batch {batch_id} failed: {message}")
