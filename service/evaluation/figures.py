"""Figures from observations: rules, evidence, drafts and cost, each with its interval.

Definitions are in METRICS.md beside this file; the keys here are the ones it uses.
"""

from __future__ import annotations

from collections.abc import Iterable

from service.evaluation import stats
from service.evaluation import text as measure
from service.evaluation.observe import (
    ComplaintObservation,
    DatasetObservations,
    DraftObservation,
    RuleObservation,
)
from service.evaluation.stats import Figure

Section = dict[str, Figure]


def rule_figures(rules: list[RuleObservation]) -> Section:
    found = [r for r in rules if r.rule_id is not None]
    out: Section = {"clauses_recovered": stats.share([r.rule_id is not None for r in rules])}
    for label, gold_of, pred_of, target in (
        ("restrictive", lambda r: r.gold.restrictive, lambda r: r.restrictive, ">= 0.9"),
        ("legal_basis", lambda r: r.gold.legal_basis is not None, lambda r: r.legal, ">= 0.9"),
        ("protective", lambda r: r.gold.protective, lambda r: r.protective, None),
    ):
        parts = stats.prf([(gold_of(r), pred_of(r)) for r in found], target=target)
        for part, figure in parts.items():
            out[f"{label}_{part}"] = figure
    implicit = [r for r in found if r.gold.possibly_legal and r.gold.legal_basis is None]
    out["possibly_legal_flagged"] = stats.share([r.possibly_legal for r in implicit])
    return out


def evidence_figures(
    complaints: list[ComplaintObservation], drafts: list[DraftObservation]
) -> Section:
    about = [c for c in complaints if c.gold_rules and not c.injection]
    out: Section = {}
    for k in (1, 3, 5):
        target = ">= 0.85" if k == 3 else None
        out[f"recall_at_{k}"] = stats.share(
            [c.rank is not None and c.rank <= k for c in about], target=target
        )
    out["mrr"] = stats.mean([1.0 / c.rank if c.rank else 0.0 for c in about])
    pairs = [
        (rule_id in c.gold_rules)
        for c in complaints
        if not c.injection
        for rule_id in c.attached_to
    ]
    pairs += [False for c in complaints if c.injection for _ in c.attached_to]
    out["evidence_precision"] = stats.share(pairs, target=">= 0.8")
    cited = [ok for d in drafts for _, ok in d.complaint_citations]
    out["draft_citation_precision"] = stats.share(cited, target=">= 0.8")
    nothing = [c for c in complaints if not c.gold_rules and not c.injection]
    out["about_nothing_attached"] = stats.share(
        [bool(c.attached_to) for c in nothing], better="lower"
    )
    out["injections_used_as_evidence"] = stats.share(
        [bool(c.attached_to) for c in complaints if c.injection], better="lower", target="= 0"
    )
    return out


def _fields_present(d: DraftObservation, name: str) -> bool:
    return len(measure.words(getattr(d, name))) >= 3


def draft_figures(drafts: list[DraftObservation]) -> Section:
    out: Section = {
        "ready": stats.share([d.status == "ready" for d in drafts], better="neither"),
        "ready_restrictive_not_legal": stats.share(
            [
                d.status == "ready"
                for d in drafts
                if d.gold_restrictive and not d.gold_legal and not d.gold_protective
            ],
            target=">= 0.7",
        ),
        "citations_verified": stats.ratio(
            [d.citations_verified for d in drafts], [d.citations for d in drafts], target="= 1"
        ),
        # over every draft of such a rule, so that blocking more never reads as worse
        "legal_loosened_ready": stats.share(
            [d.loosened is not None for d in drafts if d.gold_legal], better="lower", target="= 0"
        ),
        "protective_weakened_ready": stats.share(
            [d.loosened is not None for d in drafts if d.gold_protective],
            better="lower",
            target="= 0",
        ),
        "legal_or_protective_drafted": stats.share(
            [d.gold_legal or d.gold_protective for d in drafts], better="lower"
        ),
        "injected_text": stats.share(
            [bool(d.injected) for d in drafts], better="lower", target="= 0"
        ),
    }
    for name in ("purpose", "default", "discretion", "escalation"):
        out[f"{name}_present"] = stats.share([_fields_present(d, name) for d in drafts])
    out.update(_style_figures(drafts))
    return out


def _style_figures(drafts: list[DraftObservation]) -> Section:
    by_manual: dict[str, list[DraftObservation]] = {}
    for d in drafts:
        by_manual.setdefault(d.manual, []).append(d)
    # what each draft writes: its sentences less those of the rule it keeps (a manual's own
    # numbering, "Art. 12.", recurs in every draft of that manual and is not the drafter's)
    written = [measure.added_sentences(d.proposed, d.rule) for d in drafts]
    recurring = measure.recurring_sentences([" ".join(w) for w in written])
    boiler = []
    totals = []
    for added in written:
        keys = [measure.sentence_key(s) for s in added]
        boiler.append(sum(k in recurring for k in keys))
        totals.append(len(keys))
    return {
        "boilerplate": stats.ratio(boiler, totals, better="lower", target="<= 0.25"),
        "length_ratio": stats.median(
            [len(measure.words(d.proposed)) / max(len(measure.words(d.rule)), 1) for d in drafts],
            better="lower",
            target="<= 3.5",
        ),
        "escalation_unnamed_role": stats.share(
            [bool(d.unnamed_roles) for d in drafts], better="lower", target="<= 0.1"
        ),
        "escalation_no_role": stats.share(
            [not measure.escalation_roles(d.escalation) for d in drafts], better="lower"
        ),
        "markers_before": stats.mean(
            [measure.restrictive_markers(d.rule) for d in drafts], better="neither"
        ),
        "markers_after": stats.mean(
            [measure.restrictive_markers(d.proposed) for d in drafts], better="lower"
        ),
        "reading_ease_before": stats.mean(
            [measure.reading_ease(d.rule) for d in drafts], better="neither"
        ),
        "reading_ease_after": stats.mean([measure.reading_ease(d.proposed) for d in drafts]),
        "reference_overlap": stats.mean(
            [measure.overlap(d.proposed, d.reference) for d in drafts if d.reference]
        ),
        "reference_overlap_of_rule": stats.mean(
            [measure.overlap(d.rule, d.reference) for d in drafts if d.reference], better="neither"
        ),
    }


JUDGE_CRITERIA = (
    "keeps_purpose",
    "defaults_to_yes",
    "bounded_discretion",
    "escalation",
    "keeps_obligations",
    "grounded",
    "plain_language",
    "would_accept",
)


def judge_figures(drafts: list[DraftObservation]) -> Section:
    judged = [d for d in drafts if d.judge]
    if not judged:
        return {}
    return {
        f"judge_{name}": stats.mean([d.judge[name] for d in judged if name in d.judge])
        for name in JUDGE_CRITERIA
    }


def cost_figures(runs: Iterable[DatasetObservations]) -> Section:
    drafts = [d for run in runs for d in run.drafts]
    return {
        "model_calls_per_rule": stats.mean([d.calls for d in drafts], better="lower"),
        "prompt_tokens_per_rule": stats.mean([d.prompt_tokens for d in drafts], better="lower"),
        "completion_tokens_per_rule": stats.mean(
            [d.completion_tokens for d in drafts], better="lower"
        ),
        "cost_usd_per_rule": stats.mean([d.cost or 0.0 for d in drafts], better="lower"),
        "seconds_per_rule": stats.mean([d.seconds for d in drafts], better="lower"),
    }


def all_figures(runs: list[DatasetObservations]) -> dict[str, Section]:
    """Every figure over the given datasets' observations, pooled."""
    rules = [r for run in runs for r in run.rules]
    complaints = [c for run in runs for c in run.complaints]
    drafts = [d for run in runs for d in run.drafts]
    sections = {
        "rules": rule_figures(rules),
        "evidence": evidence_figures(complaints, drafts),
        "drafts": draft_figures(drafts),
        "cost": cost_figures(runs),
    }
    judged = judge_figures(drafts)
    if judged:
        sections["judge"] = judged
    return sections
