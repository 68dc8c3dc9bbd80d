"""The composition root: what one process builds once, and the stage services built on it.

The CLI, the web app and the tests make one `Root` per process (per data directory) and call
its services; each service is built on first use, so a command that only reads users never
loads the embedding model or opens the vector store.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from functools import cached_property

import numpy as np

from service.batch.ports import BatchStages
from service.core.llm import ChatModel
from service.core.settings import Settings
from service.index.embeddings import Embedder, MiniLMEmbedder, bundled_minilm, create_embedder
from service.index.restore import restore_vectors
from service.index.vectors import VectorStore
from service.ingest.classify import PatternClassifier, RuleClassifier
from service.ingest.learned import LearnedClassifier
from service.ingest.manuals import current_rules
from service.stages.batches import Batches
from service.stages.drafting import Drafting
from service.stages.ingest import Ingest
from service.stages.library import Library
from service.stages.matching import Matching
from service.stages.models import Models
from service.stages.people import People
from service.stages.progress import ProgressFactory, no_progress
from service.stages.review import Review
from service.store.database import Database

log = logging.getLogger(__name__)


def rule_classifier(settings: Settings, embedder: Callable[[], Embedder]) -> RuleClassifier:
    """The classifier the settings ask for. The learned weights are for the bundled model's
    vectors: the index's embedder serves when it is that model, else the bundled one does;
    neither is loaded before the first rule is read."""
    if settings.rule_classifier == "cues":
        return PatternClassifier()

    def encode(texts: Sequence[str]) -> np.ndarray:
        own = embedder()
        return (own if isinstance(own, MiniLMEmbedder) else bundled_minilm()).embed(texts)

    return LearnedClassifier(encode)


class Root:
    """Settings, database, vector store, embedder and model factory for one data directory,
    and the stage services: `library`, `ingest`, `matching`, `drafting`, `review`, `people`
    and `batches`."""

    def __init__(
        self,
        *,
        settings: Settings,
        embedder: Embedder | None = None,
        classifier: RuleClassifier | None = None,
        progress: ProgressFactory = no_progress,
        chat_model: ChatModel | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._given_classifier = classifier
        self._progress = progress
        self._chat_model = chat_model  # a model given in code (tests) wins over the settings
        # ingest and matching share it: a reader waits while a manual is being stored
        self._lock = threading.RLock()

    # --- what the services are built on -------------------------------------------------

    @cached_property
    def db(self) -> Database:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return Database(self.settings.resolved_database_url)

    @cached_property
    def embedder(self) -> Embedder:
        settings = self.settings
        return self._embedder or create_embedder(
            settings.embedding_model,
            api_base=settings.embedding_api_base,
            batch_size=settings.embedding_batch_size,
        )

    @cached_property
    def classifier(self) -> RuleClassifier:
        if self._given_classifier is not None:
            return self._given_classifier
        return rule_classifier(self.settings, lambda: self.embedder)

    @cached_property
    def vectors(self) -> VectorStore:
        settings = self.settings
        store = VectorStore(self.embedder, path=settings.chroma_path, url=settings.chroma_url)
        if store.made_anew is not None:
            # The database holds what the store was built from: it is filled again from it.
            with self.db.session() as session:
                rules = current_rules(session, None)
                restored = restore_vectors(session, store, self.embedder, rules)
            if rules or restored:
                log.warning(
                    "%s; rebuilt it from the database: %d rules, %d complaints",
                    store.made_anew,
                    len(rules),
                    restored,
                )
        return store

    @cached_property
    def models(self) -> Models:
        return Models(settings=self.settings, chat_model=self._chat_model)

    # --- the stage services -----------------------------------------------------------------

    @cached_property
    def library(self) -> Library:
        return Library(db=self.db)

    @cached_property
    def ingest(self) -> Ingest:
        return Ingest(
            settings=self.settings,
            db=self.db,
            vectors=self.vectors,
            embedder=self.embedder,
            classifier=self.classifier,
            library=self.library,
            lock=self._lock,
            progress=self._progress,
        )

    @cached_property
    def matching(self) -> Matching:
        return Matching(
            settings=self.settings,
            db=self.db,
            vectors=self.vectors,
            embedder=self.embedder,
            library=self.library,
            lock=self._lock,
            progress=self._progress,
        )

    @cached_property
    def drafting(self) -> Drafting:
        return Drafting(
            settings=self.settings,
            db=self.db,
            library=self.library,
            matching=self.matching,
            models=self.models,
        )

    @cached_property
    def review(self) -> Review:
        return Review(db=self.db, library=self.library)

    @cached_property
    def people(self) -> People:
        return People(settings=self.settings, db=self.db)

    @cached_property
    def batches(self) -> Batches:
        return Batches(
            settings=self.settings,
            db=self.db,
            classifier=self.classifier,
            stages=self._batch_stages,
            progress=self._progress,
        )

    def _batch_stages(self) -> BatchStages:
        return BatchStages(
            settings=self.settings,
            db=self.db,
            classifier=self.classifier,
            ingest=self.ingest,
            matching=self.matching,
            models=self.models,
        )

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.dispose()
