"""Storing manuals and complaints: versions, stable ids, nothing lost on bad input."""

from __future__ import annotations

import pytest

from service.core.errors import BadInput, NotFound
from service.index.vectors import RULES
from service.stages.root import Root

MANUAL = b"""# Returns

## Refunds

1.1 Refunds are given only as store credit.

1.2 Sale items cannot be returned.

1.3 We will reply to every letter within five days.
"""


def test_reingest_is_idempotent_and_a_change_is_a_new_version(root: Root) -> None:
    first = root.ingest.manual(data=MANUAL, filename="returns.md")
    again = root.ingest.manual(data=MANUAL, filename="returns.md")
    assert again.unchanged and again.info.version == 1
    changed = MANUAL.replace(
        b"1.2 Sale items cannot be returned.", b"1.2 Sale items can be returned within 14 days."
    )
    second = root.ingest.manual(data=changed, filename="returns.md")
    assert second.info.version == 2
    old = {r.text: r.id for r in first.rules}
    new = {r.text: r.id for r in second.rules}
    assert (
        new["Refunds are given only as store credit."]
        == old["Refunds are given only as store credit."]
    )
    assert "Sale items cannot be returned." not in new
    assert [r.id for r in root.library.rules()] == [r.id for r in second.rules]
    assert root.library.manuals()[0].version == 2


def test_rules_carry_spans_into_the_stored_text(root: Root) -> None:
    rules = root.ingest.manual(data=MANUAL, filename="returns.md").rules
    text = MANUAL.decode()
    for rule in rules:
        assert text[rule.start : rule.end] == rule.text
    assert [r.restrictive for r in rules] == [True, True, False]


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"", "empty.md"), (b"\x00\x01binary" * 40, "fake.md"), (b"id,when\n1,today\n", "c.csv")],
)
def test_bad_input_leaves_the_store_as_it_was(root: Root, data: bytes, name: str) -> None:
    root.ingest.manual(data=MANUAL, filename="returns.md")
    root.ingest.complaints(data=b"id,text\n1,I only got a voucher back.\n", filename="ok.csv")
    before = (root.library.manuals(), root.library.rules(), root.library.complaints())
    with pytest.raises(BadInput):
        if name.endswith(".csv"):
            root.ingest.complaints(data=data, filename=name)
        else:
            root.ingest.manual(data=data, filename=name)
    assert (root.library.manuals(), root.library.rules(), root.library.complaints()) == before


def test_complaint_duplicates_and_id_clashes_across_files(root: Root) -> None:
    root.ingest.complaints(data=b"id,text\n1,Fees everywhere.\n", filename="a.csv")
    report = root.ingest.complaints(
        data=b"id,text\n9,Fees everywhere.\n1,Different text with the same id.\n2,New one.\n",
        filename="b.csv",
    )
    assert (report.stored, report.duplicates) == (1, 1)
    assert report.skipped[0].row == 3 and "already stored" in report.skipped[0].reason
    assert [c.id for c in root.library.complaints()] == ["1", "2"]


def test_unknown_ids(root: Root) -> None:
    with pytest.raises(NotFound):
        root.library.rule("r-nope")
    with pytest.raises(NotFound):
        root.library.complaint("nope")


def test_a_lead_in_is_skipped_and_its_items_are_drafted(root: Root) -> None:
    manual = (
        b"# Bar\n\n## Rules\n\nIn the front bar, guests must not:\n\n"
        b"- bring their own drinks;\n- play music from their own speakers.\n"
    )
    root.ingest.manual(data=manual, filename="bar.md")
    rules = {r.text.strip(): r for r in root.library.rules("bar")}
    lead = rules["In the front bar, guests must not:"]
    assert lead.restrictive
    skipped: dict[str, str] = {}
    drafted = root.drafting.draft([r.id for r in rules.values()], skipped=skipped)
    assert "introduces a list" in skipped[lead.id]
    assert {s.rule_id for s in drafted} == {
        rules["bring their own drinks;"].id,
        rules["play music from their own speakers."].id,
    }
    assert all(s.original.startswith(("bring", "play")) for s in drafted)


def test_ingesting_a_stored_manual_again_indexes_what_the_vector_store_lacks(
    root: Root,
) -> None:
    """A manual stored, but its rules missing from the vector store (a new Chroma server on
    the same database, which nothing can tell is new): ingesting it again indexes them, as
    the "not indexed" message tells the user to do, instead of finding it unchanged and
    doing nothing."""
    stored = root.ingest.manual(data=MANUAL, filename="returns.md")
    root.vectors.delete(RULES, [r.id for r in stored.rules])
    with pytest.raises(NotFound, match="not indexed"):
        root.matching.conflicts()
    assert root.ingest.manual(data=MANUAL, filename="returns.md").unchanged
    root.matching.conflicts()
