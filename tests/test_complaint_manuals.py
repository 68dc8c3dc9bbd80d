"""Complaints tied to a manual at ingest are matched only to that manual's rules."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.core.errors import NotFound
from service.stages.root import Root
from service.web.app import create_app

SHOP = b"# Shop\n\n1. Refunds are given only as store credit, never back to the card.\n"
POOL = b"# Pool\n\n1. Swimming lessons are paid a term in advance and never refunded.\n"
COMPLAINTS = b"id,text\nk-1,They would only refund my store credit and never back to the card.\n"


def test_a_tied_complaint_is_evidence_only_for_its_own_manual(root: Root) -> None:
    root.ingest.manual(data=SHOP, filename="shop.md")
    root.ingest.manual(data=POOL, filename="pool.md")
    root.ingest.complaints(data=COMPLAINTS, filename="c.csv", manual="pool")
    assert root.library.complaint("k-1").manual == "pool"
    found = root.matching.rules_for_complaint("k-1", top=5)
    assert found and {m.manual for m in found} == {"pool"}
    for conflict in root.matching.conflicts():
        if any(e.id == "k-1" for e in conflict.complaints):
            assert conflict.manual == "pool"
    shop_rule = next(r for r in root.library.rules() if r.manual == "shop")
    assert "k-1" not in {e.id for e in root.matching.conflict(shop_rule.id).complaints}


def test_the_same_complaint_untied_goes_to_the_rule_it_fits(root: Root) -> None:
    root.ingest.manual(data=SHOP, filename="shop.md")
    root.ingest.manual(data=POOL, filename="pool.md")
    root.ingest.complaints(data=COMPLAINTS, filename="c.csv")
    assert root.matching.rules_for_complaint("k-1", top=1)[0].manual == "shop"


def test_an_unknown_manual_is_refused_before_anything_is_stored(root: Root) -> None:
    root.ingest.manual(data=SHOP, filename="shop.md")
    with pytest.raises(NotFound, match="gym"):
        root.ingest.complaints(data=COMPLAINTS, filename="c.csv", manual="gym")
    assert root.library.complaint_count() == 0


def test_the_api_takes_the_manual_and_answers_404_for_an_unknown_one(root: Root) -> None:
    root.ingest.manual(data=POOL, filename="pool.md")
    token = root.people.add_user("pat", ["owner"]).token
    with TestClient(create_app(root=root), headers={"Authorization": f"Bearer {token}"}) as client:
        files = {"file": ("c.csv", COMPLAINTS, "text/csv")}
        refused = client.post("/api/complaints", files=files, data={"manual": "gym"})
        assert refused.status_code == 404
        stored = client.post("/api/complaints", files=files, data={"manual": "pool"})
        assert stored.status_code == 201, stored.text
        assert client.get("/api/complaints/k-1").json()["manual"] == "pool"
