"""Word diffs, paragraphs of stored manuals, and laying changes into them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.core.domain import Rule
from service.review.diff import word_diff
from service.review.document import Change, RevisedManual, paragraphs_from_text
from service.review.export import lay_out, to_html, to_markdown


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Refunds are given only as store credit.", "Refunds go back to the card, or as credit."),
        ("No exceptions\nare made.", "Exceptions are made\nwhen staff agree."),
        ("", "All new text."),
        ("All old text.", ""),
        ("Same words.", "Same words."),
    ],
)
def test_word_diff_rebuilds_both_sides(before: str, after: str) -> None:
    runs = word_diff(before, after)
    assert "".join(t for op, t in runs if op != "ins").split() == before.split()
    assert "".join(t for op, t in runs if op != "del").split() == after.split()


def test_word_diff_marks_only_changed_words() -> None:
    runs = word_diff("Returns need a receipt.", "Returns need a receipt or a bank statement.")
    assert [op for op, _ in runs] == ["same", "del", "ins"]
    assert runs[1][1] == "receipt." and "bank statement." in runs[2][1]


def _rule(text: str, whole: str, section: str, number: str) -> Rule:
    start = whole.index(text)
    return Rule(
        id=f"r-{number}",
        manual="m",
        version=1,
        section=section,
        number=number,
        text=text,
        start=start,
        end=start + len(text),
        line_start=1,
        line_end=1,
        restrictive=True,
        legal_basis=None,
    )


TEXT = "Shop Rules\n\nReturns\n\n1.1 Refunds only as credit.\n\n1.2 No receipt, no return.\n\nDelivery\n\n2.1 Dates are fixed."


def test_paragraphs_of_a_manual_stored_without_blocks() -> None:
    rules = [
        _rule("Refunds only as credit.", TEXT, "Returns", "1.1"),
        _rule("No receipt, no return.", TEXT, "Returns", "1.2"),
        _rule("Dates are fixed.", TEXT, "Delivery", "2.1"),
    ]
    found = paragraphs_from_text(TEXT, rules)
    shown = [(p.kind, TEXT[p.start : p.end]) for p in found]
    assert shown == [
        ("heading", "Shop Rules"),
        ("heading", "Returns"),
        ("text", "1.1 Refunds only as credit."),
        ("text", "1.2 No receipt, no return."),
        ("heading", "Delivery"),
        ("text", "2.1 Dates are fixed."),
    ]


def _manual(changes: list[Change], provisional: bool = False) -> RevisedManual:
    rules = [_rule("Refunds only as credit.", TEXT, "Returns", "1.1")]
    return RevisedManual(
        manual_id="m",
        title="Shop Rules",
        version=1,
        format="txt",
        text=TEXT,
        paragraphs=paragraphs_from_text(TEXT, rules),
        changes=changes,
        pending=3,
        rejected=1,
        provisional=provisional,
    )


def _change(kind: str = "accepted") -> Change:
    start = TEXT.index("Refunds only as credit.")
    return Change(
        rule_id="r-1.1",
        number="1.1",
        section="Returns",
        start=start,
        end=start + len("Refunds only as credit."),
        original="Refunds only as credit.",
        revised="Refunds go back to the card <unless> asked otherwise.",
        kind=kind,  # type: ignore[arg-type]
        author="rita",
        decided_at=datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
        rationale="Customers want their money back.",
        citations=[],
        suggestion_id="s1",
        model="builtin",
    )


def test_laying_out_changes_loses_no_text() -> None:
    laid = lay_out(_manual([_change()]))
    body = "\n\n".join("".join(p.text for p in item.pieces) for item in laid)
    assert body == TEXT.replace("Refunds only as credit.", _change().revised)


def test_markdown_and_html_exports() -> None:
    markdown = to_markdown(_manual([_change()]))
    assert "# Shop Rules" in markdown and "## Returns" in markdown
    assert "1.1 Refunds go back to the card <unless> asked otherwise." in markdown
    assert "3 suggestions still pending review, 1 rejected" in markdown
    assert "accepted by rita on 2026-11-02 09:30 UTC" in markdown
    html = to_html(_manual([_change()]))
    assert "&lt;unless&gt;" in html and "<unless>" not in html
    assert "<del>" in html and "<ins>" in html
    draft = to_markdown(_manual([_change("provisional")], provisional=True))
    assert "Draft, not reviewed" in draft and "(draft, not yet reviewed: change 1)" in draft
