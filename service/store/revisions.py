"""Counters of shared state, kept in the database so that every process sees a change.

A process that caches something built from the rules or the complaints (the rule vectors,
the keyword index) notes the counter it was built at and rebuilds when the counter has
moved: an ingest by the CLI, a batch worker or another API process is seen by all of them
on their next request, with no restart.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.store.models import RevisionRow

RULES = "rules"
COMPLAINTS = "complaints"


def bump(session: Session, name: str) -> None:
    """Raise `name`'s counter in the caller's transaction (its row is made by migration)."""
    session.execute(
        update(RevisionRow).where(RevisionRow.name == name).values(value=RevisionRow.value + 1)
    )


def current(session: Session) -> dict[str, int]:
    return {row.name: row.value for row in session.scalars(select(RevisionRow))}
