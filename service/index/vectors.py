"""The vector store: the only module that talks to chromadb.

Embedded `PersistentClient` under the data dir by default; a Chroma server through
`HttpClient` when `chroma_url` is set. Vectors are always computed by our own embedder
and handed over, so chromadb's default embedding function (which downloads a model)
is never used.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

from service.core.errors import BackendUnavailable
from service.index.embeddings import Embedder

RULES = "rules"
COMPLAINTS = "complaints"
_UPSERT_BATCH = 4000


class _OwnEmbeddings(EmbeddingFunction[Documents]):
    """Lets chromadb embed a text query with our embedder, should it ever need to."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        if self.embedder is None:
            raise BackendUnavailable("no embedder attached to the vector store")
        return list(self.embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "policy-rewriter"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> _OwnEmbeddings:
        return _OwnEmbeddings()

    def default_space(self) -> Any:
        return "cosine"


def _client(path: Path | None, url: str | None) -> Any:
    settings = chromadb.Settings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parsed = urlparse(url)
        try:
            client = chromadb.HttpClient(
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=settings,
            )
            client.heartbeat()
        except Exception as exc:  # the client raises plain Exception/ValueError on refusal
            raise BackendUnavailable(
                f"the Chroma server at {url} cannot be reached: {exc}"
            ) from exc
        return client
    assert path is not None
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def _embedded(path: Path) -> tuple[Any, str | None]:
    """The embedded store at `path`, and why it had to be made anew, if it had: it was
    missing, or it could not be read (a process killed while writing it, a damaged disk).
    A damaged store is moved aside, not deleted."""
    existed = (path / "chroma.sqlite3").exists()
    try:
        client = _client(path, None)
        for collection in client.list_collections():
            collection.count()  # reads the collection's index
    except Exception as exc:  # chromadb raises its own errors, and plain ones, on a bad file
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        path.rename(aside)
        reason = f"the vector store in {path} could not be read ({exc}); it was moved to {aside}"
        return _client(path, None), reason
    return client, None if existed else f"there was no vector store in {path}"


class VectorStore:
    """Named collections of unit vectors, searched by cosine similarity."""

    def __init__(
        self,
        embedder: Embedder,
        *,
        path: Path | None = None,
        url: str | None = None,
        namespace: str = "",
    ) -> None:
        self._path, self._url = path, url
        # Why the embedded store was made anew (missing or unreadable), so that its owner
        # fills it again from the database; None when it opened as it was, or for a server.
        self.made_anew: str | None = None
        if url is None and path is not None:
            self._client, self.made_anew = _embedded(path)
        else:
            self._client = _client(path, url)
        self._function = _OwnEmbeddings(embedder)
        # One set of collections per embedding model: vectors of different models never mix.
        suffix = re.sub(r"[^a-zA-Z0-9]+", "-", embedder.name).strip("-")
        self._prefix = f"{namespace}{suffix}"
        self._collections: dict[str, Any] = {}

    def reopen(self) -> None:
        """Read afresh what another process wrote. An embedded store holds its index in
        memory and does not see another process's writes until it is opened again; a
        Chroma server serves every process the same collections and needs nothing."""
        if self._url:
            return
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        self._client = _client(self._path, None)
        self._collections = {}

    def _collection(self, kind: str) -> Any:
        if kind not in self._collections:
            self._collections[kind] = self._client.get_or_create_collection(
                name=f"{kind}-{self._prefix}"[:60],
                embedding_function=self._function,
                configuration={"hnsw": {"space": "cosine"}},
            )
        return self._collections[kind]

    def upsert(
        self,
        kind: str,
        ids: Sequence[str],
        vectors: np.ndarray,
        metadatas: Sequence[dict[str, Any]] | None = None,
    ) -> None:
        collection = self._collection(kind)
        for start in range(0, len(ids), _UPSERT_BATCH):
            stop = start + _UPSERT_BATCH
            collection.upsert(
                ids=list(ids[start:stop]),
                embeddings=vectors[start:stop],
                metadatas=list(metadatas[start:stop]) if metadatas else None,
            )

    def query(
        self, kind: str, vectors: np.ndarray, n: int, where: dict[str, Any] | None = None
    ) -> list[list[tuple[str, float]]]:
        """For each query vector, the `n` nearest ids with their cosine similarity."""
        if len(vectors) == 0:
            return []
        # Chroma caps n at the collection's size itself; counting first costs a round trip.
        result = self._collection(kind).query(
            query_embeddings=vectors, n_results=n, where=where, include=["distances"]
        )
        return [
            [
                (item_id, 1.0 - float(distance))
                for item_id, distance in zip(ids, distances, strict=True)
            ]
            for ids, distances in zip(result["ids"], result["distances"], strict=True)
        ]

    def vectors(self, kind: str, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        found = self._collection(kind).get(ids=list(ids), include=["embeddings"])
        return {
            item_id: np.asarray(vector, dtype=np.float32)
            for item_id, vector in zip(found["ids"], found["embeddings"], strict=True)
        }

    def vectors_where(self, kind: str, field: str, values: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors whose metadata `field` is one of `values`."""
        if not values:
            return {}
        found = self._collection(kind).get(
            where={field: {"$in": list(values)}}, include=["embeddings"]
        )
        return {
            item_id: np.asarray(vector, dtype=np.float32)
            for item_id, vector in zip(found["ids"], found["embeddings"], strict=True)
        }

    def count(self, kind: str) -> int:
        return int(self._collection(kind).count())

    def delete(self, kind: str, ids: Sequence[str]) -> None:
        if ids:
            self._collection(kind).delete(ids=list(ids))
