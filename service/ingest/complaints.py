"""Read complaint files (CSV, JSON Lines, JSON): map columns, report bad rows, dedupe."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from service.core.domain import Complaint, RowProblem
from service.core.errors import BadInput, UnsupportedFormat
from service.ingest.quarantine import injection_reason
from service.ingest.reading import check_size
from service.ingest.uploads import sniff

COMPLAINT_FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
_CANDIDATES = {
    "text": [
        "text",
        "complaint",
        "complaint_text",
        "narrative",
        "consumer_complaint_narrative",
        "message",
        "body",
        "description",
        "details",
        "comment",
        "comments",
        "feedback",
        "content",
        "review",
        "review_text",
        "verbatim",
        "complaint_details",
        "summary",
    ],
    "id": [
        "id",
        "complaint_id",
        "ticket_id",
        "ticket",
        "case_number",
        "case_id",
        "case",
        "reference",
        "ref",
        "complaint_ref",
        "complaint_reference",
        "uuid",
        "key",
    ],
    "date": [
        "date",
        "created",
        "created_at",
        "date_received",
        "received",
        "received_at",
        "submitted",
        "submitted_at",
        "timestamp",
        "date_logged",
        "opened",
        "logged",
    ],
    "channel": [
        "channel",
        "source",
        "via",
        "submitted_via",
        "contact_method",
        "medium",
        "origin",
        "contact_channel",
    ],
}
_TEXT_HINTS = (
    "text",
    "narrative",
    "complaint",
    "message",
    "comment",
    "feedback",
    "detail",
    "body",
    "description",
    "verbatim",
)


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


@dataclass
class ColumnMap:
    text: str
    id: str | None = None
    date: str | None = None
    channel: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"text": self.text, "id": self.id, "date": self.date, "channel": self.channel}


def map_columns(columns: list[str], name: str, overrides: dict[str, str | None]) -> ColumnMap:
    """Pick the text/id/date/channel columns: explicit overrides first, then known names."""
    by_key = {_key(c): c for c in columns}
    chosen: dict[str, str | None] = {}
    for role, candidates in _CANDIDATES.items():
        wanted = overrides.get(role)
        if wanted:
            if wanted not in columns:
                raise BadInput(
                    f"{name} has no column {wanted!r} (given as the {role} column); "
                    f"columns are: {', '.join(columns)}"
                )
            chosen[role] = wanted
            continue
        chosen[role] = next((by_key[c] for c in candidates if c in by_key), None)
    if chosen["text"] is None:
        used = {v for v in chosen.values() if v}
        hinted = [c for c in columns if c not in used and any(h in _key(c) for h in _TEXT_HINTS)]
        chosen["text"] = hinted[0] if hinted else None
    if chosen["text"] is None:
        raise BadInput(
            f"{name} has no text column; columns are: {', '.join(columns) or '(none)'}. "
            "Name the column that holds the complaint with --text-column."
        )
    return ColumnMap(
        text=chosen["text"], id=chosen["id"], date=chosen["date"], channel=chosen["channel"]
    )


def content_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()


@dataclass
class ComplaintFile:
    complaints: list[Complaint] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0
    duplicates: int = 0
    columns: ColumnMap | None = None


def _records(data: bytes, name: str, fmt: str) -> tuple[list[str], Iterator[tuple[int, Any]]]:
    # surrogateescape keeps undecodable bytes visible, so a bad row is reported, not the file.
    text = data.decode("utf-8-sig", errors="surrogateescape").replace("\r\n", "\n")
    if not text.strip():
        raise BadInput(f"{name} is empty")
    if fmt == "csv":
        # The delimiter is read off the header line alone: csv.Sniffer guesses wrong on
        # long free-text rows full of commas, quotes and semicolons.
        header = text.split("\n", 1)[0]
        delimiter = max([",", ";", "\t", "|"], key=header.count) if header.strip() else ","
        if PurePath(name).suffix.lower() == ".tsv":
            delimiter = "\t"
        dialect = csv.excel
        reader = csv.DictReader(io.StringIO(text), dialect=dialect, delimiter=delimiter)
        columns = [c for c in (reader.fieldnames or []) if c is not None]

        def rows() -> Iterator[tuple[int, Any]]:
            try:
                for record in reader:
                    yield reader.line_num, record
            except csv.Error as exc:
                raise BadInput(f"{name} line {reader.line_num}: broken CSV: {exc}") from exc

        return columns, rows()
    if fmt == "jsonl":
        items: list[tuple[int, Any]] = []
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                items.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                items.append((number, exc))
        return _columns_of(items), iter(items)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"{name} is not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    if isinstance(document, dict):
        document = next((v for v in document.values() if isinstance(v, list)), None)
    if not isinstance(document, list):
        raise BadInput(f"{name}: expected a JSON array of complaint objects")
    listed = list(enumerate(document, start=1))
    return _columns_of(listed), iter(listed)


def _columns_of(items: list[tuple[int, Any]]) -> list[str]:
    columns: dict[str, None] = {}
    for _, item in items[:200]:
        if isinstance(item, dict):
            columns.update(dict.fromkeys(str(k) for k in item))
    return list(columns)


def _value(record: dict[str, Any], column: str | None) -> str | None:
    if column is None or record.get(column) is None:
        return None
    value = record[column]
    return (
        value
        if isinstance(value, str)
        else json.dumps(value)
        if isinstance(value, (dict, list))
        else str(value)
    )


def read_complaints(
    data: bytes,
    name: str,
    *,
    max_bytes: int,
    max_chars: int,
    text_column: str | None = None,
    id_column: str | None = None,
    date_column: str | None = None,
    channel_column: str | None = None,
) -> ComplaintFile:
    check_size(data, name, max_bytes)
    suffix = PurePath(name).suffix.lower()
    if suffix not in COMPLAINT_FORMATS:
        raise UnsupportedFormat(
            f"{name}: unsupported complaints format {suffix or '(none)'}; "
            f"supported: {', '.join(sorted(COMPLAINT_FORMATS))}"
        )
    content = sniff(data)  # a spreadsheet, PDF or image named .csv is named so, not one
    if content != "text":
        kind = {"zip": "a zip package (an .xlsx or .docx?)", "pdf": "a PDF"}.get(content, content)
        raise BadInput(f"{name} looks like a binary file, not {suffix[1:].upper()}: it is {kind}")
    if b"\x00" in data[:65536]:
        raise BadInput(f"{name} looks like a binary file, not {suffix[1:].upper()} (NUL bytes)")
    columns, records = _records(data, name, COMPLAINT_FORMATS[suffix])
    mapping = map_columns(
        columns,
        name,
        {"text": text_column, "id": id_column, "date": date_column, "channel": channel_column},
    )
    out = ComplaintFile(columns=mapping)
    seen_hashes: set[str] = set()
    seen_ids: set[str] = set()
    mapped = {v for v in mapping.as_dict().values() if v}
    for row, record in records:
        out.rows += 1
        problem = _check(record, mapping, max_chars)
        if problem:
            out.problems.append(RowProblem(row=row, reason=problem))
            continue
        text = str(_value(record, mapping.text)).strip()
        digest = content_hash(text)
        if digest in seen_hashes:
            out.duplicates += 1
            continue
        complaint_id = (_value(record, mapping.id) or "").strip() or f"c-{digest[:12]}"
        if complaint_id in seen_ids:
            out.problems.append(
                RowProblem(
                    row=row,
                    reason=f"id {complaint_id!r} is used by an earlier row with different text",
                )
            )
            continue
        seen_hashes.add(digest)
        seen_ids.add(complaint_id)
        out.complaints.append(
            Complaint(
                id=complaint_id,
                text=text,
                date=_value(record, mapping.date),
                channel=_value(record, mapping.channel),
                source=f"{name}:{row}",
                row=row,
                metadata={k: v for k, v in record.items() if k not in mapped and k is not None},
                quarantined=injection_reason(text),
            )
        )
    return out


def _check(record: Any, mapping: ColumnMap, max_chars: int) -> str | None:
    if isinstance(record, json.JSONDecodeError):
        return f"not valid JSON: {record.msg} at column {record.colno}"
    if not isinstance(record, dict):
        return f"expected an object with a {mapping.text!r} field, got {type(record).__name__}"
    text = _value(record, mapping.text)
    if text is None or not text.strip():
        return f"no text in column {mapping.text!r}"
    if any(
        "\udc80" <= ch <= "\udcff"
        for value in record.values()
        if isinstance(value, str)
        for ch in value
    ):
        return "broken encoding: bytes that are not valid UTF-8"
    if len(text) > max_chars:
        return f"text is {len(text):,} characters, over the limit of {max_chars:,} (POLICY_REWRITER_MAX_COMPLAINT_CHARS)"
    return None
