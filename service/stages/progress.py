"""How a long step reports its progress to whoever shows it (the CLI's bars)."""

from __future__ import annotations

from collections.abc import Callable

# Called with a total and a label; returns a function to call with each step's size.
ProgressFactory = Callable[[int, str], Callable[[int], None]]


def no_progress(_total: int, _label: str) -> Callable[[int], None]:
    return lambda _step: None
