"""Clause markers as legacy manuals write them: 2.3.4, "Rule 7", a), (iii), bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN = r"(?:x{0,3}(?:ix|iv|v?i{1,3}|v|x))"
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    # "Rule 7.", "Clause 4.2:", "Article 12 -", "§ 3"
    (
        "named",
        re.compile(
            r"(?:Rule|Clause|Article|Regulation|Paragraph|Para\.|Policy|Item|Standard|§)\s*"
            r"(?P<num>\d+(?:\.\d+)*[A-Za-z]?)\s*(?:[.:)\-–—]\s*|\s+)(?=\S)",
            re.IGNORECASE,
        ),
    ),
    # "2.3.4 ", "2.3. ", "12) ", "4. ", and in Markdown bold, "**2.3** "
    ("decimal", re.compile(r"(?P<num>\d{1,3}(?:\.\d{1,3})+)\.?\s+(?=\S)")),
    ("decimal", re.compile(r"(?P<num>\d{1,3})[.)]\s+(?=\S)")),
    ("decimal", re.compile(r"(\*\*|__)(?P<num>\d{1,3}(?:\.\d{1,3})*)\.?\1\s+(?=\S)")),
    # "(iii) ", "iv) ", "(IV) "
    ("roman", re.compile(rf"\((?P<num>{_ROMAN})\)\s+(?=\S)|(?P<num2>{_ROMAN})\)\s+(?=\S)", re.I)),
    # "(a) ", "a) ", "A. " (only when a capital letter follows, to spare "e.g. ")
    ("letter", re.compile(r"\((?P<num>[a-zA-Z])\)\s+(?=\S)|(?P<num2>[a-zA-Z])\)\s+(?=\S)")),
    ("letter", re.compile(r"(?P<num>[a-zA-Z])\.\s+(?=[A-Z])")),
    ("bullet", re.compile(r"[-*•·▪●◦‣–—+]\s+(?=\S)")),
]


@dataclass(frozen=True)
class Marker:
    """The numbering in front of a clause: its style, number as written, and length."""

    style: str
    number: str | None
    length: int


def leading_marker(text: str) -> Marker | None:
    """The clause marker at the very start of `text`, if any."""
    for style, pattern in _MARKERS:
        match = pattern.match(text)
        if match is None:
            continue
        groups = match.groupdict()
        number = groups.get("num") or groups.get("num2")
        return Marker(style, number, match.end())
    return None


def starts_clause(line: str) -> bool:
    return leading_marker(line.lstrip()) is not None


def numbering_depth(number: str | None) -> int:
    """1 for "3", 2 for "3.1", 3 for "3.1.2"."""
    if not number or not number[0].isdigit():
        return 1
    return number.count(".") + 1
