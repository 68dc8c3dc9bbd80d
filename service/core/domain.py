"""Domain types that cross stage boundaries (see DOMAIN.md for the words)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field


def _utc(moment: datetime) -> datetime:
    """Every moment is in UTC: a stored one without a zone (SQLite keeps none) is read as
    UTC, any other is converted, so that every timestamp serialises with `Z`."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_utc)]


class Classification(BaseModel):
    """What a rule does to customers, and what law it rests on."""

    restrictive: bool
    legal_basis: str | None = None
    possible_basis: str | None = Field(
        default=None,
        description="Cites no law but plainly rests on one, or on safety: the cue. Treated as legal.",
    )
    protective: bool = Field(
        default=False, description="It protects customers (no disconnection in a heatwave)."
    )
    cues: list[str] = Field(default_factory=list, description="Phrases that decided it.")


class Rule(BaseModel):
    """One clause of a manual version, with its exact span in the extracted text."""

    id: str
    manual: str
    version: int
    section: str
    number: str | None
    text: str
    start: int
    end: int
    line_start: int
    line_end: int
    restrictive: bool
    legal_basis: str | None
    possible_basis: str | None = None
    protective: bool = False
    lead_in: str | None = None  # the sentence introducing the list the rule is an item of
    cues: list[str] = Field(default_factory=list)

    @property
    def guarded(self) -> bool:
        """Law, safety or a customer protection rests on it: a draft may not loosen it."""
        return bool(self.legal_basis or self.possible_basis or self.protective)


class ManualVersionInfo(BaseModel):
    manual: str
    title: str
    version: int
    filename: str
    format: str
    content_hash: str
    rules: int
    restrictive_rules: int
    created_at: UtcDatetime


class Complaint(BaseModel):
    id: str
    text: str
    date: str | None = None
    channel: str | None = None
    source: str | None = None
    row: int | None = Field(default=None, description="Row (or line) of the source file.")
    metadata: dict[str, Any] = Field(default_factory=dict)
    manual: str | None = Field(
        default=None, description="The manual it was tied to at ingest; matched only to its rules."
    )
    quarantined: str | None = Field(
        default=None,
        description="Why it was quarantined: it tries to instruct the system, so it is never "
        "evidence and never shown to a model. None for ordinary complaints.",
    )


class Quote(BaseModel):
    """A verbatim piece of a source, with its character span in that source."""

    text: str
    start: int
    end: int


class Evidence(BaseModel):
    """One complaint's support for a conflict with a rule."""

    id: str
    score: float
    quote: str
    start: int
    end: int


class Conflict(BaseModel):
    rule_id: str
    score: float
    manual: str
    section: str
    number: str | None
    text: str
    restrictive: bool
    legal_basis: str | None
    complaints: list[Evidence]


class RuleMatch(BaseModel):
    """One rule a complaint is about, ranked for that complaint."""

    rule_id: str
    score: float
    manual: str
    section: str
    number: str | None
    text: str
    restrictive: bool
    quote: str
    start: int
    end: int


class RowProblem(BaseModel):
    """A row of an input file that was skipped, and why."""

    row: int
    reason: str


class ComplaintIngestReport(BaseModel):
    file: str
    rows: int
    stored: int
    duplicates: int
    quarantined: int = Field(default=0, description="Stored, but kept out of evidence and prompts.")
    skipped: list[RowProblem] = Field(default_factory=list)
    columns: dict[str, str | None] = Field(default_factory=dict)


class Citation(BaseModel):
    """A quote a suggestion rests on, with where it sits in its source."""

    source: Literal["rule", "complaint"]
    id: str
    quote: str
    start: int = Field(description="Character offset in the source (-1 when not found).")
    end: int
    verified: bool = Field(description="The quote is at that span (whitespace-normalised).")


class CheckResult(BaseModel):
    name: str
    passed: bool
    detail: str


class OriginHypothesis(BaseModel):
    """Where the rule probably came from; a guess for the reviewer, never a finding."""

    kind: str
    explanation: str
    hypothesis: bool = True


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = Field(default=None, description="US dollars, where the model is priced.")
    model_calls: int = 0


SuggestionStatus = Literal["ready", "blocked"]
ReviewState = Literal["pending", "accepted", "rejected"]


class Suggestion(BaseModel):
    """A drafted rewrite of one rule, with its reasons, citations and check results."""

    id: str
    rule_id: str
    manual: str
    manual_version: int
    section: str
    number: str | None
    original: str
    proposed: str
    purpose: str
    default: str
    discretion: str
    escalation: str
    legal_basis: str | None
    rationale: str
    origin: OriginHypothesis | None
    citations: list[Citation]
    checks: list[CheckResult]
    status: SuggestionStatus
    model: str
    drafter: str = Field(description="'built-in drafter' or 'language model'.")
    prompt_version: str
    usage: Usage
    evidence_strength: float = Field(description="The rule's conflict score when drafted.")
    created_at: UtcDatetime
    review: ReviewState = "pending"
    final_text: str | None = Field(
        default=None, description="The accepted text: the proposal, or the reviewer's edit."
    )
    decided_by: str | None = None
    decided_at: UtcDatetime | None = None
    version: int = Field(default=1, description="Send it with a decision; bumped by each one.")


Role = Literal["owner", "reviewer", "admin"]
ROLES: tuple[Role, ...] = ("owner", "reviewer", "admin")
DecisionAction = Literal["accept", "reject", "edit"]


class User(BaseModel):
    id: int
    name: str
    roles: list[Role]
    active: bool = True

    def has(self, role: Role) -> bool:
        return self.active and role in self.roles


class Decision(BaseModel):
    id: int
    suggestion_id: str
    manual: str
    rule_id: str
    action: DecisionAction
    text: str | None = Field(description="The accepted text (edited or as proposed).")
    reason: str | None
    comment: str | None
    decided_by: str
    suggestion_version: int = Field(description="The version the decision was made on.")
    model: str
    checks: list[CheckResult] = Field(description="Checks of an edited text.")
    created_at: UtcDatetime


class AuditEntry(BaseModel):
    id: int
    at: UtcDatetime
    actor: str
    action: str
    manual: str | None
    suggestion_id: str | None
    rule_id: str | None
    detail: dict[str, Any]


class ReviewCounts(BaseModel):
    pending: int = 0
    accepted: int = 0
    rejected: int = 0


BatchState = Literal["queued", "running", "interrupted", "failed", "done"]
RuleOutcome = Literal["pending", "drafted", "skipped", "failed"]


class BatchCounts(BaseModel):
    """Rules of a batch by outcome. `to_draft` = drafted + failed + pending."""

    rules: int = 0
    to_draft: int = Field(default=0, description="Restrictive rules the batch drafts.")
    drafted: int = 0
    ready: int = Field(default=0, description="Drafted, every check passed.")
    blocked: int = Field(default=0, description="Drafted, a check failed.")
    reused: int = Field(default=0, description="Drafted earlier from the same prompt; no call.")
    skipped: int = Field(default=0, description="Need no rewrite; the reason is recorded.")
    failed: int = 0
    pending: int = 0


class BatchManual(BaseModel):
    file: str
    manual: str
    version: int | None = Field(description="The manual version ingested; null until then.")
    format: str | None
    planned: bool = Field(description="Its rules are classified and their evidence chosen.")
    counts: BatchCounts


class BatchInfo(BaseModel):
    """A batch job: what it is, where it stands, and what it has spent so far."""

    id: str
    origin: Literal["cli", "api"]
    state: BatchState
    phase: Literal["waiting", "ingesting", "planning", "drafting", "finished"]
    model: str
    concurrency: int
    created_by: str
    created_at: UtcDatetime
    started_at: UtcDatetime | None
    finished_at: UtcDatetime | None
    error: str | None
    progress: float = Field(description="Share of the rules to draft that are done (0..1).")
    counts: BatchCounts
    usage: Usage
    manuals: list[BatchManual]


class BatchRuleEntry(BaseModel):
    """One rule's line in a batch report."""

    rule_id: str
    number: str | None
    section: str
    text: str
    outcome: RuleOutcome
    reason: str | None = Field(description="Why it was skipped, or the error it failed with.")
    suggestion_id: str | None
    status: SuggestionStatus | None
    evidence_strength: float
    complaints: int
    attempts: int
    failed_checks: list[CheckResult] = Field(default_factory=list)


class BatchReport(BaseModel):
    """The report of one manual of a batch. It depends only on what is stored, so a resumed
    run writes the same report as an uninterrupted one."""

    batch: str
    model: str
    state: BatchState
    manual: str
    title: str
    version: int
    file: str
    format: str
    counts: BatchCounts
    usage: Usage
    strongest: list[BatchRuleEntry] = Field(description="Drafted rules, strongest evidence first.")
    blocked: list[BatchRuleEntry]
    failed: list[BatchRuleEntry]
    skipped: list[BatchRuleEntry]
    rules: list[BatchRuleEntry] = Field(description="Every rule, in manual order.")


class ManualEstimate(BaseModel):
    file: str
    manual: str
    rules: int
    restrictive: int
    to_draft: int = Field(description="Rules a run would draft (fewer when resuming a batch).")
    prompt_tokens: int
    completion_tokens: int
    cost: float | None


class BatchEstimate(BaseModel):
    """What a batch would draft and spend, from its prompts (re-asks and retries not counted)."""

    batch: str | None = Field(description="The batch a run would resume, if one is stored.")
    model: str
    priced: bool = Field(description="Whether litellm knows the model's price.")
    to_draft: int
    prompt_tokens: int
    completion_tokens: int
    cost: float | None
    manuals: list[ManualEstimate]
