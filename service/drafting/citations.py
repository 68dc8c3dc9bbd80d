"""Find quotes in their sources, ignoring differences in whitespace only."""

from __future__ import annotations

import re

from service.core.domain import Citation

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def locate(quote: str, source: str) -> tuple[int, int] | None:
    """The span of `source` that reads as `quote` once runs of whitespace are folded."""
    words = quote.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    found = re.search(pattern, source)
    return (found.start(), found.end()) if found else None


def is_at(quote: str, source: str, start: int, end: int) -> bool:
    return 0 <= start <= end <= len(source) and squash(source[start:end]) == squash(quote)


def cite_complaint(complaint_id: str, quote: str, text: str | None) -> Citation:
    """A citation of `quote` in a complaint's `text` (None: no such complaint was given).

    The span is where the quote is found, so a found quote is verified at its span."""
    span = locate(quote, text) if text is not None else None
    start, end = span if span else (-1, -1)
    return Citation(
        source="complaint", id=complaint_id, quote=quote, start=start, end=end, verified=bool(span)
    )
