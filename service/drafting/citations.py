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


def cite(source_kind: str, source_id: str, quote: str, source: str | None) -> Citation:
    """A citation of `quote` in `source` (None: the source does not exist)."""
    span = locate(quote, source) if source is not None else None
    start, end = span if span else (-1, -1)
    return Citation(
        source="rule" if source_kind == "rule" else "complaint",
        id=source_id,
        quote=quote,
        start=start,
        end=end,
        verified=span is not None and source is not None and is_at(quote, source, start, end),
    )
