"""The Word export: tracked changes, comments, layout, and that LibreOffice can open it."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx_revisions import RevisionDocument
from lxml import etree

from service.core.domain import Citation
from service.review.document import Change, Paragraph, RevisedManual
from service.review.docx_export import PROVISIONAL_NOTICE, write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

TITLE = "# Returns policy"
SECTION = "## Refunds"
RULE_1 = "1. Refunds are given only with the original receipt."
RULE_2 = "2. Refunds are paid within 30 days."
RULE_3 = "3. Staff may refuse any refund."
TEXT = "\n\n".join([TITLE, SECTION, RULE_1, RULE_2, RULE_3]) + "\n"

OLD_1 = "only with the original receipt"
NEW_1 = "with a receipt or any other proof of purchase"
OLD_3 = "Staff may refuse any refund."
NEW_3 = "Staff may refuse a refund only for a reason they give in writing."
QUOTE = 'They wanted the <original> receipt & nothing else, "no exceptions" >:('
DECIDED = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)


def _paragraph(kind: str, text: str, level: int = 0) -> Paragraph:
    start = TEXT.index(text)
    return Paragraph("heading" if kind == "heading" else "text", start, start + len(text), level)


def _change(old: str, new: str, rule_id: str, number: str, **fields: object) -> Change:
    start = TEXT.index(old)
    values: dict[str, object] = {
        "rule_id": rule_id,
        "number": number,
        "section": "Refunds",
        "start": start,
        "end": start + len(old),
        "original": old,
        "revised": new,
        "kind": "accepted",
        "author": "Jane Reviewer",
        "decided_at": DECIDED,
        "rationale": "Customers lose receipts; a bank statement shows the purchase just as well.",
        "citations": [],
        "suggestion_id": f"sug-{rule_id}",
        "model": "fake-model",
    }
    values.update(fields)
    return Change(**values)  # type: ignore[arg-type]


def _manual(**fields: object) -> RevisedManual:
    citations = [
        Citation(source="rule", id="rule-1", quote=OLD_1, start=0, end=1, verified=True),
        Citation(source="complaint", id="c-17", quote=QUOTE, start=4, end=60, verified=True),
    ]
    values: dict[str, object] = {
        "manual_id": "returns",
        "title": "Returns policy",
        "version": 2,
        "format": "md",
        "text": TEXT,
        "paragraphs": [
            _paragraph("heading", TITLE, 0),
            _paragraph("heading", SECTION, 1),
            _paragraph("text", RULE_1),
            _paragraph("text", RULE_2),
            _paragraph("text", RULE_3),
        ],
        "changes": [
            _change(OLD_1, NEW_1, "rule-1", "1", citations=citations),
            _change(
                OLD_3,
                NEW_3,
                "rule-3",
                "3",
                kind="edited",
                author="Sam Editor",
                decided_at=None,
                rationale="A blanket right to refuse invites arbitrary refusals.",
                comment="Asked for the reason to be written down.",
                citations=[
                    Citation(source="rule", id="rule-3", quote=OLD_3, start=0, end=1, verified=True)
                ],
            ),
        ],
        "pending": 3,
        "rejected": 1,
        "stale": ["rule-9"],
    }
    values.update(fields)
    return RevisedManual(**values)  # type: ignore[arg-type]


def _body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _text(element: etree._Element) -> str:
    return "".join(node.text or "" for node in element.iter(f"{W}t", f"{W}delText"))


def _paragraph_texts(data: bytes, decision: str) -> list[str]:
    revisions = RevisionDocument(io.BytesIO(data))
    if decision == "accept":
        revisions.accept_all()
    else:
        revisions.reject_all()
    return [p.text for p in revisions.document.paragraphs]


def test_changes_are_tracked_insertions_and_deletions() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    body = _body(write_docx(_manual()))

    deletions = body.findall(f".//{W}del")
    insertions = body.findall(f".//{W}ins")
    assert [(_text(e), e.get(f"{W}author")) for e in deletions] == [
        (OLD_1, "Jane Reviewer"),
        (OLD_3, "Sam Editor"),
    ]
    assert [(_text(e), e.get(f"{W}author")) for e in insertions] == [
        (NEW_1, "Jane Reviewer"),
        (NEW_3, "Sam Editor"),
    ]
    assert deletions[0].get(f"{W}date") == insertions[0].get(f"{W}date") == "2024-05-01T12:30:00Z"
    undated = datetime.fromisoformat(insertions[1].get(f"{W}date", "").replace("Z", "+00:00"))
    assert before <= undated <= datetime.now(UTC)
    # Deleted text is w:delText, never visible w:t, and every revision id is distinct.
    assert not [t for e in deletions for t in e.iter(f"{W}t")]
    ids = [e.get(f"{W}id") for e in [*deletions, *insertions]]
    assert len(set(ids)) == 4


def test_accepting_gives_the_revised_text_and_rejecting_the_original() -> None:
    data = write_docx(_manual())
    revised_1 = RULE_1.replace(OLD_1, NEW_1)
    revised_3 = RULE_3.replace(OLD_3, NEW_3)

    accepted = _paragraph_texts(data, "accept")
    rejected = _paragraph_texts(data, "reject")

    assert accepted[:5] == ["Returns policy", "Refunds", revised_1, RULE_2, revised_3]
    assert rejected[:5] == ["Returns policy", "Refunds", RULE_1, RULE_2, RULE_3]
    shown = RevisionDocument(io.BytesIO(data)).paragraphs[2]
    assert (shown.accepted_text, shown.original_text) == (revised_1, RULE_1)


def test_one_comment_per_change_anchored_on_the_inserted_text() -> None:
    data = write_docx(_manual())
    comments = list(docx.Document(io.BytesIO(data)).comments)

    assert len(comments) == 2
    first, second = comments
    assert "Customers lose receipts" in first.text
    assert f"Complaint c-17: “{QUOTE}”" in first.text
    assert "rule-1" in first.text
    assert "Decision: accepted" in first.text
    assert "sug-rule-1" in first.text and "fake-model" in first.text
    assert first.author == "Jane Reviewer" and first.initials == "JR"
    assert "A blanket right to refuse" in second.text
    assert "Reviewer's comment: Asked for the reason to be written down." in second.text
    assert "Decision: edited" in second.text and "rule-3" in second.text

    body = _body(data)
    for comment, inserted in zip(comments, [NEW_1, NEW_3], strict=True):
        start = body.find(f".//{W}commentRangeStart[@{W}id='{comment.comment_id}']")
        assert start is not None
        anchored = start.getnext()
        assert anchored is not None and anchored.tag == f"{W}ins"
        assert _text(anchored) == inserted
        end = anchored.getnext()
        assert end is not None and end.tag == f"{W}commentRangeEnd"


def test_headings_are_styled_and_unchanged_paragraphs_intact() -> None:
    document = docx.Document(io.BytesIO(write_docx(_manual())))
    paragraphs = document.paragraphs

    assert document.core_properties.title == "Returns policy"
    assert [(p.style.name if p.style else None, p.text) for p in paragraphs[:4]] == [
        ("Title", "Returns policy"),
        ("Heading 1", "Refunds"),
        ("Normal", "1. Refunds are given ."),  # the change is in w:del / w:ins
        ("Normal", RULE_2),
    ]
    assert paragraphs[3].runs[0].text == RULE_2
    assert not paragraphs[3]._p.xpath("./w:ins | ./w:del")


def test_change_log_lists_changes_pending_rejected_and_stale() -> None:
    texts = [p.text for p in docx.Document(io.BytesIO(write_docx(_manual()))).paragraphs]

    log = texts[texts.index("Change log") + 1 :]
    assert log[0] == "Rule 1 (Refunds): accepted, Jane Reviewer, 2024-05-01 12:30 UTC"
    assert log[1].startswith("Rule 3 (Refunds): edited, Sam Editor, ")
    assert log[2] == "3 suggestions still pending review; 1 rejected."
    assert log[3] == "Accepted but the rule has changed since; not applied: rule-9"


def test_provisional_changes_are_marked_as_unreviewed() -> None:
    manual = _manual(provisional=True, stale=[])
    manual.changes[0] = replace(manual.changes[0], kind="provisional", author="drafter")
    data = write_docx(manual)
    document = docx.Document(io.BytesIO(data))

    assert document.paragraphs[0].text == PROVISIONAL_NOTICE
    assert document.paragraphs[1].style is not None
    assert document.paragraphs[1].style.name == "Title"
    comments = list(document.comments)
    assert "Decision: provisional — not yet reviewed" in comments[0].text
    assert "provisional" not in comments[1].text
    assert "Rule 1 (Refunds): provisional — not yet reviewed, drafter," in "\n".join(
        p.text for p in document.paragraphs
    )


def test_forbidden_characters_are_dropped_and_line_breaks_kept() -> None:
    text = "Title\x00\n\nLine one <&>\x0b\nline two\ud800 \ufffe\r\nend.\n"
    start = text.index("Line")
    old = "Line one"
    change = Change(
        rule_id="r",
        number=None,
        section="",
        start=start,
        end=start + len(old),
        original=old,
        revised="Row\x1f one",
        kind="accepted",
        author="A\x02 B",
        decided_at=datetime(2024, 1, 1),  # naive: stored in UTC
        rationale="Why <not>\x07",
        citations=[],
        suggestion_id="s",
        model="m",
    )
    manual = RevisedManual(
        manual_id="m",
        title="Bad\x01 title",
        version=1,
        format="txt",
        text=text,
        paragraphs=[Paragraph("heading", 0, 6), Paragraph("text", start, text.index("end.") + 4)],
        changes=[change],
    )
    data = write_docx(manual)
    document = docx.Document(io.BytesIO(data))

    assert document.core_properties.title == "Bad title"
    assert _paragraph_texts(data, "accept")[:2] == ["Title", "Row one <&>\nline two \nend."]
    assert _paragraph_texts(data, "reject")[:2] == ["Title", "Line one <&>\nline two \nend."]
    assert len(_body(data).findall(f".//{W}br")) == 2
    assert "Why <not>" in next(iter(document.comments)).text
    inserted = _body(data).find(f".//{W}ins")
    assert inserted is not None and inserted.get(f"{W}author") == "A B"
    assert inserted.get(f"{W}date") == "2024-01-01T00:00:00Z"


def test_spans_outside_a_paragraph_lose_no_text() -> None:
    # The first change runs from rule 1 across the break into rule 2 (more of it in rule 2);
    # the second is a pure insertion; the third sits between paragraphs.
    cross_start = TEXT.index("receipt.")
    cross_end = TEXT.index("within")
    gap = TEXT.index(RULE_3) - 1
    at = TEXT.index("any refund")
    manual = _manual(
        changes=[
            replace(
                _change(OLD_1, "receipt; refunds are paid ", "rule-1", "1"),
                start=cross_start,
                end=cross_end,
            ),
            replace(_change(OLD_3, "without a reason ", "rule-3", "3"), start=at, end=at),
            replace(_change(OLD_3, "3a. New rule.", "rule-4", "3a"), start=gap, end=gap),
        ],
    )
    data = write_docx(manual)

    accepted = _paragraph_texts(data, "accept")[:6]
    rejected = _paragraph_texts(data, "reject")[:6]
    assert accepted == [
        "Returns policy",
        "Refunds",
        "1. Refunds are given only with the original ",
        "receipt; refunds are paid within 30 days.",
        "3a. New rule.",
        "3. Staff may refuse without a reason any refund.",
    ]
    assert rejected[2] + rejected[3] == RULE_1 + "\n\n" + RULE_2
    assert rejected[4] == ""  # the insertion between paragraphs, rejected
    assert rejected[5] == RULE_3
    assert len(list(docx.Document(io.BytesIO(data)).comments)) == 3


def test_a_deletion_is_commented_on_the_deleted_text() -> None:
    manual = _manual(changes=[_change(" Refunds are paid within 30 days.", "", "rule-2", "2")])
    data = write_docx(manual)
    body = _body(data)

    assert body.findall(f".//{W}ins") == []
    start = body.find(f".//{W}commentRangeStart")
    assert start is not None
    deleted = start.getnext()
    assert deleted is not None and deleted.tag == f"{W}del"
    assert _text(deleted) == " Refunds are paid within 30 days."
    assert _paragraph_texts(data, "accept")[3] == "2."
    assert _paragraph_texts(data, "reject")[3] == RULE_2
    comment = next(iter(docx.Document(io.BytesIO(data)).comments))
    assert comment.timestamp == DECIDED


def test_libreoffice_opens_the_document(tmp_path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("libreoffice is not on PATH; install libreoffice-writer-nogui to run this")
    source = tmp_path / "returns.docx"
    source.write_bytes(write_docx(_manual(provisional=True)))
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "out" / "returns.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 0
    assert pdf.read_bytes().startswith(b"%PDF")
