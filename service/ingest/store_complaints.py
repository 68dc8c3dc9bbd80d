"""Which parsed complaints are new to the store (content and id checks)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.core.domain import Complaint, RowProblem
from service.ingest.complaints import content_hash
from service.store.mapping import from_row, row_values
from service.store.models import ComplaintRow

# A complaint's row names three of its fields differently; the rest pass by name.


def to_complaint(row: ComplaintRow) -> Complaint:
    return from_row(
        Complaint,
        row,
        metadata=dict(row.extra or {}),
        manual=row.manual_id,
        quarantined=row.quarantine,
    )


def complaint_row(complaint: Complaint, **stored: object) -> ComplaintRow:
    """The row of a complaint; `stored` gives what only the row holds (hash, sentences)."""
    return ComplaintRow(
        **row_values(
            complaint,
            ComplaintRow,
            extra=complaint.metadata,
            quarantine=complaint.quarantined,
            manual_id=complaint.manual,
            **stored,
        )
    )


def new_complaints(
    session: Session, complaints: list[Complaint]
) -> tuple[list[Complaint], int, list[RowProblem]]:
    """(complaints not stored yet, how many were already stored, id clashes with stored ones)."""
    hashes = {c.id: content_hash(c.text) for c in complaints}
    stored_hashes: set[str] = set()
    stored_ids: dict[str, str] = {}
    ids = list(hashes)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row_id, digest in session.execute(
            select(ComplaintRow.id, ComplaintRow.content_hash).where(ComplaintRow.id.in_(chunk))
        ):
            stored_ids[row_id] = digest
    values = list(hashes.values())
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        stored_hashes.update(
            session.scalars(
                select(ComplaintRow.content_hash).where(ComplaintRow.content_hash.in_(chunk))
            )
        )
    fresh: list[Complaint] = []
    duplicates = 0
    problems: list[RowProblem] = []
    for complaint in complaints:
        digest = hashes[complaint.id]
        if digest in stored_hashes:
            duplicates += 1
        elif complaint.id in stored_ids:
            problems.append(
                RowProblem(
                    row=complaint.row or 0,
                    reason=f"id {complaint.id!r} is already stored with different text",
                )
            )
        else:
            fresh.append(complaint)
    return fresh, duplicates, problems
