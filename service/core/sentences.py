"""Sentence spans of free text, for quoting complaints verbatim."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (optionally closed by quotes/brackets) before whitespace and an
# opening capital, digit or quote, or at a blank line / line break between lines.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z0-9\"'“‘(\[])|\n\s*\n|\n(?=\s*[-*•]\s)")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Nos|Ref|approx|etc|e\.g|i\.e|vs|Jan|Feb|Mar|Apr|Jun|Jul|"
    r"Aug|Sep|Sept|Oct|Nov|Dec|Ltd|Inc|Co|U\.S|U\.K)\.|\b[A-Z]\.)$"
)
MAX_QUOTE_CHARS = 240


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _ABBREVIATIONS.search(text[max(start, match.start() - 8) : match.start()]):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for a, b in spans:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        a, b = a + lead, a + len(piece.rstrip())
        if b > a and any(ch.isalnum() for ch in text[a:b]):
            trimmed.append((a, b))
    return trimmed or [(0, len(text))]


def short_span(text: str, start: int, end: int, limit: int = MAX_QUOTE_CHARS) -> tuple[int, int]:
    """Cut a long span at a word boundary so the quote stays short and verbatim."""
    if end - start <= limit:
        return start, end
    cut = text.rfind(" ", start, start + limit)
    end = cut if cut > start + limit // 2 else start + limit
    return start, len(text[start:end].rstrip(" ,;:-")) + start
