"""What is stored, as read: manuals, their current rules, complaints."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from service.core.domain import Complaint, ManualVersionInfo, Rule
from service.core.errors import NotFound
from service.ingest.manuals import current_rules, find_rule, latest_versions, version_info
from service.ingest.store_complaints import to_complaint
from service.store.database import Database
from service.store.models import ComplaintRow


class Library:
    """Reads manuals, rules and complaints from the database."""

    def __init__(self, *, db: Database) -> None:
        self._db = db

    def manuals(self) -> list[ManualVersionInfo]:
        with self._db.session() as session:
            return [version_info(session, v) for v in latest_versions(session)]

    def manual(self, manual_id: str) -> ManualVersionInfo:
        """The latest version of a manual; NotFound for an unknown one."""
        with self._db.session() as session:
            return version_info(session, latest_versions(session, manual_id)[0])

    def rules(self, manual: str | None = None) -> list[Rule]:
        with self._db.session() as session:
            return current_rules(session, manual)

    def rule(self, rule_id: str) -> Rule:
        with self._db.session() as session:
            return find_rule(session, rule_id)

    def complaints(
        self, *, limit: int = 100, offset: int = 0, quarantined: bool | None = None
    ) -> list[Complaint]:
        """Stored complaints by id; `quarantined` keeps only those that were (or were not)."""
        query = select(ComplaintRow).order_by(ComplaintRow.id)
        if quarantined is not None:
            held = ComplaintRow.quarantine.is_not(None)
            query = query.where(held if quarantined else ~held)
        with self._db.session() as session:
            rows = session.scalars(query.limit(limit).offset(offset))
            return [to_complaint(row) for row in rows]

    def complaint(self, complaint_id: str) -> Complaint:
        with self._db.session() as session:
            row = session.get(ComplaintRow, complaint_id)
            if row is None:
                raise NotFound(f"no complaint {complaint_id!r}")
            return to_complaint(row)

    def complaints_by_id(self, ids: Iterable[str]) -> dict[str, Complaint]:
        """The stored complaints of these ids (an id not stored is left out)."""
        with self._db.session() as session:
            rows = session.scalars(select(ComplaintRow).where(ComplaintRow.id.in_(set(ids))))
            return {row.id: to_complaint(row) for row in rows}

    def complaint_count(self) -> int:
        with self._db.session() as session:
            return int(session.scalar(select(func.count()).select_from(ComplaintRow)) or 0)
