"""Personal data in customer text: found without any model, and masked with typed placeholders.

Complaints are stored as written. Before any of their text leaves the process for a model
provider it is masked here: card numbers (Luhn-checked) and IBANs (mod-97-checked, both by
`python-stdnum`), emails, phone numbers (Google's libphonenumber rules, via `phonenumbers`),
account, policy and reference numbers, postal addresses with their postcodes or ZIP codes,
and names where the text itself says it is a name ("my name is ...", "Mr ...", "my wife,
...", a sign-off, a name column of the complaints file). Names nothing points at ("ask for
Tom", a name in the middle of a sentence) are not found: finding them needs a language
model, and none is loaded.

A `Masked` text maps its offsets back to the original, so a quote of masked text can be
cited at its place in the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import phonenumbers
from stdnum import iban, luhn

KINDS = ("EMAIL", "IBAN", "CARD", "ACCOUNT", "ADDRESS", "PHONE", "NAME")
# Phone numbers without a country code are read as numbers of these countries.
PHONE_REGIONS = ("GB", "US", "IE", "AU", "NZ", "ZA", "SG", "IN", "DE", "FR")


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str

    @property
    def placeholder(self) -> str:
        return f"[{self.kind}]"


_EMAIL = re.compile(r"\b[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?\b")
_CARD = re.compile(r"\b\d(?:[ -]?\d){12,18}\b")
_FOUR_FOURS = re.compile(r"\d{4}(?:([ -])\d{4}(?:\1\d{4}){2}|\d{12})")
_ID_WORDS = (
    r"account|acct|a/c|policy|reference|ref|customer|member(?:ship)?|claim|case|booking|"
    r"order|invoice|ticket|contract|meter|patient|student|tenancy|licen[cs]e|passport|"
    r"registration|client|card|NHS|social security|SSN|national insurance|NI|tax file|TFN"
)
_ACCOUNT = re.compile(
    rf"(?i:\b(?:{_ID_WORDS})(?:\s*(?:no\.?|number|num|#|id|ref(?:erence)?|code|details|"
    r"ending(?:\s+in)?|ends\s+in))?(?:\s+(?:is|was))?\s*[:#.]?\s*)"
    r"(?P<id>(?=[A-Z0-9/-]*\d(?:[^\d\s]*\d){3})[A-Z0-9][A-Z0-9/-]*[A-Z0-9])\b"
)
# An identifier nothing introduces: letters and a long number ("CIM-58820417"), or a long
# run of digits ("82004519"); years, amounts and dates are shorter or punctuated.
_BARE_ID = re.compile(
    r"\b(?:[A-Z]{1,5}-?\d{5,}(?:-\d+)*|\d{7,}|[STFGM]\d{7}[A-Z]"  # ... and a Singapore NRIC
    r"|[A-Z]{2}\d{6}[A-D])\b"  # ... and a UK National Insurance number
)
_STREET = (
    r"Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Court|Ct|Place|Pl|Crescent|"
    r"Cres|Terrace|Tce|Boulevard|Blvd|Grove|Gardens|Gdns|Square|Sq|Parade|Highway|Hwy|Row|"
    r"Walk|Mews|Hill|Rise|Green|Circle|Cir|Trail|Parkway|Pkwy|Quay|Wharf|Esplanade|Loop|"
    r"Plaza|Heights|Vale|Park"
)
_ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt|Unit|Suite|Room)\.?[ \t]*\d+[A-Za-z]?,?[ \t]+)?"
    r"\b\d{1,5}[A-Za-z]?(?:[-/]\d{1,5})?,?[ \t]+(?:[A-Z][\w'’-]*\.?[ \t]+){0,4}"
    rf"(?:{_STREET})\b\.?"
    r"(?:[ \t]+(?:NW|NE|SW|SE|N|S|E|W)\b)?"
    r"(?:,?[ \t]*(?:Apt|Unit|Suite|#)\.?[ \t]*\w+)?"
    r"(?:,[ \t]*(?:[A-Z0-9][\w'’-]*\.?)(?:[ \t]+[A-Z0-9][\w'’-]*\.?){0,4}){0,5}"
)
_NAMED_STREET = re.compile(
    r"(?:\b(?:on|at|in|off|along|near|from|to)[ \t]+)"
    r"(?P<street>\d{1,5}[A-Za-z]?[ \t]+(?:(?:and|&|-)[ \t]+\d{1,5}[A-Za-z]?[ \t]+)?"
    r"(?:[A-Z][\w'’-]*[ \t]+){1,3}"
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Crescent|Terrace|Grove|Gardens|Mews|"
    r"Boulevard|Court|Place)\b)"
)
# Street name first ("Lindenweg 7b, 40474 Düsseldorf", "Keizersgracht 12, 1015 CJ Amsterdam")
# or a French street after its number ("12 rue de la Paix, 75002 Paris").
_CONTINENTAL = re.compile(
    r"(?:\b[A-ZÄÖÜ][\wäöüßéè'-]*(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|"
    r"ufer|laan|straat|gracht|plein|kade|dreef|singel|steeg|vej|gade|gatan|vägen|veien|katu|"
    r"tie)[ \t]+\d{1,4}[a-z]?"
    r"|\b\d{1,4}(?:bis|ter)?,?[ \t]+(?:rue|avenue|boulevard|place|chemin|allée|impasse|quai|"
    r"via|viale|piazza|calle|avenida|plaza|rua)[ \t]+[^,\n]{2,40}?)"
    r"(?:,[ \t]*[^,\n]{1,20}?)?,[ \t]*\d{4,5}(?:[ \t]?[A-Z]{2})?[ \t]+[A-ZÄÖÜ][\wäöüß-]+"
)
_PO_BOX = re.compile(
    r"\b(?i:P\.?\s?O\.?\s?Box)\s+\d+\b"
    # a Singapore block: "Blk 123 Ang Mo Kio Ave 3, #05-12"
    r"|\b(?:Blk|Block)[ \t]+\d{1,4}[A-Z]?[ \t]+(?:[A-Z][\w'-]*[ \t]*){1,4}(?:\d{1,3}\b)?"
    r"(?:,?[ \t]*#\d{1,3}-\d{1,4})?"
)
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}"  # UK
    r"|[AC-FHKNPRTV-Y]\d{2}[ \t]?[AC-FHKNPRTV-Y\d]{4}"  # Irish Eircode
    r"|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d"  # Canada
    r"|[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?"  # a US state and ZIP
    r"|Singapore[ \t]+\d{6})\b"
)
# One name: capitalised words ("Anne", "O'Brien", "Delgado-Pike", "McDonald", "J.").
_NAME = r"(?:(?:O['’]|Mc|Mac|D['’])?[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*|[A-Z]\.)"
_FULL_NAME = rf"{_NAME}(?:[ \t]+{_NAME}){{0,3}}"
_TWO_NAMES = rf"{_NAME}(?:[ \t]+{_NAME}){{1,3}}"
_TITLE = r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame)\b\.?"
_RELATION = (
    r"wife|husband|partner|son|daughter|mother|father|mum|mom|dad|brother|sister|child|"
    r"client|tenant|landlord|friend|neighbou?r|carer|grandson|granddaughter|grandmother|"
    r"grandfather|nan|gran|aunt|uncle|fianc[eé]e?|colleague|employer|employee"
)
_NAMED = re.compile(
    rf"(?i:\bmy name is|\bmy name's|\bname:|\bsigned:?|\bname on (?:the |my )?account|"
    rf"\baccount (?:holder|name)(?: is)?:?|\bin the name of)[ \t]+(?P<name>{_FULL_NAME})"
    rf"|(?i:\b(?:i am|i'm|this is|it's|it is|call from|message from|speaking to|spoke to|"
    rf"spoke with))[ \t]+(?P<full>{_TWO_NAMES})"
    rf"|(?P<titled>{_TITLE}[ \t]+{_FULL_NAME})"
    rf"|(?i:\b(?:my|our|his|her|their|\w+['’]s)[ \t]+(?:late[ \t]+)?(?:{_RELATION})),?[ \t]+"
    rf"(?P<related>{_FULL_NAME})"
)
_SIGN_OFF = re.compile(
    r"(?i:\b(?:(?:kind|best|warm|many)[ \t]+)?(?:regards|thanks|thank you|sincerely|"
    r"yours(?:[ \t]+(?:sincerely|faithfully|truly))?|faithfully|best wishes|cheers|"
    r"respectfully|warmly)[,.!]*)[ \t]*(?:\n[ \t]*)?"
    rf"(?P<name>(?:{_TITLE}[ \t]+)?{_FULL_NAME})[ \t]*(?:[,.]|$)"
    rf"|(?:^|(?<=[.!?\s]))[-–—~][ \t]*(?P<dash>{_FULL_NAME})[ \t]*(?:[,.]|$)",
    re.MULTILINE,
)
# Two or three capitalised words that stand alone: a line of their own among the last lines
# of a letter ("Peter Hollins" above the address), or the end of the text.
_NAME_LINE = re.compile(rf"^[ \t]*(?P<name>{_TWO_NAMES})[ \t]*,?[ \t]*$")
_LAST_WORDS = re.compile(rf"(?:[.!?][ \t]+|\n[ \t]*)(?P<name>{_TWO_NAMES})[ \t]*\.?[ \t]*\Z")
# ... or that come right before a contact detail ("Grainne Foley, 47 Station Road")
_BEFORE_CONTACT = re.compile(rf"(?P<name>{_TWO_NAMES})[ \t]*(?:,|\n|-|–)[ \t]*\Z")
# Words that end a name ("Gemma Lawson And ...") and words that show it is not a person's.
_NOT_NAMES = re.compile(
    r"(?i:dear|hello|hi|hey|bye|goodbye|cheers|thanks|thank|regards|sincerely|faithfully|yours|the|and|or|of|"
    r"for|to|re|subject|sent|from|my|our|i|we|please|kind|best|on|in|at|is|was|but|so|"
    r"customer|today|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
_ORGANISATION = re.compile(
    r"(?i:\b(?:ltd|limited|inc|llc|plc|gmbh|co|company|team|services?|department|dept|"
    r"council|office|group|bank|hospital|clinic|university|college|school|relations|support|"
    r"brokers?|agents?|agency|solicitors|associates|partners|insurance|legal|law|centre|"
    r"center|store|shop|club|society|trust|association|foundation|board|authority|ministry|"
    r"desk|unit|ward|surgery|practice|housing|homes|street|road|avenue|lane)\b)"
)
_PHONE_CONTEXT = re.compile(
    r"(?i:\b(?:phone|tel|telephone|mobile|mob|cell|call|ring|text|whatsapp|number|fax|"
    r"contact|reach)\b)[^\n]{0,25}$"
)
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _emails(text: str) -> Iterable[Finding]:
    for m in _EMAIL.finditer(text):
        yield Finding(m.start(), m.end(), "EMAIL")


def _cards(text: str) -> Iterable[Finding]:
    for m in _CARD.finditer(text):
        digits = _digits(m.group())
        grouped = _FOUR_FOURS.fullmatch(m.group()) is not None  # a card's print, checked or not
        if 13 <= len(digits) <= 19 and (grouped or luhn.is_valid(digits)):
            yield Finding(m.start(), m.end(), "CARD")


def _ibans(text: str) -> Iterable[Finding]:
    for m in _IBAN.finditer(text):
        if iban.is_valid(m.group()):
            yield Finding(m.start(), m.end(), "IBAN")


def _phones(text: str) -> Iterable[Finding]:
    seen: set[tuple[int, int]] = set()
    for region in PHONE_REGIONS:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.POSSIBLE
        )
        for match in matcher:
            span = (match.start, match.end)
            if span in seen:
                continue
            seen.add(span)
            raw = match.raw_string
            digits = _digits(raw)
            if _DATE.match(raw.strip()) or len(digits) < 7:
                continue
            said = raw.lstrip().startswith("+") or _PHONE_CONTEXT.search(text[: match.start])
            if len(digits) >= 9 or said:
                yield Finding(match.start, match.end, "PHONE")


def _accounts(text: str) -> Iterable[Finding]:
    for m in _ACCOUNT.finditer(text):
        yield Finding(m.start("id"), m.end("id"), "ACCOUNT")


def _bare_ids(text: str) -> Iterable[Finding]:
    for m in _BARE_ID.finditer(text):
        yield Finding(m.start(), m.end(), "ACCOUNT")


def _addresses(text: str) -> Iterable[Finding]:
    at = 0
    while (m := _ADDRESS.search(text, at)) is not None:
        start, end = m.start(), m.end()
        codes = list(_POSTCODE.finditer(text[start:end]))
        if codes:  # an address ends with its postcode; the next may start after it
            end = start + codes[-1].end()
        yield Finding(start, end, "ADDRESS")
        at = max(end, start + 1)
    for m in _POSTCODE.finditer(text):
        yield Finding(m.start(), m.end(), "ADDRESS")
    for m in _PO_BOX.finditer(text):
        yield Finding(m.start(), m.end(), "ADDRESS")
    for m in _NAMED_STREET.finditer(text):
        yield Finding(m.start("street"), m.end("street"), "ADDRESS")
    for m in _CONTINENTAL.finditer(text):
        yield Finding(m.start(), m.end(), "ADDRESS")


def _trim_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name without words that are not part of one ("Gemma Lawson And" -> "Gemma
    Lawson"); None when no name is left or it names an organisation."""
    if _ORGANISATION.search(text[start:end]):
        return None
    words = list(re.finditer(r"\S+", text[start:end]))
    kept = []
    for word in words:
        if _NOT_NAMES.fullmatch(word.group().strip(".,")):
            break
        kept.append(word)
    if not kept:
        return None
    return start + kept[0].start(), start + kept[-1].end()


def _names(text: str, known: Iterable[str], contacts: Iterable[Finding]) -> list[Finding]:
    spans: list[tuple[int, int]] = []
    for m in _NAMED.finditer(text):
        group = next(g for g in ("name", "full", "titled", "related") if m.group(g))
        spans.append((m.start(group), m.end(group)))
    for m in _SIGN_OFF.finditer(text):
        group = "name" if m.group("name") else "dash"
        spans.append((m.start(group), m.end(group)))
    lines = list(re.finditer(r"[^\n]+", text))
    for line in lines[-3:] if len(lines) > 1 else []:
        if (alone := _NAME_LINE.match(line.group())) is not None:
            spans.append((line.start() + alone.start("name"), line.start() + alone.end("name")))
    if (last := _LAST_WORDS.search(text)) is not None:
        spans.append((last.start("name"), last.end("name")))
    for contact in contacts:
        before = text[max(0, contact.start - 60) : contact.start]
        if (named := _BEFORE_CONTACT.search(before)) is not None:
            offset = contact.start - len(before)
            spans.append((offset + named.start("name"), offset + named.end("name")))
    found = [s for a, b in spans if (s := _trim_name(text, a, b)) is not None]
    # every other place the same name (or its surname) is written
    names = {text[a:b] for a, b in found} | {n.strip() for n in known if n and n.strip()}
    words = {
        w
        for n in names
        for w in re.sub(_TITLE, "", n).split()[1:]
        if len(w) > 2 and not w.endswith(".")
    }
    for name in sorted(names | words, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w@.]){re.escape(name)}(?![\w@])", text):
            found.append((m.start(), m.end()))
    return [Finding(a, b, "NAME") for a, b in found]


def find(text: str, *, names: Iterable[str] = ()) -> list[Finding]:
    """The personal data in `text`, in order, none overlapping another. Where two finds
    overlap the surer kind wins (an email over a name in it, a card over a phone number)."""
    taken: list[Finding] = []

    def take(group: Iterable[Finding]) -> None:
        # the longest first, so a full address wins over the postcode inside it
        for finding in sorted(group, key=lambda f: f.start - f.end):
            if finding.end > finding.start and not any(
                finding.start < t.end and t.start < finding.end for t in taken
            ):
                taken.append(finding)

    for finder in (_emails, _ibans, _cards, _accounts, _addresses, _phones):
        take(finder(text))
    take(_names(text, names, list(taken)))
    take(_bare_ids(text))
    return sorted(taken, key=lambda f: f.start)


@dataclass(frozen=True)
class Masked:
    """A text with its personal data replaced by placeholders, and the way back."""

    original: str
    text: str
    findings: tuple[Finding, ...]
    # (start in the masked text, its finding) for each placeholder, in order
    placed: tuple[tuple[int, Finding], ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original that the masked text's [start, end) stands for: a span
        that starts or ends inside a placeholder takes in the whole of what it replaced."""
        return self._original_at(start, at_end=False), self._original_at(end, at_end=True)

    def _original_at(self, offset: int, *, at_end: bool) -> int:
        shift = 0  # original minus masked, before `offset`
        for placed_at, finding in self.placed:
            size = len(finding.placeholder)
            if offset <= placed_at:
                break
            if offset < placed_at + size:  # inside the placeholder
                return finding.end if at_end else finding.start
            shift += (finding.end - finding.start) - size
        return offset + shift

    def to_masked(self, start: int, end: int) -> tuple[int, int]:
        """The span of the masked text that stands for the original's [start, end)."""
        return self._masked_at(start, at_end=False), self._masked_at(end, at_end=True)

    def _masked_at(self, offset: int, *, at_end: bool) -> int:
        shift = 0  # masked minus original, before `offset`
        for placed_at, finding in self.placed:
            if offset <= finding.start:
                break
            if offset < finding.end:  # inside what the placeholder replaced
                return placed_at + len(finding.placeholder) if at_end else placed_at
            shift += len(finding.placeholder) - (finding.end - finding.start)
        return offset + shift

    def segment(self, start: int, end: int, *, lead: bool = True) -> str:
        """The original's [start, end) as it reads masked: a finding that reaches into the
        segment is shown by its placeholder, once, where it starts or (`lead`, for a quote
        shown on its own) where the segment does."""
        parts: list[str] = []
        cursor = start
        for finding in self.findings:
            if finding.end <= start or finding.start >= end:
                continue
            if finding.start > cursor:
                parts.append(self.original[cursor : finding.start])
            if finding.start >= start or (lead and cursor == start):
                parts.append(finding.placeholder)
            cursor = max(cursor, min(finding.end, end))
        parts.append(self.original[cursor:end])
        return "".join(parts)


@lru_cache(maxsize=4096)
def _mask(text: str, names: tuple[str, ...]) -> Masked:
    findings = tuple(find(text, names=names))
    parts: list[str] = []
    placed: list[tuple[int, Finding]] = []
    cursor, length = 0, 0
    for finding in findings:
        piece = text[cursor : finding.start]
        parts.append(piece)
        length += len(piece)
        placed.append((length, finding))
        parts.append(finding.placeholder)
        length += len(finding.placeholder)
        cursor = finding.end
    parts.append(text[cursor:])
    return Masked(text, "".join(parts), findings, tuple(placed))


def mask(text: str, *, names: Iterable[str] = ()) -> Masked:
    """`text` with its personal data masked; `names` are names known to be in it (a name
    column of the complaints file)."""
    return _mask(text, tuple(sorted({n for n in names if n})))


def masked(text: str, *, names: Iterable[str] = ()) -> str:
    return mask(text, names=names).text


_NAME_COLUMN = re.compile(
    r"(?i)^(?:(?:customer|client|patient|member|student|guest|tenant|caller|contact|"
    r"full|first|last|sur|given|family|complainant|author|sender|submitted[ _]?by|from)"
    r"[ _-]?)?(?:name|by|from)$|^(?i:complainant|author|sender|signed)$"
)


def names_in(metadata: Mapping[str, Any] | None) -> tuple[str, ...]:
    """Names from a complaints file's name columns (`customer_name`, `name`, `first_name`...)."""
    if not metadata:
        return ()
    return tuple(
        str(value).strip()
        for key, value in metadata.items()
        if _NAME_COLUMN.match(str(key)) and isinstance(value, str) and value.strip()
    )
