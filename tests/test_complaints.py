"""Complaint files: column mapping, bad rows, duplicates."""

from __future__ import annotations

import json

import pytest

from service.core.errors import BadInput, TooLarge, UnsupportedFormat
from service.ingest.complaints import read_complaints


def read(data: bytes, name: str, **options: str) -> object:
    return read_complaints(data, name, max_bytes=100_000, max_chars=200, **options)  # type: ignore[arg-type]


def test_csv_columns_are_recognised_and_extras_kept() -> None:
    data = b"ticket_id,created,channel,store,message\nT-1,2026-01-02,email,Leeds,They refused my refund.\n"
    parsed = read(data, "tickets.csv")
    complaint = parsed.complaints[0]  # type: ignore[attr-defined]
    assert (complaint.id, complaint.date, complaint.channel, complaint.text) == (
        "T-1",
        "2026-01-02",
        "email",
        "They refused my refund.",
    )
    assert complaint.metadata == {"store": "Leeds"}


def test_bad_rows_are_reported_with_row_numbers_and_good_rows_kept() -> None:
    data = (
        b"id,text\n1,Fine complaint about fees.\n2,\n3,\xff\xfe broken bytes\n4,"
        + b"x" * 300
        + b"\n5,Fine complaint about fees.\n6,Another good one.\n"
    )
    parsed = read(data, "c.csv")
    assert [c.id for c in parsed.complaints] == ["1", "6"]  # type: ignore[attr-defined]
    reasons = {p.row: p.reason for p in parsed.problems}  # type: ignore[attr-defined]
    assert reasons[3].startswith("no text")
    assert reasons[4].startswith("broken encoding")
    assert "over the limit of 200" in reasons[5]
    assert parsed.duplicates == 1  # type: ignore[attr-defined]


def test_jsonl_bad_lines_and_json_arrays() -> None:
    lines = [
        json.dumps({"complaint_ref": "C-1", "details": "Too many fees."}),
        "{oops",
        json.dumps({"complaint_ref": "C-2", "details": "Could not bring my son."}),
    ]
    parsed = read("\n".join(lines).encode(), "c.jsonl")
    assert [c.id for c in parsed.complaints] == ["C-1", "C-2"]  # type: ignore[attr-defined]
    assert parsed.problems[0].row == 2 and "not valid JSON" in parsed.problems[0].reason  # type: ignore[attr-defined]
    array = json.dumps([{"case_number": "A-1", "body": "Lost bag."}]).encode()
    assert read(array, "c.json").complaints[0].id == "A-1"  # type: ignore[attr-defined]


def test_missing_text_column_names_the_columns() -> None:
    with pytest.raises(BadInput, match=r"no text column; columns are: id, when, stars"):
        read(b"id,when,stars\n1,today,3\n", "survey.csv")


def test_explicit_text_column() -> None:
    parsed = read(b"id,answer\n1,The queue was endless.\n", "survey.csv", text_column="answer")
    assert parsed.complaints[0].text == "The queue was endless."  # type: ignore[attr-defined]
    with pytest.raises(BadInput, match="no column 'nope'"):
        read(b"id,answer\n1,x\n", "survey.csv", text_column="nope")


def test_refused_files() -> None:
    with pytest.raises(BadInput, match="empty"):
        read(b"", "c.csv")
    with pytest.raises(TooLarge):
        read(b"id,text\n" + b"1,abc\n" * 30_000, "c.csv")
    with pytest.raises(UnsupportedFormat):
        read(b"abc", "c.xlsx")
    with pytest.raises(BadInput, match="binary"):
        read(b"\x00\x01\x02" * 50, "c.csv")


def test_long_free_text_rows_parse_as_written() -> None:
    import csv
    import io

    texts = [
        f'I said "no"; they said, "policy" {i}.\nThen: nothing | at all, {i}.' for i in range(50)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "text"])
    writer.writerows((str(i), t) for i, t in enumerate(texts))
    parsed = read_complaints(buffer.getvalue().encode(), "c.csv", max_bytes=10**6, max_chars=10**4)
    assert [c.text for c in parsed.complaints] == texts
    semicolons = read(b"id;text\n1;Fees, fees, fees.\n", "c.csv")
    assert semicolons.complaints[0].text == "Fees, fees, fees."  # type: ignore[attr-defined]
