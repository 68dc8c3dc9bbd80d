"""Running a batch: ingest, plan, then draft the pending rules with bounded concurrency.

Model calls are awaited, `concurrency` of them in flight at once. The database work of a
rule (gathering its prompt, checking and storing its draft) runs on one helper thread, so
the event loop only waits on the model. A transient failure (rate limit, 5xx, timeout) is
asked again with exponential backoff and jitter, never sooner than the provider's
Retry-After; a rate limit also pauses every worker. A rule that still fails is recorded as
failed with the error, and the run goes on. A configuration error (refused key, unknown
model) stops the batch: every rule would fail the same way.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from service.batch import plan
from service.batch.plan import planned_job
from service.batch.store import (
    HEARTBEAT_SECONDS,
    batch_info,
    heartbeat,
    manuals_of,
    release_lease,
    take_lease,
)
from service.core.domain import BatchInfo
from service.core.errors import ConfigurationError, PolicyRewriterError
from service.core.llm import AsyncChatModel, FailureStreak, ModelError, is_transient, warm_up
from service.drafting import prompts
from service.drafting.schema import DraftAnswer, DraftInput
from service.drafting.service import (
    DraftJob,
    ask_async,
    build_suggestion,
    cache_key,
    cached,
    suggestion_id,
    to_row,
)
from service.store.models import BatchRow, BatchRuleRow, SuggestionRow, utcnow

if TYPE_CHECKING:
    from service.batch.ports import BatchStages

T = TypeVar("T")
Advance = Callable[[int], None]


@dataclass(frozen=True)
class Policy:
    concurrency: int
    attempts: int  # tries per rule on transient failures
    backoff: float
    backoff_max: float
    answers: int  # answers asked for per try when the JSON is invalid
    complaints: int  # most complaints in one prompt


class Pacer:
    """Shared by a batch's workers: after a rate limit nobody calls until the pause is over."""

    def __init__(self) -> None:
        self._until = 0.0

    def pause(self, seconds: float) -> None:
        self._until = max(self._until, time.monotonic() + seconds)

    async def ready(self) -> None:
        while (wait := self._until - time.monotonic()) > 0:
            await asyncio.sleep(wait)


def _wait(policy: Policy) -> Callable[[RetryCallState], float]:
    exponential = wait_exponential_jitter(
        multiplier=policy.backoff, max=policy.backoff_max, jitter=policy.backoff
    )

    def wait(state: RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        asked = getattr(failure, "retry_after", None) or 0.0
        return min(max(exponential(state), asked), max(policy.backoff_max, asked))

    return wait


@dataclass(frozen=True)
class Prepared:
    rule_id: str
    job: DraftJob
    data: DraftInput
    key: str
    reuse: str | None  # the id of a stored draft of the very same prompt


class Drafting:
    """The drafting phase of one run of one batch.

    A reader thread gathers the prompts ahead of the workers, the workers await the model,
    and a writer thread checks and stores each draft (its suggestion and its rule's row in
    one transaction), so the event loop never blocks on the database.
    """

    def __init__(
        self,
        stages: BatchStages,
        batch_id: str,
        chat: AsyncChatModel,
        policy: Policy,
        *,
        advance: Advance,
        stop: Callable[[], bool],
    ) -> None:
        self.stages = stages
        self.batch_id = batch_id
        self.chat = chat
        self.policy = policy
        self.advance = advance
        self.stop = stop
        self.pacer = Pacer()
        self.streak = FailureStreak()
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-read")
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-write")
        self._writes: set[asyncio.Future[None]] = set()
        self._failure: BaseException | None = None

    async def _read(self, fn: Callable[..., T], *args: Any) -> T:
        # Reads are done again when the database connection drops (see Database.retrying).
        unit = partial(self.stages.db.retrying, fn, *args, idempotent=True)
        return await asyncio.get_running_loop().run_in_executor(self._reader, unit)

    def _write(
        self, fn: Callable[..., None], *args: Any, idempotent: bool = True
    ) -> asyncio.Future[None]:
        """Store on the writer thread; the rule counts as done once its transaction commits.
        A write cut off by a dropped connection is done again, even during its commit when
        doing it twice stores it once (`idempotent`)."""
        unit = partial(self.stages.db.retrying, fn, *args, idempotent=idempotent)
        future = asyncio.get_running_loop().run_in_executor(self._writer, unit)
        self._writes.add(future)

        def done(finished: asyncio.Future[None]) -> None:
            self._writes.discard(finished)
            if finished.cancelled():
                return
            if (error := finished.exception()) is not None:
                self._failure = self._failure or error
            else:
                self.advance(1)

        future.add_done_callback(done)
        return future

    def _check(self) -> None:
        if self._failure is not None:
            raise self._failure

    async def run(self, rule_ids: list[str]) -> None:
        workers = min(self.policy.concurrency, len(rule_ids))
        ready: asyncio.Queue[Prepared | None] = asyncio.Queue(maxsize=2 * workers)

        async def gather_prompts() -> None:
            for rule_id in rule_ids:
                if self.stop():
                    break
                self._check()
                prepared = await self._read(self._prepare, rule_id)
                if prepared.reuse is not None:
                    self._write(self._store_reused, prepared)
                else:
                    await ready.put(prepared)
            for _ in range(workers):
                await ready.put(None)

        async def worker() -> None:
            while (prepared := await ready.get()) is not None:
                self._check()
                if not self.stop():
                    await self.draft(prepared)

        beat = asyncio.create_task(self._heartbeat())
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(gather_prompts())
                for _ in range(workers):
                    group.create_task(worker())
            if self._writes:
                await asyncio.wait(set(self._writes))
            self._check()
        except BaseExceptionGroup as grouped:
            raise grouped.exceptions[0] from None
        finally:
            beat.cancel()
            self._reader.shutdown(wait=True)
            self._writer.shutdown(wait=True)

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            await self._read(self._beat)

    def _beat(self) -> None:
        with self.stages.db.session() as session:
            heartbeat(session, self.batch_id)

    async def draft(self, prepared: Prepared) -> None:
        tries = 0

        def before_sleep(state: RetryCallState) -> None:
            failure = state.outcome.exception() if state.outcome else None
            if isinstance(failure, ModelError) and failure.rate_limited:
                wait = state.next_action.sleep if state.next_action else self.policy.backoff
                self.pacer.pause(wait)

        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(self.policy.attempts),
                retry=retry_if_exception(is_transient),
                wait=_wait(self.policy),
                before_sleep=before_sleep,
                reraise=True,
            ):
                with attempt:
                    await self.pacer.ready()
                    tries += 1
                    answer, record = await ask_async(
                        self.chat, prepared.data, attempts=self.policy.answers
                    )
        except ConfigurationError:
            raise
        except PolicyRewriterError as exc:
            await self._write(
                self._store_failed, prepared.rule_id, exc.message, tries, idempotent=False
            )
            if isinstance(exc, ModelError):
                self.streak.failure(exc)  # the same failure rule after rule stops the batch
            return
        self.streak.success()
        # The worker waits for the commit: at most `concurrency` answered rules are ever
        # unstored, so a kill loses no more calls than were in flight.
        await self._write(self._store_drafted, prepared, answer, record, tries)

    # --- database work, on the reader and writer threads -----------------------------------

    def _prepare(self, rule_id: str) -> Prepared:
        with self.stages.db.session() as session:
            return self._prepare_in(session, rule_id)

    def _prepare_in(self, session: Any, rule_id: str) -> Prepared:
        job = planned_job(session, self.batch_id, rule_id, complaints=self.policy.complaints)
        data = job.draft_input()
        key = cache_key(self.chat.name, data)
        found = cached(session, key)
        return Prepared(rule_id, job, data, key, found.id if found else None)

    def _row(self, session: Any, rule_id: str) -> BatchRuleRow:
        row = session.get(BatchRuleRow, (self.batch_id, rule_id))
        assert row is not None
        row.updated_at = utcnow()
        return row

    def _store_reused(self, prepared: Prepared) -> None:
        with self.stages.db.session() as session:
            self._store_reused_in(session, prepared)

    def _store_reused_in(self, session: Any, prepared: Prepared) -> None:
        stored = session.get(SuggestionRow, prepared.reuse)
        row = self._row(session, prepared.rule_id)
        row.state, row.reason, row.reused = "drafted", None, True
        row.suggestion_id = prepared.reuse
        row.status = stored.status if stored else None

    def _store_failed(self, rule_id: str, error: str, tries: int) -> None:
        with self.stages.db.session() as session:
            self._store_failed_in(session, rule_id, error, tries)

    def _store_failed_in(self, session: Any, rule_id: str, error: str, tries: int) -> None:
        row = self._row(session, rule_id)
        row.state, row.reason = "failed", error
        row.attempts += tries
        row.model_calls += tries

    def _store_drafted(
        self, prepared: Prepared, answer: DraftAnswer, record: Any, tries: int
    ) -> None:
        with self.stages.db.session() as session:
            self._store_drafted_in(session, prepared, answer, record, tries)

    def _store_drafted_in(
        self, session: Any, prepared: Prepared, answer: DraftAnswer, record: Any, tries: int
    ) -> None:
        suggestion = build_suggestion(
            prepared.job,
            answer,
            model=self.chat.name,
            record=record,
            suggestion_id=suggestion_id(prepared.key),
        )
        row = self._row(session, prepared.rule_id)
        if row.state == "drafted" and row.suggestion_id == suggestion.id:
            return  # stored already, by a try whose commit was cut off before it was confirmed
        if session.get(SuggestionRow, suggestion.id) is None:
            session.add(to_row(suggestion, prepared.key))
        usage = suggestion.usage
        row.state, row.reason, row.reused = "drafted", None, False
        row.suggestion_id, row.status = suggestion.id, suggestion.status
        row.attempts += tries
        row.model_calls += usage.model_calls + tries - 1  # failed tries made calls too
        row.prompt_tokens += usage.prompt_tokens
        row.completion_tokens += usage.completion_tokens
        if usage.cost is not None:
            row.cost = (row.cost or 0.0) + usage.cost


def _to_draft(stages: BatchStages, batch_id: str, *, retry_failed: bool) -> list[str]:
    """The rule ids a run drafts, manual by manual, in manual order."""
    states = ["pending", "failed"] if retry_failed else ["pending"]
    with stages.db.session() as session:
        order = {m.manual_id: m.position for m in manuals_of(session, batch_id)}
        rows = session.execute(
            select(BatchRuleRow.manual_id, BatchRuleRow.position, BatchRuleRow.rule_id).where(
                BatchRuleRow.batch_id == batch_id, BatchRuleRow.state.in_(states)
            )
        ).all()
    return [rule_id for _, _, rule_id in sorted(rows, key=lambda r: (order[r[0]], r[1]))]


def run_batch(
    stages: BatchStages,
    batch_id: str,
    *,
    retry_failed: bool = False,
    concurrency: int | None = None,
    progress: Callable[[int, str], Advance] | None = None,
    stop: Callable[[], bool] = lambda: False,
    on_phase: Callable[[str], None] = lambda _phase: None,
) -> BatchInfo:
    """Run (or resume) a batch to its end; returns where it stands. `on_phase` hears
    "ingesting", "planning" and "drafting" as each starts."""
    settings = stages.settings
    litellm_ready = warm_up()  # while the manuals are ingested
    with stages.db.session() as session:
        row = take_lease(session, batch_id)
        if concurrency is not None:
            row.concurrency = concurrency
        row.state, row.error, row.finished_at = "running", None, None
        row.started_at = row.started_at or utcnow()
        model, api_base, limit = row.model, row.api_base, row.concurrency
    try:
        on_phase("ingesting")
        plan.ingest(stages, batch_id)
        on_phase("planning")
        plan.plan(stages, batch_id)
        rule_ids = _to_draft(stages, batch_id, retry_failed=retry_failed)
        prompts.warm()
        litellm_ready.join()
        on_phase("drafting")
        if rule_ids:
            policy = Policy(
                concurrency=limit,
                attempts=settings.batch_attempts,
                backoff=settings.batch_backoff,
                backoff_max=settings.batch_backoff_max,
                answers=settings.draft_attempts,
                complaints=settings.draft_complaints,
            )
            chat = stages.models.async_chat(model, api_base)
            advance = (progress or (lambda _n, _l: lambda _s: None))(len(rule_ids), "drafting")
            drafting = Drafting(stages, batch_id, chat, policy, advance=advance, stop=stop)
            asyncio.run(drafting.run(rule_ids))
        left = _to_draft(stages, batch_id, retry_failed=False)
        _finish(stages, batch_id, "interrupted" if left else "done")
    except KeyboardInterrupt:
        _finish(stages, batch_id, "interrupted", "stopped by the user")
        raise
    except PolicyRewriterError as exc:
        _finish(stages, batch_id, "failed", exc.message)
        raise
    except Exception as exc:
        _finish(stages, batch_id, "failed", f"{type(exc).__name__}: {exc}")
        raise
    with stages.db.session() as session:
        return batch_info(session, batch_id)


def _finish(stages: BatchStages, batch_id: str, state: str, error: str | None = None) -> None:
    with stages.db.session() as session:
        row = session.get(BatchRow, batch_id)
        assert row is not None
        row.state, row.error = state, error
        row.finished_at = utcnow() if state in ("done", "failed") else None
        release_lease(session, batch_id)
