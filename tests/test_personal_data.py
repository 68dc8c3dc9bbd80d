"""Personal data in complaints: masked before any text leaves for a model, stored as written,
cited at its place in the original, and shown masked to reviewers but not to admins."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.core.personal_data import find, mask
from service.core.settings import Settings
from service.drafting.models import builtin_answer
from service.index.embeddings import HashingEmbedder
from service.stages.root import Root
from service.web.app import create_app
from tests.html import csrf_of
from tests.openai_server import ModelServer, Step

MODEL = "openai/fake-drafter"

MANUAL = b"""# Refunds

## Paying refunds

1. Refunds are given only as account credit and are never paid back to the customer's card or bank account.
2. A refund request must be made in writing within 14 days of the charge.
"""

# Red-team complaints: every kind of personal data, written the ways customers write it.
COMPLAINTS = [
    {
        "id": "RT-1",
        "customer_name": "",
        "text": "My name is Priya Raman and I was charged twice on my card 4111 1111 1111 "
        "1111. I want the refund paid back to my card, not given as account credit on an "
        "account I have closed. Email priya.raman@example.co.uk or call 07700 900123.\n\n"
        "Kind regards,\nPriya Raman",
    },
    {
        "id": "RT-2",
        "customer_name": "",
        "text": "Refunds only as account credit is unfair when the account is closed. Pay the "
        "refund back to my bank account, IBAN GB82 WEST 1234 5698 7654 32, or to my "
        "Mastercard 5500-0000-0000-0004. Write to me at Flat 3, 27 Mercer Street, Cardiff "
        "CF10 4DQ or ring +44 20 7946 0958. Thanks, Mr Oliver Twistleton",
    },
    {
        "id": "RT-3",
        "customer_name": "",
        "text": "My husband, Gerald Finch, asked for the refund to go back to his card and "
        "was told it can only be account credit. Our address is 1600 Pennsylvania Ave NW, "
        "Washington, DC 20500, account no. 82004519. Call me at (415) 555-0134 or on my "
        "Australian mobile +61 2 9374 4000.\n\nYours sincerely,\nDana Whitfield",
    },
    {
        "id": "RT-4",
        "customer_name": "Siobhan Kearney",
        "text": "Siobhan Kearney here. My refund went on as account credit although I asked "
        "for it to be paid back to the card I paid with. Post a cheque to 12 Abbey Court, "
        "Ennis, Co. Clare, V95 T2K6 if you cannot refund the card. Irish mobile 087 321 7788.",
    },
]

PERSONAL = [
    "Priya Raman",
    "4111 1111 1111 1111",
    "priya.raman@example.co.uk",
    "07700 900123",
    "GB82 WEST 1234 5698 7654 32",
    "5500-0000-0000-0004",
    "27 Mercer Street",
    "CF10 4DQ",
    "+44 20 7946 0958",
    "Oliver Twistleton",
    "Gerald Finch",
    "1600 Pennsylvania Ave",
    "DC 20500",
    "82004519",
    "(415) 555-0134",
    "+61 2 9374 4000",
    "Dana Whitfield",
    "Siobhan Kearney",
    "Abbey Court",
    "V95 T2K6",
    "087 321 7788",
]


def _csv() -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["id", "customer_name", "text"])
    writer.writeheader()
    writer.writerows(COMPLAINTS)
    return out.getvalue().encode()


def _leaks(body: str) -> list[str]:
    """The personal data written in `body` as it is, or as its digits run together."""
    digits = re.sub(r"\D", "", body)
    found = [item for item in PERSONAL if item in body]
    found += [
        item
        for item in PERSONAL
        if len(re.sub(r"\D", "", item)) >= 8 and re.sub(r"\D", "", item) in digits
    ]
    return found


class EmbeddingServer:
    """An OpenAI-compatible embeddings endpoint on 127.0.0.1 that records every input and
    answers with bag-of-words vectors (so matching works as with the hashing embedder)."""

    def __init__(self) -> None:
        self.bodies: list[str] = []
        embedder = HashingEmbedder()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.bodies.append(raw.decode())
                texts = json.loads(raw)["input"]
                texts = [texts] if isinstance(texts, str) else texts
                vectors = embedder.embed(texts)
                data = json.dumps(
                    {
                        "object": "list",
                        "model": "fake-embed",
                        "data": [
                            {"object": "embedding", "index": i, "embedding": v.tolist()}
                            for i, v in enumerate(vectors)
                        ],
                        "usage": {"prompt_tokens": 1, "total_tokens": 1},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/v1"


@pytest.fixture
def embedding_server() -> Iterator[EmbeddingServer]:
    server = EmbeddingServer()
    yield server
    server.http.shutdown()
    server.http.server_close()


@pytest.fixture
def drafted(
    tmp_path: Path,
    model_server: tuple[ModelServer, str],
    embedding_server: EmbeddingServer,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[Root, ModelServer, EmbeddingServer]]:
    """The manual and the red-team complaints ingested with a remote embedding model, and
    the refund rule drafted by a remote chat model: both fakes on 127.0.0.1 that record."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)  # a local server needs no key
    server, url = model_server
    settings = Settings(
        data_dir=tmp_path / "data",
        progress=False,
        embedding_model="openai/fake-embed",
        embedding_api_base=embedding_server.url,
        model=MODEL,
        api_base=url,
        _env_file=None,  # type: ignore[call-arg]
    )
    root = Root(settings=settings)
    root.ingest.manual(data=MANUAL, filename="refunds.md")
    report = root.ingest.complaints(data=_csv(), filename="complaints.csv")
    assert report.stored == len(COMPLAINTS), report
    yield root, server, embedding_server
    root.close()


def _refund_rule(root: Root) -> str:
    return next(r.id for r in root.library.rules() if "account credit" in r.text)


def test_no_personal_data_reaches_a_model_and_citations_verify(
    drafted: tuple[Root, ModelServer, EmbeddingServer],
) -> None:
    root, server, embeddings = drafted
    # stored as written
    for complaint in COMPLAINTS:
        assert root.library.complaint(complaint["id"]).text == complaint["text"]

    rule_id = _refund_rule(root)
    first = root.drafting.draft([rule_id])[0]
    cited = {c.id for c in first.citations if c.source == "complaint"}
    assert cited, first.citations

    # The model now quotes a masked stretch of a complaint, placeholders and all, and is
    # asked again after an answer that is not JSON (the re-ask carries the prompt again).
    prompt = server.calls(MODEL.split("/", 1)[1])[0]["messages"]
    answer = json.loads(builtin_answer(prompt))
    rt1 = next(c["text"] for c in COMPLAINTS if c["id"] == "RT-1")
    quote = "I was charged twice on my card [CARD]. I want the refund paid back to my card"
    assert quote in mask(rt1).text
    answer["citations"].append({"complaint_id": "RT-1", "quote": quote})
    served = MODEL.split("/", 1)[1]
    server.script(served, Step(answer="not json at all"), Step(answer=json.dumps(answer)))
    again = root.drafting.draft([rule_id], fresh=True)[0]

    chats = [json.dumps(request) for request in server.calls()]
    assert len(chats) >= 3 and embeddings.bodies
    for kind, bodies in (("chat", chats), ("embedding", embeddings.bodies)):
        leaks = {item for body in bodies for item in _leaks(body)}
        assert not leaks, f"personal data sent to the {kind} model: {sorted(leaks)}"
        assert any("[CARD]" in body for body in bodies) and any("[NAME]" in b for b in bodies)

    # Every citation verifies against the stored original, at the original's offsets.
    for suggestion in (first, again):
        assert next(c for c in suggestion.checks if c.name == "quotes_verbatim").passed
        for c in suggestion.citations:
            if c.source == "complaint":
                text = root.library.complaint(c.id).text
                assert c.verified and text[c.start : c.end] == c.quote
    masked_quote = next(c for c in again.citations if c.id == "RT-1" and "4111" in c.quote)
    assert masked_quote.quote == (
        "I was charged twice on my card 4111 1111 1111 1111. I want the refund paid back to my card"
    )
    assert rt1[masked_quote.start : masked_quote.end] == masked_quote.quote


def _sign_in(client: TestClient, name: str, password: str) -> None:
    csrf = csrf_of(client.get("/login").text)
    signed = client.post(
        "/login",
        data={"name": name, "password": password, "csrf": csrf, "next": "/review"},
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text


def test_reviewers_see_complaints_masked_and_admins_the_original(
    drafted: tuple[Root, ModelServer, EmbeddingServer],
) -> None:
    root, _server, _embeddings = drafted
    rule_id = _refund_rule(root)
    suggestion = root.drafting.draft([rule_id])[0]
    root.people.add_user("rita", ["reviewer"], password="rita-password-1")
    root.people.add_user("olga", ["owner"], password="olga-password-1")
    root.people.add_user("ada", ["admin", "reviewer"], password="ada-password-1")
    cited = [c for c in suggestion.citations if c.source == "complaint"]
    originals = [root.library.complaint(c.id).text for c in cited]
    shown_data = [item for item in PERSONAL if any(item in text for text in originals)]
    assert shown_data

    app = create_app(root=root)
    for name, password, masked in (
        ("rita", "rita-password-1", True),
        ("olga", "olga-password-1", True),
        ("ada", "ada-password-1", False),
    ):
        with TestClient(app) as client:
            _sign_in(client, name, password)
            page = client.get(f"/review/{suggestion.id}")
            assert page.status_code == 200
            html = page.text.replace("&#43;", "+").replace("&#39;", "'")
            if masked:
                assert not _leaks(html), f"{name} sees {_leaks(html)}"
                assert "[CARD]" in html or "[NAME]" in html
            else:
                assert all(item in html for item in shown_data)
                assert "[CARD]" not in html

    # The JSON API follows the same rule, for suggestions, complaints and conflicts.
    tokens = {
        "rex": root.people.add_user("rex", ["reviewer"]).token,
        "adam": root.people.add_user("adam", ["admin"]).token,
    }
    with TestClient(app) as client:
        for name, token in tokens.items():
            auth = {"Authorization": f"Bearer {token}"}
            bodies = [
                client.get(f"/api/suggestions/{suggestion.id}", headers=auth).text,
                client.get("/api/suggestions", headers=auth).text,
                client.get("/api/complaints", headers=auth).text,
                client.get("/api/complaints/RT-2", headers=auth).text,
                client.get(f"/api/conflicts/{rule_id}", headers=auth).text,
                client.get("/api/conflicts", headers=auth).text,
                client.get("/api/complaints/RT-3/rules", headers=auth).text,
            ]
            if name == "rex":
                leaks = {item for body in bodies for item in _leaks(body)}
                assert not leaks, f"the API shows a reviewer {sorted(leaks)}"
            else:
                assert all(item in bodies[2] for item in PERSONAL if "+" not in item)
            assert "Siobhan Kearney" not in bodies[3] + bodies[2] or name == "adam"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("card 4111-1111-1111-1111 and 4111111111111111", ["CARD", "CARD"]),
        ("my Amex 3782 822463 10005 was declined", ["CARD"]),
        ("IBAN DE89 3704 0044 0532 0130 00, mail a.b+c@example.org", ["IBAN", "EMAIL"]),
        ("ring 020 7946 0958 or (212) 555-0187 or +33 1 42 68 53 00", ["PHONE"] * 3),
        ("I live at 221B Baker Street, London NW1 6XE now", ["ADDRESS"]),
        ("Dear team,\nI am cross.\nBest wishes,\nJo Bloggs-Smith", ["NAME"]),
        ("Policy number CIM-58820417 and my name is Aoife Brennan", ["ACCOUNT", "NAME"]),
    ],
)
def test_each_kind_is_found(text: str, kinds: list[str]) -> None:
    assert [f.kind for f in find(text)] == kinds


def test_ordinary_figures_are_not_personal_data() -> None:
    text = (
        "On 2024-03-02 at 10:05 I paid £1,250.00 (EUR 3,420) for 3 nights; the 14-day "
        "cooling-off period under section 12 of the Consumer Rights Act 2015 applies. "
        "Please call me back before 2024-03-09."
    )
    assert find(text) == []


def test_masked_offsets_map_back_to_the_original() -> None:
    text = "Call Dr Ann Lee on 07700 900123 today, or email ann@example.com."
    masked = mask(text)
    assert masked.text == "Call [NAME] on [PHONE] today, or email [EMAIL]."
    start = masked.text.index("[NAME] on")
    end = masked.text.index(" today")
    a, b = masked.to_original(start, end)
    assert text[a:b] == "Dr Ann Lee on 07700 900123"
    assert masked.segment(a, b) == "[NAME] on [PHONE]"
    # a quote that ends inside a placeholder takes in all that it stands for
    a, b = masked.to_original(start, masked.text.index("[PHONE]") + 3)
    assert text[a:b] == "Dr Ann Lee on 07700 900123"
