"""Where the bundled sample corpus lives: in the wheel, or beside the source checkout."""

from __future__ import annotations

from pathlib import Path

from service.core.bundled import bundled_dir
from service.core.errors import NotFound


def sample_corpus_dir() -> Path:
    found = bundled_dir("corpus", "manuals")
    if found is None:
        raise NotFound("the sample corpus is not installed (expected service/_corpus or ./corpus)")
    return found
