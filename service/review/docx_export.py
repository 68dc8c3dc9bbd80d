"""A revised manual as a Word document: every change a tracked change with a comment on it."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from itertools import count, pairwise
from typing import TYPE_CHECKING

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run
from docx_revisions import RevisionParagraph, RevisionRun

from service.review.document import Change, Paragraph, RevisedManual

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docx.document import Document

Piece = tuple[int, int] | Change  # unchanged text at [start, end), or a change

# Everything XML 1.0 forbids, lone surrogates included: lxml refuses to write any of it.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MARKDOWN_MARKER = re.compile(r"[ \t]*#{1,6}(?:[ \t]+|$)")
_KIND_LABEL = {
    "accepted": "accepted",
    "edited": "edited",
    "provisional": "provisional — not yet reviewed",
}
PROVISIONAL_NOTICE = (
    "Draft: the tracked changes in this document were drafted automatically "
    "and no one has reviewed them yet."
)


def write_docx(manual: RevisedManual, *, when: datetime | None = None) -> bytes:
    """The manual as a .docx whose changes are tracked changes, each with a comment.

    `when` dates the document and its unreviewed changes (default: now); given, the same
    manual gives the same bytes.
    """
    now = _utc(when) if when else datetime.now(UTC)
    document = docx.Document()
    properties = document.core_properties
    properties.title = _clean(manual.title)[:255]  # the most a core property may hold
    properties.author = "policy-rewriter"
    properties.comments = ""
    properties.created = properties.modified = now
    if manual.provisional:
        document.add_paragraph().add_run(PROVISIONAL_NOTICE).bold = True
    # Revision ids sit above the comments' 0..n-1 so no two annotations share an id.
    ids = count(len(manual.changes) + 1)
    first = manual.paragraphs[0] if manual.paragraphs else None
    for paragraph, pieces in _lay_out(manual):
        heading = paragraph.kind == "heading"
        if not heading:
            style = None
        elif paragraph is first and paragraph.level == 0:
            style = "Title"
        else:
            style = f"Heading {min(max(paragraph.level, 1), 9)}"
        target = document.add_paragraph(style=style)
        for index, piece in enumerate(pieces):
            if isinstance(piece, Change):
                _add_change(document, target, manual, piece, ids, now)
                continue
            text = _clean(manual.text[piece[0] : piece[1]])
            if heading and index == 0 and piece[0] == paragraph.start:
                text = _MARKDOWN_MARKER.sub("", text, count=1)
            target.add_run(text)
    _add_change_log(document, manual, now)
    out = io.BytesIO()
    document.save(out)
    return _stamped(out.getvalue(), now) if when else out.getvalue()


def _stamped(package: bytes, moment: datetime) -> bytes:
    """The package with every zip entry dated `moment` (python-docx dates them now)."""
    stamp = moment.timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return out.getvalue()


def _lay_out(manual: RevisedManual) -> Iterator[tuple[Paragraph, list[Piece]]]:
    """Paragraphs in order with their pieces. A change goes to the paragraph holding it, else
    to the one it overlaps most, else to a paragraph of its own; the whole span is deleted
    there and left out of any other paragraph, so no text is lost or shown twice."""
    owned: dict[int, list[Change]] = {id(p): [] for p in manual.paragraphs}
    placed = list(manual.paragraphs)
    for change in manual.changes:
        owner = _owner(manual.paragraphs, change)
        if owner is None:
            owner = Paragraph("text", change.start, change.end)
            owned[id(owner)] = []
            placed.append(owner)
        owned[id(owner)].append(change)
    placed.sort(key=lambda p: p.start)
    cuts = [c for c in manual.changes if c.start < c.end]
    for paragraph in placed:
        own = owned[id(paragraph)]
        near = [c for c in cuts if c.start < paragraph.end and c.end > paragraph.start]
        inner = {x for c in near for x in (c.start, c.end) if paragraph.start < x < paragraph.end}
        inner.update(c.start for c in own if paragraph.start < c.start < paragraph.end)
        bounds = sorted({paragraph.start, paragraph.end, *inner})
        pieces: list[Piece] = [
            (a, b)
            for a, b in pairwise(bounds)
            if not any(c.start <= a and b <= c.end for c in near)
        ]
        pieces.extend(own)
        # A change sorts before text starting where it does: an insertion goes before it.
        pieces.sort(key=lambda p: (p[0], 1) if isinstance(p, tuple) else (p.start, 0))
        if pieces:
            yield paragraph, _merged(pieces)


def _owner(paragraphs: list[Paragraph], change: Change) -> Paragraph | None:
    for paragraph in paragraphs:
        if paragraph.start <= change.start and change.end <= paragraph.end:
            return paragraph
    best, most = None, 0
    for paragraph in paragraphs:
        overlap = min(paragraph.end, change.end) - max(paragraph.start, change.start)
        if overlap > most:
            best, most = paragraph, overlap
    return best


def _merged(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if isinstance(piece, tuple) and isinstance(last, tuple) and last[1] == piece[0]:
            merged[-1] = (last[0], piece[1])
        else:
            merged.append(piece)
    return merged


def _add_change(
    document: Document,
    paragraph: WordParagraph,
    manual: RevisedManual,
    change: Change,
    ids: Iterator[int],
    now: datetime,
) -> None:
    """The span's text as a deletion, the revised text as an insertion, and the comment."""
    author = _clean(change.author)
    when = _utc(change.decided_at) if change.decided_at else now
    original = _clean(manual.text[change.start : change.end])
    revised = _clean(change.revised)
    deleted = paragraph.add_run(original) if original else None
    inserted = None
    if revised:
        inserted = RevisionParagraph.from_paragraph(paragraph).add_tracked_insertion(
            revised, author=author, revision_id=next(ids)
        )
        inserted.date = when
        anchor: Run = inserted.runs[0]
    else:
        # Nothing inserted: the comment goes on the deleted text, before it is wrapped in w:del.
        anchor = deleted if deleted is not None else paragraph.add_run()
    initials = "".join(word[0] for word in author.split())[:3].upper()
    comment = document.add_comment(
        anchor, text=_comment_text(change), author=author, initials=initials
    )
    # python-docx stamps a comment with the time it is written and has no setter for it; the
    # comment belongs to the decision, so it carries the decision's time like the revisions.
    comment._comment_elm.date = when
    if inserted is not None:
        _hoist_comment_range(anchor)
    if deleted is not None:
        deletion = RevisionRun.from_run(deleted).delete_tracked(
            author=author, revision_id=next(ids)
        )
        deletion.date = when


def _hoist_comment_range(run: Run) -> None:
    """Move the comment's range markers and reference from inside the w:ins to around it.

    python-docx places them beside the anchored run, which here is inside the insertion, so
    the comment would be part of the tracked insertion and rejecting the change in Word would
    delete the rationale with it. docx_revisions cannot wrap an existing run in a w:ins, so
    this is done on the XML.
    """
    insertion = run._r.getparent()
    if insertion is None or insertion.tag != qn("w:ins"):
        return
    for start in insertion.xpath("./w:commentRangeStart"):
        insertion.addprevious(start)
    for end in reversed(insertion.xpath("./w:commentRangeEnd | ./w:r[w:commentReference]")):
        insertion.addnext(end)


def _comment_text(change: Change) -> str:
    lines = [change.rationale.strip() or "(no rationale given)"]
    if change.comment:
        lines.append(f"Reviewer's comment: {change.comment.strip()}")
    lines.append(f"Decision: {_KIND_LABEL[change.kind]}")
    lines.append(f"Suggestion {change.suggestion_id} (model {change.model})")
    rules = dict.fromkeys(c.id for c in change.citations if c.source == "rule")
    if rules:
        lines.append(f"Rule cited: {', '.join(rules)}")
    for citation in change.citations:
        if citation.source == "complaint":
            unverified = "" if citation.verified else " (not found verbatim in the complaint)"
            quote = " ".join(citation.quote.split())
            lines.append(f"Complaint {citation.id}: “{quote}”{unverified}")
    return _clean("\n".join(lines))


def _add_change_log(document: Document, manual: RevisedManual, now: datetime) -> None:
    document.add_heading("Change log", level=1)
    for change in manual.changes:
        rule = f"Rule {change.number or change.rule_id}"
        if change.section:
            rule += f" ({change.section})"
        when = _utc(change.decided_at) if change.decided_at else now
        document.add_paragraph(
            _clean(
                f"{rule}: {_KIND_LABEL[change.kind]}, {change.author}, {when:%Y-%m-%d %H:%M} UTC"
            )
        )
    if not manual.changes:
        document.add_paragraph("No changes applied.")
    document.add_paragraph(
        f"{manual.pending} suggestion{'' if manual.pending == 1 else 's'} still pending review; "
        f"{manual.rejected} rejected."
    )
    if manual.stale:
        document.add_paragraph(
            _clean(
                "Accepted but the rule has changed since; not applied: " + ", ".join(manual.stale)
            )
        )


def _utc(moment: datetime) -> datetime:
    """Naive times are stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _clean(text: str) -> str:
    """Text Word can hold: no XML-forbidden characters, and every line break a plain newline."""
    return _NOT_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
