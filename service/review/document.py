"""A manual version as paragraphs, with the changes to apply to it: what every export reads."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from service.core.domain import Citation, Rule
from service.ingest.clauses import SECTION_SEPARATOR

ChangeKind = Literal["accepted", "edited", "provisional"]


@dataclass(frozen=True)
class Paragraph:
    """A heading or body paragraph: a span of the manual version's extracted text."""

    kind: Literal["heading", "text"]
    start: int
    end: int
    level: int = 0  # heading depth, 0 for the title or a top-level heading


@dataclass(frozen=True)
class Change:
    """One rule's text replaced: `original` sits at [start, end) of the manual text."""

    rule_id: str
    number: str | None
    section: str
    start: int
    end: int
    original: str
    revised: str
    kind: ChangeKind
    author: str  # the reviewer (or the drafter, for a provisional change)
    decided_at: datetime | None
    rationale: str
    citations: Sequence[Citation]
    suggestion_id: str
    model: str
    comment: str | None = None  # the reviewer's own comment, if any


@dataclass
class RevisedManual:
    manual_id: str
    title: str
    version: int
    format: str  # the format the manual was read from: md, docx, pdf...
    text: str
    paragraphs: list[Paragraph]
    changes: list[Change]  # sorted by start, never overlapping
    pending: int = 0  # suggestions for this version still waiting for a decision
    rejected: int = 0
    stale: list[str] = field(default_factory=list)  # accepted, but the rule has changed since
    provisional: bool = False  # changes are drafts nobody has reviewed yet

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]


_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_MARKDOWN_HEADING = re.compile(r"#{1,6}\s")


def paragraphs_from_blocks(blocks: Sequence[dict[str, int | str]]) -> list[Paragraph]:
    """Paragraphs from the blocks stored at ingest (kind, start, end, level)."""
    return [
        Paragraph(
            kind="heading" if block["kind"] == "heading" else "text",
            start=int(block["start"]),
            end=int(block["end"]),
            level=int(block.get("level", 0)),
        )
        for block in blocks
    ]


def paragraphs_from_text(text: str, rules: Sequence[Rule]) -> list[Paragraph]:
    """Paragraphs of a manual stored without its blocks: split at blank lines, and a paragraph
    that holds no rule and names a section of one is a heading at that section's depth."""
    depth: dict[str, int] = {}
    for rule in rules:
        for level, name in enumerate(rule.section.split(SECTION_SEPARATOR)):
            depth.setdefault(_plain(name), level + 1)
    found: list[Paragraph] = []
    position = 0
    for match in [*_BLANK_LINES.finditer(text), None]:
        end = match.start() if match else len(text)
        start = position
        position = match.end() if match else len(text)
        piece = text[start:end]
        if not piece.strip():
            continue
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        holds_rule = any(rule.start < end and rule.end > start for rule in rules)
        name = _plain(text[start:end])
        if not holds_rule and (name in depth or _MARKDOWN_HEADING.match(text[start:end])):
            level = depth.get(name, text[start:end].count("#", 0, 6))
            found.append(Paragraph("heading", start, end, level))
        elif not holds_rule and not found:
            found.append(Paragraph("heading", start, end, 0))  # the title above everything
        else:
            found.append(Paragraph("text", start, end))
    return found


def _plain(heading: str) -> str:
    return " ".join(heading.lstrip("#").split()).lower()
