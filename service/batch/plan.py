"""Before drafting: ingest each manual of a batch, then decide for every rule what to do.

Planning writes one row per rule in one transaction per manual: restrictive rules are
`pending` with the complaint evidence chosen now (so a resumed run drafts the very same
prompt), the others are `skipped` with the reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.batch.store import manuals_of
from service.conflicts.service import conflict_of
from service.core.domain import Conflict, Evidence, Rule
from service.core.errors import NotFound
from service.drafting.jobs import gather_job
from service.drafting.selection import skip_reason
from service.drafting.service import DraftJob
from service.ingest.manuals import find_rule, rules_of, version_row
from service.store.models import BatchManualRow, BatchRuleRow, SuggestionRow

if TYPE_CHECKING:
    from service.batch.ports import BatchStages


def ingest(stages: BatchStages, batch_id: str) -> None:
    """Store each manual not yet ingested; an unchanged file is found, not stored twice."""
    with stages.db.session() as session:
        waiting = [m.id for m in manuals_of(session, batch_id) if m.version is None]
    for manual_row_id in waiting:
        with stages.db.session() as session:
            row = session.get(BatchManualRow, manual_row_id)
            assert row is not None and row.data is not None
            filename, data, manual_id = row.filename, row.data, row.manual_id
        result = stages.ingest.manual(
            data=data, filename=filename, manual_id=manual_id, actor=f"batch {batch_id}"
        )
        with stages.db.session() as session:
            row = session.get(BatchManualRow, manual_row_id)
            assert row is not None
            row.version, row.format, row.data = result.info.version, result.info.format, None


def plan(stages: BatchStages, batch_id: str) -> None:
    """Write the rows of every ingested manual not yet planned."""
    with stages.db.session() as session:
        todo = [
            (m.id, m.manual_id, m.version) for m in manuals_of(session, batch_id) if not m.planned
        ]
    if not todo:
        return
    conflicts = {c.rule_id: c for c in stages.matching.conflicts()}
    for manual_row_id, manual_id, version in todo:
        with stages.db.session() as session:
            assert version is not None  # ingested before planning
            rules = rules_of(session, version_row(session, manual_id, version))
            accepted = accepted_rewrites(session, [r.id for r in rules])
            for position, rule in enumerate(rules):
                session.add(_planned(batch_id, position, rule, conflicts.get(rule.id), accepted))
            row = session.get(BatchManualRow, manual_row_id)
            assert row is not None
            row.planned = True


def accepted_rewrites(session: Session, rule_ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """For each rule already rewritten: the accepted suggestion and who accepted it."""
    rows = session.execute(
        select(SuggestionRow.rule_id, SuggestionRow.id, SuggestionRow.decided_by).where(
            SuggestionRow.rule_id.in_(rule_ids), SuggestionRow.review == "accepted"
        )
    )
    return {rule_id: (suggestion_id, by) for rule_id, suggestion_id, by in rows}


def _planned(
    batch_id: str,
    position: int,
    rule: Rule,
    conflict: Conflict | None,
    accepted: dict[str, tuple[str, str | None]],
) -> BatchRuleRow:
    evidence: list[Evidence] = conflict.complaints if conflict else []
    row = BatchRuleRow(
        batch_id=batch_id,
        rule_id=rule.id,
        manual_id=rule.manual,
        position=position,
        state="pending",
        evidence=[e.model_dump() for e in evidence],
        evidence_strength=conflict.score if conflict else 0.0,
        reused=False,
        attempts=0,
        model_calls=0,
        prompt_tokens=0,
        completion_tokens=0,
    )
    reason, row.suggestion_id = decide(rule, conflict, accepted)
    if reason:
        row.state, row.reason = "skipped", reason
    return row


def decide(
    rule: Rule, conflict: Conflict | None, accepted: dict[str, tuple[str, str | None]]
) -> tuple[str | None, str | None]:
    """Why a batch skips the rule (None: it is drafted), and the accepted suggestion that
    already rewrote it. The dry run and the real run both decide here."""
    evidence: list[Evidence] = conflict.complaints if conflict else []
    reason = skip_reason(rule, complaints=len(evidence))
    if reason:
        return reason, None
    if rule.id in accepted:
        suggestion_id, by = accepted[rule.id]
        return f"already rewritten: suggestion {suggestion_id} was accepted by {by}", suggestion_id
    return None, None


def planned_job(session: Session, batch_id: str, rule_id: str, *, complaints: int) -> DraftJob:
    """What drafting a planned rule needs, with the evidence chosen when it was planned."""
    row = session.get(BatchRuleRow, (batch_id, rule_id))
    if row is None:
        raise NotFound(f"rule {rule_id!r} is not part of batch {batch_id}")
    rule = find_rule(session, rule_id)
    evidence = [Evidence.model_validate(e) for e in row.evidence]
    return gather_job(session, rule, conflict_of(rule, evidence), complaints=complaints)
