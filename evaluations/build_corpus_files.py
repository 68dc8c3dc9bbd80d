"""Render the Markdown sources of the sample manuals that ship as Word and PDF files.

    python evaluations/build_corpus_files.py

Writes corpus/manuals/bank-card-and-account-services.docx (real heading styles, bullet
list style, literal clause numbers, document title in the core properties) and
corpus/manuals/airline-customer-service.pdf (text PDF with larger heading fonts, a running
header and page numbers, as exported legacy manuals have). Needs python-docx and reportlab.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "evaluations" / "corpus_sources"
MANUALS = ROOT / "corpus" / "manuals"
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^[-*]\s+(.*)$", re.S)


def paragraphs(markdown: str) -> list[tuple[str, int, str]]:
    """(kind, level, text) for each heading, bullet and paragraph of a simple Markdown file."""
    out: list[tuple[str, int, str]] = []
    for chunk in re.split(r"\n\s*\n", markdown.strip()):
        chunk = " ".join(line.strip() for line in chunk.strip().splitlines())
        heading = _HEADING.match(chunk)
        bullet = _BULLET.match(chunk)
        if heading:
            out.append(("heading", len(heading.group(1)), heading.group(2)))
        elif bullet:
            out.append(("bullet", 0, bullet.group(1)))
        elif chunk:
            out.append(("para", 0, chunk))
    return out


def build_docx(source: Path, target: Path) -> None:
    document = docx.Document()
    for kind, level, text in paragraphs(source.read_text(encoding="utf-8")):
        if kind == "heading" and level == 1:
            document.core_properties.title = text
            document.add_heading(text, level=0)
        elif kind == "heading":
            document.add_heading(text, level=level - 1)
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    document.save(str(target))


def build_pdf(source: Path, target: Path) -> None:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13, spaceAfter=6)
    sizes = {1: 18, 2: 14, 3: 12}
    story = []
    title = "Manual"
    for kind, level, text in paragraphs(source.read_text(encoding="utf-8")):
        safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if kind == "heading":
            title = text if level == 1 else title
            style = ParagraphStyle(
                f"h{level}",
                parent=styles["Heading2"],
                fontSize=sizes.get(level, 12),
                leading=sizes.get(level, 12) + 4,
                spaceBefore=8,
                spaceAfter=6,
            )
            story.append(Paragraph(safe, style))
        elif kind == "bullet":
            story.append(Paragraph(safe, body, bulletText="•"))
        else:
            story.append(Paragraph(safe, body))
        story.append(Spacer(1, 2))

    def decorate(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, f"{title} - internal use")
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    SimpleDocTemplate(str(target), pagesize=A4, title=title).build(
        story, onFirstPage=decorate, onLaterPages=decorate
    )


def main() -> None:
    MANUALS.mkdir(parents=True, exist_ok=True)
    build_docx(
        SOURCES / "bank-card-and-account-services.md",
        MANUALS / "bank-card-and-account-services.docx",
    )
    build_pdf(SOURCES / "airline-customer-service.md", MANUALS / "airline-customer-service.pdf")
    print("wrote", sorted(p.name for p in MANUALS.iterdir()))


if __name__ == "__main__":
    main()
