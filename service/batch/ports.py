"""What the batch stage needs from the stages before it, and nothing more.

The batch stage plans and drafts with ingest, matching and the model factory; the batch
service hands it those services through these Protocols, so that it never imports the layer
that composes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from service.core.domain import BatchInfo, Conflict, Rule
    from service.core.llm import AsyncChatModel
    from service.core.settings import Settings
    from service.ingest.classify import RuleClassifier
    from service.ingest.manuals import ManualIngest
    from service.store.database import Database


class IngestsManuals(Protocol):
    def manual(
        self, *, data: bytes, filename: str, manual_id: str | None = None, actor: str = "cli"
    ) -> ManualIngest: ...


class FindsConflicts(Protocol):
    def conflicts(self, *, manual: str | None = None, top: int | None = None) -> list[Conflict]: ...

    def conflicts_if_stored(self, rules: list[Rule]) -> list[Conflict]: ...


class OpensModels(Protocol):
    def async_chat(self, model: str, api_base: str | None = None) -> AsyncChatModel: ...


@dataclass(frozen=True, kw_only=True)
class BatchStages:
    """The database and settings, and the stages a batch ingests, plans and drafts with."""

    settings: Settings
    db: Database
    classifier: RuleClassifier
    ingest: IngestsManuals
    matching: FindsConflicts
    models: OpensModels


class RunsBatches(Protocol):
    """Runs one batch to its end (the background thread of the web server calls this), or
    leaves it to the worker processes."""

    def run(
        self,
        batch_id: str,
        *,
        retry_failed: bool = False,
        stop: Callable[[], bool] = ...,
    ) -> BatchInfo: ...

    def unfinished(self) -> list[str]: ...

    def left_to_workers(self) -> bool:
        """Batches are run by worker processes, not by the server."""
        ...

    def hand_over(self, batch_id: str, *, retry_failed: bool = False) -> None: ...
