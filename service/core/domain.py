"""Domain types that cross stage boundaries (see DOMAIN.md for the words)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class Classification(BaseModel):
    """What a rule does to customers, and what law it rests on."""

    restrictive: bool
    legal_basis: str | None = None
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
    cues: list[str] = Field(default_factory=list)


class ManualVersionInfo(BaseModel):
    manual: str
    title: str
    version: int
    filename: str
    format: str
    content_hash: str
    rules: int
    restrictive_rules: int
    created_at: datetime


class Complaint(BaseModel):
    id: str
    text: str
    date: str | None = None
    channel: str | None = None
    source: str | None = None
    row: int | None = Field(default=None, description="Row (or line) of the source file.")
    metadata: dict[str, Any] = Field(default_factory=dict)


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
    created_at: datetime
    review: ReviewState = "pending"
    final_text: str | None = Field(
        default=None, description="The accepted text: the proposal, or the reviewer's edit."
    )
    decided_by: str | None = None
    decided_at: datetime | None = None
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
    created_at: datetime


class AuditEntry(BaseModel):
    id: int
    at: datetime
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
