"""`--dry-run`: what a batch would draft and roughly spend, without storing or calling.

Prompt tokens are counted on the real prompts. A stored batch (one being resumed) has its
evidence chosen, so its prompts are exact. A new batch's manuals are only parsed; their
rules are planned as the real run plans them (the same matching of the stored complaints,
on the rules as they would stand, and the same decision what to draft and what to skip),
so the rules counted and their evidence are the real run's. Completion tokens are estimated
from the built-in drafter's answer to the same prompt, which has the shape and about the
length a model's answer has. Re-asks after an invalid answer and retries after failures
come on top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from service.batch.plan import accepted_rewrites, decide, planned_job
from service.batch.store import BatchFile
from service.core.domain import BatchEstimate, ManualEstimate
from service.core.llm import count_tokens, price
from service.drafting.jobs import job_of
from service.drafting.models import builtin_answer, is_builtin
from service.drafting.prompts import messages
from service.drafting.schema import DraftInput
from service.ingest.manuals import ParsedManual, parse_manual
from service.store.models import BatchManualRow, BatchRow, BatchRuleRow, ComplaintRow

if TYPE_CHECKING:
    from service.batch.ports import BatchStages

TOKENIZER_OF_BUILTIN = "gpt-4o-mini"  # the built-in drafter has no tokenizer of its own


def _tokens(model: str, data: DraftInput) -> tuple[int, int]:
    tokenizer = TOKENIZER_OF_BUILTIN if is_builtin(model) else model
    prompt = messages(data)
    answer = builtin_answer(prompt)
    return count_tokens(tokenizer, messages=prompt), count_tokens(tokenizer, text=answer)


def estimate(
    stages: BatchStages,
    files: list[BatchFile],
    *,
    model: str,
    batch_id: str | None,
    retry_failed: bool,
) -> BatchEstimate:
    settings = stages.settings
    stored: dict[str, list[str]] = {}
    with stages.db.session() as session:
        if batch_id is not None and session.get(BatchRow, batch_id) is not None:
            states = ["pending", "failed"] if retry_failed else ["pending"]
            planned = session.scalars(
                select(BatchManualRow.manual_id).where(
                    BatchManualRow.batch_id == batch_id, BatchManualRow.planned.is_(True)
                )
            ).all()
            for manual_id in planned:
                stored[manual_id] = list(
                    session.scalars(
                        select(BatchRuleRow.rule_id)
                        .where(
                            BatchRuleRow.batch_id == batch_id,
                            BatchRuleRow.manual_id == manual_id,
                            BatchRuleRow.state.in_(states),
                        )
                        .order_by(BatchRuleRow.position)
                    )
                )
        else:
            batch_id = None
    parsed = {
        item.manual_id: parse_manual(
            data=item.data,
            filename=item.filename,
            manual_id=item.manual_id,
            max_bytes=settings.max_file_bytes,
            classifier=stages.classifier,
        )
        for item in files
    }
    new = [m for m in parsed if m not in stored]
    new_sizes = _plan_new(stages, {m: parsed[m] for m in new}, model)
    manuals = []
    for item in files:
        rules = parsed[item.manual_id].rules
        if item.manual_id in stored:
            sizes = _stored_prompts(stages, batch_id or "", stored[item.manual_id], model)
        else:
            sizes = new_sizes[item.manual_id]
        prompt_tokens = sum(p for p, _ in sizes)
        completion_tokens = sum(c for _, c in sizes)
        manuals.append(
            ManualEstimate(
                file=item.filename,
                manual=item.manual_id,
                rules=len(rules),
                restrictive=sum(1 for r in rules if r.restrictive),
                to_draft=len(sizes),
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                cost=price(model, prompt_tokens, completion_tokens),
            )
        )
    prompt_total = sum(m.prompt_tokens for m in manuals)
    completion_total = sum(m.completion_tokens for m in manuals)
    cost = price(model, prompt_total, completion_total)
    return BatchEstimate(
        batch=batch_id,
        model=model,
        priced=cost is not None,
        to_draft=sum(m.to_draft for m in manuals),
        prompt_tokens=prompt_total,
        completion_tokens=completion_total,
        cost=cost,
        manuals=manuals,
    )


def _stored_prompts(
    stages: BatchStages, batch_id: str, rule_ids: list[str], model: str
) -> list[tuple[int, int]]:
    sizes = []
    with stages.db.session() as session:
        for rule_id in rule_ids:
            job = planned_job(
                session, batch_id, rule_id, complaints=stages.settings.draft_complaints
            )
            sizes.append(_tokens(model, job.draft_input()))
    return sizes


def _plan_new(
    stages: BatchStages, manuals: dict[str, ParsedManual], model: str
) -> dict[str, list[tuple[int, int]]]:
    """The prompts the real run would send for manuals not stored yet: their rules matched
    as if stored, each planned by the same decision, each job built as drafting builds it."""
    rules = [rule for manual in manuals.values() for rule in manual.rules]
    conflicts = {c.rule_id: c for c in stages.matching.conflicts_if_stored(rules)}
    settings = stages.settings
    with stages.db.session() as session:
        accepted = accepted_rewrites(session, [r.id for r in rules])
        wanted = {
            e.id for c in conflicts.values() for e in c.complaints[: settings.draft_complaints]
        }
        texts = dict(
            session.execute(
                select(ComplaintRow.id, ComplaintRow.text).where(ComplaintRow.id.in_(wanted))
            ).all()
        )
    sizes: dict[str, list[tuple[int, int]]] = {}
    for manual_id, manual in manuals.items():
        sizes[manual_id] = []
        for rule in manual.rules:
            conflict = conflicts.get(rule.id)
            reason, _ = decide(rule, conflict, accepted)
            if reason:
                continue
            job = job_of(
                rule,
                conflict,
                manual_text=manual.text,
                neighbours=[
                    r.text for r in manual.rules if r.section == rule.section and r.id != rule.id
                ],
                texts=texts,
                complaints=settings.draft_complaints,
            )
            sizes[manual_id].append(_tokens(model, job.draft_input()))
    return sizes
