"""The revised manual: decided (or provisional) rewrites applied, as Markdown, HTML or DOCX."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.core.domain import Citation
from service.core.errors import BadInput
from service.core.html import html_env
from service.ingest.manuals import latest_versions, rules_of, version_row
from service.review.diff import word_diff
from service.review.document import (
    Change,
    Paragraph,
    RevisedManual,
    paragraphs_from_blocks,
    paragraphs_from_text,
)
from service.store.models import DecisionRow, SuggestionRow, as_utc

ExportFormat = Literal["md", "html", "docx"]
FORMATS: dict[str, tuple[str, str]] = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "html": ("text/html; charset=utf-8", "html"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


def revised_manual(
    session: Session,
    manual_id: str,
    *,
    provisional: bool = False,
    drafts: set[str] | None = None,
    version_number: int | None = None,
) -> RevisedManual:
    """The latest version of a manual (or `version_number`) with its accepted rewrites; with
    `provisional`, rules with no accepted rewrite take their newest `ready` pending suggestion
    (only among `drafts`, when given), marked as unreviewed."""
    version = latest_versions(session, manual_id)[0]
    if version_number is not None and version.version != version_number:
        version = version_row(session, manual_id, version_number)
    rules = {rule.id: rule for rule in rules_of(session, version)}
    rows = session.scalars(
        select(SuggestionRow)
        .where(SuggestionRow.manual_id == manual_id)
        .order_by(SuggestionRow.decided_at, SuggestionRow.created_at)
    ).all()
    chosen: dict[str, SuggestionRow] = {}
    stale: list[str] = []
    for row in rows:  # later decisions win
        if row.review != "accepted":
            continue
        if row.rule_id in rules:
            chosen[row.rule_id] = row
        elif row.rule_id not in stale:
            stale.append(row.rule_id)
    if provisional:
        for row in rows:
            if (
                row.review == "pending"
                and row.status == "ready"
                and (drafts is None or row.id in drafts)
                and row.rule_id in rules
                and chosen.get(row.rule_id, row).review != "accepted"
            ):
                chosen[row.rule_id] = row
    comments = _last_comments(session, [r.id for r in chosen.values() if r.review == "accepted"])
    changes = []
    for rule_id, row in chosen.items():
        rule = rules[rule_id]
        accepted = row.review == "accepted"
        revised = row.final_text if accepted and row.final_text else row.proposed
        changes.append(
            Change(
                rule_id=rule_id,
                number=rule.number,
                section=rule.section,
                start=rule.start,
                end=rule.end,
                original=rule.text,
                revised=revised,
                kind=("edited" if revised != row.proposed else "accepted")
                if accepted
                else "provisional",
                author=(row.decided_by or "") if accepted else f"{row.drafter} ({row.model})",
                decided_at=as_utc(row.decided_at) if accepted else None,
                rationale=row.rationale,
                citations=[Citation.model_validate(c) for c in row.citations],
                suggestion_id=row.id,
                model=row.model,
                comment=comments.get(row.id) if accepted else None,
            )
        )
    changes.sort(key=lambda c: c.start)
    by_review: dict[str, int] = {
        review: count
        for review, count in session.execute(
            select(SuggestionRow.review, func.count(SuggestionRow.id))
            .where(SuggestionRow.manual_id == manual_id, SuggestionRow.rule_id.in_(list(rules)))
            .group_by(SuggestionRow.review)
        )
    }
    paragraphs = (
        paragraphs_from_blocks(version.blocks)
        if version.blocks
        else paragraphs_from_text(version.text, list(rules.values()))
    )
    return RevisedManual(
        manual_id=manual_id,
        title=version.title,
        version=version.version,
        format=version.format,
        text=version.text,
        paragraphs=paragraphs,
        changes=changes,
        pending=int(by_review.get("pending", 0)),
        rejected=int(by_review.get("rejected", 0)),
        stale=stale,
        provisional=provisional,
    )


def _last_comments(session: Session, suggestion_ids: list[str]) -> dict[str, str | None]:
    """Each suggestion's latest decision comment, in one query."""
    latest: dict[str, str | None] = {}
    rows = session.execute(
        select(DecisionRow.suggestion_id, DecisionRow.comment)
        .where(DecisionRow.suggestion_id.in_(suggestion_ids))
        .order_by(DecisionRow.id)
    )
    for suggestion_id, comment in rows:
        latest[suggestion_id] = comment  # later decisions replace earlier ones
    return latest


# --- laying the manual out ------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """Part of a paragraph: unchanged text, or one change (its number in the change log)."""

    text: str
    change: Change | None = None
    number: int = 0


@dataclass(frozen=True)
class Laid:
    paragraph: Paragraph
    pieces: list[Piece]


def lay_out(manual: RevisedManual) -> list[Laid]:
    """Every paragraph cut into unchanged text and changes; each change lands in the paragraph
    holding its start, so no text is lost even when a span crosses a paragraph break."""
    numbers = {id(change): n for n, change in enumerate(manual.changes, 1)}
    remaining = list(manual.changes)
    laid: list[Laid] = []
    paragraphs = manual.paragraphs
    for index, paragraph in enumerate(paragraphs):
        last = index == len(paragraphs) - 1
        end = paragraph.end
        mine = [c for c in remaining if c.start < end or last]
        remaining = [c for c in remaining if not (c.start < end or last)]
        pieces: list[Piece] = []
        cursor = paragraph.start
        for change in mine:
            if change.start > cursor:
                pieces.append(Piece(manual.text[cursor : change.start]))
            pieces.append(Piece(change.revised, change, numbers[id(change)]))
            cursor = max(cursor, change.end)
        if cursor < end:
            pieces.append(Piece(manual.text[cursor:end]))
        laid.append(Laid(paragraph, pieces))
    return laid


def heading_text(text: str) -> str:
    return " ".join(text.lstrip("#").split())


def to_markdown(manual: RevisedManual) -> str:
    out: list[str] = []
    if manual.provisional:
        out.append(
            "> **Draft, not reviewed.** Rewrites marked *(draft, not yet reviewed)* were "
            "drafted automatically and no reviewer has accepted them yet.\n"
        )
    for item in lay_out(manual):
        if item.paragraph.kind == "heading":
            text = heading_text("".join(p.text for p in item.pieces))
            out.append(f"{'#' * min(item.paragraph.level + 1, 6)} {text}\n")
            continue
        parts = []
        for piece in item.pieces:
            parts.append(piece.text)
            if piece.change is not None and piece.change.kind == "provisional":
                parts.append(f" *(draft, not yet reviewed: change {piece.number})*")
        out.append("".join(parts).strip() + "\n")
    out.append(change_log_markdown(manual))
    return "\n".join(out)


def _quote(citation: Citation) -> str:
    """Customer text, inert in a Markdown renderer that passes HTML through."""
    text = " ".join(citation.quote.split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def change_log_markdown(manual: RevisedManual) -> str:
    lines = ["## Change log", ""]
    lines.append(_summary(manual))
    lines.append("")
    for n, change in enumerate(manual.changes, 1):
        where = f"{change.number} " if change.number else ""
        lines.append(f"### Change {n}: {where}({change.section})")
        lines.append("")
        lines.append(f"- **Decision:** {_describe(change)}")
        lines.append(f"- **Before:** {' '.join(change.original.split())}")
        lines.append(f"- **After:** {' '.join(change.revised.split())}")
        lines.append(f"- **Why:** {change.rationale}")
        if change.comment:
            lines.append(f"- **Reviewer's comment:** {change.comment}")
        lines.append(f"- **Suggestion:** {change.suggestion_id} (model {change.model})")
        lines.append("- **Citations:**")
        for citation in change.citations:
            label = "rule" if citation.source == "rule" else "complaint"
            lines.append(f'  - {label} `{citation.id}`: "{_quote(citation)}"')
        lines.append("")
    return "\n".join(lines)


def _describe(change: Change) -> str:
    when = change.decided_at.strftime("%Y-%m-%d %H:%M UTC") if change.decided_at else ""
    if change.kind == "provisional":
        return f"draft, not yet reviewed (drafted by {change.author})"
    verb = "accepted with edits" if change.kind == "edited" else "accepted"
    return f"{verb} by {change.author} on {when}"


def _summary(manual: RevisedManual) -> str:
    applied = len(manual.changes)
    text = (
        f"{manual.title}, version {manual.version}: {applied} "
        f"change{'s' if applied != 1 else ''} applied. {manual.pending} suggestion"
        f"{'s' if manual.pending != 1 else ''} still pending review, {manual.rejected} rejected "
        "(pending and rejected suggestions do not change the text)."
    )
    if manual.stale:
        text += (
            f" {len(manual.stale)} accepted rewrite(s) not applied because the rule has "
            f"changed since: {', '.join(manual.stale)}."
        )
    return text


def to_html(manual: RevisedManual, *, generated: datetime | None = None) -> str:
    laid = []
    for item in lay_out(manual):
        pieces: list[dict[str, object]] = []
        for piece in item.pieces:
            if piece.change is None:
                pieces.append({"text": piece.text, "diff": None, "number": 0, "kind": ""})
            else:
                pieces.append(
                    {
                        "text": piece.text,
                        "diff": word_diff(piece.change.original, piece.change.revised),
                        "number": piece.number,
                        "kind": piece.change.kind,
                    }
                )
        text = heading_text("".join(p.text for p in item.pieces))
        laid.append({"paragraph": item.paragraph, "pieces": pieces, "heading": text})
    return (
        html_env()
        .get_template("export.html")
        .render(
            manual=manual,
            laid=laid,
            summary=_summary(manual),
            describe=_describe,
            generated=generated,
        )
    )


def export(session: Session, manual_id: str, fmt: str) -> tuple[bytes, str, str]:
    """(content, media type, file name) of a manual's revised text in `fmt`."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown export format {fmt!r}: use md, html or docx")
    manual = revised_manual(session, manual_id)
    media, suffix = FORMATS[fmt]
    name = f"{manual_id}-v{manual.version}-revised.{suffix}"
    if fmt == "md":
        return to_markdown(manual).encode(), media, name
    if fmt == "html":
        return to_html(manual).encode(), media, name
    from service.review.docx_export import write_docx

    return write_docx(manual), media, name
