"""The JSON API fuzzed from its own OpenAPI schema (schemathesis), signed in as a user with
every role so the requests reach the handlers: no 500s, and every answer a status the schema
documents, with a JSON body that matches it (an error's kind and message included).

Bounded for the test command: a fixed seed, a few examples per operation, no deadline. A
bigger run (about 10,000 requests) is `FUZZ_EXAMPLES=250 pytest tests/test_fuzz.py`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from service.core.settings import Settings
from service.index.embeddings import HashingEmbedder
from service.stages.root import Root
from service.web.app import create_app
from tests.review_data import COMPLAINTS, MANUAL

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))


class Target:
    """The ASGI app the schema's cases are sent to: a store-less app until the fixture
    puts the real one in place (the schema is read at collection, the store made later)."""

    def __init__(self) -> None:
        self.app: FastAPI = create_app()
        self.requests = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.requests += scope["type"] == "http"
        await self.app(scope, receive, send)


TARGET = Target()
schema = schemathesis.openapi.from_asgi(
    "/openapi.json",
    TARGET,
    config=SchemathesisConfig.from_dict(
        {
            "seed": 14,
            "generation": {
                "database": "none",
                "max-examples": EXAMPLES,
                # the token is sent with every case (below), never generated or left out
                "with-security-parameters": False,
            },
            "phases": {"stateful": {"enabled": False}},
            "checks": {
                # A valid request may still be refused by the service's own rules (an
                # unreadable upload, a stale version, a rule that needs no rewrite): any
                # documented 4xx is an answer, and the other checks see that it is.
                "positive_data_acceptance": {"enabled": False},
            },
        }
    ),
)


@pytest.fixture(scope="module")
def signed_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store with a manual, complaints and drafted suggestions behind the target app, and
    a token for a user who may do everything."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("fuzz"), progress=False, _env_file=None)  # type: ignore[call-arg]
    root = Root(settings=settings, embedder=HashingEmbedder())
    root.ingest.manual(data=MANUAL, filename="shop.md")
    root.ingest.complaints(data=COMPLAINTS, filename="c.csv")
    root.drafting.draft([r.id for r in root.library.rules() if r.restrictive])
    token = root.people.add_user("fuzz", ["owner", "reviewer", "admin"]).token
    TARGET.app = create_app(root=root)
    with TestClient(TARGET.app):  # runs the lifespan: the app's state lives until the end
        yield token
    root.close()
    print(f"\nfuzzing sent {TARGET.requests} requests")


@schema.parametrize()
@settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api(case: schemathesis.Case, signed_in: str) -> None:
    response = case.call(headers={"Authorization": f"Bearer {signed_in}"})
    case.validate_response(response)
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("error"), str) and isinstance(body.get("message"), str), (
            response.text
        )
