"""Run the product on one dataset and record what it did, item by item.

Each dataset goes into a fresh data folder, through the same service functions the CLI and
the API use: ingest, rules, conflicts, rules for a complaint, draft. What comes back is
compared with the gold labels here; the figures are computed from these observations in
`figures`.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from service.core.domain import Citation, Rule, Suggestion
from service.core.errors import BadInput, NotFound
from service.core.settings import Settings
from service.evaluation import text as measure
from service.evaluation.datasets import Dataset, GoldRule
from service.index.embeddings import Embedder
from service.stages.root import Root

TOP_K = 10  # ranks looked at for recall@k and MRR


@dataclass
class RuleObservation:
    manual: str
    quote: str
    gold: GoldRule
    rule_id: str | None  # None: no extracted rule holds the quote
    restrictive: bool = False
    legal: bool = False
    possibly_legal: bool = False  # a basis cited or one plainly implied
    protective: bool = False


@dataclass
class ComplaintObservation:
    id: str
    gold_rules: list[str]  # extracted rule ids the complaint is about
    injection: bool
    rank: int | None  # rank of the first gold rule among the rules found for it (1-based)
    attached_to: list[str]  # rules it is evidence for in the conflicts


@dataclass
class DraftObservation:
    rule_id: str
    manual: str
    rule: str
    proposed: str
    purpose: str
    default: str
    discretion: str
    escalation: str
    status: str
    gold_restrictive: bool | None  # None: the rule is not labelled
    gold_legal: bool
    gold_protective: bool
    loosened: str | None  # why a legal or protective rule's obligation was loosened
    citations: int
    citations_verified: int
    complaint_citations: list[tuple[str, bool]]  # (complaint id, about this rule per gold)
    injected: list[str]  # injected text found in the draft
    unnamed_roles: list[str]
    reference: str | None
    calls: int
    prompt_tokens: int
    completion_tokens: int
    cost: float | None
    seconds: float
    judge: dict[str, float] = field(default_factory=dict)


@dataclass
class DatasetObservations:
    name: str
    held_out: bool
    manuals: int
    complaints_stored: int
    rules_extracted: int
    rules: list[RuleObservation]
    complaints: list[ComplaintObservation]
    drafts: list[DraftObservation]
    judge_model: str | None = None
    judge_failures: list[str] = field(default_factory=list)
    draft_failures: dict[str, str] = field(default_factory=dict)  # rule id -> error


def rule_of_quote(gold_quote: str, rules: list[Rule]) -> Rule | None:
    """The shortest extracted rule that holds the gold quote."""
    quote = measure.fold(gold_quote)
    hits = [r for r in rules if quote in measure.fold(r.text)]
    return min(hits, key=lambda r: len(r.text)) if hits else None


@dataclass
class _Ingested:
    root: Root
    manual_ids: dict[str, str]  # file name -> manual id
    manual_texts: dict[str, str]  # manual id -> the text of all its rules
    rules: list[Rule]
    by_ref: dict[tuple[str, str], str]  # (manual file, gold quote) -> rule id
    complaints_stored: int


def _ingest(dataset: Dataset, root: Root) -> _Ingested:
    manual_ids: dict[str, str] = {}
    for path in dataset.manuals:
        result = root.ingest.manual(data=path.read_bytes(), filename=path.name)
        manual_ids[path.name] = result.info.manual
    stored = 0
    for path in dataset.complaint_files:
        columns = dataset.info.columns
        report = root.ingest.complaints(
            data=path.read_bytes(),
            filename=path.name,
            text_column=columns.get("text"),
            id_column=columns.get("id"),
            date_column=columns.get("date"),
            channel_column=columns.get("channel"),
        )
        stored += report.stored
    _check_stored(dataset, root)
    rules = root.library.rules()
    texts: dict[str, str] = {}
    for rule in rules:
        texts[rule.manual] = texts.get(rule.manual, "") + "\n" + rule.text
    by_ref: dict[tuple[str, str], str] = {}
    for manual_file, golds in dataset.rules.items():
        own = [r for r in rules if r.manual == manual_ids[manual_file]]
        for gold in golds:
            found = rule_of_quote(gold.quote, own)
            if found is not None:
                by_ref[(manual_file, gold.quote)] = found.id
    return _Ingested(root, manual_ids, texts, rules, by_ref, stored)


def _check_stored(dataset: Dataset, root: Root) -> None:
    """Every labelled complaint was stored under its id, or the labels cannot be compared."""
    missing = []
    for cid in dataset.complaints:
        try:
            root.library.complaint(cid)
        except NotFound:
            missing.append(cid)
    if missing:
        raise BadInput(
            f"dataset {dataset.name}: {len(missing)} labelled complaint(s) were not stored under "
            f"their id (first: {missing[0]!r}); name the id and text columns in dataset.json "
            '("columns": {"id": ..., "text": ...}) or fix the complaint files'
        )


def _rule_observations(dataset: Dataset, state: _Ingested) -> list[RuleObservation]:
    by_id = {r.id: r for r in state.rules}
    observed = []
    for manual_file, golds in dataset.rules.items():
        for gold in golds:
            rule_id = state.by_ref.get((manual_file, gold.quote))
            rule = by_id.get(rule_id) if rule_id else None
            observed.append(
                RuleObservation(
                    manual=manual_file,
                    quote=gold.quote,
                    gold=gold,
                    rule_id=rule_id,
                    restrictive=bool(rule and rule.restrictive),
                    legal=bool(rule and rule.legal_basis),
                    possibly_legal=bool(rule and (rule.legal_basis or rule.possible_basis)),
                    protective=bool(rule and rule.protective),
                )
            )
    return observed


def _complaint_observations(dataset: Dataset, state: _Ingested) -> list[ComplaintObservation]:
    attached: dict[str, list[str]] = {}
    for conflict in state.root.matching.conflicts():
        for evidence in conflict.complaints:
            attached.setdefault(evidence.id, []).append(conflict.rule_id)
    observed = []
    for cid, gold in dataset.complaints.items():
        wanted = [
            state.by_ref[(r.manual, r.quote)]
            for r in gold.rules
            if (r.manual, r.quote) in state.by_ref
        ]
        rank = None
        if wanted:
            ranked = [m.rule_id for m in state.root.matching.rules_for_complaint(cid, top=TOP_K)]
            rank = next((i + 1 for i, rid in enumerate(ranked) if rid in wanted), None)
        observed.append(
            ComplaintObservation(
                id=cid,
                gold_rules=wanted,
                injection=gold.injection,
                rank=rank,
                attached_to=attached.get(cid, []),
            )
        )
    return observed


def _gold_of_rule(dataset: Dataset, state: _Ingested) -> dict[str, GoldRule]:
    gold_by_id: dict[str, GoldRule] = {}
    for manual_file, golds in dataset.rules.items():
        for gold in golds:
            rule_id = state.by_ref.get((manual_file, gold.quote))
            if rule_id:
                gold_by_id[rule_id] = gold
    return gold_by_id


def _about(dataset: Dataset, state: _Ingested) -> dict[str, set[str]]:
    """complaint id -> the extracted rule ids it is about, per gold."""
    return {
        cid: {
            state.by_ref[(r.manual, r.quote)]
            for r in gold.rules
            if (r.manual, r.quote) in state.by_ref
        }
        for cid, gold in dataset.complaints.items()
    }


def _draft_observation(
    suggestion: Suggestion,
    *,
    rule: Rule,
    gold: GoldRule | None,
    manual_text: str,
    about: dict[str, set[str]],
    injections: dict[str, str],
    complaint_text: Callable[[str], str | None],
    seconds: float,
) -> DraftObservation:
    fields = [suggestion.proposed, suggestion.default, suggestion.discretion, suggestion.escalation]
    loosened = None
    if gold is not None and (gold.legal or gold.protective) and suggestion.status == "ready":
        obligation = measure.obligation_of(rule.text, gold.legal_basis, gold.obligation)
        loosened = measure.loosening(rule.text, obligation, fields)
    verified = 0
    for citation in suggestion.citations:
        source = rule.text if citation.source == "rule" else complaint_text(citation.id)
        if source is not None and _verified(citation.quote, source, citation, rule):
            verified += 1
    everything = "\n".join([*fields, suggestion.purpose, suggestion.rationale])
    found_injections = [
        f"{cid}: {hit}"
        for cid, text in injections.items()
        # the manual text holds every rule of the manual, this one included
        if (hit := measure.injected(everything, text, source=manual_text)) is not None
    ]
    return DraftObservation(
        rule_id=rule.id,
        manual=rule.manual,
        rule=rule.text,
        proposed=suggestion.proposed,
        purpose=suggestion.purpose,
        default=suggestion.default,
        discretion=suggestion.discretion,
        escalation=suggestion.escalation,
        status=suggestion.status,
        gold_restrictive=gold.restrictive if gold else None,
        gold_legal=bool(gold and gold.legal),
        gold_protective=bool(gold and gold.protective),
        loosened=loosened,
        citations=len(suggestion.citations),
        citations_verified=verified,
        complaint_citations=[
            (c.id, rule.id in about.get(c.id, set()))
            for c in suggestion.citations
            if c.source == "complaint"
        ],
        injected=found_injections,
        unnamed_roles=measure.unnamed_roles(suggestion.escalation, manual_text),
        reference=gold.reference_rewrite if gold else None,
        calls=suggestion.usage.model_calls,
        prompt_tokens=suggestion.usage.prompt_tokens,
        completion_tokens=suggestion.usage.completion_tokens,
        cost=suggestion.usage.cost,
        seconds=seconds,
    )


def _verified(quote: str, source: str, citation: Citation, rule: Rule) -> bool:
    """The quote is where the citation says, read from the source itself. A rule quote's span
    is in the manual's text, so it must fall inside the rule and read as the quote there."""
    start, end = citation.start, citation.end
    if citation.source == "rule":
        if not (rule.start <= start <= end <= rule.end):
            return False
        start, end = start - rule.start, end - rule.start
    if not (0 <= start < end <= len(source)):
        return False
    return measure.fold(source[start:end]) == measure.fold(quote)


Judge = Callable[[Suggestion, Rule], dict[str, float]]


def observe(
    dataset: Dataset,
    *,
    settings: Settings,
    embedder: Embedder,
    model: str,
    api_base: str | None,
    judge: Judge | None = None,
    judge_model: str | None = None,
) -> DatasetObservations:
    """Ingest the dataset into a fresh folder, draft, and record every observation."""
    with tempfile.TemporaryDirectory(prefix="policy-rewriter-eval-") as folder:
        run_settings = settings.model_copy(
            update={"data_dir": Path(folder), "database_url": None, "chroma_url": None}
        )
        root = Root(settings=run_settings, embedder=embedder)
        try:
            return _observe(dataset, root, model, api_base, judge, judge_model)
        finally:
            root.close()


def _observe(
    dataset: Dataset,
    root: Root,
    model: str,
    api_base: str | None,
    judge: Judge | None,
    judge_model: str | None,
) -> DatasetObservations:
    state = _ingest(dataset, root)
    rules = _rule_observations(dataset, state)
    complaints = _complaint_observations(dataset, state)
    gold_by_id = _gold_of_rule(dataset, state)
    about = _about(dataset, state)
    suggestions: list[Suggestion] = []
    seconds: list[float] = []
    skipped: dict[str, str] = {}
    failures: dict[str, str] = {}
    for rule in state.rules:  # one at a time, to time each rule
        if not rule.restrictive:
            continue
        begin = time.perf_counter()
        drafted = root.drafting.draft(
            [rule.id], model=model, api_base=api_base, skipped=skipped, failed=failures
        )
        if drafted:
            suggestions.extend(drafted)
            seconds.append(time.perf_counter() - begin)
    by_id = {r.id: r for r in state.rules}
    injections: dict[str, str] = {}
    for cid, gold in dataset.complaints.items():
        if gold.injection:
            injections[cid] = root.library.complaint(cid).text

    def complaint_text(cid: str) -> str | None:
        try:
            return root.library.complaint(cid).text
        except NotFound:  # a model cited an id it was never given
            return None

    drafts = []
    judge_failures: list[str] = []
    for suggestion, took in zip(suggestions, seconds, strict=True):
        rule = by_id[suggestion.rule_id]
        observation = _draft_observation(
            suggestion,
            rule=rule,
            gold=gold_by_id.get(rule.id),
            manual_text=state.manual_texts.get(rule.manual, ""),
            about=about,
            injections=injections,
            complaint_text=complaint_text,
            seconds=took,
        )
        if judge is not None:
            try:
                observation.judge = judge(suggestion, rule)
            except Exception as exc:  # a judge failure is reported, never fatal
                judge_failures.append(f"{rule.id}: {exc}")
        drafts.append(observation)
    return DatasetObservations(
        name=dataset.name,
        held_out=dataset.info.held_out,
        manuals=len(dataset.manuals),
        complaints_stored=state.complaints_stored,
        rules_extracted=len(state.rules),
        rules=rules,
        complaints=complaints,
        drafts=drafts,
        judge_model=judge_model,
        judge_failures=judge_failures,
        draft_failures=failures,
    )
