"""SQLAlchemy tables. Chroma holds vectors only; these tables are the record."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite keeps no time zone; everything is stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[str]: JSON,
        list[list[int]]: JSON,
        list[dict[str, Any]]: JSON,
        list[dict[str, Any]] | None: JSON,
        dict[str, Any] | None: JSON,
    }


class ManualRow(Base):
    __tablename__ = "manuals"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    latest_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ManualVersionRow(Base):
    __tablename__ = "manual_versions"
    __table_args__ = (
        UniqueConstraint("manual_id", "version"),
        UniqueConstraint("manual_id", "content_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    manual_id: Mapped[str] = mapped_column(ForeignKey("manuals.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(20))
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    # Headings and paragraphs as spans of `text` ([{kind, start, end, level}]), for exports.
    blocks: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RuleRow(Base):
    __tablename__ = "rules"

    version_id: Mapped[int] = mapped_column(ForeignKey("manual_versions.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    manual_id: Mapped[str] = mapped_column(String(120), index=True)
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)
    restrictive: Mapped[bool] = mapped_column(Boolean)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    possible_basis: Mapped[str | None] = mapped_column(Text)
    protective: Mapped[bool] = mapped_column(Boolean, default=False)
    lead_in: Mapped[str | None] = mapped_column(Text)  # the sentence introducing its list
    cues: Mapped[list[str]] = mapped_column(JSON, default=list)


class ComplaintRow(Base):
    __tablename__ = "complaints"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(80))
    source: Mapped[str | None] = mapped_column(Text)
    row: Mapped[int | None] = mapped_column(Integer)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Why the complaint was quarantined (it tries to instruct the system); None when it was not.
    quarantine: Mapped[str | None] = mapped_column(Text)
    # The manual the complaint was tied to at ingest; it is then matched only to its rules.
    manual_id: Mapped[str | None] = mapped_column(String(120), index=True)
    # Sentence spans [[start, end], ...] and their vectors (float16, row-major), written by
    # the index stage; used to pick the quote that best shows a conflict.
    sentence_spans: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    sentence_vectors: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SuggestionRow(Base):
    """A drafted rewrite. `cache_key` identifies (model, prompt, rule text, evidence)."""

    __tablename__ = "suggestions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(40), index=True)
    manual_id: Mapped[str] = mapped_column(String(120), index=True)
    manual_version: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(String(40))
    original: Mapped[str] = mapped_column(Text)
    proposed: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    default: Mapped[str] = mapped_column("default_text", Text)
    discretion: Mapped[str] = mapped_column(Text)
    escalation: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text)
    origin: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), index=True)
    model: Mapped[str] = mapped_column(String(200))
    drafter: Mapped[str] = mapped_column(String(40))
    prompt_version: Mapped[str] = mapped_column(String(20))
    cache_key: Mapped[str] = mapped_column(String(64), index=True)
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cost: Mapped[float | None] = mapped_column(Float)
    model_calls: Mapped[int] = mapped_column(Integer, default=0)
    evidence_strength: Mapped[float] = mapped_column(Float, default=0.0)
    # Bumped by every change; a reviewer's decision names the version it was made on.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The review: pending until a reviewer accepts (maybe edited) or rejects it.
    review: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    final_text: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# The queue's pages: pending suggestions newest first (API) or strongest evidence first (form).
Index(
    "ix_suggestions_review_created",
    SuggestionRow.review,
    SuggestionRow.created_at.desc(),
    SuggestionRow.id,
)
Index(
    "ix_suggestions_review_strength",
    SuggestionRow.review,
    SuggestionRow.evidence_strength.desc(),
    SuggestionRow.id,
)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    roles: Mapped[list[str]] = mapped_column(JSON)
    password_hash: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApiTokenRow(Base):
    """A bearer token; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A revoked token is kept (never deleted), so that a request with it is told so.
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(80))


class WebSessionRow(Base):
    """A signed-in browser; the cookie holds a secret whose SHA-256 is the key here."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DecisionRow(Base):
    """A reviewer's decision on one suggestion; never updated, never deleted."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    suggestion_id: Mapped[str] = mapped_column(ForeignKey("suggestions.id"), index=True)
    manual_id: Mapped[str] = mapped_column(String(120), index=True)
    rule_id: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(80))
    suggestion_version: Mapped[int] = mapped_column(Integer)
    model: Mapped[str] = mapped_column(String(200))
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditRow(Base):
    """Who did what, when: decisions, drafts, ingests, user changes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    manual_id: Mapped[str | None] = mapped_column(String(120), index=True)
    suggestion_id: Mapped[str | None] = mapped_column(String(32))
    rule_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class BatchRow(Base):
    """A batch rewrite of one or more manuals; its rules' progress is in `batch_rules`."""

    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    origin: Mapped[str] = mapped_column(String(10))  # cli or api
    state: Mapped[str] = mapped_column(String(20), index=True)
    model: Mapped[str] = mapped_column(String(200))
    api_base: Mapped[str | None] = mapped_column(Text)
    concurrency: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
    # The process running it: host, pid and its last heartbeat. A live holder keeps others out.
    lease_host: Mapped[str | None] = mapped_column(String(255))
    lease_pid: Mapped[int | None] = mapped_column(Integer)
    lease_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BatchManualRow(Base):
    """One input file of a batch; `data` is kept until the manual is ingested."""

    __tablename__ = "batch_manuals"
    __table_args__ = (UniqueConstraint("batch_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    manual_id: Mapped[str] = mapped_column(String(120))
    version: Mapped[int | None] = mapped_column(Integer)
    format: Mapped[str | None] = mapped_column(String(20))
    planned: Mapped[bool] = mapped_column(Boolean, default=False)


class BatchRuleRow(Base):
    """Where one rule of a batch stands: pending, drafted, skipped (and why) or failed (and why).

    A rule's suggestion and this row are written in one transaction, so a killed run leaves
    every rule either drafted (with its suggestion) or still pending.
    """

    __tablename__ = "batch_rules"

    batch_id: Mapped[str] = mapped_column(
        ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True
    )
    rule_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    manual_id: Mapped[str] = mapped_column(String(120), index=True)
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    # The evidence chosen when the batch was planned, so a resumed run drafts the same prompt.
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    evidence_strength: Mapped[float] = mapped_column(Float, default=0.0)
    suggestion_id: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str | None] = mapped_column(String(20))  # the suggestion's: ready or blocked
    reused: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    model_calls: Mapped[int] = mapped_column(Integer, default=0)
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cost: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RevisionRow(Base):
    """A counter per kind of shared state ("rules", "complaints"), raised in the transaction
    that changes it: every process compares it with what its caches were built from."""

    __tablename__ = "revisions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
