"""Turn an uploaded manual file into an `ExtractedDocument`, refusing what is not one."""

from __future__ import annotations

from pathlib import PurePath

from charset_normalizer import from_bytes

from service.core.errors import BadInput, TooLarge, UnsupportedFormat
from service.ingest.documents import ExtractedDocument
from service.ingest.formats.docx import read_docx
from service.ingest.formats.html import read_html
from service.ingest.formats.markdown import read_markdown
from service.ingest.formats.pdf import read_pdf
from service.ingest.formats.plaintext import segment
from service.ingest.uploads import check_pdf, check_word_package, sniff

FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}


def check_size(data: bytes, name: str, max_bytes: int) -> None:
    if not data:
        raise BadInput(f"{name} is empty")
    if len(data) > max_bytes:
        raise TooLarge(
            f"{name} is {len(data):,} bytes, over the limit of {max_bytes:,} bytes "
            "(POLICY_REWRITER_MAX_FILE_BYTES)"
        )


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file, refusing binary content and undecodable bytes."""
    sample = data[:65536]
    if b"\x00" in sample:
        raise BadInput(f"{name} looks like a binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise BadInput(f"{name} is not valid text in any encoding we recognise") from None
        text = str(best)
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise BadInput(f"{name} looks like a binary file, not text ({controls} control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_format(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix == ".doc":
        raise UnsupportedFormat(
            f"{name} is a legacy Word .doc file; save it as .docx first "
            "(for example: libreoffice --headless --convert-to docx FILE)"
        )
    if suffix not in FORMATS:
        supported = ", ".join(sorted(FORMATS))
        raise UnsupportedFormat(
            f"{name}: unsupported manual format {suffix or '(none)'}; supported: {supported}"
        )
    return FORMATS[suffix]


def _what(content: str) -> str:
    return {"zip": "a zip package", "pdf": "a PDF", "text": "text"}.get(content, content)


def read_manual(data: bytes, name: str, *, max_bytes: int) -> ExtractedDocument:
    """Extract the text and blocks of the manual in `data`, named `name`."""
    check_size(data, name, max_bytes)
    fmt = detect_format(name)
    content = sniff(data)  # the content decides which reader opens it, never the name
    if fmt == "docx":
        if content != "zip":
            raise BadInput(f"{name} is not a Word .docx file (its content is {_what(content)})")
        check_word_package(data, name)
        try:
            document = read_docx(data)
        except Exception as exc:  # python-docx raises zip, XML and key errors on broken files
            raise BadInput(f"{name} could not be read as a Word document: {exc}") from exc
    elif fmt == "pdf":
        if content != "pdf":
            raise BadInput(f"{name} is not a PDF file (its content is {_what(content)})")
        check_pdf(data, name)
        document = read_pdf(data)
    elif content != "text":
        raise BadInput(f"{name} is a binary file, not text: its content is {_what(content)}")
    else:
        text = decode_text(data, name)
        if fmt == "markdown":
            document = read_markdown(text)
        elif fmt == "html":
            document = read_html(text)
        else:
            document = segment(text, "text")
    if not document.text.strip() or not document.blocks:
        raise BadInput(f"{name} has no text to read")
    return document
