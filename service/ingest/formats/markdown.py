"""Markdown manuals, parsed with markdown-it; spans point into the file's own text."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from service.ingest.documents import Block, ExtractedDocument, line_starts

_PARSER = MarkdownIt("commonmark").enable("table")


def _span(text: str, offsets: list[int], inline: Token) -> tuple[int, int] | None:
    """Where an inline token's content sits in the source lines its block covers."""
    if inline.map is None or not inline.content.strip():
        return None
    first_line, end_line = inline.map
    content_lines = inline.content.split("\n")
    line_text = text[offsets[first_line] : offsets[first_line] + 10_000].split("\n", 1)[0]
    column = line_text.find(content_lines[0].strip())
    start = offsets[first_line] + max(column, 0)
    last_index = min(first_line + len(content_lines), end_line) - 1
    last_line = text[offsets[last_index] :].split("\n", 1)[0]
    end = offsets[last_index] + len(last_line.rstrip())
    return (start, end) if end > start else None


def read_markdown(text: str) -> ExtractedDocument:
    tokens = _PARSER.parse(text)
    offsets = line_starts(text)
    blocks: list[Block] = []
    item_stack: list[tuple[bool, str | None]] = []  # (ordered, number) of open list items
    heading_level = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "list_item_open":
            ordered = token.markup in {".", ")"}
            item_stack.append((ordered, str(token.info) if ordered and token.info else None))
        elif token.type == "list_item_close":
            item_stack.pop()
        elif token.type == "tr_open" and token.map:
            start, end = (
                offsets[token.map[0]],
                offsets[token.map[0]]
                + len(text[offsets[token.map[0]] :].split("\n", 1)[0].rstrip()),
            )
            if tokens[index + 1].type == "th_open":
                continue
            blocks.append(Block("text", start, end))
        elif token.type == "inline" and tokens[index - 1].type in {
            "heading_open",
            "paragraph_open",
        }:
            span = _span(text, offsets, token)
            if span is None:
                continue
            if heading_level:
                blocks.append(Block("heading", *span, level=heading_level))
                continue
            in_item = bool(item_stack) and tokens[index - 2].type == "list_item_open"
            number = item_stack[-1][1] if in_item else None
            blocks.append(Block("text", *span, list_item=in_item, number=number))
    return ExtractedDocument(text=text, format="markdown", blocks=blocks)
