"""Complaints that try to instruct the system are quarantined at ingest.

A quarantined complaint is stored and shown, with the reason, in the API and the review form,
but it is never indexed, never evidence for a rule and never shown to a model: its words
cannot reach a prompt, whatever the drafting stage does.
"""

from __future__ import annotations

import re

# Each pattern, and the reason a reviewer reads.
_ADDRESSED = r"(?:AI|A\.I\.|assistant|language model|LLM|chatbot|bot|model|reviewer|system|GPT|ChatGPT|Claude)"
INSTRUCTIONS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)*(?:previous|prior|above|earlier|preceding|existing|other)?\s*(?:instructions?|prompts?|rules|guidelines|directions)\b",
            re.I,
        ),
        "tells the system to ignore its instructions",
    ),
    (
        re.compile(
            r"(?:#{2,}\s*(?:system|instructions?)|```|\"(?:proposed|legal_basis|discretion|escalation|purpose|rationale)\"\s*:|\bsystem\s*prompt\b|(?:^|\s)(?:system|assistant)\s*:|<\|im_(?:start|end)\|>|\[/?INST\]|</?\s*(?:system|data|instructions?)\s*>|\b(?:BEGIN|END)\s+(?:OF\s+)?DATA\b)",
            re.I,
        ),
        "imitates the system's own prompt or data markers",
    ),
    (
        re.compile(
            rf"\b(?:as\s+(?:an?|the)\s+{_ADDRESSED}|(?:note|message|instructions?|memo)\s+(?:to|for)\s+(?:the\s+)?{_ADDRESSED}|dear\s+{_ADDRESSED}|{_ADDRESSED}\s+reviewer|you\s+are\s+now|new\s+(?:instructions?|task|role))\b",
            re.I,
        ),
        "addresses the system rather than the organisation",
    ),
    (
        re.compile(
            r"\b(?:delete|remove|erase|scrap|strike out|rewrite|change)\s+(?:rule|clause|section|policy|paragraph)\s+\d[\w.]*|\b(?:rewrite|amend)\s+(?:the|this)\s+(?:rule|clause|policy)\s+(?:so|to say|to read)\b|\bchange\s+(?:the|this)\s+(?:rule|clause|policy)\s+to\s+(?:say|read)\b|\b(?:mark|set)\s+(?:rule|clause|it|this)\b[^.]{0,40}\bas\s+(?:deleted|void|removed|approved)\b|\bset\s+legal_basis\b|\bthe\s+proposed\s+(?:rule|text)\b",
            re.I,
        ),
        "tells the system to change or delete a rule",
    ),
    (
        re.compile(
            rf"\b(?:{_ADDRESSED})\b[^.]{{0,60}}\b(?:approve|grant|give|recommend|award)\b[^.]{{0,60}}\b(?:free|refund|compensation|waive)",
            re.I,
        ),
        "asks the system to grant something",
    ),
]


def injection_reason(text: str) -> str | None:
    """Why a complaint reads as an attempt to instruct the system, or None."""
    reasons = [why for pattern, why in INSTRUCTIONS if pattern.search(text)]
    return "; ".join(dict.fromkeys(reasons)) or None
