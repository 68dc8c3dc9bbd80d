"""Word-level differences between a rule and its rewrite."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["same", "del", "ins"]
_WORD = re.compile(r"\S+\s*|\s+")


def word_diff(before: str, after: str) -> list[tuple[Op, str]]:
    """Runs of kept, deleted and inserted words; joining same+del gives `before`, same+ins `after`."""
    old, new = _WORD.findall(before), _WORD.findall(after)
    # Compare words without their trailing space, so a re-wrapped line is no change.
    matcher = SequenceMatcher(None, [w.strip() for w in old], [w.strip() for w in new], False)
    runs: list[tuple[Op, str]] = []

    def add(op: Op, text: str) -> None:
        if not text:
            return
        if runs and runs[-1][0] == op:
            runs[-1] = (op, runs[-1][1] + text)
        else:
            runs.append((op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("same", "".join(new[j1:j2]))
        else:
            add("del", "".join(old[i1:i2]))
            add("ins", "".join(new[j1:j2]))
    return runs
