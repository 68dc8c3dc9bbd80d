"""Draft one rule: one model call, verified citations and checks, stored as a suggestion.

The answer is cached through the suggestion itself: a suggestion remembers the key of
(model, prompt version, rule text, evidence) it was drafted from, and drafting the same
key again returns it without calling the model.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from service.core.domain import (
    CheckResult,
    Citation,
    OriginHypothesis,
    Rule,
    Suggestion,
    Usage,
)
from service.core.llm import AsyncChatModel, ChatModel, Completion, Message, ModelError
from service.core.personal_data import mask
from service.drafting.checks import CheckInput, run_checks
from service.drafting.citations import cite_complaint, is_at
from service.drafting.models import BUILTIN, BUILTIN_LABEL, drafter_label
from service.drafting.prompts import messages, prompt_version
from service.drafting.roles import manual_roles
from service.drafting.schema import (
    DraftAnswer,
    DraftInput,
    InputComplaint,
    InputRule,
    answer_schema,
)
from service.store.mapping import from_row, row_values
from service.store.models import SuggestionRow, as_utc, utcnow

SCHEMA_NAME = "rule_rewrite"


@dataclass(frozen=True)
class DraftJob:
    """Everything drafting one rule needs, gathered from the earlier stages."""

    rule: Rule
    manual_text: str  # the extracted text of the rule's manual version (the rule's span source)
    context: list[str]
    complaint_texts: dict[str, str]  # id -> full text, in evidence order
    quotes: dict[str, str]  # id -> the quote retrieval picked
    evidence_strength: float
    window: int = 1500  # characters of each complaint shown to the model
    # names known to be in each complaint (a name column of its file), masked with the rest
    complaint_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def draft_input(self) -> DraftInput:
        """The model's input. Complaints are shown with their personal data masked; what
        the model quotes of them is found in the original again (`citations`)."""
        rule = self.rule
        return DraftInput(
            rule=InputRule(
                id=rule.id,
                manual=rule.manual,
                section=rule.section,
                number=rule.number,
                text=rule.text,
                legal_basis=rule.legal_basis,
                possible_basis=rule.possible_basis,
                protective=rule.protective,
                lead_in=rule.lead_in,
            ),
            context=self.context,
            roles=list(manual_roles(self.manual_text)),
            complaints=[
                _masked_complaint(
                    cid, text, self.quotes[cid], self.window, self.complaint_names.get(cid, ())
                )
                for cid, text in self.complaint_texts.items()
            ],
        )


def _masked_complaint(
    complaint_id: str, text: str, quote: str, window: int, names: tuple[str, ...]
) -> InputComplaint:
    masked = mask(text, names=names)
    at = text.find(quote)
    shown_quote = masked.segment(at, at + len(quote)) if at >= 0 else mask(quote).text
    return InputComplaint(
        id=complaint_id, text=_window(masked.text, shown_quote, window), quote=shown_quote
    )


def _window(text: str, quote: str, size: int) -> str:
    """The complaint, or the `size` characters around its quote when it is longer."""
    if len(text) <= size:
        return text
    at = max(text.find(quote), 0)
    start = max(0, min(at - size // 3, len(text) - size))
    return text[start : start + size]


def cache_key(model: str, data: DraftInput) -> str:
    payload = {
        "model": model,
        "prompt": prompt_version(),
        "rule": data.rule.model_dump(),
        "context": data.context,
        "evidence": [c.model_dump() for c in data.complaints],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


@dataclass
class _Attempts:
    usage: Usage = field(default_factory=Usage)
    answered_by: str = ""
    errors: list[str] = field(default_factory=list)

    def add(self, completion: Completion) -> None:
        self.usage.prompt_tokens += completion.prompt_tokens
        self.usage.completion_tokens += completion.completion_tokens
        self.usage.model_calls += 1
        if completion.cost is not None:
            self.usage.cost = (self.usage.cost or 0.0) + completion.cost
        self.answered_by = completion.model


def unfenced(text: str) -> str:
    """A model's JSON answer without the Markdown code fence some models put around it."""
    body = text.strip()
    if body.startswith("```"):
        body = body.split("\n", 1)[1] if "\n" in body else ""
        body = body.rsplit("```", 1)[0]
    return body


def parse_answer(text: str) -> DraftAnswer:
    """The model's JSON answer, tolerating a Markdown code fence or words around the object,
    and raw line breaks inside its strings (small local models write them)."""
    body = unfenced(text)
    start, end = body.find("{"), body.rfind("}")
    if start != -1 and end > start:
        body = body[start : end + 1]
    try:
        data = json.loads(body, strict=False)
    except json.JSONDecodeError as exc:
        raise InvalidAnswer(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    try:
        return DraftAnswer.model_validate(data)
    except ValidationError as exc:
        raise InvalidAnswer(_describe(exc)) from exc


class InvalidAnswer(ValueError):
    """A model's answer that is not the JSON the schema describes; says what is wrong."""


# What of an invalid answer is sent back when asking again: enough to see the mistake,
# little enough that re-asks fit a small context.
ECHO_CHARS = 600


class Exchange:
    """One drafting conversation: the prompt, and the model's answers until one is valid.

    An invalid answer is sent back with what is wrong, up to `attempts` answers in all.
    The sync and async callers share this, so both ask and re-ask the same way.
    """

    def __init__(self, data: DraftInput, *, attempts: int) -> None:
        self.prompt: list[Message] = messages(data)
        self.conversation: list[Message] = self.prompt
        self.attempts = attempts
        self.record = _Attempts()
        self.last_answer = ""

    def take(self, completion: Completion) -> DraftAnswer | None:
        """The answer if `completion` holds a valid one; otherwise the next prompt is set:
        the first prompt, the last answer (shortened) and what is wrong with it."""
        self.record.add(completion)
        try:
            return parse_answer(completion.text)
        except InvalidAnswer as exc:
            problem = str(exc)
            self.record.errors.append(problem)
            self.last_answer = completion.text
            echo = completion.text[:ECHO_CHARS] + (
                " …" if len(completion.text) > ECHO_CHARS else ""
            )
            self.conversation = [
                *self.prompt,
                {"role": "assistant", "content": echo},
                {
                    "role": "user",
                    "content": f"That answer is not valid: {problem}. "
                    "Answer again with only the JSON object the schema describes.",
                },
            ]
            return None

    def failed(self, model: str) -> ModelError:
        return ModelError(
            f"model {model!r} gave no valid answer in {self.attempts} attempts: "
            + " | ".join(self.record.errors)
            + f" | its last answer began: {self.last_answer[:300]!r}"
        )


def ask(model: ChatModel, data: DraftInput, *, attempts: int) -> tuple[DraftAnswer, _Attempts]:
    """One model call; an invalid answer is sent back with the error, up to `attempts` times."""
    exchange = Exchange(data, attempts=attempts)
    for _ in range(attempts):
        completion = model.complete(
            exchange.conversation,
            schema=answer_schema(),
            schema_name=SCHEMA_NAME,
            job=data.model_dump(mode="json"),
        )
        if (answer := exchange.take(completion)) is not None:
            return answer, exchange.record
    raise exchange.failed(model.name)


async def ask_async(
    model: AsyncChatModel, data: DraftInput, *, attempts: int
) -> tuple[DraftAnswer, _Attempts]:
    """`ask`, awaiting the model, so that many rules can wait on it at once."""
    exchange = Exchange(data, attempts=attempts)
    for _ in range(attempts):
        completion = await model.acomplete(
            exchange.conversation,
            schema=answer_schema(),
            schema_name=SCHEMA_NAME,
            job=data.model_dump(mode="json"),
        )
        if (answer := exchange.take(completion)) is not None:
            return answer, exchange.record
    raise exchange.failed(model.name)


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "answer"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def citations(job: DraftJob, answer: DraftAnswer) -> list[Citation]:
    rule = job.rule
    rule_citation = Citation(
        source="rule",
        id=rule.id,
        quote=rule.text,
        start=rule.start,
        end=rule.end,
        verified=is_at(rule.text, job.manual_text, rule.start, rule.end),
    )
    seen: set[tuple[str, str]] = set()
    cited = [rule_citation]
    for item in answer.citations:
        if (item.complaint_id, item.quote) in seen:
            continue
        seen.add((item.complaint_id, item.quote))
        cited.append(
            cite_complaint(
                item.complaint_id,
                item.quote,
                job.complaint_texts.get(item.complaint_id),
                names=job.complaint_names.get(item.complaint_id, ()),
            )
        )
    return cited


def suggestion_id(key: str) -> str:
    """A draft's id follows from its cache key, so the same draft gets the same id anywhere."""
    return key[:32]


def guard_reason(
    *, legal_basis: str | None, possible_basis: str | None, protective: bool
) -> str | None:
    """Why ingest found that a rule may not be loosened, if it did."""
    if legal_basis:
        return legal_basis
    if possible_basis:
        return f"probably {possible_basis}"
    return "a customer protection" if protective else None


def build_suggestion(
    job: DraftJob,
    answer: DraftAnswer,
    *,
    model: str,
    record: _Attempts,
    suggestion_id: str | None = None,
) -> Suggestion:
    cited = citations(job, answer)
    checks: list[CheckResult] = run_checks(
        CheckInput(
            answer=answer,
            original=job.rule.text,
            legal_basis=job.rule.legal_basis,
            context=job.context,
            complaint_texts=job.complaint_texts,
            citations=cited,
            guarded=guard_reason(
                legal_basis=job.rule.legal_basis,
                possible_basis=job.rule.possible_basis,
                protective=job.rule.protective,
            ),
            manual_text=job.manual_text,
            lead_in=job.rule.lead_in,
        )
    )
    label = drafter_label(model)
    rationale = answer.rationale
    if label == BUILTIN_LABEL:
        rationale = f"Drafted by the built-in drafter (rules, no language model). {rationale}"
    rule = job.rule
    return Suggestion(
        id=suggestion_id or uuid.uuid4().hex,
        rule_id=rule.id,
        manual=rule.manual,
        manual_version=rule.version,
        section=rule.section,
        number=rule.number,
        original=rule.text,
        proposed=answer.proposed,
        purpose=answer.purpose,
        default=answer.default,
        discretion=answer.discretion,
        escalation=answer.escalation,
        legal_basis=answer.legal_basis,
        rationale=rationale,
        origin=OriginHypothesis(kind=answer.origin.kind, explanation=answer.origin.explanation)
        if answer.origin
        else None,
        citations=cited,
        checks=checks,
        status="ready" if all(c.passed for c in checks) else "blocked",
        model=BUILTIN if label == BUILTIN_LABEL else (record.answered_by or model),
        drafter=label,
        prompt_version=prompt_version(),
        usage=record.usage,
        evidence_strength=round(job.evidence_strength, 4),
        created_at=utcnow(),
    )


def cached(session: Session, key: str) -> Suggestion | None:
    row = session.scalars(
        select(SuggestionRow)
        .where(SuggestionRow.cache_key == key)
        .order_by(SuggestionRow.created_at.desc())
        .limit(1)
    ).first()
    return to_suggestion(row) if row else None


def draft_rule(
    session: Session, job: DraftJob, *, model: ChatModel, attempts: int, fresh: bool = False
) -> Suggestion:
    """The suggestion for `job.rule`: from the cache, or drafted, checked and stored."""
    data = job.draft_input()
    key = cache_key(model.name, data)
    if not fresh and (found := cached(session, key)) is not None:
        return found
    answer, record = ask(model, data, attempts=attempts)
    # A fresh redraw of a key already drafted gets a new id; a first draft, the key's own.
    suggestion = build_suggestion(
        job,
        answer,
        model=model.name,
        record=record,
        suggestion_id=None if fresh else suggestion_id(key),
    )
    session.add(to_row(suggestion, key))
    session.flush()
    return suggestion


def to_row(suggestion: Suggestion, key: str) -> SuggestionRow:
    # a suggestion's row names its manual `manual_id` and keeps its usage in four columns
    return SuggestionRow(
        **row_values(
            suggestion,
            SuggestionRow,
            manual_id=suggestion.manual,
            cache_key=key,
            **suggestion.usage.model_dump(),
        )
    )


def to_suggestion(row: SuggestionRow) -> Suggestion:
    return from_row(
        Suggestion,
        row,
        manual=row.manual_id,
        usage=from_row(Usage, row),
        created_at=as_utc(row.created_at),
        decided_at=as_utc(row.decided_at),
    )


def _suggestion_filter(
    query: Select[Any], *, status: str | None, manual: str | None, review: str | None
) -> Select[Any]:
    if status:
        query = query.where(SuggestionRow.status == status)
    if review:
        query = query.where(SuggestionRow.review == review)
    if manual:
        query = query.where(SuggestionRow.manual_id == manual)
    return query


def list_suggestions(
    session: Session,
    *,
    status: str | None = None,
    manual: str | None = None,
    review: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[Suggestion]:
    """Newest first (then by id, so that pages neither repeat nor skip one)."""
    query = _suggestion_filter(
        select(SuggestionRow), status=status, manual=manual, review=review
    ).order_by(SuggestionRow.created_at.desc(), SuggestionRow.id)
    return [to_suggestion(row) for row in session.scalars(query.limit(limit).offset(offset))]


def count_suggestions(
    session: Session,
    *,
    status: str | None = None,
    manual: str | None = None,
    review: str | None = None,
) -> int:
    query = _suggestion_filter(
        select(func.count()).select_from(SuggestionRow), status=status, manual=manual, review=review
    )
    return int(session.scalar(query) or 0)


def get_suggestion(session: Session, suggestion_id: str) -> Suggestion | None:
    row = session.get(SuggestionRow, suggestion_id)
    return to_suggestion(row) if row else None
