"""Gather what drafting one rule needs from the stored manual, rules and complaints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.core.domain import Conflict, Rule
from service.core.personal_data import names_in
from service.drafting.service import DraftJob
from service.ingest.manuals import version_row
from service.store.models import ComplaintRow, RuleRow

CONTEXT_RULES = 6


def gather_job(
    session: Session, rule: Rule, conflict: Conflict, *, complaints: int, window: int = 1500
) -> DraftJob:
    """The rule, its section neighbours, its manual text and its strongest complaints."""
    version = version_row(session, rule.manual, rule.version)
    neighbours = session.scalars(
        select(RuleRow.text)
        .where(
            RuleRow.version_id == version.id, RuleRow.section == rule.section, RuleRow.id != rule.id
        )
        .order_by(RuleRow.position)
        .limit(CONTEXT_RULES)
    ).all()
    evidence = conflict.complaints[:complaints]
    rows = session.execute(
        select(ComplaintRow.id, ComplaintRow.text, ComplaintRow.extra).where(
            ComplaintRow.id.in_([e.id for e in evidence])
        )
    ).all()
    texts = {complaint_id: text for complaint_id, text, _extra in rows}
    names = {complaint_id: names_in(extra) for complaint_id, _text, extra in rows}
    return job_of(
        rule,
        conflict,
        manual_text=version.text,
        neighbours=neighbours,
        texts=texts,
        complaints=complaints,
        window=window,
        names=names,
    )


def job_of(
    rule: Rule,
    conflict: Conflict | None,
    *,
    manual_text: str,
    neighbours: Sequence[str],
    texts: Mapping[str, str],
    complaints: int,
    window: int = 1500,
    names: Mapping[str, tuple[str, ...]] | None = None,
) -> DraftJob:
    """The job from what was read: the rule's manual and section neighbours (in order, the
    first CONTEXT_RULES are kept) and the text of each complaint its evidence names (with
    the names its file's name columns give, masked with the rest of its personal data)."""
    evidence = conflict.complaints[:complaints] if conflict else []
    return DraftJob(
        rule=rule,
        manual_text=manual_text,
        context=[" ".join(text.split()) for text in neighbours[:CONTEXT_RULES]],
        complaint_texts={e.id: texts[e.id] for e in evidence if e.id in texts},
        quotes={e.id: e.quote for e in evidence},
        evidence_strength=conflict.score if conflict else 0.0,
        window=window,
        complaint_names=dict(names or {}),
    )
