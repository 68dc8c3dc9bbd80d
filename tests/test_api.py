"""The HTTP API over a real app instance (in-process ASGI transport)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.stages.root import Root
from service.web.app import create_app

MANUAL = b"# Shop\n\n## Returns\n\n2.3 Refunds are given only as store credit.\n\n2.4 We reply within a week.\n"


@pytest.fixture
def client(root: Root) -> Iterator[TestClient]:
    """A client signed in as a user who may ingest, draft and review."""
    token = root.people.add_user("pat", ["owner", "reviewer"]).token
    with TestClient(
        create_app(root=root), headers={"Authorization": f"Bearer {token}"}
    ) as test_client:
        yield test_client


def test_upload_and_read_back(client: TestClient) -> None:
    created = client.post("/api/manuals", files={"file": ("shop.md", MANUAL, "text/markdown")})
    assert created.status_code == 201 and created.json()["rules"] == 2
    complaints = client.post(
        "/api/complaints", files={"file": ("c.csv", b"id,text\nC1,Only a voucher!\n", "text/csv")}
    )
    assert complaints.status_code == 201 and complaints.json()["stored"] == 1
    assert [m["manual"] for m in client.get("/api/manuals").json()] == ["shop"]
    rules = client.get("/api/rules", params={"manual": "shop"}).json()
    assert rules[0]["number"] == "2.3"
    assert client.get(f"/api/rules/{rules[0]['id']}").json()["text"] == rules[0]["text"]
    assert client.get("/api/complaints/C1").json()["text"] == "Only a voucher!"
    assert client.get("/api/complaints/C1/rules", params={"top": 1}).status_code == 200
    assert isinstance(client.get("/api/conflicts").json(), list)
    assert client.get("/openapi.json").json()["info"]["title"] == "policy-rewriter"


@pytest.mark.parametrize(
    ("path", "status", "kind"),
    [
        ("/api/rules/r-missing", 404, "not_found"),
        ("/api/complaints/none", 404, "not_found"),
        ("/api/manuals/none", 404, "not_found"),
    ],
)
def test_errors_are_json_with_their_status(
    client: TestClient, path: str, status: int, kind: str
) -> None:
    response = client.get(path)
    assert response.status_code == status and response.json()["error"] == kind


def test_bad_uploads(client: TestClient) -> None:
    empty = client.post("/api/manuals", files={"file": ("x.md", b"", "text/markdown")})
    assert empty.status_code == 422 and "empty" in empty.json()["message"]
    no_text = client.post(
        "/api/complaints", files={"file": ("c.csv", b"id,when\n1,now\n", "text/csv")}
    )
    assert no_text.status_code == 422 and "no text column" in no_text.json()["message"]
    wrong = client.post("/api/manuals", files={"file": ("x.rtf", b"abc", "text/rtf")})
    assert wrong.status_code == 415


def test_draft_list_and_read_suggestions(client: TestClient) -> None:
    client.post("/api/manuals", files={"file": ("shop.md", MANUAL, "text/markdown")})
    complaints = b"id,text\nC1,They would only give me store credit when I wanted my money back.\n"
    client.post("/api/complaints", files={"file": ("c.csv", complaints, "text/csv")})
    rule_id = client.get("/api/rules").json()[0]["id"]

    created = client.post(f"/api/rules/{rule_id}/suggestions", json={"model": "builtin"})
    assert created.status_code == 201, created.text
    suggestion = created.json()
    assert suggestion["rule_id"] == rule_id and suggestion["status"] in {"ready", "blocked"}

    assert client.get(f"/api/suggestions/{suggestion['id']}").json() == suggestion
    listed = client.get(
        "/api/suggestions", params={"status": suggestion["status"], "manual": "shop"}
    )
    assert [s["id"] for s in listed.json()["items"]] == [suggestion["id"]]
    assert client.get("/api/suggestions", params={"manual": "other"}).json()["items"] == []
    assert client.get("/api/suggestions", params={"status": "maybe"}).status_code == 422
    missing = client.get("/api/suggestions/nope")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert client.post("/api/rules/nope/suggestions").status_code == 404
