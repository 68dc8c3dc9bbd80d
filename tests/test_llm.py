"""litellm's real HTTP path against a local OpenAI-compatible server."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import httpx
import pytest
from pytest_socket import SocketConnectBlockedError

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
    """The tests' socket guard refuses any host but loopback, for a plain socket and for the
    HTTP client litellm uses: a hosted model is never called, whatever key a test holds.
    (With the guard off, both try to connect and fail otherwise, and this test fails.)"""
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("192.0.2.1", 443), timeout=2)
    with pytest.raises(SocketConnectBlockedError):
        httpx.get("https://192.0.2.1/v1/models", timeout=2)


# --- servers as they are: structured output negotiated per model --------------------------


def _draft(url: str, tmp_path: Path, model: str, *, attempts: int = 2) -> object:
    db = Database(f"sqlite:///{tmp_path / f'{model}.sqlite'}")
    try:
        with db.session() as session:
            return draft_rule(
                session,
                make_job(REFUND_RULE, None, ["c-1"]),
                model=chat(url, f"openai/{model}"),
                attempts=attempts,
            )
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("dialect", "formats"),
    [
        ("json_schema", ["json_schema", "json_schema"]),
        ("json_object", ["json_schema", "json_object", "json_object"]),
        ("text", ["json_schema", "json_object", None, None]),
    ],
)
def test_each_server_is_asked_the_way_it_accepts_and_that_is_remembered(
    model_server: tuple[ModelServer, str], tmp_path: Path, dialect: str, formats: list[str | None]
) -> None:
    server, url = model_server
    model = f"{dialect}-model"
    server.dialects[model] = dialect
    server.script(model, Step(answer=answer()), Step(answer=answer()))
    first = _draft(url, tmp_path / "a", model)
    second = _draft(url, tmp_path / "b", model)
    assert first.status == second.status == "ready", first.checks  # type: ignore[attr-defined]
    sent = [(r.get("response_format") or {}).get("type") for r in server.calls(model)]
    assert sent == formats  # stepped down once, then asked the accepted way at once
    assert all(r.get("max_tokens") == 2048 for r in server.calls(model))


def test_raw_line_breaks_in_strings_and_words_around_the_json_are_accepted(
    model_server: tuple[ModelServer, str], tmp_path: Path
) -> None:
    server, url = model_server
    messy = answer().replace("Protects against", "Protects\nagainst")
    server.script("messy-model", Step(answer=f"Sure! Here it is:\n{messy}\nHope that helps."))
    suggestion = _draft(url, tmp_path, "messy-model")
    assert suggestion.status == "ready"  # type: ignore[attr-defined]
    assert suggestion.purpose == "Protects\nagainst refund fraud."  # type: ignore[attr-defined]


def test_re_asks_send_a_shortened_answer_not_every_earlier_one(
    model_server: tuple[ModelServer, str], tmp_path: Path
) -> None:
    server, url = model_server
    rambling = "{" + "x" * 5000
    server.script("rambler", *[Step(answer=rambling)] * 3)
    with pytest.raises(ModelError, match="its last answer began"):
        _draft(url, tmp_path, "rambler", attempts=3)
    last = server.calls("rambler")[-1]["messages"]
    assert len(last) == 4  # system, prompt, one shortened answer, what was wrong
    assert len(last[2]["content"]) < 700


def test_invalid_answers_fail_one_rule_and_the_run_goes_on(
    model_server: tuple[ModelServer, str], root: object
) -> None:
    from service.stages.root import Root

    space: Root = root  # type: ignore[assignment]
    server, url = model_server
    space.ingest.manual(
        data=b"# Shop\n\n1. Refunds are given only as store credit.\n\n2. Gift cards cannot be refunded.\n",
        filename="shop.md",
    )
    first, second = [r.id for r in space.library.rules()]
    server.script("flaky", *[Step(answer="not json")] * 3)  # the first rule's answers
    failed: dict[str, str] = {}
    drafted = space.drafting.draft(
        [first, second], model="openai/flaky", api_base=url, failed=failed
    )
    assert [s.rule_id for s in drafted] == [second]
    assert "no valid answer" in failed[first] and "not json" in failed[first]


def test_a_refused_connection_names_the_address_and_stops_the_run(root: object) -> None:
    from service.stages.root import Root

    space: Root = root  # type: ignore[assignment]
    space.ingest.manual(
        data=b"# Shop\n\n1. Refunds are given only as store credit.\n", filename="s.md"
    )
    dead = "http://127.0.0.1:9/v1"
    failed: dict[str, str] = {}
    with pytest.raises(ConfigurationError, match=r"127\.0\.0\.1:9"):
        space.drafting.draft(
            [r.id for r in space.library.rules()], model="openai/x", api_base=dead, failed=failed
        )
    assert failed == {}


def test_the_same_failure_rule_after_rule_stops_draft(
    model_server: tuple[ModelServer, str], root: object
) -> None:
    from service.stages.root import Root

    space: Root = root  # type: ignore[assignment]
    server, url = model_server
    rules = "".join(f"{n}. Item {n} cannot be refunded after {n} days.\n\n" for n in range(1, 6))
    space.ingest.manual(data=f"# Shop\n\n{rules}".encode(), filename="shop.md")
    ids = [r.id for r in space.library.rules()]
    server.script("strict", *[Step(status=400, message="unknown parameter: 'seed'")] * 10)
    failed: dict[str, str] = {}
    with pytest.raises(ConfigurationError, match="3 rules in a row failed the same way"):
        space.drafting.draft(ids, model="openai/strict", api_base=url, failed=failed)
    assert len(failed) == 3 and len(server.calls("strict")) == 3
