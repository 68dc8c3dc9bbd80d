"""One evaluation run: every dataset, the Terms of Service corpus, and the result to save."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from service.core.errors import BadInput
from service.core.llm import ModelOptions
from service.core.settings import Settings
from service.drafting.models import open_model
from service.evaluation.datasets import Dataset
from service.evaluation.figures import all_figures
from service.evaluation.judge import DraftJudge
from service.evaluation.observe import DatasetObservations, DraftObservation, observe
from service.evaluation.stats import Figure
from service.evaluation.tos import TermsOfServiceResult, evaluate_terms
from service.index.embeddings import create_embedder
from service.stages.root import rule_classifier

Figures = dict[str, dict[str, Figure]]


class DatasetResult(BaseModel):
    name: str
    description: str
    industry: str
    jurisdiction: str
    held_out: bool
    counts: dict[str, int]
    figures: Figures
    judge_failures: list[str] = Field(default_factory=list)
    draft_failures: list[str] = Field(default_factory=list)


class DraftSample(BaseModel):
    """A draft as a reader sees it, with what the evaluation found wrong with it."""

    dataset: str
    rule_id: str
    rule: str
    proposed: str
    escalation: str
    status: str
    problems: list[str]


class EvalResult(BaseModel):
    date: str
    started_at: datetime
    seconds: float
    model: str
    api_base: str | None
    judge: str | None
    datasets: list[DatasetResult]
    overall: Figures
    held_out: Figures | None = Field(description="Pooled over the held-out datasets only.")
    terms_of_service: TermsOfServiceResult
    drafts: list[DraftSample]


def load_result(path: Path) -> EvalResult:
    try:
        return EvalResult.model_validate_json(path.read_bytes())
    except FileNotFoundError as exc:
        raise BadInput(f"no evaluation result at {path}") from exc
    except ValueError as exc:
        raise BadInput(f"{path} is not an evaluation result: {str(exc).splitlines()[0]}") from exc


def _problems(d: DraftObservation) -> list[str]:
    found = []
    if d.loosened:
        found.append(f"loosens a legal or protective rule: {d.loosened}")
    found.extend(f"holds injected text ({hit})" for hit in d.injected)
    if d.unnamed_roles:
        found.append(f"escalates to roles the manual never names: {', '.join(d.unnamed_roles)}")
    if d.citations_verified < d.citations:
        found.append("a citation is not at its span")
    return found


def _result_of(observed: DatasetObservations, dataset: Dataset) -> DatasetResult:
    info = dataset.info
    return DatasetResult(
        name=info.name,
        description=info.description,
        industry=info.industry,
        jurisdiction=info.jurisdiction,
        held_out=info.held_out,
        counts={
            "manuals": observed.manuals,
            "gold_rules": len(observed.rules),
            "rules_extracted": observed.rules_extracted,
            "complaints": len(observed.complaints),
            "complaints_stored": observed.complaints_stored,
            "drafts": len(observed.drafts),
            "drafts_failed": len(observed.draft_failures),
        },
        figures=all_figures([observed]),
        judge_failures=observed.judge_failures,
        draft_failures=[f"{rule}: {error}" for rule, error in observed.draft_failures.items()],
    )


def evaluate(
    datasets: list[Dataset],
    *,
    settings: Settings,
    model: str,
    api_base: str | None = None,
    judge: str | None = None,
    judge_api_base: str | None = None,
    terms_path: Path | None = None,
    say: Callable[[str], None] = print,
) -> EvalResult:
    """Run the product on every dataset and measure it."""
    started = datetime.now(UTC)
    begin = time.perf_counter()
    embedder = create_embedder(
        settings.embedding_model,
        api_base=settings.embedding_api_base,
        batch_size=settings.embedding_batch_size,
    )
    drafter_judge = None
    if judge:
        options = ModelOptions(
            model=judge,
            api_base=judge_api_base,
            api_key=settings.api_key,
            timeout=settings.model_timeout,
        )
        drafter_judge = DraftJudge(open_model(options))
    observed: list[DatasetObservations] = []
    results: list[DatasetResult] = []
    for dataset in datasets:
        say(f"evaluating {dataset.name} ...")
        one = observe(
            dataset,
            settings=settings,
            embedder=embedder,
            model=model,
            api_base=api_base,
            judge=drafter_judge,
            judge_model=judge,
        )
        observed.append(one)
        results.append(_result_of(one, dataset))
    held = [o for o in observed if o.held_out]
    classifier = rule_classifier(settings, lambda: embedder)
    terms = (
        evaluate_terms(terms_path, classifier)
        if terms_path is not None
        else TermsOfServiceResult(source="", skipped="no Terms of Service corpus was given")
    )
    samples = [
        DraftSample(
            dataset=o.name,
            rule_id=d.rule_id,
            rule=d.rule,
            proposed=d.proposed,
            escalation=d.escalation,
            status=d.status,
            problems=_problems(d),
        )
        for o in observed
        for d in o.drafts
    ]
    return EvalResult(
        date=started.date().isoformat(),
        started_at=started,
        seconds=round(time.perf_counter() - begin, 1),
        model=model,
        api_base=api_base,
        judge=judge,
        datasets=results,
        overall=all_figures(observed),
        held_out=all_figures(held) if held else None,
        terms_of_service=terms,
        drafts=samples,
    )
