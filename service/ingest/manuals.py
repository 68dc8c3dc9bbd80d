"""Store a manual: new manual, new version of a changed one, or nothing for the same file."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from service.core.domain import ManualVersionInfo, Rule
from service.core.errors import BadInput, NotFound
from service.ingest.classify import RuleClassifier
from service.ingest.clauses import normalise, rule_id, split_clauses
from service.ingest.reading import read_manual
from service.store.mapping import from_row, row_values
from service.store.models import ManualRow, ManualVersionRow, RuleRow


@dataclass(frozen=True)
class ParsedManual:
    format: str
    title: str
    text: str
    rules: list[Rule]
    blocks: list[dict[str, int | str]]


@dataclass(frozen=True)
class ManualIngest:
    info: ManualVersionInfo
    rules: list[Rule]
    unchanged: bool


def manual_slug(filename: str) -> str:
    stem = PurePath(filename).stem
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug[:100] or "manual"


def parse_manual(
    *, data: bytes, filename: str, manual_id: str, max_bytes: int, classifier: RuleClassifier
) -> ParsedManual:
    """Read, split and classify a manual without touching the store."""
    document = read_manual(data, filename, max_bytes=max_bytes)
    clauses = split_clauses(document)
    if not clauses:
        raise BadInput(f"{filename}: no clauses found (only headings, or no text)")
    seen: Counter[str] = Counter()
    rules: list[Rule] = []
    verdicts = classifier.classify_all(
        [(document.text[c.start : c.end], c.section, c.lead_in) for c in clauses]
    )
    for clause, verdict in zip(clauses, verdicts, strict=True):
        text = document.text[clause.start : clause.end]
        key = f"{clause.section}\x1f{normalise(text).lower()}"
        occurrence = seen[key]
        seen[key] += 1
        rules.append(
            Rule(
                id=rule_id(manual_id, clause, text, occurrence),
                manual=manual_id,
                version=0,
                section=clause.section,
                number=clause.number,
                text=text,
                start=clause.start,
                end=clause.end,
                line_start=clause.line_start,
                line_end=clause.line_end,
                restrictive=verdict.restrictive,
                legal_basis=verdict.legal_basis,
                possible_basis=verdict.possible_basis,
                protective=verdict.protective,
                lead_in=clause.lead_in,
                cues=verdict.cues,
            )
        )
    title = document.title or PurePath(filename).stem
    blocks: list[dict[str, int | str]] = [
        {"kind": b.kind, "start": b.start, "end": b.end, "level": b.level} for b in document.blocks
    ]
    return ParsedManual(document.format, title, document.text, rules, blocks)


def store_manual(
    session: Session,
    *,
    data: bytes,
    filename: str,
    max_bytes: int,
    classifier: RuleClassifier,
    manual_id: str | None = None,
) -> ManualIngest:
    manual_id = manual_id or manual_slug(filename)
    parsed = parse_manual(
        data=data,
        filename=filename,
        manual_id=manual_id,
        max_bytes=max_bytes,
        classifier=classifier,
    )
    content_hash = hashlib.sha256(data).hexdigest()
    manual = session.get(ManualRow, manual_id)
    existing = session.scalar(
        select(ManualVersionRow).where(
            ManualVersionRow.manual_id == manual_id, ManualVersionRow.content_hash == content_hash
        )
    )
    if existing is not None:
        return ManualIngest(version_info(session, existing), rules_of(session, existing), True)
    if manual is None:
        manual = ManualRow(id=manual_id, title=parsed.title, latest_version=0)
        session.add(manual)
    manual.latest_version += 1
    manual.title = parsed.title
    version = ManualVersionRow(
        manual_id=manual_id,
        version=manual.latest_version,
        filename=PurePath(filename).name,
        format=parsed.format,
        content_hash=content_hash,
        title=parsed.title,
        text=parsed.text,
        blocks=parsed.blocks,
    )
    session.add(version)
    session.flush()
    for position, rule in enumerate(parsed.rules):
        session.add(
            RuleRow(
                version_id=version.id,
                manual_id=manual_id,
                position=position,
                **row_values(rule, RuleRow),
            )
        )
    session.flush()
    return ManualIngest(version_info(session, version), rules_of(session, version), False)


def _rule(row: RuleRow, version: int) -> Rule:
    # a rule's row names its manual `manual_id` and its version by the version row's id
    return from_row(Rule, row, manual=row.manual_id, version=version, cues=list(row.cues or []))


def rules_of(session: Session, version: ManualVersionRow) -> list[Rule]:
    rows = session.scalars(
        select(RuleRow).where(RuleRow.version_id == version.id).order_by(RuleRow.position)
    )
    return [_rule(row, version.version) for row in rows]


def version_info(session: Session, version: ManualVersionRow) -> ManualVersionInfo:
    counts = session.execute(
        select(func.count(), func.coalesce(func.sum(cast(RuleRow.restrictive, Integer)), 0)).where(
            RuleRow.version_id == version.id
        )
    ).one()
    return from_row(
        ManualVersionInfo,
        version,
        manual=version.manual_id,
        rules=int(counts[0]),
        restrictive_rules=int(counts[1]),
    )


def version_row(session: Session, manual_id: str, version: int) -> ManualVersionRow:
    """One stored version of a manual."""
    found = session.scalars(
        select(ManualVersionRow).where(
            ManualVersionRow.manual_id == manual_id, ManualVersionRow.version == version
        )
    ).first()
    if found is None:
        raise NotFound(f"manual {manual_id!r} version {version} is not stored")
    return found


def latest_versions(session: Session, manual: str | None = None) -> list[ManualVersionRow]:
    query = select(ManualVersionRow).join(
        ManualRow,
        (ManualRow.id == ManualVersionRow.manual_id)
        & (ManualRow.latest_version == ManualVersionRow.version),
    )
    if manual is not None:
        if session.get(ManualRow, manual) is None:
            raise NotFound(f"no manual {manual!r}; list manuals with `policy-rewriter manuals`")
        query = query.where(ManualVersionRow.manual_id == manual)
    return list(session.scalars(query.order_by(ManualVersionRow.manual_id)))


def current_rules(session: Session, manual: str | None = None) -> list[Rule]:
    """The rules of the newest version of each manual (or of one manual)."""
    return [
        rule for version in latest_versions(session, manual) for rule in rules_of(session, version)
    ]


def find_rule(session: Session, rule_id_: str) -> Rule:
    row = session.execute(
        select(RuleRow, ManualVersionRow.version)
        .join(ManualVersionRow, RuleRow.version_id == ManualVersionRow.id)
        .where(RuleRow.id == rule_id_)
        .order_by(ManualVersionRow.version.desc())
    ).first()
    if row is None:
        raise NotFound(f"no rule {rule_id_!r}")
    return _rule(row[0], row[1])
