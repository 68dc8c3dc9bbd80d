"""Manual readers and the clause splitter, on every supported format."""

from __future__ import annotations

import io

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from service.core.errors import BadInput, TooLarge, UnsupportedFormat
from service.ingest.classify import PatternClassifier
from service.ingest.clauses import split_clauses
from service.ingest.manuals import parse_manual
from service.ingest.reading import read_manual

MARKDOWN = """# Store policy

## Returns

2.1 Refunds are given only as store credit.

2.2 Sale items cannot be returned.

- No food or drink in the store.
- Groups of more than three students are not admitted.

## Contact

Rule 7. Customers may write to head office.

a) Staff may not accept cheques.
b) A fee of £5 applies to card payments under £10.

(iii) Receipts are required for every exchange.
"""


def clauses_of(data: bytes, name: str) -> list[tuple[str, str | None, str]]:
    document = read_manual(data, name, max_bytes=10_000_000)
    found = split_clauses(document)
    for clause in found:  # every span points at the clause text itself
        assert (
            document.text[clause.start : clause.end].strip()
            == document.text[clause.start : clause.end]
        )
    return [(c.section, c.number, " ".join(document.text[c.start : c.end].split())) for c in found]


def test_markdown_clauses_numbers_sections_and_exact_spans() -> None:
    found = clauses_of(MARKDOWN.encode(), "store.md")
    assert found == [
        ("Returns", "2.1", "Refunds are given only as store credit."),
        ("Returns", "2.2", "Sale items cannot be returned."),
        ("Returns", None, "No food or drink in the store."),
        ("Returns", None, "Groups of more than three students are not admitted."),
        ("Contact", "7", "Customers may write to head office."),
        ("Contact", "a", "Staff may not accept cheques."),
        ("Contact", "b", "A fee of £5 applies to card payments under £10."),
        ("Contact", "iii", "Receipts are required for every exchange."),
    ]


LISTS = """# Hire manual

## Rules

**3.1** Refunds are given as credit only.

**3.2** In the bar, guests must not:

- bring their own drinks;
- play music from their own speakers.

**3.3** Faulty products are refunded or replaced.

The rental agreement prohibits the following:

- smoking in the vehicle;
- driving on unpaved roads.

Rule 12: Returns have a 29-minute grace period.
"""


def test_a_lead_in_belongs_to_its_own_list_only() -> None:
    document = read_manual(LISTS.encode(), "hire.md", max_bytes=10_000_000)
    found = [
        (c.number, " ".join(document.text[c.start : c.end].split()), c.lead_in)
        for c in split_clauses(document)
    ]
    bar = "In the bar, guests must not:"
    hire = "The rental agreement prohibits the following:"
    assert found == [
        ("3.1", "Refunds are given as credit only.", None),  # "**3.1**" is a number
        ("3.2", bar, None),
        (None, "bring their own drinks;", bar),
        (None, "play music from their own speakers.", bar),
        ("3.3", "Faulty products are refunded or replaced.", None),
        (None, hire, None),
        (None, "smoking in the vehicle;", hire),
        (None, "driving on unpaved roads.", hire),
        ("12", "Returns have a 29-minute grace period.", None),
    ]


def test_markdown_line_numbers_point_into_the_file() -> None:
    document = read_manual(MARKDOWN.encode(), "store.md", max_bytes=10_000_000)
    first = split_clauses(document)[0]
    assert MARKDOWN.splitlines()[first.line_start - 1].startswith("2.1 Refunds")
    assert document.title == "Store policy"


def test_hard_wrapped_text_with_capital_headings() -> None:
    text = (
        "CLINIC PROCEDURES\n\nSECTION 1 - APPOINTMENTS\n"
        "1.1 Patients arriving more than ten minutes late will not be seen and the\n"
        "appointment is charged in full.\n"
        "1.2 Appointments can be moved once, free of charge.\n\n"
        "SECTION 2 - PAYMENT\n\n* Payment is taken on the day.\n"
    )
    found = clauses_of(text.encode(), "clinic.txt")
    assert [(s, n) for s, n, _ in found] == [
        ("SECTION 1 - APPOINTMENTS", "1.1"),
        ("SECTION 1 - APPOINTMENTS", "1.2"),
        ("SECTION 2 - PAYMENT", None),
    ]
    assert found[0][2].endswith("appointment is charged in full.")


def test_html_lists_headings_and_chrome_skipped() -> None:
    html = """<html><head><title>Code</title></head><body><nav><a href="#">Home</a></nav>
    <h1>Code of practice</h1><h2>Billing</h2><p>3.1 Bills are estimated only twice a year.</p>
    <ol><li>Meter readers must show ID.</li><li>Visits are made <b>only</b> on weekdays.</li></ol>
    <footer>© 2026 Example</footer></body></html>"""
    found = clauses_of(html.encode(), "code.html")
    assert found == [
        ("Billing", "3.1", "Bills are estimated only twice a year."),
        ("Billing", None, "Meter readers must show ID."),
        ("Billing", None, "Visits are made only on weekdays."),
    ]


def test_docx_heading_styles_lists_and_tables() -> None:
    document = docx.Document()
    document.add_heading("Card manual", level=0)
    document.add_heading("Fees", level=1)
    document.add_paragraph("4.1 A fee of £15 applies to each replacement card.")
    document.add_paragraph("Cash withdrawals are limited to £300 a day.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Item", "Fee"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Late payment", "£12"
    buffer = io.BytesIO()
    document.save(buffer)
    found = clauses_of(buffer.getvalue(), "cards.docx")
    assert found == [
        ("Fees", "4.1", "A fee of £15 applies to each replacement card."),
        ("Fees", None, "Cash withdrawals are limited to £300 a day."),
        ("Fees", None, "Late payment | £12"),
    ]


def test_pdf_font_headings_and_paragraphs() -> None:
    buffer = io.BytesIO()
    heading = ParagraphStyle("h", fontSize=16, leading=20, spaceAfter=8)
    body = ParagraphStyle("b", fontSize=10, leading=13, spaceAfter=8)
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [
            Paragraph("Baggage", heading),
            Paragraph(
                "5.1 Cabin bags are limited to 7 kg per passenger, with no exceptions made at the gate for any reason whatsoever.",
                body,
            ),
            Paragraph("5.2 Pets travel only in the hold.", body),
        ]
    )
    found = clauses_of(buffer.getvalue(), "air.pdf")
    assert [(s, n) for s, n, _ in found] == [("Baggage", "5.1"), ("Baggage", "5.2")]
    assert found[0][2].startswith("Cabin bags are limited to 7 kg")


@pytest.mark.parametrize(
    ("data", "name", "error", "message"),
    [
        (b"", "empty.md", BadInput, "empty.md is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "image.md", BadInput, "binary"),
        (b"Some text", "old.doc", UnsupportedFormat, "save it as .docx"),
        (b"Some text", "notes.rtf", UnsupportedFormat, "unsupported manual format .rtf"),
        (b"not a zip", "fake.docx", BadInput, "not a Word .docx"),
        (b"not a pdf", "fake.pdf", BadInput, "not a PDF"),
        (b"# Only a heading\n", "heading.md", BadInput, "no clauses found"),
    ],
)
def test_bad_manuals_are_refused_with_a_clear_message(
    data: bytes, name: str, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        parse_manual(
            data=data,
            filename=name,
            manual_id="m",
            max_bytes=1_000_000,
            classifier=PatternClassifier(),
        )


def test_size_limit() -> None:
    with pytest.raises(TooLarge, match="over the limit of 10 bytes"):
        read_manual(b"x" * 11, "big.md", max_bytes=10)
