"""Batch rows: creating a batch, the lease of the process running it, and its counts."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.core.domain import BatchCounts, BatchInfo, BatchManual, Usage
from service.core.errors import BadInput, Conflict, NotFound
from service.store.mapping import from_row
from service.store.models import BatchManualRow, BatchRow, BatchRuleRow, as_utc, utcnow

# A holder that has not written a heartbeat for this long is taken to be gone.
LEASE_SECONDS = 120
HEARTBEAT_SECONDS = 10


@dataclass(frozen=True)
class BatchFile:
    filename: str
    data: bytes
    manual_id: str

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def batch_key(model: str, files: list[BatchFile]) -> str:
    """The id of a command-line batch: its model and its files' contents, in order."""
    payload = {"model": model, "files": [[f.manual_id, f.content_hash] for f in files]}
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()[:32]


def check_files(files: list[BatchFile]) -> None:
    if not files:
        raise BadInput("a batch needs at least one manual")
    names = Counter(f.manual_id for f in files)
    clashing = sorted(m for m, n in names.items() if n > 1)
    if clashing:
        groups = "; ".join(
            f"{' and '.join(f.filename for f in files if f.manual_id == m)} -> {m!r}"
            for m in clashing
        )
        raise BadInput(
            f"two files would become the same manual ({groups}): manuals are named after "
            "their file name, so give each file its own name"
        )


def create_batch(
    session: Session,
    files: list[BatchFile],
    *,
    model: str,
    api_base: str | None,
    concurrency: int,
    origin: str,
    actor: str,
    batch_id: str | None = None,
) -> BatchRow:
    row = BatchRow(
        id=batch_id or uuid.uuid4().hex,
        origin=origin,
        state="queued",
        model=model,
        api_base=api_base,
        concurrency=concurrency,
        created_by=actor,
    )
    session.add(row)
    session.flush()  # the batch row first: its manuals refer to it
    for position, item in enumerate(files):
        session.add(
            BatchManualRow(
                batch_id=row.id,
                position=position,
                filename=item.filename,
                content_hash=item.content_hash,
                data=item.data,
                manual_id=item.manual_id,
            )
        )
    session.flush()
    return row


def get_batch(session: Session, batch_id: str) -> BatchRow:
    row = session.get(BatchRow, batch_id)
    if row is None:
        raise NotFound(f"no batch {batch_id!r}")
    return row


def manuals_of(session: Session, batch_id: str) -> list[BatchManualRow]:
    return list(
        session.scalars(
            select(BatchManualRow)
            .where(BatchManualRow.batch_id == batch_id)
            .order_by(BatchManualRow.position)
        )
    )


# --- the lease -------------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def held_elsewhere(row: BatchRow) -> bool:
    """Another live process is running this batch."""
    if row.lease_pid is None or row.lease_at is None:
        return False
    beat = as_utc(row.lease_at) or utcnow()
    fresh = utcnow() - beat < timedelta(seconds=LEASE_SECONDS)
    if row.lease_host == socket.gethostname():
        if row.lease_pid == os.getpid():
            return False
        return fresh and _alive(row.lease_pid)
    return fresh


UNFINISHED = ("queued", "running", "interrupted")


def unfinished_api_batches(session: Session) -> list[str]:
    """The web app's batches left queued, running or interrupted, oldest first, that no
    other live process holds: a starting server resumes them."""
    rows = session.scalars(
        select(BatchRow)
        .where(BatchRow.origin == "api", BatchRow.state.in_(UNFINISHED))
        .order_by(BatchRow.created_at)
    ).all()
    return [row.id for row in rows if not held_elsewhere(row)]


def take_lease(session: Session, batch_id: str) -> BatchRow:
    """Claim the batch for this process; refused while another live process holds it."""
    row = session.get(BatchRow, batch_id, with_for_update=True)
    if row is None:
        raise NotFound(f"no batch {batch_id!r}")
    if held_elsewhere(row):
        raise Conflict(
            f"batch {batch_id} is being run by process {row.lease_pid} on {row.lease_host}; "
            "wait for it to finish, or stop it and run the command again"
        )
    row.lease_host, row.lease_pid, row.lease_at = socket.gethostname(), os.getpid(), utcnow()
    return row


def heartbeat(session: Session, batch_id: str) -> None:
    row = session.get(BatchRow, batch_id)
    if row is not None and row.lease_pid == os.getpid():
        row.lease_at = utcnow()


def release_lease(session: Session, batch_id: str) -> None:
    row = session.get(BatchRow, batch_id)
    if row is not None and row.lease_pid == os.getpid():
        row.lease_host, row.lease_pid, row.lease_at = None, None, None


# --- counts and the job resource -------------------------------------------------------------


def counts_by_manual(session: Session, batch_id: str) -> dict[str, BatchCounts]:
    found: dict[str, BatchCounts] = {}
    rows = session.execute(
        select(
            BatchRuleRow.manual_id,
            BatchRuleRow.state,
            BatchRuleRow.status,
            BatchRuleRow.reused,
            func.count(),
        )
        .where(BatchRuleRow.batch_id == batch_id)
        .group_by(
            BatchRuleRow.manual_id, BatchRuleRow.state, BatchRuleRow.status, BatchRuleRow.reused
        )
    )
    for manual_id, state, status, reused, n in rows:
        counts = found.setdefault(manual_id, BatchCounts())
        counts.rules += n
        if state == "skipped":
            counts.skipped += n
            continue
        counts.to_draft += n
        if state == "drafted":
            counts.drafted += n
            counts.ready += n if status == "ready" else 0
            counts.blocked += n if status == "blocked" else 0
            counts.reused += n if reused else 0
        elif state == "failed":
            counts.failed += n
        else:
            counts.pending += n
    return found


def usage_of(session: Session, batch_id: str, manual_id: str | None = None) -> Usage:
    query = select(
        func.coalesce(func.sum(BatchRuleRow.model_calls), 0),
        func.coalesce(func.sum(BatchRuleRow.prompt_tokens), 0),
        func.coalesce(func.sum(BatchRuleRow.completion_tokens), 0),
        func.sum(BatchRuleRow.cost),
    ).where(BatchRuleRow.batch_id == batch_id)
    if manual_id is not None:
        query = query.where(BatchRuleRow.manual_id == manual_id)
    calls, prompt, completion, cost = session.execute(query).one()
    return Usage(
        model_calls=int(calls),
        prompt_tokens=int(prompt),
        completion_tokens=int(completion),
        cost=round(float(cost), 6) if cost is not None else None,
    )


def total(counts: list[BatchCounts]) -> BatchCounts:
    summed = BatchCounts()
    for item in counts:
        for name in BatchCounts.model_fields:
            setattr(summed, name, getattr(summed, name) + getattr(item, name))
    return summed


def batch_info(session: Session, batch_id: str) -> BatchInfo:
    row = get_batch(session, batch_id)
    manuals = manuals_of(session, batch_id)
    by_manual = counts_by_manual(session, batch_id)
    entries = [
        from_row(
            BatchManual,
            m,
            file=m.filename,
            manual=m.manual_id,
            counts=by_manual.get(m.manual_id, BatchCounts()) if m.planned else BatchCounts(),
        )
        for m in manuals
    ]
    counts = total([e.counts for e in entries])
    done = counts.drafted + counts.failed
    all_planned = all(m.planned for m in manuals)
    if row.state in ("done", "failed", "interrupted"):
        phase = "finished"
    elif row.state == "queued":
        phase = "waiting"
    elif not all(m.version is not None for m in manuals):
        phase = "ingesting"
    else:
        phase = "drafting" if all_planned else "planning"
    progress = done / counts.to_draft if counts.to_draft else (1.0 if row.state == "done" else 0.0)
    return from_row(
        BatchInfo,
        row,
        phase=phase,
        created_at=as_utc(row.created_at),
        started_at=as_utc(row.started_at),
        finished_at=as_utc(row.finished_at),
        progress=round(progress, 4),
        counts=counts,
        usage=usage_of(session, batch_id),
        manuals=entries,
    )


def list_batches(session: Session, *, limit: int = 100) -> list[str]:
    return list(
        session.scalars(select(BatchRow.id).order_by(BatchRow.created_at.desc()).limit(limit))
    )
