"""Find quotes in their sources, ignoring differences in whitespace only."""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.core.domain import Citation
from service.core.personal_data import mask

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


def cite_complaint(
    complaint_id: str, quote: str, text: str | None, *, names: Iterable[str] = ()
) -> Citation:
    """A citation of `quote` in a complaint's `text` (None: no such complaint was given).

    The span is where the quote is found, so a found quote is verified at its span. A model
    sees complaints with their personal data masked, so a quote that is not in the original
    is looked for in the masked text: found there, the citation is of the original's span
    that the quote stands for, and quotes the original there."""
    span = locate(quote, text) if text is not None else None
    if span is None and text is not None:
        masked = mask(text, names=names)
        found = locate(quote, masked.text)
        if found is not None:
            span = masked.to_original(*found)
            quote = text[span[0] : span[1]]
    start, end = span if span else (-1, -1)
    return Citation(
        source="complaint", id=complaint_id, quote=quote, start=start, end=end, verified=bool(span)
    )
