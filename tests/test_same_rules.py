"""The API and the review form are two doors to the same services: the same invalid input
gets the same status and the same message through either."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from service.core.settings import Settings
from service.index.embeddings import HashingEmbedder
from service.stages.root import Root
from service.web.app import create_app
from tests.html import alert_of, csrf_of
from tests.review_data import COMPLAINTS, MANUAL

PASSWORD = "pat-password-1"


@dataclass
class Doors:
    space: Root
    api: TestClient  # bearer token
    form: TestClient  # signed in with a session cookie
    token: str

    def csrf(self, path: str) -> str:
        return csrf_of(self.form.get(path).text)


@pytest.fixture
def doors(backend_settings: Settings) -> Iterator[Doors]:
    space = Root(settings=backend_settings, embedder=HashingEmbedder())
    space.ingest.manual(data=MANUAL, filename="shop.md")
    space.ingest.complaints(data=COMPLAINTS, filename="c.csv")
    space.drafting.draft([r.id for r in space.library.rules() if r.restrictive])
    token = space.people.add_user("pat", ["owner", "reviewer"], password=PASSWORD).token
    app = create_app(root=space)
    with TestClient(app) as api, TestClient(app) as form:
        signed_in = form.post(
            "/login",
            data={
                "name": "pat",
                "password": PASSWORD,
                "csrf": csrf_of(form.get("/login").text),
                "next": "/review",
            },
            follow_redirects=False,
        )
        assert signed_in.status_code == 303
        yield Doors(space, api, form, token)
    space.close()


@pytest.mark.parametrize("concurrency", ["0", "65", "eight"])
def test_a_batch_with_a_bad_concurrency(doors: Doors, concurrency: str) -> None:
    files = [("files", ("shop.md", MANUAL, "text/markdown"))]
    api = doors.api.post(
        "/api/batches",
        files=files,
        data={"concurrency": concurrency},
        headers={"Authorization": f"Bearer {doors.token}"},
    )
    page = doors.form.post(
        "/batches",
        files=files,
        data={"concurrency": concurrency, "csrf": doors.csrf("/batches")},
    )
    assert api.status_code == page.status_code == 422
    assert api.json()["message"] == alert_of(page.text)
    assert "concurrency must be a whole number from 1 to 64" in alert_of(page.text)
    assert doors.space.batches.recent() == []  # nothing started either way


def test_resuming_a_batch_started_from_the_command_line(doors: Doors) -> None:
    files = doors.space.batches.files([("shop.md", MANUAL)])
    info = doors.space.batches.create(files, model="builtin", origin="cli")
    api = doors.api.post(
        f"/api/batches/{info.id}/resume", headers={"Authorization": f"Bearer {doors.token}"}
    )
    page = doors.form.post(
        f"/batches/{info.id}/resume", data={"csrf": doors.csrf(f"/batches/{info.id}")}
    )
    assert api.status_code == page.status_code == 409
    assert api.json()["message"] == alert_of(page.text)


def test_rejecting_for_other_reasons_without_saying_why(doors: Doors) -> None:
    suggestion = doors.space.review.suggestions(status="ready")[0]
    api = doors.api.post(
        f"/api/suggestions/{suggestion.id}/decision",
        json={"action": "reject", "reason": "other", "version": suggestion.version},
        headers={"Authorization": f"Bearer {doors.token}"},
    )
    page = doors.form.post(
        f"/review/{suggestion.id}",
        data={
            "action": "reject",
            "reason": "other",
            "reason_detail": "",
            "version": str(suggestion.version),
            "csrf": doors.csrf(f"/review/{suggestion.id}"),
        },
    )
    assert api.status_code == page.status_code == 422
    assert api.json()["message"] == alert_of(page.text)
    assert doors.space.review.suggestion(suggestion.id).review == "pending"


def test_rejecting_for_a_reason_not_on_the_list(doors: Doors) -> None:
    suggestion = doors.space.review.suggestions(status="ready")[0]
    api = doors.api.post(
        f"/api/suggestions/{suggestion.id}/decision",
        json={"action": "reject", "reason": "I just do not like it", "version": suggestion.version},
        headers={"Authorization": f"Bearer {doors.token}"},
    )
    page = doors.form.post(
        f"/review/{suggestion.id}",
        data={
            "action": "reject",
            "reason": "I just do not like it",
            "reason_detail": "",
            "version": str(suggestion.version),
            "csrf": doors.csrf(f"/review/{suggestion.id}"),
        },
    )
    assert api.status_code == page.status_code == 422
    assert api.json()["message"] == alert_of(page.text)
    assert "must be one of" in api.json()["message"]
    assert doors.space.review.suggestion(suggestion.id).review == "pending"
