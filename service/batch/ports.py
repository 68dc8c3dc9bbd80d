"""What the batch stage needs from the stages before it, and nothing more.

The batch stage plans and drafts with ingest, conflicts and drafting; it is handed an object
that offers them (the workspace, in this process) through these Protocols, so that it never
imports the layer that composes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from service.core.domain import BatchInfo, Conflict, Rule
    from service.core.llm import AsyncChatModel
    from service.core.settings import Settings
    from service.index.embeddings import Embedder
    from service.index.vectors import VectorStore
    from service.ingest.classify import RuleClassifier
    from service.ingest.manuals import ManualIngest
    from service.store.database import Database


class Stores(Protocol):
    """The database and settings of the process."""

    @property
    def settings(self) -> Settings: ...

    @property
    def db(self) -> Database: ...


class BatchStages(Stores, Protocol):
    """Ingest, conflicts, retrieval and models, as the batch stage uses them."""

    @property
    def classifier(self) -> RuleClassifier: ...

    @property
    def embedder(self) -> Embedder: ...

    @property
    def vectors(self) -> VectorStore: ...

    def ingest_manual(
        self, *, data: bytes, filename: str, manual_id: str | None = None, actor: str = "cli"
    ) -> ManualIngest: ...

    def conflicts(self, *, manual: str | None = None, top: int | None = None) -> list[Conflict]: ...

    def complaint_count(self) -> int: ...

    def conflicts_if_stored(self, rules: list[Rule]) -> list[Conflict]: ...

    def async_chat_model(self, model: str, api_base: str | None = None) -> AsyncChatModel: ...


class BatchRunner(Stores, Protocol):
    """Runs one batch to its end (the background thread of the web server calls this)."""

    def run_batch(
        self,
        batch_id: str,
        *,
        retry_failed: bool = False,
        concurrency: int | None = None,
        stop: Callable[[], bool] = ...,
        on_phase: Callable[[str], None] = ...,
    ) -> BatchInfo: ...
