"""Review over the HTTP API: roles, every decision path, conflicts, audit and exports.

Each test runs on a SQLite file and on a fresh PostgreSQL database (skipped without one)."""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from service.core.settings import Settings
from service.index.embeddings import HashingEmbedder
from service.stages.root import Root
from service.store.models import ApiTokenRow, DecisionRow, SuggestionRow, UserRow
from service.web.app import create_app
from tests.html import csrf_of
from tests.review_data import COMPLAINTS, MANUAL


@dataclass
class Review:
    space: Root
    client: TestClient
    tokens: dict[str, str]

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def pending(self) -> list[dict]:
        response = self.client.get(
            "/api/suggestions", params={"review": "pending"}, headers=self.auth("rita")
        )
        return sorted(response.json()["items"], key=lambda s: s["number"])

    def decide(self, who: str, suggestion: dict, **body: object) -> dict:
        body.setdefault("version", suggestion["version"])
        response = self.client.post(
            f"/api/suggestions/{suggestion['id']}/decision", json=body, headers=self.auth(who)
        )
        return {"status": response.status_code, **response.json()}


@pytest.fixture
def review(backend_settings: Settings) -> Iterator[Review]:
    space = Root(settings=backend_settings, embedder=HashingEmbedder())
    space.ingest.manual(data=MANUAL, filename="shop.md")
    space.ingest.complaints(data=COMPLAINTS, filename="c.csv")
    space.drafting.draft([r.id for r in space.library.rules() if r.restrictive])
    tokens = {
        "olga": space.people.add_user("olga", ["owner"]).token,
        "rita": space.people.add_user("rita", ["reviewer"], password="rita-password-1").token,
        "sam": space.people.add_user("sam", ["reviewer"]).token,
        "ada": space.people.add_user("ada", ["admin"]).token,
        "both": space.people.add_user("both", ["owner", "reviewer"]).token,
    }
    with TestClient(create_app(root=space)) as client:
        yield Review(space, client, tokens)
    space.close()


def test_no_or_bad_token_is_401_and_health_is_open(review: Review) -> None:
    assert review.client.get("/api/health").status_code == 200
    missing = review.client.get("/api/suggestions")
    assert missing.status_code == 401 and missing.json()["error"] == "unauthorized"
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = review.client.get("/api/suggestions", headers={"Authorization": "Bearer prw_nope"})
    assert wrong.status_code == 401


def test_tokens_and_passwords_are_hashed_at_rest(review: Review) -> None:
    with review.space.db.session() as session:
        hashes = set(session.scalars(select(ApiTokenRow.token_hash)))
        rita = session.scalar(select(UserRow).where(UserRow.name == "rita"))
    assert review.tokens["rita"] not in hashes
    assert hashlib.sha256(review.tokens["rita"].encode()).hexdigest() in hashes
    assert rita is not None and rita.password_hash is not None
    assert (
        rita.password_hash.startswith("$argon2id$") and "rita-password-1" not in rita.password_hash
    )


@pytest.mark.parametrize(
    ("who", "method", "path", "allowed"),
    [
        ("rita", "post", "/api/manuals", False),  # a reviewer cannot ingest
        ("rita", "post", "/api/complaints", False),
        ("olga", "post", "/api/manuals", True),
        ("rita", "get", "/api/manuals/shop/export", False),
        ("olga", "get", "/api/manuals/shop/export", True),
        ("olga", "get", "/api/users", False),
        ("ada", "get", "/api/users", True),
    ],
)
def test_roles(review: Review, who: str, method: str, path: str, allowed: bool) -> None:
    files = {"file": ("more.md", b"# More\n\n1.1 Bags are never refunded.\n", "text/markdown")}
    if path == "/api/complaints":
        files = {"file": ("c2.csv", b"id,text\nZ1,No refund for my bag.\n", "text/csv")}
    kwargs = {"files": files} if method == "post" else {}
    response = getattr(review.client, method)(path, headers=review.auth(who), **kwargs)
    if allowed:  # a created manual or complaint file is 201, a read 200: nothing else
        assert response.status_code == (201 if method == "post" else 200), response.text
    else:
        assert response.status_code == 403 and "needs the" in response.json()["message"]


def test_an_owner_cannot_decide_unless_also_a_reviewer(review: Review) -> None:
    first, second = review.pending()[:2]
    refused = review.decide("olga", first, action="accept")
    assert refused["status"] == 403 and "reviewer role" in refused["message"]
    assert review.decide("both", second, action="accept")["status"] == 201


def test_accept_reject_and_edit(review: Review) -> None:
    one, two, three = review.pending()[:3]
    accepted = review.decide("rita", one, action="accept", comment="clear win")
    assert accepted["status"] == 201 and accepted["text"] == one["proposed"]
    assert accepted["decided_by"] == "rita" and accepted["suggestion_version"] == 1

    no_reason = review.decide("rita", two, action="reject")
    assert no_reason["status"] == 422 and "needs a reason" in no_reason["message"]
    rejected = review.decide(
        "rita", two, action="reject", reason="the complaints do not support it"
    )
    assert rejected["status"] == 201 and rejected["reason"] == "the complaints do not support it"

    edited_text = three["proposed"] + " Staff note the reason on the customer's record."
    edited = review.decide("rita", three, action="edit", text=edited_text)
    assert edited["status"] == 201 and edited["text"] == edited_text
    assert {c["name"] for c in edited["checks"]} >= {"on_topic", "not_more_restrictive"}

    stored = {
        s["id"]: s
        for s in review.client.get("/api/suggestions", headers=review.auth("rita")).json()["items"]
    }
    assert stored[one["id"]]["review"] == "accepted" and stored[one["id"]]["version"] == 2
    assert stored[two["id"]]["review"] == "rejected" and stored[two["id"]]["final_text"] is None
    assert stored[three["id"]]["final_text"] == edited_text

    history = review.client.get(
        f"/api/suggestions/{one['id']}/decisions", headers=review.auth("olga")
    ).json()
    assert [(d["action"], d["comment"]) for d in history] == [("accept", "clear win")]


def test_an_edit_that_fails_its_checks_decides_nothing(review: Review) -> None:
    target = review.pending()[0]
    worse = "Refunds are never given. Customers must pay a £20 fee to ask."
    refused = review.decide("rita", target, action="edit", text=worse)
    assert refused["status"] == 422 and refused["error"] == "checks_failed"
    failed = {c["name"] for c in refused["checks"] if not c["passed"]}
    assert "not_more_restrictive" in failed
    again = review.client.get(
        f"/api/suggestions/{target['id']}", headers=review.auth("rita")
    ).json()
    assert again["review"] == "pending" and again["version"] == target["version"]
    with review.space.db.session() as session:
        assert session.scalars(select(DecisionRow)).first() is None


def test_a_blocked_suggestion_cannot_be_accepted_as_it_is(review: Review) -> None:
    target = review.pending()[0]
    with review.space.db.session() as session:
        session.execute(
            update(SuggestionRow).where(SuggestionRow.id == target["id"]).values(status="blocked")
        )
    refused = review.decide("rita", target, action="accept")
    assert refused["status"] == 422 and "failed its checks" in refused["message"]


def test_the_second_reviewer_gets_409_with_the_first_decision(review: Review) -> None:
    target = review.pending()[0]
    assert review.decide("rita", target, action="accept")["status"] == 201
    late = review.decide(
        "sam", target, action="reject", reason="other", reason_detail="the wording is unclear"
    )
    assert late["status"] == 409 and late["error"] == "conflict"
    assert "rita already accepted" in late["message"]
    assert late["current"]["review"] == "accepted" and late["current"]["decided_by"] == "rita"
    # Having seen the decision, a reviewer may replace it: that is a new, audited decision.
    changed = review.decide(
        "sam",
        target,
        action="reject",
        reason="other",
        reason_detail="the wording is unclear",
        version=2,
    )
    assert changed["status"] == 201


def test_simultaneous_decisions_one_wins_one_conflicts(review: Review) -> None:
    target = review.pending()[0]
    barrier = threading.Barrier(2)
    results: list[int] = []

    def decide(who: str, action: str) -> None:
        barrier.wait()
        body = {
            "action": action,
            "version": 1,
            "reason": "other",
            "reason_detail": "the wording is unclear",
        }
        response = review.client.post(
            f"/api/suggestions/{target['id']}/decision", json=body, headers=review.auth(who)
        )
        results.append(response.status_code)

    threads = [
        threading.Thread(target=decide, args=("rita", "accept")),
        threading.Thread(target=decide, args=("sam", "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [201, 409]
    assert len(review.space.review.decisions(target["id"])) == 1


def test_a_failed_write_leaves_the_old_state(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash between the update and the audit entry rolls the whole decision back."""
    target = review.pending()[0]
    from service.review import decisions

    class Boom(RuntimeError):
        pass

    def broken_audit(**_kwargs: object) -> None:
        raise Boom("disk full")

    monkeypatch.setattr(decisions, "AuditRow", broken_audit)
    with pytest.raises(Boom):
        review.space.review.decide(
            target["id"], "accept", user=review.space.people.users()[-1], version=target["version"]
        )
    again = review.space.review.suggestion(target["id"])
    assert again.review == "pending" and again.version == target["version"]
    assert review.space.review.decisions(target["id"]) == []


def test_audit_trail_lists_every_decision(review: Review) -> None:
    one, two = review.pending()[:2]
    review.decide("rita", one, action="accept")
    review.decide("sam", two, action="reject", reason="too vague for staff to apply")
    audit = review.client.get("/api/manuals/shop/audit", headers=review.auth("olga")).json()
    decided = [(e["actor"], e["action"], e["suggestion_id"]) for e in audit if e["suggestion_id"]]
    assert decided == [
        ("sam", "suggestion.reject", two["id"]),
        ("rita", "suggestion.accept", one["id"]),
    ]
    assert all(e["detail"]["model"] == "builtin" for e in audit if e["suggestion_id"])
    assert any(e["action"] == "manual.ingest" for e in audit)
    assert (
        review.client.get("/api/manuals/none/audit", headers=review.auth("olga")).status_code == 404
    )


def test_exports_apply_only_accepted_rewrites(review: Review) -> None:
    one, two, three = review.pending()[:3]
    review.decide("rita", one, action="accept", comment="clear win")
    review.decide(
        "rita", two, action="reject", reason="other", reason_detail="the wording is unclear"
    )
    edited = three["proposed"] + " Staff note the reason on the customer's record."
    review.decide("rita", three, action="edit", text=edited)

    def export(fmt: str) -> bytes:
        response = review.client.get(
            "/api/manuals/shop/export", params={"format": fmt}, headers=review.auth("olga")
        )
        assert response.status_code == 200, response.text
        return response.content

    markdown = export("md").decode()
    body, log = markdown.split("## Change log")
    assert " ".join(one["proposed"].split()) in " ".join(body.split())
    assert " ".join(edited.split()) in " ".join(body.split())
    assert " ".join(two["original"].split()) in " ".join(body.split())  # rejected: unchanged
    # the accepted rewrite replaced the rule: its text stands once, not the rule then the rewrite
    assert " ".join(body.split()).count(" ".join(one["original"].split())) == 1
    assert "2 changes applied" in log and "2 suggestions still pending review, 1 rejected" in log
    assert "accepted with edits by rita" in log and "Reviewer's comment:** clear win" in log
    for citation in one["citations"]:
        assert citation["id"] in log

    html = export("html").decode()
    assert html.count('<a href="#change-') == 2 and "<del>" in html and "<ins>" in html

    document = Document(io.BytesIO(export("docx")))
    xml = document.element.xml
    assert xml.count("<w:ins ") == 2 and xml.count("<w:del ") == 2
    assert 'w:author="rita"' in xml

    bad = review.client.get(
        "/api/manuals/shop/export", params={"format": "pdf"}, headers=review.auth("olga")
    )
    assert bad.status_code == 422


def test_cookie_sessions_need_csrf_on_changes(review: Review) -> None:
    client = review.client
    login_page = client.get("/login")
    csrf = csrf_of(login_page.text)
    refused = client.post(
        "/login",
        data={"name": "rita", "password": "rita-password-1", "csrf": "forged", "next": "/review"},
        follow_redirects=False,
    )
    assert refused.status_code == 401 and "prw_session" not in refused.cookies
    signed_in = client.post(
        "/login",
        data={"name": "rita", "password": "rita-password-1", "csrf": csrf, "next": "/review"},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/review"
    cookie = signed_in.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie

    target = review.pending()[0]
    # The JSON API with the cookie but no CSRF header is refused.
    api = client.post(
        f"/api/suggestions/{target['id']}/decision", json={"action": "accept", "version": 1}
    )
    assert api.status_code == 403 and "X-CSRF-Token" in api.json()["message"]
    # The form without the session's token is refused and records nothing.
    form = client.post(
        f"/review/{target['id']}", data={"action": "accept", "version": "1", "csrf": "forged"}
    )
    assert form.status_code == 422 and "security token" in form.text
    assert review.space.review.suggestion(target["id"]).review == "pending"

    page = client.get(f"/review/{target['id']}")
    token = csrf_of(page.text)
    done = client.post(
        f"/review/{target['id']}",
        data={"action": "accept", "version": "1", "csrf": token},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/review/")
    assert review.space.review.suggestion(target["id"]).review == "accepted"


def test_pages_redirect_to_login_and_never_offsite(review: Review) -> None:
    client = review.client
    page = client.get("/review", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/review"
    csrf = csrf_of(client.get("/login").text)
    offsite = client.post(
        "/login",
        data={
            "name": "rita",
            "password": "rita-password-1",
            "csrf": csrf,
            "next": "//evil.example",
        },
        follow_redirects=False,
    )
    assert offsite.headers["location"] == "/review"


def test_admin_adds_users_over_the_api(review: Review) -> None:
    created = review.client.post(
        "/api/users",
        json={"name": "newbie", "roles": ["reviewer"], "password": "a-long-password"},
        headers=review.auth("ada"),
    )
    assert created.status_code == 201
    token = created.json()["token"]
    me = review.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["name"] == "newbie" and me["roles"] == ["reviewer"]
    again = review.client.post(
        "/api/users", json={"name": "newbie", "roles": ["reviewer"]}, headers=review.auth("ada")
    )
    assert again.status_code == 409
    unknown = review.client.post(
        "/api/users", json={"name": "x", "roles": ["boss"]}, headers=review.auth("ada")
    )
    assert unknown.status_code == 422


def test_next_walks_forward_through_the_queue(review: Review) -> None:
    from service.review.decisions import QueueFilter

    chosen = QueueFilter(sort="rule")
    order = [s.id for s in sorted(review.space.review.suggestions(), key=lambda s: s.number or "")]
    assert review.space.review.next_pending(chosen) == order[0]
    assert review.space.review.next_pending(chosen, after=order[0]) == order[1]
    assert review.space.review.next_pending(chosen, after=order[1]) == order[2]
    assert review.space.review.next_pending(chosen, after=order[-1]) == order[0]  # wraps round
    rita = next(u for u in review.space.people.users() if u.name == "rita")
    review.space.review.decide(order[1], "accept", user=rita, version=1)
    assert review.space.review.next_pending(chosen, after=order[1]) == order[2]
