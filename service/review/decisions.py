"""Decisions on suggestions: one transaction each, guarded by the suggestion's version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from service.core.domain import (
    AuditEntry,
    CheckResult,
    Decision,
    DecisionAction,
    ReviewCounts,
    Suggestion,
    User,
)
from service.core.errors import BadInput, Conflict, NotFound
from service.drafting.builtin import ROLE_GAP
from service.drafting.checks import CheckInput, run_checks
from service.drafting.schema import DraftAnswer
from service.drafting.service import guard_reason, to_suggestion
from service.store.mapping import from_row
from service.store.models import (
    AuditRow,
    ComplaintRow,
    DecisionRow,
    ManualVersionRow,
    RuleRow,
    SuggestionRow,
    as_utc,
    utcnow,
)

# The reasons a reviewer picks from (the form's list, the API's enum); details may follow.
RejectReason = Literal[
    "changes the rule's purpose",
    "drops a legal or safety obligation",
    "the complaints do not support it",
    "too vague for staff to apply",
    "not workable in practice",
    "other",
]
REJECT_REASONS: tuple[str, ...] = get_args(RejectReason)
MAX_TEXT = 20_000


def reject_reason(reason: str | None, detail: str | None) -> str | None:
    """The reason stored for a rejection: one of `REJECT_REASONS`, then the details after a
    dash. None when no reason is given; BadInput for a reason not on the list."""
    reason = reason.strip() if reason else ""
    detail = detail.strip() if detail else ""
    if not reason:
        if detail:
            raise BadInput("'reason_detail' needs a 'reason' from the list")
        return None
    if reason not in REJECT_REASONS:
        choices = "; ".join(f"“{r}”" for r in REJECT_REASONS)
        raise BadInput(
            f"'reason' must be one of: {choices} (put your own words in 'reason_detail')"
        )
    if reason == "other" and not detail:
        raise BadInput("say why in the details when the reason is “other”")
    return f"{reason} — {detail}" if detail else reason


class ChecksFailed(BadInput):
    """An edited text fails the verification checks; nothing was decided."""

    kind = "checks_failed"

    def __init__(self, message: str, checks: list[CheckResult]) -> None:
        super().__init__(message)
        self.checks = checks

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "checks": [c.model_dump() for c in self.checks]}


class DecisionConflict(Conflict):
    """Someone else decided (or the suggestion changed) since this version was read."""

    def __init__(self, message: str, current: Suggestion) -> None:
        super().__init__(message)
        self.current = current

    def to_dict(self) -> dict[str, object]:
        current = self.current
        return {
            **super().to_dict(),
            "current": {
                "version": current.version,
                "review": current.review,
                "decided_by": current.decided_by,
                "decided_at": current.model_dump(mode="json")["decided_at"],
                "final_text": current.final_text,
            },
        }


def _row(session: Session, suggestion_id: str) -> SuggestionRow:
    row = session.get(SuggestionRow, suggestion_id)
    if row is None:
        raise NotFound(f"no suggestion {suggestion_id!r}")
    return row


def check_text(session: Session, row: SuggestionRow, text: str) -> list[CheckResult]:
    """The drafting checks, run on a reviewer's own text in place of the proposal."""
    suggestion = to_suggestion(row)
    answer = DraftAnswer.model_validate(
        {
            "proposed": text,
            "purpose": suggestion.purpose,
            "default": suggestion.default,
            "discretion": suggestion.discretion,
            "escalation": suggestion.escalation,
            "legal_basis": suggestion.legal_basis,
            "rationale": suggestion.rationale,
            "citations": [],
            "origin": None,
        }
    )
    complaint_ids = [c.id for c in suggestion.citations if c.source == "complaint"]
    texts = {
        complaint_id: text
        for complaint_id, text in session.execute(
            select(ComplaintRow.id, ComplaintRow.text).where(ComplaintRow.id.in_(complaint_ids))
        )
    }
    rule = session.scalar(select(RuleRow).where(RuleRow.id == row.rule_id).limit(1))
    manual = session.scalar(
        select(ManualVersionRow).where(
            ManualVersionRow.manual_id == row.manual_id,
            ManualVersionRow.version == row.manual_version,
        )
    )
    return run_checks(
        CheckInput(
            answer=answer,
            original=row.original,
            legal_basis=rule.legal_basis if rule else row.legal_basis,
            context=[],
            complaint_texts=texts,
            citations=suggestion.citations,
            guarded=guard_reason(
                legal_basis=rule.legal_basis,
                possible_basis=rule.possible_basis,
                protective=rule.protective,
            )
            if rule
            else None,
            manual_text=manual.text if manual else "",
            lead_in=rule.lead_in if rule else None,
        )
    )


def _conflict(row: SuggestionRow, version: int) -> DecisionConflict:
    current = to_suggestion(row)
    if current.review != "pending" and current.decided_by:
        when = current.decided_at.strftime("%Y-%m-%d %H:%M UTC") if current.decided_at else ""
        message = (
            f"{current.decided_by} already {current.review} this suggestion ({when}); "
            f"you decided on version {version}, it is now version {current.version}"
        )
    else:
        message = (
            f"the suggestion changed since you opened it (version {version}, "
            f"now {current.version}); reload it and decide again"
        )
    return DecisionConflict(message, current)


def decide(
    session: Session,
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
    """Record one decision. The caller's transaction holds the update, decision and audit."""
    row = _row(session, suggestion_id)
    text = text.strip() if text else None
    comment = comment.strip() if comment else None
    for name, value in (("text", text), ("reason_detail", reason_detail), ("comment", comment)):
        if value and len(value) > MAX_TEXT:
            raise BadInput(f"{name} is over {MAX_TEXT:,} characters")
    reason = reject_reason(reason, reason_detail)
    checks: list[CheckResult] = []
    if row.version != version:
        raise _conflict(row, version)
    if action == "accept":
        if row.status != "ready":
            failed = ", ".join(c["name"] for c in row.checks if not c["passed"])
            raise BadInput(
                f"suggestion {suggestion_id} failed its checks ({failed}); "
                "edit the text so that they pass, or reject it"
            )
        final: str | None = row.proposed
        review = "accepted"
    elif action == "edit":
        if not text:
            raise BadInput("an edit needs the edited text ('text')")
        checks = check_text(session, row, text)
        if not all(c.passed for c in checks):
            failed = "; ".join(f"{c.name}: {c.detail}" for c in checks if not c.passed)
            raise ChecksFailed(f"the edited text fails its checks: {failed}", checks)
        final, review = text, "accepted"
    elif action == "reject":
        if not reason:
            raise BadInput("a rejection needs a reason ('reason')")
        final, review = None, "rejected"
    else:
        raise BadInput(f"unknown action {action!r}: use accept, reject or edit")
    if final is not None and ROLE_GAP in final:
        raise BadInput(
            f"the rewrite leaves {ROLE_GAP!r} for you to fill: edit it to name who decides "
            "cases beyond staff's limits, then accept"
        )

    now = utcnow()
    # The version in the WHERE clause makes the check and the write one atomic step: of two
    # reviewers deciding on the same version, exactly one update matches a row.
    updated = session.execute(
        update(SuggestionRow)
        .where(SuggestionRow.id == suggestion_id, SuggestionRow.version == version)
        .values(
            review=review,
            final_text=final,
            decided_by=user.name,
            decided_at=now,
            version=SuggestionRow.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if updated.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise _conflict(_row(session, suggestion_id), version)
    decision = DecisionRow(
        suggestion_id=suggestion_id,
        manual_id=row.manual_id,
        rule_id=row.rule_id,
        action=action,
        text=final,
        reason=reason,
        comment=comment,
        decided_by=user.name,
        suggestion_version=version,
        model=row.model,
        checks=[c.model_dump() for c in checks],
        created_at=now,
    )
    session.add(decision)
    session.add(
        AuditRow(
            at=now,
            actor=user.name,
            action=f"suggestion.{action}",
            manual_id=row.manual_id,
            suggestion_id=suggestion_id,
            rule_id=row.rule_id,
            detail={
                "rule_number": row.number,
                "model": row.model,
                "version": version,
                "reason": reason,
                "comment": comment,
                "text": final if action == "edit" else None,
            },
        )
    )
    session.flush()
    session.expire(row)
    return to_decision(decision)


def to_decision(row: DecisionRow) -> Decision:
    return from_row(
        Decision, row, manual=row.manual_id, created_at=as_utc(row.created_at) or row.created_at
    )


def decisions_for(session: Session, suggestion_id: str) -> list[Decision]:
    rows = session.scalars(
        select(DecisionRow)
        .where(DecisionRow.suggestion_id == suggestion_id)
        .order_by(DecisionRow.id)
    )
    return [to_decision(r) for r in rows]


# --- the queue ------------------------------------------------------------------------------

Sort = Literal["evidence", "newest", "oldest", "rule"]
SORTS: tuple[Sort, ...] = ("evidence", "newest", "oldest", "rule")


@dataclass(frozen=True)
class QueueFilter:
    manual: str | None = None
    review: str | None = "pending"  # pending, accepted, rejected; None for all
    status: str | None = None  # ready or blocked; None for both
    min_strength: float = 0.0
    sort: Sort = "evidence"


@dataclass(frozen=True)
class QueueItem:
    id: str
    manual: str
    number: str | None
    section: str
    original: str
    proposed: str
    status: str
    review: str
    evidence_strength: float
    complaints: int
    decided_by: str | None
    version: int


def _filtered(query, chosen: QueueFilter, *, review: bool = True):  # type: ignore[no-untyped-def]
    if chosen.manual:
        query = query.where(SuggestionRow.manual_id == chosen.manual)
    if review and chosen.review:
        query = query.where(SuggestionRow.review == chosen.review)
    if chosen.status:
        query = query.where(SuggestionRow.status == chosen.status)
    if chosen.min_strength > 0:
        query = query.where(SuggestionRow.evidence_strength >= chosen.min_strength)
    return query


_ORDER = {
    "evidence": (SuggestionRow.evidence_strength.desc(), SuggestionRow.id),
    "newest": (SuggestionRow.created_at.desc(), SuggestionRow.id),
    "oldest": (SuggestionRow.created_at, SuggestionRow.id),
    "rule": (SuggestionRow.manual_id, SuggestionRow.number, SuggestionRow.id),
}


def queue(
    session: Session, chosen: QueueFilter, *, limit: int = 200, offset: int = 0
) -> tuple[list[QueueItem], int]:
    """One page of the queue and how many items match in all."""
    columns = (
        SuggestionRow.id,
        SuggestionRow.manual_id,
        SuggestionRow.number,
        SuggestionRow.section,
        SuggestionRow.original,
        SuggestionRow.proposed,
        SuggestionRow.status,
        SuggestionRow.review,
        SuggestionRow.evidence_strength,
        SuggestionRow.citations,
        SuggestionRow.decided_by,
        SuggestionRow.version,
    )
    query = _filtered(select(*columns), chosen).order_by(*_ORDER[chosen.sort])
    total = session.scalar(_filtered(select(func.count(SuggestionRow.id)), chosen)) or 0
    items = [
        QueueItem(
            id=r.id,
            manual=r.manual_id,
            number=r.number,
            section=r.section,
            original=r.original,
            proposed=r.proposed,
            status=r.status,
            review=r.review,
            evidence_strength=r.evidence_strength,
            complaints=sum(1 for c in r.citations if c.get("source") == "complaint"),
            decided_by=r.decided_by,
            version=r.version,
        )
        for r in session.execute(query.limit(limit).offset(offset))
    ]
    return items, int(total)


def counts(session: Session, chosen: QueueFilter) -> ReviewCounts:
    """Suggestions per review state, under every filter but the review state itself."""
    query = _filtered(
        select(SuggestionRow.review, func.count(SuggestionRow.id)), chosen, review=False
    ).group_by(SuggestionRow.review)
    return ReviewCounts(**{state: n for state, n in session.execute(query)})


def next_pending(session: Session, chosen: QueueFilter, after: str | None = None) -> str | None:
    """The pending suggestion that follows `after` in the queue's order (wrapping round);
    `after` itself may have just been decided."""
    query = _filtered(select(SuggestionRow.id), chosen, review=False)
    if after:
        query = query.where((SuggestionRow.review == "pending") | (SuggestionRow.id == after))
    else:
        query = query.where(SuggestionRow.review == "pending")
    ids = list(session.scalars(query.order_by(*_ORDER[chosen.sort])))
    if after in ids:
        at = ids.index(after)
        ids = ids[at + 1 :] + ids[:at]
    return ids[0] if ids else None


def audit(session: Session, manual: str | None, *, limit: int = 1000) -> list[AuditEntry]:
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if manual:
        query = query.where(AuditRow.manual_id == manual)
    return [
        from_row(AuditEntry, r, at=as_utc(r.at) or r.at, manual=r.manual_id, detail=r.detail or {})
        for r in session.scalars(query)
    ]
