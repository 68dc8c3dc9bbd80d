"""The API's contract: what its OpenAPI document declares (security, errors, choices) is
what it does, bounds on paging, a caller's mistake answered as one, timestamps in UTC."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from service.review.decisions import REJECT_REASONS
from service.stages.root import Root
from service.web.app import create_app
from tests.review_data import COMPLAINTS, MANUAL

UTC_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


@dataclass
class Api:
    root: Root
    client: TestClient


@pytest.fixture
def api(root: Root) -> Iterator[Api]:
    root.ingest.manual(data=MANUAL, filename="shop.md")
    root.ingest.complaints(data=COMPLAINTS, filename="c.csv")
    root.drafting.draft([r.id for r in root.library.rules() if r.restrictive])
    token = root.people.add_user("pat", ["owner", "reviewer", "admin"]).token
    with TestClient(
        create_app(root=root),
        headers={"Authorization": f"Bearer {token}"},
        raise_server_exceptions=False,  # a 500 is an answer to look at, not an exception
    ) as client:
        yield Api(root, client)


@pytest.mark.parametrize("path", ["/api/complaints", "/api/suggestions"])
@pytest.mark.parametrize("offset", [2**63, 10**20])
def test_an_offset_too_large_for_the_database_is_refused(api: Api, path: str, offset: int) -> None:
    response = api.client.get(path, params={"offset": offset})
    assert response.status_code == 422, response.text
    assert "offset" in response.json()["message"]
    assert api.client.get(path, params={"offset": 1_000_000}).status_code == 200  # just empty


@pytest.mark.parametrize("model", ["nonsense", "foo/bar", "openai/"])
def test_a_draft_with_a_model_no_provider_serves_is_the_callers_error(api: Api, model: str) -> None:
    rule = next(r for r in api.root.library.rules() if r.restrictive)
    response = api.client.post(f"/api/rules/{rule.id}/suggestions", json={"model": model})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "unknown_model" and "provider/model" in body["message"]
    assert "litellm" not in body["message"].lower()


def test_a_model_this_server_cannot_reach_is_the_callers_error(api: Api) -> None:
    rule = next(r for r in api.root.library.rules() if r.restrictive)
    # Nothing listens on Ollama's default port here: the connection is refused.
    response = api.client.post(f"/api/rules/{rule.id}/suggestions", json={"model": "ollama/zz"})
    assert response.status_code == 422, response.text
    assert "cannot be used by this server" in response.json()["message"]


def test_a_hosted_model_without_its_key_is_refused_before_any_call(api: Api) -> None:
    rule = next(r for r in api.root.library.rules() if r.restrictive)
    response = api.client.post(
        f"/api/rules/{rule.id}/suggestions", json={"model": "openai/gpt-4o-mini"}
    )
    assert response.status_code == 422, response.text
    assert "needs OPENAI_API_KEY" in response.json()["message"]


def test_a_batch_with_an_unknown_model_is_refused_at_once(api: Api) -> None:
    response = api.client.post(
        "/api/batches",
        files=[("files", ("shop.md", MANUAL, "text/markdown"))],
        data={"model": "nonsense"},
    )
    assert response.status_code == 422 and response.json()["error"] == "unknown_model"
    assert api.root.batches.recent() == []


def _stamps(value: object, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _stamps(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _stamps(v, key)
    elif isinstance(value, str) and (key == "at" or key.endswith("_at")):
        yield key, value


def test_every_timestamp_is_utc_with_z(api: Api) -> None:
    suggestion = api.client.get("/api/suggestions").json()["items"][0]
    decided = api.client.post(
        f"/api/suggestions/{suggestion['id']}/decision",
        json={"action": "reject", "reason": "not workable in practice", "version": 1},
    )
    assert decided.status_code == 201, decided.text
    stale = api.client.post(
        f"/api/suggestions/{suggestion['id']}/decision",
        json={"action": "accept", "version": 1},
    )
    assert stale.status_code == 409
    bodies = [
        api.client.get(path).json()
        for path in (
            "/api/manuals",
            "/api/manuals/shop",
            "/api/suggestions",
            f"/api/suggestions/{suggestion['id']}/decisions",
            "/api/manuals/shop/audit",
        )
    ] + [decided.json(), stale.json()]
    stamps = [stamp for body in bodies for stamp in _stamps(body)]
    assert {key for key, _ in stamps} >= {"created_at", "decided_at", "at"}
    assert [s for s in stamps if not UTC_STAMP.match(s[1])] == []


def test_the_schema_declares_the_bearer_scheme_and_every_error(api: Api) -> None:
    schema = api.client.get("/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["bearer"].items()
    for path, item in schema["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in item.items():
            responses = operation["responses"]
            if path == "/api/health":
                assert "security" not in operation
                continue
            assert operation["security"] == [{"bearer": []}], (method, path)
            for status in ("401", "403", "422"):
                error = responses[status]["content"]["application/json"]["schema"]
                assert error == {"$ref": "#/components/schemas/ErrorBody"}, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
    decision = schema["paths"]["/api/suggestions/{suggestion_id}/decision"]["post"]
    assert {"404", "409"} <= decision["responses"].keys()
    drafting = schema["paths"]["/api/rules/{rule_id}/suggestions"]["post"]["responses"]
    assert {"404", "409", "502"} <= drafting.keys()
    assert {"413", "415"} <= schema["paths"]["/api/manuals"]["post"]["responses"].keys()
    assert set(schema["components"]["schemas"]["ErrorBody"]["required"]) == {"error", "message"}


def test_a_method_the_path_does_not_take_lists_every_method_it_does(api: Api) -> None:
    response = api.client.request("DELETE", "/api/manuals")
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"
    assert response.headers["allow"] == "GET, POST"


def test_reject_reasons_are_the_forms_list(api: Api) -> None:
    schema = api.client.get("/openapi.json").json()
    request = schema["components"]["schemas"]["DecisionRequest"]["properties"]["reason"]
    assert [c.get("enum") for c in request["anyOf"] if "enum" in c] == [list(REJECT_REASONS)]
    suggestion = api.client.get("/api/suggestions").json()["items"][0]
    made_up = api.client.post(
        f"/api/suggestions/{suggestion['id']}/decision",
        json={"action": "reject", "reason": "I just do not like it", "version": 1},
    )
    assert made_up.status_code == 422 and "must be one of" in made_up.json()["message"]
    with_detail = api.client.post(
        f"/api/suggestions/{suggestion['id']}/decision",
        json={"action": "reject", "reason": "other", "reason_detail": "unclear", "version": 1},
    )
    assert with_detail.status_code == 201 and with_detail.json()["reason"] == "other — unclear"


def test_suggestions_come_a_page_at_a_time(api: Api) -> None:
    stored = {s.id for s in api.root.review.suggestions()}
    assert len(stored) >= 3
    first = api.client.get("/api/suggestions").json()
    assert first["limit"] == 50 and first["total"] == len(stored) and first["next"] is None
    seen: list[str] = []
    page = api.client.get("/api/suggestions", params={"limit": 2, "status": "ready"}).json()
    ready = page["total"]
    while True:
        assert len(page["items"]) <= 2
        seen += [s["id"] for s in page["items"]]
        if page["next"] is None:
            break
        assert "status=ready" in page["next"]
        page = api.client.get(page["next"]).json()
    assert len(seen) == len(set(seen)) == ready
    too_big = api.client.get("/api/suggestions", params={"limit": 201})
    assert too_big.status_code == 422 and "limit" in too_big.json()["message"]
