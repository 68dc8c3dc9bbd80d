"""Plain text (and text pulled out of PDFs): find headings and clauses from the lines alone.

Legacy manuals are often hard-wrapped, use capitals or "SECTION 3" for headings and put
the next clause straight under a heading, so paragraphs are not enough: a line that
starts with a clause marker after a finished sentence starts a new block.
"""

from __future__ import annotations

import re

from service.ingest.documents import Block, ExtractedDocument, line_starts
from service.ingest.numbering import leading_marker, numbering_depth

_ATX = re.compile(r"^(#{1,6})\s+\S")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
DIVISION = re.compile(
    r"^(?:section|part|chapter|appendix|schedule|annex|article)\s+(?:\d+|[ivxlc]+|[a-z])\b", re.I
)
_SMALL_WORDS = {"a", "an", "and", "the", "of", "for", "to", "in", "on", "or", "by", "with", "at"}
_SENTENCE_END = re.compile(r"[.;:!?)\]\"”'’]\s*$")


def _title_case(words: list[str]) -> bool:
    significant = [w for w in words if w.lower() not in _SMALL_WORDS and w[:1].isalpha()]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if w[:1].isupper())
    return capitalised / len(significant) >= 0.75


def heading_level(line: str, *, standalone: bool) -> int | None:
    """The heading level of `line`, or None when it reads as body text."""
    stripped = line.strip()
    if not stripped or len(stripped) > 90:
        return None
    atx = _ATX.match(stripped)
    if atx:
        return len(atx.group(1))
    if stripped[-1] in ".,;:!?" or not any(ch.isalpha() for ch in stripped):
        return None
    if DIVISION.match(stripped):
        return 1
    letters = [ch for ch in stripped if ch.isalpha()]
    marker = leading_marker(stripped)
    rest = stripped[marker.length :] if marker else stripped
    words = rest.split()
    if len(letters) >= 3 and sum(ch.isupper() for ch in letters) / len(letters) >= 0.8:
        return numbering_depth(marker.number) if marker and marker.style == "decimal" else 1
    if marker and marker.style == "decimal" and len(words) <= 10 and _title_case(words):
        return numbering_depth(marker.number)
    if marker is None and standalone and len(words) <= 8 and _title_case(words):
        return 2
    return None


def _heading_text_span(line: str, offset: int) -> tuple[int, int]:
    atx = _ATX.match(line.strip())
    lead = len(line) - len(line.lstrip())
    start = offset + lead + (len(atx.group(1)) + 1 if atx else 0)
    return start, offset + len(line.rstrip())


def segment(
    text: str, fmt: str = "text", hinted_headings: dict[int, int] | None = None
) -> ExtractedDocument:
    """Split `text` into heading and body blocks, keeping spans into `text` itself.

    `hinted_headings` maps line indexes to heading levels known from typography (PDF fonts).
    """
    hinted = hinted_headings or {}
    lines = text.split("\n")
    offsets = line_starts(text)
    blocks: list[Block] = []
    body: list[int] = []  # line indexes of the body block being gathered

    def flush() -> None:
        if body:
            first, last = body[0], body[-1]
            start = offsets[first] + len(lines[first]) - len(lines[first].lstrip())
            end = offsets[last] + len(lines[last].rstrip())
            blocks.append(Block("text", start, end))
            body.clear()

    for index, line in enumerate(lines):
        if not line.strip() or (_SETEXT.match(line) and index > 0 and not lines[index - 1].strip()):
            flush()
            continue
        if _SETEXT.match(line):
            continue  # underline of a setext heading, handled with the line above
        at_block_start = not body or bool(_SENTENCE_END.search(lines[body[-1]]))
        next_line = lines[index + 1] if index + 1 < len(lines) else ""
        standalone = not next_line.strip() or leading_marker(next_line.strip()) is not None
        level = hinted.get(index)
        if level is None and _SETEXT.match(next_line) and next_line.strip():
            level = 1 if next_line.strip()[0] == "=" else 2
        if level is None and at_block_start:
            level = heading_level(line, standalone=standalone)
        if level is not None:
            flush()
            start, end = _heading_text_span(line, offsets[index])
            previous = blocks[-1] if blocks else None
            if (
                index in hinted
                and previous is not None
                and previous.kind == "heading"
                and previous.level == level
                and hinted.get(index - 1) == level
            ):
                blocks[-1] = Block("heading", previous.start, end, level)  # wrapped heading
            else:
                blocks.append(Block("heading", start, end, level))
            continue
        if body and at_block_start and leading_marker(line.strip()) is not None:
            flush()
        body.append(index)
    flush()
    return ExtractedDocument(text=text, format=fmt, blocks=blocks)
