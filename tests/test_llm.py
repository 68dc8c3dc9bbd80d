"""litellm's real HTTP path against a local OpenAI-compatible server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from service.core.errors import BackendUnavailable, ConfigurationError
from service.core.llm import LiteLLMChat, ModelError, ModelOptions
from service.drafting.schema import CitedComplaint, DraftAnswer
from service.drafting.service import draft_rule
from service.store.database import Database
from tests.openai_server import ModelServer, Step
from tests.test_drafting import COMPLAINTS, QUOTES, REFUND_RULE, make_job

SCHEMA = {"type": "object"}


def answer(quote: str = QUOTES["c-1"]) -> str:
    return DraftAnswer(
        proposed="Refunds go back to the original payment method; store credit is an option.",
        purpose="Protects against refund fraud.",
        default="Customers get their money back the way they paid.",
        discretion="Staff may refund up to the item's price once per customer.",
        escalation="The duty manager decides larger cases the same day.",
        legal_basis=None,
        rationale="Customers were pushed to vouchers.",
        citations=[CitedComplaint(complaint_id="c-1", quote=quote)],
    ).model_dump_json()


def chat(url: str, model: str = "openai/test-model", **options: object) -> LiteLLMChat:
    return LiteLLMChat(ModelOptions(model=model, api_base=url, **options))  # type: ignore[arg-type]


def test_a_normal_answer_comes_back_with_usage(model_server: tuple[ModelServer, str]) -> None:
    server, url = model_server
    server.script("test-model", Step(answer=answer()))
    completion = chat(url).complete(
        [{"role": "user", "content": "hi"}], schema=SCHEMA, schema_name="rule_rewrite"
    )

    assert DraftAnswer.model_validate_json(completion.text).citations[0].complaint_id == "c-1"
    assert (completion.prompt_tokens, completion.completion_tokens) == (100, 50)
    request = server.calls()[0]
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["name"] == "rule_rewrite"


def test_malformed_json_is_retried_through_the_real_path(
    model_server: tuple[ModelServer, str], tmp_path: Path
) -> None:
    server, url = model_server
    server.script("test-model", Step(answer="{not json"), Step(answer=answer()))
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with db.session() as session:
        suggestion = draft_rule(
            session, make_job(REFUND_RULE, None, ["c-1"]), model=chat(url), attempts=3
        )
    assert suggestion.status == "ready"
    assert len(server.calls()) == 2
    assert server.calls()[1]["messages"][-2]["content"] == "{not json"


def test_a_quote_that_is_not_in_the_source_blocks_the_suggestion(
    model_server: tuple[ModelServer, str], tmp_path: Path
) -> None:
    server, url = model_server
    server.script("test-model", Step(answer=answer("They shouted at me and threw my kettle.")))
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with db.session() as session:
        suggestion = draft_rule(
            session, make_job(REFUND_RULE, None, ["c-1"]), model=chat(url), attempts=3
        )
    assert suggestion.status == "blocked"
    assert [c.name for c in suggestion.checks if not c.passed] == ["quotes_verbatim"]
    assert "They shouted at me" not in COMPLAINTS["c-1"]


def test_a_429_is_retried_then_succeeds(model_server: tuple[ModelServer, str]) -> None:
    server, url = model_server
    server.script("test-model", Step(status=429), Step(answer=answer()))
    completion = chat(url, retries=2).complete(
        [{"role": "user", "content": "hi"}], schema=SCHEMA, schema_name="x"
    )
    assert completion.text == answer()
    assert len(server.calls()) == 2


def test_a_timeout_is_reported_as_unavailable(model_server: tuple[ModelServer, str]) -> None:
    server, url = model_server
    server.script("test-model", Step(answer=answer(), delay=5))
    begin = time.monotonic()
    with pytest.raises(BackendUnavailable, match="cannot be reached"):
        chat(url, timeout=0.5, retries=0).complete(
            [{"role": "user", "content": "hi"}], schema=SCHEMA, schema_name="x"
        )
    assert time.monotonic() - begin < 4


def test_a_500_falls_back_to_the_next_model(model_server: tuple[ModelServer, str]) -> None:
    server, url = model_server
    server.script("test-model", *[Step(status=500)] * 5)
    server.script("backup-model", Step(answer=answer()))
    completion = chat(url, retries=1, fallbacks=("openai/backup-model",)).complete(
        [{"role": "user", "content": "hi"}], schema=SCHEMA, schema_name="x"
    )
    assert completion.text == answer()
    assert "backup-model" in completion.model
    assert [r["model"] for r in server.calls()][-1] == "backup-model"
    assert len(server.calls("test-model")) >= 2  # retried before falling back


def test_when_every_model_fails_the_error_says_so(model_server: tuple[ModelServer, str]) -> None:
    server, url = model_server
    server.script("test-model", *[Step(status=500)] * 5)
    with pytest.raises(ModelError, match="test-model"):
        chat(url, retries=0).complete(
            [{"role": "user", "content": "hi"}], schema=SCHEMA, schema_name="x"
        )


def test_requests_to_the_internet_are_blocked_in_tests() -> None:
    model = LiteLLMChat(
        ModelOptions(model="openai/gpt-4o-mini", api_key="sk-test", retries=0, timeout=5)
    )
    with pytest.raises((BackendUnavailable, ConfigurationError, ModelError)):
        model.complete([{"role": "user", "content": "hi"}], schema=SCHEMA, schema_name="x")
