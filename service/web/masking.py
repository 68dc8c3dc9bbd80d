"""What of a complaint a caller sees: its personal data masked unless the caller's role
allows the original.

Complaints are stored as written. Reviewers and owners judge rules and rewrites, which the
customer's card number, address or name do not bear on, so they see `[CARD]`, `[ADDRESS]`,
`[NAME]`...; admins, who answer for the data, see the original.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from service.core.domain import Citation, Complaint, Conflict, Role, RuleMatch, Suggestion, User
from service.core.personal_data import Masked, mask, names_in
from service.stages.root import Root

# The roles that see complaints as written.
SEES_ORIGINALS: tuple[Role, ...] = ("admin",)


def sees_originals(user: User) -> bool:
    return any(user.has(role) for role in SEES_ORIGINALS)


def masked_complaint(complaint: Complaint) -> Masked:
    return mask(complaint.text, names=names_in(complaint.metadata))


def complaints(items: Sequence[Complaint], user: User) -> list[Complaint]:
    if sees_originals(user):
        return list(items)
    return [
        c.model_copy(update={"text": masked_complaint(c).text, "metadata": _masked_metadata(c)})
        for c in items
    ]


def _masked_metadata(complaint: Complaint) -> dict[str, object]:
    """The file's other columns, a name column's value masked."""
    names = set(names_in(complaint.metadata))
    return {
        key: "[NAME]" if isinstance(value, str) and value.strip() in names else value
        for key, value in complaint.metadata.items()
    }


def _segment(masked: Masked | None, start: int, end: int, quote: str) -> str:
    """A quote at [start, end) of a complaint, as it reads masked."""
    if masked is not None and 0 <= start < end <= len(masked.original):
        return masked.segment(start, end)
    return mask(quote).text


def _texts(root: Root, ids: Iterable[str]) -> dict[str, Masked]:
    return {cid: masked_complaint(c) for cid, c in root.library.complaints_by_id(ids).items()}


def citations(citations: Sequence[Citation], texts: dict[str, Masked]) -> list[Citation]:
    return [
        c.model_copy(update={"quote": _segment(texts.get(c.id), c.start, c.end, c.quote)})
        if c.source == "complaint"
        else c
        for c in citations
    ]


def suggestions(root: Root, items: Sequence[Suggestion], user: User) -> list[Suggestion]:
    if sees_originals(user):
        return list(items)
    texts = _texts(root, {c.id for s in items for c in s.citations if c.source == "complaint"})
    return [s.model_copy(update={"citations": citations(s.citations, texts)}) for s in items]


def suggestion(root: Root, item: Suggestion, user: User) -> Suggestion:
    return suggestions(root, [item], user)[0]


def conflicts(root: Root, items: Sequence[Conflict], user: User) -> list[Conflict]:
    if sees_originals(user):
        return list(items)
    texts = _texts(root, {e.id for c in items for e in c.complaints})
    return [
        c.model_copy(
            update={
                "complaints": [
                    e.model_copy(
                        update={"quote": _segment(texts.get(e.id), e.start, e.end, e.quote)}
                    )
                    for e in c.complaints
                ]
            }
        )
        for c in items
    ]


def rule_matches(
    root: Root, complaint_id: str, items: Sequence[RuleMatch], user: User
) -> list[RuleMatch]:
    if sees_originals(user):
        return list(items)
    text = _texts(root, [complaint_id]).get(complaint_id)
    return [m.model_copy(update={"quote": _segment(text, m.start, m.end, m.quote)}) for m in items]
