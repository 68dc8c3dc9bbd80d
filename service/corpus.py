"""Where the bundled sample corpus lives: in the wheel, or beside the source checkout."""

from __future__ import annotations

from pathlib import Path

from service.core.errors import NotFound


def sample_corpus_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_corpus", here.parent / "corpus"):
        if (candidate / "manuals").is_dir():
            return candidate
    raise NotFound("the sample corpus is not installed (expected service/_corpus or ./corpus)")
