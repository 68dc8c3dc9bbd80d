"""Split an extracted manual into clauses: one rule each, with section path and exact span."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass

from service.ingest.documents import Block, ExtractedDocument, line_starts
from service.ingest.formats.plaintext import DIVISION as _DIVISION
from service.ingest.numbering import Marker, leading_marker

_SENTENCE_END = re.compile(r"[.;:!?)\]\"”'’]\s*$")
_WHITESPACE = re.compile(r"\s+")
SECTION_SEPARATOR = " > "


@dataclass(frozen=True)
class Clause:
    """A rule as found in the text, before classification."""

    section: str
    number: str | None
    start: int
    end: int
    line_start: int
    line_end: int
    lead_in: str | None  # the sentence introducing a list this clause belongs to


def normalise(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _title_block(text: str, blocks: list[Block]) -> Block | None:
    """The document title: a first heading above (or unnumbered before) the section headings."""
    if not blocks or blocks[0].kind != "heading":
        return None
    first = blocks[0]
    others = [b for b in blocks[1:] if b.kind == "heading"]
    if not others:
        return None
    if all(b.level > first.level for b in others):
        return first
    # "POLICY MANUAL" above "SECTION 1 - ..." / "1. Scope": same level, but only the
    # section headings carry numbers.
    same_level = [b for b in others if b.level == first.level]
    if not _numbered(text, first) and all(_numbered(text, b) for b in same_level):
        return first
    return None


def _numbered(text: str, block: Block) -> bool:
    heading = text[block.start : block.end].strip()
    return leading_marker(heading) is not None or _DIVISION.match(heading) is not None


def _units(text: str, block: Block) -> list[tuple[int, int]]:
    """Split a body block where a line starts a new clause after a finished sentence."""
    body = text[block.start : block.end]
    pieces: list[tuple[int, int]] = []
    start = 0
    offset = 0
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if index and _SENTENCE_END.search(lines[index - 1]) and leading_marker(line.strip()):
            pieces.append((start, offset - 1))
            start = offset
        offset += len(line) + 1
    pieces.append((start, len(body)))
    spans = []
    for a, b in pieces:
        piece = body[a:b]
        lead = len(piece) - len(piece.lstrip())
        spans.append((block.start + a + lead, block.start + a + len(piece.rstrip())))
    return [s for s in spans if s[1] > s[0]]


def _level(marker: Marker | None) -> tuple[str, int] | None:
    """A marker's style and depth: "3.11" is a sibling of "3.10", not an item below it."""
    if marker is None or marker.style == "bullet":  # nested bullets look alike
        return None
    return marker.style, (marker.number or "").count(".")


def split_clauses(document: ExtractedDocument) -> list[Clause]:
    text = document.text
    starts = line_starts(text)
    title = _title_block(text, document.blocks)
    if title is not None and not document.title:
        document.title = normalise(text[title.start : title.end])
    path: list[tuple[int, str]] = []
    clauses: list[Clause] = []
    lead_in: str | None = None
    lead_level: tuple[str, int] | None = None  # how the lead-in itself is numbered
    item_kind: object = None  # how the items under it are marked
    for block in document.blocks:
        if block is title:
            continue
        if block.kind == "heading":
            heading = normalise(text[block.start : block.end])
            path = [(level, name) for level, name in path if level < block.level]
            path.append((block.level, heading))
            lead_in = None
            continue
        for start, end in _units(text, block):
            marker = leading_marker(text[start:end])
            number = block.number
            if (marker is not None and not block.list_item) or (
                marker and marker.style != "bullet"
            ):
                number = marker.number if marker.number else number
                start += marker.length
            if end <= start or not any(ch.isalnum() for ch in text[start:end]):
                continue
            body = text[start:end]
            listed = block.list_item or (marker is not None)
            level = _level(marker)
            kind = ("list item", marker.style if marker else "") if block.list_item else level
            if level is not None and level == lead_level:
                lead_in = None  # "3.11" after "3.10 ... must not:" and its bullets: a new clause
            elif lead_in is not None and listed:
                if item_kind is None:
                    item_kind = kind  # the list the lead-in introduces is made of these
                elif kind != item_kind:
                    lead_in = None  # "Rule 13:" after the bullets under a lead-in
            clauses.append(
                Clause(
                    section=SECTION_SEPARATOR.join(name for _, name in path),
                    number=number,
                    start=start,
                    end=end,
                    line_start=bisect_right(starts, start),
                    line_end=bisect_right(starts, end - 1),
                    lead_in=lead_in if listed else None,
                )
            )
            if body.rstrip().endswith(":"):
                lead_in = normalise(body)
                lead_level = level
                item_kind = None
            elif not listed:
                lead_in = None
    return clauses


def rule_id(manual: str, clause: Clause, text: str, occurrence: int) -> str:
    """Stable id: same manual, section and clause wording give the same id on re-ingest."""
    key = "\x1f".join([manual, clause.section.lower(), normalise(text).lower(), str(occurrence)])
    return "r-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
