"""The common shape every manual format is read into: extracted text plus its blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "text"]


@dataclass(frozen=True)
class Block:
    """A heading or a run of body text, as a span of the extracted text."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    # True when the block is a list item whose marker the format already consumed
    # (a Markdown "- ", an HTML <li>, a Word numbered paragraph).
    list_item: bool = False
    # A clause number the format knows but the text does not show (an <ol> position...).
    number: str | None = None


@dataclass
class ExtractedDocument:
    text: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None


class TextBuilder:
    """Builds an extracted text block by block, recording each block's span."""

    def __init__(self, fmt: str) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._blocks: list[Block] = []
        self._format = fmt

    def add(
        self,
        text: str,
        kind: BlockKind,
        *,
        level: int = 0,
        list_item: bool = False,
        number: str | None = None,
    ) -> None:
        text = text.strip()
        if not text:
            return
        if self._parts:
            self._parts.append("\n\n")
            self._length += 2
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        self._blocks.append(Block(kind, start, self._length, level, list_item, number))

    def build(self) -> ExtractedDocument:
        return ExtractedDocument(
            text="".join(self._parts), format=self._format, blocks=self._blocks
        )


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of `text` begins (line 1 is index 0)."""
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts
