"""`--dry-run`: what a batch would draft and roughly spend, without storing or calling.

Prompt tokens are counted on the real prompts. A stored batch (one being resumed) has its
evidence chosen, so its prompts are exact. For a new batch the manual is only parsed, so
each rule's evidence is estimated from its nearest stored complaints. Completion tokens are
estimated from the built-in drafter's answer to the same prompt, which has the shape and
about the length a model's answer has. Re-asks after an invalid answer and retries after
failures come on top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from service.batch.plan import planned_job
from service.batch.store import BatchFile
from service.core.domain import BatchEstimate, ManualEstimate, Rule
from service.core.llm import count_tokens, price
from service.drafting.models import builtin_answer, is_builtin
from service.drafting.prompts import messages
from service.drafting.schema import DraftInput
from service.drafting.service import DraftJob
from service.index.vectors import COMPLAINTS
from service.ingest.manuals import parse_manual
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
    space: BatchStages,
    files: list[BatchFile],
    *,
    model: str,
    batch_id: str | None,
    retry_failed: bool,
) -> BatchEstimate:
    settings = space.settings
    stored: dict[str, list[str]] = {}
    with space.db.session() as session:
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
    manuals = []
    for item in files:
        parsed = parse_manual(
            data=item.data,
            filename=item.filename,
            manual_id=item.manual_id,
            max_bytes=settings.max_file_bytes,
            classifier=space.classifier,
        )
        restrictive = [r for r in parsed.rules if r.restrictive]
        if item.manual_id in stored:
            sizes = _stored_prompts(space, batch_id or "", stored[item.manual_id], model)
        else:
            sizes = _new_prompts(space, restrictive, model)
        prompt_tokens = sum(p for p, _ in sizes)
        completion_tokens = sum(c for _, c in sizes)
        manuals.append(
            ManualEstimate(
                file=item.filename,
                manual=item.manual_id,
                rules=len(parsed.rules),
                restrictive=len(restrictive),
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
    space: BatchStages, batch_id: str, rule_ids: list[str], model: str
) -> list[tuple[int, int]]:
    sizes = []
    with space.db.session() as session:
        for rule_id in rule_ids:
            job = planned_job(
                session, batch_id, rule_id, complaints=space.settings.draft_complaints
            )
            sizes.append(_tokens(model, job.draft_input()))
    return sizes


def _new_prompts(space: BatchStages, rules: list[Rule], model: str) -> list[tuple[int, int]]:
    """Prompts of rules not stored yet, with their nearest stored complaints as evidence."""
    if not rules:
        return []
    settings = space.settings
    nearest: list[list[tuple[str, float]]] = [[] for _ in rules]
    if settings.draft_complaints and space.complaint_count():
        vectors = space.embedder.embed([r.text for r in rules])
        nearest = space.vectors.query(COMPLAINTS, vectors, settings.draft_complaints)
    wanted = {
        cid for found in nearest for cid, score in found if score >= settings.min_evidence_score
    }
    with space.db.session() as session:
        texts = dict(
            session.execute(
                select(ComplaintRow.id, ComplaintRow.text).where(ComplaintRow.id.in_(wanted))
            ).all()
        )
    sizes = []
    for rule, found in zip(rules, nearest, strict=True):
        chosen = [
            cid for cid, score in found if cid in texts and score >= settings.min_evidence_score
        ]
        job = DraftJob(
            rule=rule,
            manual_text="",
            context=[],
            complaint_texts={cid: texts[cid] for cid in chosen},
            quotes={cid: texts[cid][:200] for cid in chosen},  # no quote chosen yet
            evidence_strength=0.0,
        )
        sizes.append(_tokens(model, job.draft_input()))
    return sizes
