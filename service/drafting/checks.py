"""Checks a suggestion must pass before it is shown as ready.

Each check is a small function returning a `CheckResult`; a suggestion that fails any
of them is stored as `blocked` with every result listed, so a reviewer sees why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from service.core.domain import CheckResult, Citation
from service.core.sentences import sentence_spans
from service.drafting.citations import squash
from service.drafting.schema import DraftAnswer

# Words that make a rule say no; a rewrite may keep them but never add more.
PROHIBITIVE = re.compile(
    r"\b(never|no exceptions?|without exception|under no circumstances|not permitted|"
    r"not allowed|prohibited|forbidden|must not|may not|cannot|can't|will not|won't|"
    r"refuse[sd]?|deny|denied|non-refundable|only|penalty|penalties|forfeit(?:ed|s)?|"
    r"surcharges?)\b",
    re.IGNORECASE,
)
_AMOUNT = r"\d+(?:,\d{3})*(?:\.\d+)?"
MONEY = re.compile(
    rf"(?:[$£€]\s?{_AMOUNT}|\b{_AMOUNT}\s?(?:dollars?|pounds?|euros?|USD|GBP|EUR)\b)",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
# Sentences of a legally based rule that carry the obligation.
OBLIGATION = re.compile(
    r"\b(law|legal|legally|regulat\w*|statut\w*|act|required by|safety|hygiene|licen[cs]\w*)\b",
    re.IGNORECASE,
)
LOOSENING = re.compile(
    r"\b(optional|not required|no longer|waive[sd]?|waiving|skip(?:ped|s)?|exempt\w*|"
    r"at (?:their|your|the customer's) discretion|if preferred)\b",
    re.IGNORECASE,
)
# Traces of a prompt injection that made it into the output.
INSTRUCTION_MARKERS = re.compile(
    r"(ignore (?:all |any )?(?:previous|prior|above|earlier)|disregard (?:the|all|previous)|"
    r"\b(?:system|assistant|user)\s*:|</?\s*(?:complaint|system|instructions?|data)\b|"
    r"BEGIN DATA|END DATA|\[/?INST\]|<\|im_(?:start|end)\|>|new instructions?)",
    re.IGNORECASE,
)
# A complaint showing any of these is treated as an injection attempt: even short runs of
# its words are kept out of the rewrite.
HOSTILE = re.compile(
    r"(you are now|new instructions?|#{2,}|```|\bproposed\b|legal_basis|\boutput\b|"
    r"(?:delete|remove|drop) (?:it|this|that|the|every|all)\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "by",
        "with",
        "at",
        "from",
        "as",
        "is",
        "are",
        "be",
        "been",
        "was",
        "were",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "their",
        "our",
        "your",
        "any",
        "all",
        "each",
        "must",
        "shall",
        "will",
        "may",
        "can",
        "not",
        "no",
    ]
)
COPY_WORDS = 6
HOSTILE_COPY_WORDS = 3
CONTENT_KEPT = 0.6
ON_TOPIC_SHARE = 0.2


@dataclass(frozen=True)
class CheckInput:
    answer: DraftAnswer
    original: str
    legal_basis: str | None
    context: Sequence[str]
    complaint_texts: dict[str, str]  # the complaints given to the model, by id
    citations: Sequence[Citation]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _content(text: str) -> set[str]:
    return {w for w in _words(text) if w not in _STOP and len(w) > 2}


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)] or [text]


def _shingles(text: str, size: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _result(name: str, problems: Iterable[str], ok: str) -> CheckResult:
    found = list(problems)
    return CheckResult(name=name, passed=not found, detail="; ".join(found) if found else ok)


def complete(data: CheckInput) -> CheckResult:
    answer = data.answer
    problems = [
        f"{name} is empty"
        for name in ("proposed", "purpose", "default", "discretion", "escalation", "rationale")
        if not getattr(answer, name).strip()
    ]
    if squash(answer.proposed).lower() == squash(data.original).lower():
        problems.append("the proposed text is the original unchanged")
    return _result("complete", problems, "purpose, default, discretion and escalation are given")


def _stems(text: str) -> set[str]:
    # A five-letter prefix is stem enough to match "refund"/"refunds"/"refunded".
    return {w[:5] for w in _content(text)}


def on_topic(data: CheckInput) -> CheckResult:
    """The rewrite is about the rule: it keeps a fair share of the rule's own key words."""
    key_words = _stems(data.original)
    kept = key_words & _stems(data.answer.proposed)
    share = len(kept) / len(key_words) if key_words else 1.0
    problems = (
        [f"the rewrite keeps {len(kept)} of the rule's {len(key_words)} key words"]
        if share < ON_TOPIC_SHARE
        else []
    )
    return _result("on_topic", problems, f"keeps {share:.0%} of the rule's key words")


def quotes_verbatim(data: CheckInput) -> CheckResult:
    problems = [
        f"{c.source} {c.id}: quote not found at {c.start}..{c.end}: {c.quote[:80]!r}"
        for c in data.citations
        if not c.verified
    ]
    count = len(data.citations)
    return _result("quotes_verbatim", problems, f"all {count} quotes found verbatim at their span")


def cited_ids_exist(data: CheckInput) -> CheckResult:
    problems = [
        f"complaint {c.id!r} was not among the complaints given"
        for c in data.citations
        if c.source == "complaint" and c.id not in data.complaint_texts
    ]
    if not any(c.source == "rule" for c in data.citations):
        problems.append("the rule itself is not cited")
    return _result("cited_ids_exist", problems, "every cited id is the rule or a given complaint")


def legal_basis_kept(data: CheckInput) -> CheckResult:
    basis = data.legal_basis
    if not basis:
        return CheckResult(
            name="legal_basis_kept", passed=True, detail="the rule has no legal basis"
        )
    answer, problems = data.answer, []
    named = squash(basis).lower()

    def names_basis(text: str) -> bool:
        return named in squash(text).lower()

    if not names_basis(answer.proposed):
        problems.append(f"the rewrite does not name {basis!r}")
    if not answer.legal_basis or not names_basis(answer.legal_basis):
        problems.append(f"legal_basis is {answer.legal_basis!r}, not {basis!r}")
    proposed_words = _content(answer.proposed)
    proposed_numbers = set(NUMBER.findall(answer.proposed))
    for sentence in _sentences(data.original):
        if not names_basis(sentence) and not OBLIGATION.search(sentence):
            continue
        missing_numbers = set(NUMBER.findall(sentence)) - proposed_numbers
        if missing_numbers:
            problems.append(f"figures {sorted(missing_numbers)} of the obligation are gone")
        words = _content(sentence)
        if words and len(words & proposed_words) / len(words) < CONTENT_KEPT:
            problems.append(f"the obligation {squash(sentence)[:80]!r} is not kept")
    basis_words = _content(basis)
    for sentence in _sentences(answer.proposed):
        if basis_words & _content(sentence) and LOOSENING.search(sentence):
            problems.append(f"loosened: {squash(sentence)[:80]!r}")
    return _result("legal_basis_kept", problems, f"{basis} and its obligation are kept")


def not_more_restrictive(data: CheckInput) -> CheckResult:
    original = [cue.lower() for cue in PROHIBITIVE.findall(data.original)]
    proposed = [cue.lower() for cue in PROHIBITIVE.findall(data.answer.proposed)]
    problems = []
    if len(proposed) > len(original):
        problems.append(
            f"{len(proposed)} prohibitive phrases against {len(original)} in the original"
        )
    new_kinds = sorted(set(proposed) - set(original))
    if new_kinds:
        problems.append(f"new kinds of prohibition: {', '.join(new_kinds)}")
    amounts = {squash(m) for m in MONEY.findall(data.original)}
    new_amounts = sorted({squash(m) for m in MONEY.findall(data.answer.proposed)} - amounts)
    if new_amounts:
        problems.append(f"new amounts of money: {', '.join(new_amounts)}")
    return _result("not_more_restrictive", problems, "no new prohibitions, fees or amounts")


def _hostile(text: str) -> bool:
    return bool(INSTRUCTION_MARKERS.search(text) or HOSTILE.search(text))


def no_complaint_instructions(data: CheckInput) -> CheckResult:
    answer = data.answer
    written = " ".join(
        [answer.proposed, answer.purpose, answer.default, answer.discretion, answer.escalation]
    )
    source = " ".join([data.original, *data.context])
    problems = []
    for complaint_id, text in data.complaint_texts.items():
        size = HOSTILE_COPY_WORDS if _hostile(text) else COPY_WORDS
        copied = {
            run
            for run in (_shingles(written, size) & _shingles(text, size)) - _shingles(source, size)
            if sum(word not in _STOP for word in run) >= 2
        }
        if copied:
            problems.append(f"text copied from complaint {complaint_id}: {' '.join(min(copied))!r}")
    original_markers = {m.lower() for m in INSTRUCTION_MARKERS.findall(data.original)}
    for marker in INSTRUCTION_MARKERS.findall(written):
        if marker.lower() not in original_markers:
            problems.append(f"instruction-like text in the rewrite: {marker!r}")
    return _result(
        "no_complaint_instructions", problems, "no complaint text or instructions copied"
    )


CHECKS = (
    complete,
    on_topic,
    quotes_verbatim,
    cited_ids_exist,
    legal_basis_kept,
    not_more_restrictive,
    no_complaint_instructions,
)


def run_checks(data: CheckInput) -> list[CheckResult]:
    # Hard-wrapped manuals break phrases across lines ("will\nnot"); compare them folded.
    folded = replace(
        data, original=squash(data.original), context=[squash(c) for c in data.context]
    )
    return [check(folded) for check in CHECKS]
