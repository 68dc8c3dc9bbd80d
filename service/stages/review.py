"""Review: the suggestions, the decisions on them, the audit trail and the revised manual."""

from __future__ import annotations

from sqlalchemy import select

from service.core.domain import AuditEntry, Decision, DecisionAction, ReviewCounts, Suggestion, User
from service.core.errors import NotFound, PolicyRewriterError
from service.drafting.service import count_suggestions, get_suggestion, list_suggestions
from service.review import decisions
from service.review.decisions import DecisionConflict, QueueFilter, QueueItem
from service.review.export import export
from service.stages.library import Library
from service.store.database import Database
from service.store.models import SuggestionRow


class Review:
    """Reads suggestions, records decisions (each with its audit entry), exports manuals."""

    def __init__(self, *, db: Database, library: Library) -> None:
        self._db = db
        self._library = library

    def suggestions(
        self, *, status: str | None = None, manual: str | None = None, review: str | None = None
    ) -> list[Suggestion]:
        with self._db.session() as session:
            return list_suggestions(session, status=status, manual=manual, review=review)

    def suggestion_page(
        self,
        *,
        status: str | None = None,
        manual: str | None = None,
        review: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[Suggestion], int]:
        """One page of the suggestions, newest first, and how many match in all."""
        with self._db.session() as session:
            items = list_suggestions(
                session, status=status, manual=manual, review=review, limit=limit, offset=offset
            )
            total = count_suggestions(session, status=status, manual=manual, review=review)
            return items, total

    def suggestion(self, suggestion_id: str) -> Suggestion:
        with self._db.session() as session:
            found = get_suggestion(session, suggestion_id)
        if found is None:
            raise NotFound(f"no suggestion {suggestion_id!r}")
        return found

    def suggestion_manuals(self) -> list[str]:
        """The manuals that have suggestions, for the queue's filter."""
        with self._db.session() as session:
            return list(
                session.scalars(
                    select(SuggestionRow.manual_id).distinct().order_by(SuggestionRow.manual_id)
                )
            )

    def decide(
        self,
        suggestion_id: str,
        action: DecisionAction,
        *,
        user: User,
        version: int,
        text: str | None = None,
        reason: str | None = None,
        reason_detail: str | None = None,
        comment: str | None = None,
    ) -> Decision:
        """Record a decision: the suggestion, the decision and the audit entry in one commit."""
        with self._db.session() as session:
            return decisions.decide(
                session,
                suggestion_id,
                action,
                user=user,
                version=version,
                text=text,
                reason=reason,
                reason_detail=reason_detail,
                comment=comment,
            )

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
        """The decisions on a suggestion, oldest first; NotFound for an unknown suggestion."""
        self.suggestion(suggestion_id)
        with self._db.session() as session:
            return decisions.decisions_for(session, suggestion_id)

    def queue(
        self, chosen: QueueFilter, *, limit: int = 200, offset: int = 0
    ) -> tuple[list[QueueItem], int, ReviewCounts]:
        with self._db.session() as session:
            items, total = decisions.queue(session, chosen, limit=limit, offset=offset)
            return items, total, decisions.counts(session, chosen)

    def next_pending(self, chosen: QueueFilter, *, after: str | None = None) -> str | None:
        with self._db.session() as session:
            return decisions.next_pending(session, chosen, after)

    def audit(self, manual: str | None = None) -> list[AuditEntry]:
        if manual is not None:
            self._library.manual(manual)  # raises NotFound for an unknown manual
        with self._db.session() as session:
            return decisions.audit(session, manual)

    def export(self, manual_id: str, fmt: str) -> tuple[bytes, str, str]:
        """(content, media type, file name) of the revised manual."""
        self._library.manual(manual_id)
        with self._db.session() as session:
            return export(session, manual_id, fmt)
