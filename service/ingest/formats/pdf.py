"""Text PDFs, read with pdfplumber: lines, paragraph gaps and heading fonts."""

from __future__ import annotations

import io
import itertools
import re
import statistics
from collections import Counter
from typing import Any

import pdfplumber

from service.core.errors import BadInput
from service.ingest.documents import ExtractedDocument
from service.ingest.formats.plaintext import segment

_GLYPH = re.compile(r"\(cid:\d+\)")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d+(?:\s*(?:of|/)\s*\d+)?$", re.I)


def _line_style(line: dict[str, Any]) -> tuple[float, bool]:
    chars = [c for c in line.get("chars", []) if c.get("text", "").strip()]
    if not chars:
        return 0.0, False
    size = statistics.median(float(c["size"]) for c in chars)
    bold = sum("bold" in str(c.get("fontname", "")).lower() for c in chars) > len(chars) / 2
    return round(size, 1), bold


def _repeated_margins(pages: list[list[dict[str, Any]]]) -> set[str]:
    """Running headers and footers: the same first or last line on most pages."""
    if len(pages) < 3:
        return set()
    edges = Counter(
        text
        for lines in pages
        for text in {lines[0]["text"].strip(), lines[-1]["text"].strip()}
        if lines
    )
    return {text for text, count in edges.items() if count >= max(2, len(pages) // 2)}


def read_pdf(data: bytes) -> ExtractedDocument:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page.extract_text_lines(return_chars=True) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        raise BadInput(f"the PDF could not be read: {exc}") from exc
    margins = _repeated_margins(pages)
    kept: list[tuple[dict[str, Any], float, bool]] = []
    for lines in pages:
        for line in lines:
            # Unmapped glyphs come out as "(cid:127)"; at a line start they are bullets.
            text = _GLYPH.sub("", line["text"]).strip()
            if _GLYPH.match(line["text"].strip()):
                text = "• " + text
            line["text"] = text
            if not text or text in margins or _PAGE_NUMBER.match(text):
                continue
            size, bold = _line_style(line)
            kept.append((line, size, bold))
    if not kept:
        raise BadInput("the PDF has no extractable text (is it a scan? OCR it first)")
    body_size = Counter(size for _, size, _ in kept).most_common(1)[0][0]
    gaps = [
        b[0]["top"] - a[0]["bottom"]
        for a, b in itertools.pairwise(kept)
        if b[0]["top"] > a[0]["bottom"]
    ]
    # The gap between lines of one paragraph: a low quantile, since short clauses make
    # paragraph gaps the majority in many manuals.
    usual_gap = sorted(gaps)[len(gaps) // 5] if gaps else 0.0
    heading_sizes = sorted({size for _, size, _ in kept if size > body_size + 0.5}, reverse=True)
    out_lines: list[str] = []
    hints: dict[int, int] = {}
    previous: dict[str, Any] | None = None
    for line, size, bold in kept:
        if previous is not None:
            gap = line["top"] - previous["bottom"]
            if gap < 0 or gap > usual_gap * 1.5 + 2:
                out_lines.append("")  # a new page or a paragraph gap
        if size in heading_sizes:
            hints[len(out_lines)] = heading_sizes.index(size) + 1
        elif bold and size >= body_size and len(line["text"]) < 90:
            hints[len(out_lines)] = len(heading_sizes) + 1
        out_lines.append(line["text"].strip())
        previous = line
    return segment("\n".join(out_lines), "pdf", hints)
