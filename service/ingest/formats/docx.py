"""Word manuals, read with python-docx: heading styles, numbered paragraphs and tables."""

from __future__ import annotations

import io
import re

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from service.ingest.documents import ExtractedDocument, TextBuilder
from service.ingest.formats.plaintext import heading_level

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)


def _style_name(paragraph: Paragraph) -> str:
    try:
        return paragraph.style.name if paragraph.style is not None and paragraph.style.name else ""
    except KeyError:  # a style id the document does not define
        return ""


def _is_numbered(paragraph: Paragraph) -> bool:
    p_pr = paragraph._p.pPr
    return p_pr is not None and p_pr.find(qn("w:numPr")) is not None


def _all_bold(paragraph: Paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _add_paragraph(paragraph: Paragraph, out: TextBuilder) -> None:
    text = paragraph.text.strip()
    if not text:
        return
    style = _style_name(paragraph)
    heading = _HEADING_STYLE.match(style)
    if heading:
        out.add(text, "heading", level=int(heading.group(1)))
    elif style.lower() in {"title", "subtitle"}:
        out.add(text, "heading", level=0 if style.lower() == "title" else 1)
    elif _all_bold(paragraph) and heading_level(text, standalone=True) is not None:
        # Legacy documents often fake headings with bold body text.
        out.add(text, "heading", level=heading_level(text, standalone=True) or 2)
    else:
        listed = _is_numbered(paragraph) or "list" in style.lower()
        out.add(text, "text", list_item=listed)


def _add_table(table: Table, out: TextBuilder) -> None:
    for row_index, row in enumerate(table.rows):
        cells: list[str] = []
        for cell in row.cells:
            value = cell.text.strip()
            if value and (not cells or cells[-1] != value):  # merged cells repeat
                cells.append(value)
        if row_index == 0 and len(table.rows) > 1 and all(len(c) < 40 for c in cells):
            continue  # a header row names columns; it is not a clause
        out.add(" | ".join(cells), "text")


def read_docx(data: bytes) -> ExtractedDocument:
    document: WordDocument = docx.Document(io.BytesIO(data))
    out = TextBuilder("docx")
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            _add_paragraph(Paragraph(child, document), out)
        elif child.tag == qn("w:tbl"):
            _add_table(Table(child, document), out)
    extracted = out.build()
    title = document.core_properties.title
    extracted.title = title.strip() if title and title.strip() else None
    return extracted
