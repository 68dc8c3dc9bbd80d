"""A batch's report and revised drafts, built from what is stored (nothing else), so that a
resumed run writes byte for byte what an uninterrupted one would."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.batch.store import counts_by_manual, get_batch, manuals_of, usage_of
from service.core.domain import BatchCounts, BatchReport, BatchRuleEntry, CheckResult
from service.core.errors import NotFound
from service.ingest.manuals import rules_of, version_row
from service.review.docx_export import write_docx
from service.review.export import revised_manual, to_markdown
from service.store.mapping import from_row
from service.store.models import BatchManualRow, BatchRuleRow, SuggestionRow

STRONGEST = 10


def manual_report(session: Session, batch_id: str, manual: BatchManualRow) -> BatchReport:
    batch = get_batch(session, batch_id)
    if manual.version is None:
        raise NotFound(f"manual {manual.manual_id!r} of batch {batch_id} is not ingested yet")
    version = version_row(session, manual.manual_id, manual.version)
    rules = {rule.id: rule for rule in rules_of(session, version)}
    rows = session.scalars(
        select(BatchRuleRow)
        .where(BatchRuleRow.batch_id == batch_id, BatchRuleRow.manual_id == manual.manual_id)
        .order_by(BatchRuleRow.position)
    ).all()
    blocked_ids = [r.suggestion_id for r in rows if r.status == "blocked" and r.suggestion_id]
    checks = {
        sid: [CheckResult.model_validate(c) for c in found if not c["passed"]]
        for sid, found in session.execute(
            select(SuggestionRow.id, SuggestionRow.checks).where(SuggestionRow.id.in_(blocked_ids))
        )
    }
    entries = []
    for row in rows:
        rule = rules[row.rule_id]
        entries.append(
            from_row(
                BatchRuleEntry,
                row,
                number=rule.number,
                section=rule.section,
                text=" ".join(rule.text.split()),
                outcome=row.state,
                complaints=len(row.evidence),
                failed_checks=checks.get(row.suggestion_id or "", []),
            )
        )
    drafted = [e for e in entries if e.outcome == "drafted"]
    strongest = sorted(drafted, key=lambda e: (-e.evidence_strength, e.rule_id))[:STRONGEST]
    return BatchReport(
        batch=batch_id,
        model=batch.model,
        state=batch.state,
        manual=manual.manual_id,
        title=version.title,
        version=version.version,
        file=manual.filename,
        format=version.format,
        counts=counts_by_manual(session, batch_id).get(manual.manual_id, BatchCounts()),
        usage=usage_of(session, batch_id, manual.manual_id),
        strongest=strongest,
        blocked=[e for e in drafted if e.status == "blocked"],
        failed=[e for e in entries if e.outcome == "failed"],
        skipped=[e for e in entries if e.outcome == "skipped"],
        rules=entries,
    )


def reports(session: Session, batch_id: str) -> list[BatchReport]:
    get_batch(session, batch_id)
    return [manual_report(session, batch_id, m) for m in manuals_of(session, batch_id) if m.planned]


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _rule_name(entry: BatchRuleEntry) -> str:
    return (
        f"{entry.number} ({entry.section})"
        if entry.number
        else f"`{entry.rule_id}` ({entry.section})"
    )


def report_markdown(report: BatchReport) -> str:
    c, u = report.counts, report.usage
    cost = f"${u.cost:.4f}" if u.cost is not None else "not priced for this model"
    lines = [
        f"# Batch report: {report.title}",
        "",
        f"Batch `{report.batch}`, model `{report.model}`, state **{report.state}**. "
        f"Manual `{report.manual}` version {report.version}, from `{report.file}` ({report.format}).",
        "",
        "| rules | to draft | drafted | ready | blocked | failed | pending | skipped |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {c.rules} | {c.to_draft} | {c.drafted} | {c.ready} | {c.blocked} | {c.failed} "
        f"| {c.pending} | {c.skipped} |",
        "",
        f"Model calls: {u.model_calls}. Tokens: {u.prompt_tokens:,} prompt, "
        f"{u.completion_tokens:,} completion. Cost: {cost}."
        + (f" {c.reused} drafts were reused from earlier runs (no call)." if c.reused else ""),
        "",
        "Every drafted rewrite waits in the review queue; the revised draft applies the "
        "`ready` ones provisionally, marked as not yet reviewed.",
        "",
        "## Strongest evidence",
        "",
    ]
    if not report.strongest:
        lines.append("No rule was drafted.")
    for n, entry in enumerate(report.strongest, 1):
        lines.append(
            f"{n}. **{_rule_name(entry)}**: evidence {entry.evidence_strength:.2f} from "
            f"{entry.complaints} complaint{'s' if entry.complaints != 1 else ''}; "
            f"suggestion `{entry.suggestion_id}` is {entry.status}.  \n   {entry.text}"
        )
    lines += ["", "## Blocked suggestions", ""]
    if not report.blocked:
        lines.append("None: every drafted rewrite passed its checks.")
    for entry in report.blocked:
        failed = "; ".join(f"{c.name}: {c.detail}" for c in entry.failed_checks)
        lines.append(f"- **{_rule_name(entry)}**, suggestion `{entry.suggestion_id}`: {failed}")
    lines += ["", "## Failed rules", ""]
    if not report.failed:
        lines.append("None.")
    else:
        lines.append("Run the same command again with `--retry-failed` to retry only these.")
        lines.append("")
    for entry in report.failed:
        lines.append(
            f"- **{_rule_name(entry)}** after {entry.attempts} tries: {_cell(entry.reason)}"
        )
    lines += ["", "## Skipped rules", ""]
    if not report.skipped:
        lines.append("None.")
    else:
        lines += ["| rule | reason | text |", "| --- | --- | --- |"]
    for entry in report.skipped:
        lines.append(
            f"| {_cell(entry.number or entry.rule_id)} | {_cell(entry.reason)} | {_cell(entry.text)} |"
        )
    return "\n".join(lines) + "\n"


MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def output_names(report: BatchReport) -> list[str]:
    names = [f"{report.manual}.revised.md"]
    if report.format == "docx":
        names.append(f"{report.manual}.revised.docx")
    return [*names, f"{report.manual}.report.md", f"{report.manual}.report.json"]


def outputs(session: Session, batch_id: str, *, only: str | None = None) -> list[tuple[str, bytes]]:
    """(file name, content) of every output (or of the one named `only`): per manual, the
    revised draft (Markdown, and DOCX when the input was DOCX) and the report (Markdown and
    JSON)."""
    files: list[tuple[str, bytes]] = []
    created = get_batch(session, batch_id).created_at
    for report in reports(session, batch_id):
        names = [n for n in output_names(report) if only is None or n == only]
        if not names:
            continue
        drafted = {e.suggestion_id for e in report.rules if e.outcome == "drafted"}
        draft = revised_manual(
            session,
            report.manual,
            provisional=True,
            drafts={d for d in drafted if d},
            version_number=report.version,
        )
        for name in names:
            if name.endswith(".revised.md"):
                files.append((name, to_markdown(draft).encode()))
            elif name.endswith(".revised.docx"):
                files.append((name, write_docx(draft, when=created)))
            elif name.endswith(".report.md"):
                files.append((name, report_markdown(report).encode()))
            else:
                files.append((name, report.model_dump_json(indent=2).encode() + b"\n"))
    if only is not None and not files:
        raise NotFound(f"batch {batch_id} has no output {only!r}")
    return files
