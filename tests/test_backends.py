"""The same index and store behaviour on a real Chroma server and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from service.core.errors import BackendUnavailable
from service.core.settings import Settings
from service.index.embeddings import HashingEmbedder
from service.index.vectors import VectorStore
from service.stages.root import Root

MANUAL = b"# Shop\n\n## Returns\n\n2.3 Refunds are given only as store credit.\n\n2.4 Sale items cannot be returned.\n"
COMPLAINTS = (
    b"id,text\nC1,They only gave store credit for my refund.\nC2,Sale items returned? Never.\n"
)


def exercise(root: Root) -> None:
    rules = root.ingest.manual(data=MANUAL, filename="shop.md").rules
    assert root.ingest.complaints(data=COMPLAINTS, filename="c.csv").stored == 2
    assert root.matching.rules_for_complaint("C1", top=1)[0].rule_id == rules[0].id
    assert root.ingest.manual(data=MANUAL, filename="shop.md").unchanged


@pytest.mark.chroma_server
def test_index_against_a_chroma_server(chroma_server: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, chroma_url=chroma_server, progress=False, _env_file=None)  # type: ignore[call-arg]
    root = Root(settings=settings, embedder=HashingEmbedder())
    exercise(root)
    store = root.vectors
    hits = store.query("rules", HashingEmbedder().embed(["store credit refunds"]), 1)
    assert hits[0][0][1] > 0
    assert set(store.vectors("rules", [r.id for r in root.library.rules()])) == {
        r.id for r in root.library.rules()
    }


def test_unreachable_chroma_server_is_a_clear_error() -> None:
    with pytest.raises(BackendUnavailable, match="cannot be reached"):
        VectorStore(HashingEmbedder(), url="http://127.0.0.1:9")


@pytest.mark.postgres
def test_store_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path, database_url=postgres_url, progress=False, _env_file=None
    )  # type: ignore[call-arg]
    root = Root(settings=settings, embedder=HashingEmbedder())
    assert root.db.engine.dialect.name == "postgresql"
    exercise(root)
    root.close()


def test_vector_round_trip_in_the_embedded_store(tmp_path: Path) -> None:
    store = VectorStore(HashingEmbedder(), path=tmp_path)
    vectors = HashingEmbedder().embed(["a b c", "d e f"])
    store.upsert("rules", ["x", "y"], vectors)
    assert np.allclose(store.vectors("rules", ["x"])["x"], vectors[0], atol=1e-6)
    assert store.query("rules", vectors[1:], 2)[0][0][0] == "y"
