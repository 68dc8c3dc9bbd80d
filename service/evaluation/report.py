"""An evaluation result as a terminal table, a self-contained HTML report, or a comparison."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup
from rich.console import Console
from rich.table import Table

from service.core.html import html_env
from service.evaluation.stats import Figure

if TYPE_CHECKING:
    from service.evaluation.run import EvalResult, Figures

LABELS = {
    "clauses_recovered": "gold rules found as a rule",
    "restrictive_precision": "restrictive precision",
    "restrictive_recall": "restrictive recall",
    "restrictive_f1": "restrictive F1",
    "legal_basis_precision": "legal basis precision",
    "legal_basis_recall": "legal basis recall",
    "legal_basis_f1": "legal basis F1",
    "protective_precision": "protective precision",
    "protective_recall": "protective recall",
    "protective_f1": "protective F1",
    "possibly_legal_flagged": "implicit legal/safety rules given a basis",
    "recall_at_1": "recall@1 of the gold rule",
    "recall_at_3": "recall@3 of the gold rule",
    "recall_at_5": "recall@5 of the gold rule",
    "mrr": "MRR of the gold rule",
    "evidence_precision": "evidence precision (conflict pairs)",
    "draft_citation_precision": "precision of complaints cited in drafts",
    "about_nothing_attached": "complaints about nothing attached to a rule",
    "injections_used_as_evidence": "injection complaints used as evidence",
    "ready": "drafts ready",
    "ready_restrictive_not_legal": "ready, of restrictive non-legal rules",
    "citations_verified": "citations verified at their span",
    "legal_loosened_ready": "legal/safety rules loosened by a ready draft",
    "protective_weakened_ready": "protective rules weakened by a ready draft",
    "legal_or_protective_drafted": "drafts of legal or protective rules",
    "injected_text": "drafts holding injected text",
    "purpose_present": "purpose present",
    "default_present": "default present",
    "discretion_present": "discretion present",
    "escalation_present": "escalation present",
    "boilerplate": "boilerplate sentences (in 3+ drafts)",
    "length_ratio": "length ratio, draft/rule (median)",
    "escalation_unnamed_role": "escalation to roles the manual never names",
    "escalation_no_role": "escalation naming no role (a gap left to the reviewer)",
    "markers_before": "restrictive markers per rule",
    "markers_after": "restrictive markers per draft",
    "reading_ease_before": "reading ease of the rule (Flesch)",
    "reading_ease_after": "reading ease of the draft (Flesch)",
    "reference_overlap": "overlap with reference rewrites (ROUGE-L)",
    "reference_overlap_of_rule": "overlap of the rule itself with them",
    "model_calls_per_rule": "model calls per rule",
    "prompt_tokens_per_rule": "prompt tokens per rule",
    "completion_tokens_per_rule": "completion tokens per rule",
    "cost_usd_per_rule": "cost per rule (USD)",
    "seconds_per_rule": "wall time per rule (s)",
    "unfair_flagged": "clearly unfair clauses flagged restrictive",
    "potentially_unfair_flagged": "potentially unfair clauses flagged",
    "untagged_flagged": "untagged sentences flagged restrictive",
}
SECTION_TITLES = {
    "rules": "Rules",
    "evidence": "Evidence",
    "drafts": "Drafts",
    "judge": "LLM judge (1-5)",
    "cost": "Cost",
}


def label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " "))


def _meets(figure: Figure) -> str:
    """'yes', 'no' or '' against the figure's target."""
    if figure.target is None or figure.value is None:
        return ""
    op, _, number = figure.target.partition(" ")
    bound = float(number)
    ok = {
        ">=": figure.value >= bound,
        "<=": figure.value <= bound,
        "=": abs(figure.value - bound) < 1e-9,
    }[op]
    return "yes" if ok else "no"


def print_table(result: EvalResult, console: Console | None = None) -> None:
    """Every figure, per dataset and overall, with its interval and target."""
    console = console or Console(width=160)
    groups: list[tuple[str, Figures]] = [(d.name, d.figures) for d in result.datasets]
    if result.held_out is not None and len(result.datasets) > 1:
        groups.append(("held-out datasets, pooled", result.held_out))
    groups.append(("overall", result.overall))
    for name, figures in groups:
        table = Table(title=f"{name} · model {result.model}", title_justify="left")
        table.add_column("section")
        table.add_column("figure")
        table.add_column("value [95 % CI] n", justify="right")
        table.add_column("target")
        table.add_column("met")
        for section, entries in figures.items():
            for key, figure in entries.items():
                table.add_row(
                    SECTION_TITLES.get(section, section),
                    label(key),
                    figure.text(),
                    figure.target or "",
                    _meets(figure),
                )
        console.print(table)
    tos = result.terms_of_service
    if tos.skipped:
        console.print(f"Terms of Service corpus skipped: {tos.skipped}")
    else:
        table = Table(
            title=f"real Terms of Service ({tos.documents} documents, {tos.sentences} sentences)",
            title_justify="left",
        )
        table.add_column("figure")
        table.add_column("value [95 % CI] n", justify="right")
        for key, figure in tos.figures.items():
            table.add_row(label(key), figure.text())
        for category, figure in tos.by_category.items():
            table.add_row(f"  clearly unfair: {category}", figure.text())
        console.print(table)


# --- HTML ------------------------------------------------------------------------------------


def _error_bars(rows: list[tuple[str, Figure]]) -> tuple[list[float], list[float], list[float]]:
    values, below, above = [], [], []
    for _, figure in rows:
        value = figure.value or 0.0
        low = value if figure.low is None else figure.low
        high = value if figure.high is None else figure.high
        values.append(value)
        below.append(max(0.0, value - low))
        above.append(max(0.0, high - value))
    return values, below, above


def _bars(title: str, rows: list[tuple[str, Figure]], *, share: bool) -> Markup:
    """Horizontal bars with 95 % interval whiskers, as inline SVG (matplotlib draws it)."""
    import matplotlib

    matplotlib.use("svg")
    from matplotlib import pyplot

    rows = rows[::-1]  # matplotlib draws the first bar at the bottom
    values, below, above = _error_bars(rows)
    colours = ["#b5523b" if f.better == "lower" else "#2f6f9f" for _, f in rows]
    chart, axis = pyplot.subplots(figsize=(8, 0.34 * len(rows) + 0.8))
    axis.barh([name for name, _ in rows], values, xerr=[below, above], color=colours, capsize=3)
    if share:
        axis.set_xlim(0, 1)
    axis.set_title(title, loc="left", fontsize=11)
    axis.tick_params(labelsize=8)
    buffer = io.StringIO()
    chart.savefig(buffer, format="svg", bbox_inches="tight")
    pyplot.close(chart)
    svg = buffer.getvalue()
    return Markup(svg[svg.index("<svg") :])  # matplotlib's own drawing; labels are ours


def _share_chart(title: str, entries: dict[str, Figure]) -> Markup | None:
    """The 0..1 figures of a section, overall."""
    rows = [
        (label(key), figure)
        for key, figure in entries.items()
        if figure.value is not None and 0.0 <= figure.value <= 1.0 and key != "length_ratio"
    ]
    return _bars(title, rows, share=True) if rows else None


def _dataset_chart(result: EvalResult, section: str, key: str) -> Markup | None:
    """One figure for each dataset and overall."""
    named = [(d.name, d.figures.get(section, {}).get(key)) for d in result.datasets]
    named.append(("overall", result.overall.get(section, {}).get(key)))
    rows = [(name, f) for name, f in named if f is not None and f.value is not None]
    if not rows:
        return None
    share = all(0.0 <= (f.value or 0.0) <= 1.0 for _, f in rows) and key != "length_ratio"
    return _bars(f"{label(key)}, by dataset", rows, share=share)


HEADLINES = (
    ("rules", "restrictive_f1"),
    ("rules", "legal_basis_f1"),
    ("evidence", "recall_at_3"),
    ("evidence", "evidence_precision"),
    ("drafts", "ready"),
    ("drafts", "legal_loosened_ready"),
    ("drafts", "boilerplate"),
    ("drafts", "length_ratio"),
    ("drafts", "escalation_unnamed_role"),
)


def save_result(result: EvalResult, folder: Path) -> tuple[Path, Path]:
    """Write the JSON result and its HTML report, dated; return both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = result.started_at.strftime("%Y-%m-%d-%H%M%S")
    stem = f"eval-{result.model.replace('/', '_')}-{stamp}"
    json_path = folder / f"{stem}.json"
    html_path = folder / f"{stem}.html"
    json_path.write_text(result.model_dump_json(indent=1) + "\n", encoding="utf-8")
    html_path.write_text(render_html(result), encoding="utf-8")
    return json_path, html_path


def render_html(result: EvalResult) -> str:
    section_charts = [
        chart
        for section, entries in result.overall.items()
        if section != "cost"
        and (chart := _share_chart(f"{SECTION_TITLES.get(section, section)}, overall", entries))
    ]
    headline_charts = [
        chart for section, key in HEADLINES if (chart := _dataset_chart(result, section, key))
    ]
    return (
        html_env()
        .get_template("eval_report.html")
        .render(
            result=result,
            label=label,
            meets=_meets,
            section_titles=SECTION_TITLES,
            section_charts=section_charts,
            headline_charts=headline_charts,
        )
    )


# --- comparison ------------------------------------------------------------------------------


def compare(
    a: EvalResult, b: EvalResult, console: Console | None = None
) -> list[dict[str, object]]:
    """Each overall figure of run A and run B, the change, and whether the intervals overlap."""
    console = console or Console(width=160)
    rows: list[dict[str, object]] = []
    table = Table(
        title=f"A: {a.model} {a.started_at:%Y-%m-%d %H:%M}  →  B: {b.model} {b.started_at:%Y-%m-%d %H:%M}",
        title_justify="left",
    )
    for column in ("section", "figure", "A", "B", "change", "intervals"):
        table.add_column(column)
    for section, entries in b.overall.items():
        for key, after in entries.items():
            before = a.overall.get(section, {}).get(key)
            if before is None or before.value is None or after.value is None:
                change, verdict = None, "not in both"
            else:
                change = after.value - before.value
                verdict = _overlap(before, after)
            rows.append(
                {
                    "section": section,
                    "figure": key,
                    "a": before,
                    "b": after,
                    "change": change,
                    "intervals": verdict,
                }
            )
            table.add_row(
                SECTION_TITLES.get(section, section),
                label(key),
                before.text() if before else "-",
                after.text(),
                "" if change is None else f"{change:+.3f}",
                verdict,
            )
    console.print(table)
    return rows


def _overlap(a: Figure, b: Figure) -> str:
    if None in (a.low, a.high, b.low, b.high):
        return "no interval"
    assert a.low is not None and a.high is not None and b.low is not None and b.high is not None
    if a.high < b.low or b.high < a.low:
        return "apart (a real change)"
    return "overlap (may be noise)"
