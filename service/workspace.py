"""The names the evaluation code calls, over the composition root's services.

New code builds a `service.stages.root.Root` and calls its services (`root.ingest`,
`root.matching`, `root.drafting`, ...). This class only forwards to them, for the evaluation
package and the benchmarks, which still call a workspace; it holds no rules of its own.
"""

from __future__ import annotations

from typing import Any

from service.batch.store import BatchFile
from service.core.domain import (
    BatchInfo,
    Complaint,
    ComplaintIngestReport,
    Conflict,
    Decision,
    DecisionAction,
    Rule,
    RuleMatch,
    Suggestion,
)
from service.core.llm import ChatModel
from service.core.settings import Settings
from service.index.embeddings import Embedder
from service.index.vectors import VectorStore
from service.ingest.classify import RuleClassifier
from service.ingest.manuals import ManualIngest
from service.stages.progress import ProgressFactory, no_progress
from service.stages.root import Root
from service.store.database import Database


class Workspace:
    """A `Root` under the names of the former workspace: see `service.stages.root`."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        classifier: RuleClassifier | None = None,
        progress: ProgressFactory = no_progress,
        chat_model: ChatModel | None = None,
    ) -> None:
        self.root = Root(
            settings=settings,
            embedder=embedder,
            classifier=classifier,
            progress=progress,
            chat_model=chat_model,
        )
        self.settings = settings

    @property
    def db(self) -> Database:
        return self.root.db

    @property
    def vectors(self) -> VectorStore:
        return self.root.vectors

    def close(self) -> None:
        self.root.close()

    def ingest_manual(self, **given: Any) -> ManualIngest:
        return self.root.ingest.manual(**given)

    def ingest_complaints(self, **given: Any) -> ComplaintIngestReport:
        return self.root.ingest.complaints(**given)

    def rules(self, manual: str | None = None) -> list[Rule]:
        return self.root.library.rules(manual)

    def complaint(self, complaint_id: str) -> Complaint:
        return self.root.library.complaint(complaint_id)

    def conflicts(self, **given: Any) -> list[Conflict]:
        return self.root.matching.conflicts(**given)

    def conflict(self, rule_id: str, **given: Any) -> Conflict:
        return self.root.matching.conflict(rule_id, **given)

    def rules_for_complaint(self, complaint_id: str, **given: Any) -> list[RuleMatch]:
        return self.root.matching.rules_for_complaint(complaint_id, **given)

    def complaint_count(self) -> int:
        return self.root.library.complaint_count()

    def draft(self, rule_ids: list[str], **given: Any) -> list[Suggestion]:
        return self.root.drafting.draft(rule_ids, **given)

    def decide(self, suggestion_id: str, action: DecisionAction, **given: Any) -> Decision:
        return self.root.review.decide(suggestion_id, action, **given)

    def batch_files(self, files: list[tuple[str, bytes]]) -> list[BatchFile]:
        return self.root.batches.files(files)

    def create_batch(self, files: list[BatchFile], **given: Any) -> BatchInfo:
        return self.root.batches.create(files, **given)

    def run_batch(self, batch_id: str, **given: Any) -> BatchInfo:
        return self.root.batches.run(batch_id, **given)
