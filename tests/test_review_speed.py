"""What keeps the review API fast with many reviewers and suggestions (see
evaluations/benchmark_load.py): a token check that writes nothing on most calls, and the
indexes the queue's pages are read through."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import inspect, select, update

from service.core.settings import Settings
from service.index.embeddings import HashingEmbedder
from service.stages.root import Root
from service.store.models import ApiTokenRow


def _last_used(root: Root) -> datetime | None:
    with root.db.session() as session:
        return session.scalar(select(ApiTokenRow.last_used_at))


def test_a_token_records_its_use_at_most_once_a_minute(root: Root) -> None:
    token = root.people.add_user("rita", ["reviewer"]).token
    assert _last_used(root) is None

    assert root.people.user_for_token(token) is not None
    first = _last_used(root)
    assert first is not None
    for _ in range(3):  # calls within the minute write nothing
        assert root.people.user_for_token(token) is not None
    assert _last_used(root) == first

    stale = first - timedelta(minutes=2)
    with root.db.session() as session:  # a minute and more later, the next call records it
        session.execute(update(ApiTokenRow).values(last_used_at=stale))
    assert root.people.user_for_token(token) is not None
    recorded = _last_used(root)
    assert recorded is not None and recorded > stale


def test_the_queue_pages_have_their_indexes(backend_settings: Settings) -> None:
    root = Root(settings=backend_settings, embedder=HashingEmbedder())
    try:
        indexes = {
            index["name"]: index["column_names"]
            for index in inspect(root.db.engine).get_indexes("suggestions")
        }
    finally:
        root.close()
    assert indexes["ix_suggestions_review_created"] == ["review", "created_at", "id"]
    assert indexes["ix_suggestions_review_strength"] == ["review", "evidence_strength", "id"]
