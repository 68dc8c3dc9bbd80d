"""Uploaded files are hostile until read: their names made safe, their type taken from their
content, Word packages checked for zip bombs and XML entity tricks, and PDFs for streams that
unpack to far more than they are, before any parser opens them."""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
import zipfile
import zlib

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from service.core.errors import BadInput, TooLarge

# A Word package: at most this many entries, this many bytes unpacked in all, and (past the
# first megabyte) at most this ratio of unpacked to packed bytes. Real documents are far
# below each: a long manual unpacks to a few MB, at ratios of 3 to 30.
MAX_ZIP_ENTRIES = 2000
MAX_UNPACKED_BYTES = 200_000_000
MAX_RATIO = 100
_RATIO_FROM = 1_000_000

# (what a file starts with, what it is), for content that is no manual or complaints file
_MAGIC: list[tuple[bytes, str]] = [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office file (.doc, .xls)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a Linux program"),
    (b"{\\rtf", "an RTF document"),
]
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\"'<>:|?*;]")


def safe_name(filename: str | None, default: str = "upload") -> str:
    """The last part of an uploaded file's name, with no path (either kind of slash), no
    control, quote or shell characters and at most 120 characters: safe to show, to put in a
    header and to derive ids from. Never empty, never `.` or `..`."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE_NAME.sub("_", name).strip().lstrip(".")
    if len(name) > 120:
        stem, dot, suffix = name.rpartition(".")
        name = (
            (stem[: 119 - len(suffix)] + dot + suffix) if dot and len(suffix) <= 10 else name[:120]
        )
    return name or default


def sniff(data: bytes) -> str:
    """What the content is, from its first bytes: 'zip', 'pdf', 'text', or a description of
    another kind of file ('a PNG image')."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return "text"


def check_word_package(data: bytes, name: str) -> None:
    """Refuse a .docx that is not a Word package, that would unpack to too much (a zip bomb),
    or whose XML declares a DTD or entities (billion laughs, external entities)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BadInput(f"{name} is not a Word .docx file (a broken zip package: {exc})") from exc
    with package:
        entries = package.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise TooLarge(
                f"{name} holds {len(entries):,} files; a Word document holds at most "
                f"{MAX_ZIP_ENTRIES:,} (refused as a possible zip bomb)"
            )
        unpacked = sum(e.file_size for e in entries)
        packed = sum(e.compress_size for e in entries)
        if unpacked > MAX_UNPACKED_BYTES:
            raise TooLarge(
                f"{name} would unpack to {unpacked:,} bytes, over the limit of "
                f"{MAX_UNPACKED_BYTES:,} (refused as a possible zip bomb)"
            )
        if unpacked > _RATIO_FROM and unpacked > MAX_RATIO * max(packed, 1):
            raise TooLarge(
                f"{name} would unpack to {unpacked:,} bytes from {packed:,}, more than "
                f"{MAX_RATIO} times its size (refused as a possible zip bomb)"
            )
        if "[Content_Types].xml" not in {e.filename for e in entries}:
            raise BadInput(f"{name} is a zip package but not a Word .docx document")
        for entry in entries:
            if entry.filename.lower().endswith((".xml", ".rels")):
                _check_xml(package.read(entry), name, entry.filename)


def _check_xml(part: bytes, name: str, part_name: str) -> None:
    try:
        defused_fromstring(part, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise BadInput(
            f"{name}: its part {part_name} declares a DTD or XML entities "
            f"({type(exc).__name__}), which Word never writes; refused as a hostile file"
        ) from exc
    except Exception:  # expat's ParseError: broken XML is for the Word reader to judge
        return


# A PDF: at most this many pages, and its compressed streams unpacking to at most
# MAX_UNPACKED_BYTES in all. A long text manual has a few hundred pages and unpacks to a few MB.
MAX_PDF_PAGES = 3000
_FLATE = {"FlateDecode", "Fl"}


def check_pdf(data: bytes, name: str) -> None:
    """Refuse a PDF bomb before pdfplumber opens it: every compressed stream is unpacked here
    in bounded steps, so one that would unpack to gigabytes stops at the limit."""
    # pdfminer is what pdfplumber reads with; imported here, as only PDFs need it
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = sum(1 for _ in itertools.islice(PDFPage.create_pages(document), MAX_PDF_PAGES + 1))
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        raise BadInput(f"{name}: the PDF could not be read: {exc}") from exc
    if pages > MAX_PDF_PAGES:
        raise TooLarge(f"{name} has more than {MAX_PDF_PAGES:,} pages")
    unpacked = 0
    seen: set[int] = set()
    for xref in document.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                obj = document.getobj(objid)
            except Exception:  # a broken object: pdfplumber reports it if it matters
                continue
            if not isinstance(obj, PDFStream):
                continue
            filters = [getattr(f, "name", str(f)) for f, _ in obj.get_filters()]
            if not filters or filters[0] not in _FLATE:
                unpacked += len(obj.rawdata or b"")
                continue
            unpacked += _inflated_size(obj.rawdata or b"", MAX_UNPACKED_BYTES - unpacked + 1)
            if unpacked > MAX_UNPACKED_BYTES:
                raise TooLarge(
                    f"{name}: its compressed streams unpack to more than "
                    f"{MAX_UNPACKED_BYTES:,} bytes (refused as a possible PDF bomb)"
                )


def _inflated_size(raw: bytes, limit: int) -> int:
    """Bytes `raw` inflates to, counted in 1 MB steps and at most `limit`."""
    inflater = zlib.decompressobj()
    size = 0
    chunk = inflater.decompress(raw, 1 << 20)
    try:
        while chunk:
            size += len(chunk)
            if size >= limit:
                return size
            chunk = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
    except zlib.error:
        pass  # a damaged stream: what inflated is counted, pdfminer reports the rest
    return size
