"""HTML manuals: headings, paragraphs, list items and table rows, in document order."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from service.ingest.documents import ExtractedDocument, TextBuilder

_SKIP = {
    "script",
    "style",
    "nav",
    "footer",
    "header",
    "aside",
    "form",
    "noscript",
    "template",
    "button",
    "svg",
    "iframe",
    "head",
}
_BLOCKS = {
    "p",
    "li",
    "dt",
    "dd",
    "pre",
    "blockquote",
    "table",
    "ul",
    "ol",
    "dl",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "figure",
}
_SPACE = re.compile(r"\s+")


def _text(node: Tag | NavigableString, *, skip_lists: bool = False) -> str:
    if isinstance(node, NavigableString):
        return _SPACE.sub(" ", str(node)).strip()
    parts: list[str] = []
    for piece in node.descendants:
        if piece.__class__ is not NavigableString:  # skips comments, doctypes, CDATA
            continue
        parents = {p.name for p in piece.parents}
        if parents & _SKIP or (skip_lists and _inside_nested_list(piece, node)):
            continue
        parts.append(str(piece))
    return _SPACE.sub(" ", "".join(parts)).strip()


def _inside_nested_list(piece: NavigableString, root: Tag) -> bool:
    for parent in piece.parents:
        if parent is root:
            return False
        if parent.name in {"ul", "ol"}:
            return True
    return False


def _walk(node: Tag, out: TextBuilder) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if child.__class__ is NavigableString and child.strip():
                out.add(_text(child), "text")
            continue
        if not isinstance(child, Tag) or child.name in _SKIP:
            continue
        name = child.name
        if re.fullmatch(r"h[1-6]", name):
            out.add(_text(child), "heading", level=int(name[1]))
        elif name == "li":
            out.add(_text(child, skip_lists=True), "text", list_item=True)
            for nested in child.find_all(["ul", "ol"], recursive=False):
                _walk(nested, out)
        elif name == "tr":
            cells = [_text(cell) for cell in child.find_all(["td", "th"], recursive=False)]
            if not child.find("th"):
                out.add(" | ".join(c for c in cells if c), "text")
        elif name in {"p", "dt", "dd", "pre"} or not any(
            isinstance(c, Tag) and c.name in _BLOCKS for c in child.children
        ):
            out.add(_text(child), "text")
        else:
            _walk(child, out)


def read_html(text: str) -> ExtractedDocument:
    soup = BeautifulSoup(text, "lxml")
    out = TextBuilder("html")
    _walk(soup.body or soup, out)
    document = out.build()
    if soup.title and soup.title.string:
        document.title = _SPACE.sub(" ", soup.title.string).strip()
    return document
