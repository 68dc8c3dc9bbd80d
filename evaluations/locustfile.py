"""Reviewers working through the review queue over the JSON API, for locust.

Run by `evaluations/benchmark_load.py`, which seeds the database, starts the server and
reads what this file records; by hand (the server on 127.0.0.1 only):

    LOAD_TOKENS=tokens.json LOAD_RECORD=decisions.jsonl \\
        locust -f evaluations/locustfile.py --headless -u 50 -r 10 --run-time 60s \\
        --host http://127.0.0.1:8000

Each simulated reviewer has its own bearer token (`LOAD_TOKENS`: a JSON list) and repeats:
open a page of the pending queue (`GET /api/suggestions?review=pending&limit=..&offset=..`),
open one suggestion from it, decide it (accept when it is `ready` and names who decides,
else reject with a reason). Most reviewers look at the top of the queue, so two of them
often pick the same suggestion: the second must get the documented 409 naming the first
decision, which counts as a correct answer, not an error. Now and then a reviewer sends its
decision again on the version it already decided, which must get that 409 too.

Every decision answered 2xx is written to `LOAD_RECORD` (JSON Lines: suggestion, version,
action, reviewer, the decision's id), and every 409 with what it named, so the benchmark can
check the audit trail afterwards: each 2xx decision there exactly once, nothing more.
`LOAD_WAIT` is each reviewer's pause between steps in seconds, "MIN,MAX" (default "0,0":
as fast as the server answers).
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, events, task
from locust.exception import RescheduleTask

PAGE = int(os.environ.get("LOAD_PAGE", "20"))
REJECT_REASONS = (
    "changes the rule's purpose",
    "the complaints do not support it",
    "too vague for staff to apply",
    "not workable in practice",
)
ROLE_GAP = "[name the role who decides]"
STALE_SHARE = 0.05  # decisions sent again on the version already decided

_tokens: list[str] = json.loads(Path(os.environ["LOAD_TOKENS"]).read_text(encoding="utf-8"))
_next_token = itertools.count()
_record = open(os.environ["LOAD_RECORD"], "a", encoding="utf-8")  # noqa: SIM115
_low, _, _high = os.environ.get("LOAD_WAIT", "0,0").partition(",")
WAIT = (float(_low), float(_high or _low))


def _write(entry: dict[str, Any]) -> None:
    _record.write(json.dumps(entry) + "\n")


@events.test_stop.add_listener
def _flush(**_: Any) -> None:
    _record.flush()


def _documented_conflict(body: Any, version: int) -> bool:
    """The 409 the README promises: names the current version and who decided first."""
    if not isinstance(body, dict) or body.get("error") != "conflict":
        return False
    current = body.get("current")
    return (
        isinstance(current, dict)
        and isinstance(current.get("version"), int)
        and current["version"] > version
        and isinstance(body.get("message"), str)
    )


class Reviewer(FastHttpUser):
    def wait_time(self) -> float:
        return random.uniform(*WAIT)

    def on_start(self) -> None:
        token = _tokens[next(_next_token) % len(_tokens)]
        self.headers = {"Authorization": f"Bearer {token}"}
        self.name = ""
        with self.client.get("/api/me", headers=self.headers, catch_response=True) as got:
            if got.status_code != 200:
                got.failure(f"/api/me answered {got.status_code}")
                return
            self.name = got.json()["name"]

    @task
    def review_one(self) -> None:
        # Most reviewers open the first page; some page further down.
        offset = random.choice((0, 0, 0, PAGE, 2 * PAGE, 5 * PAGE))
        with self.client.get(
            f"/api/suggestions?review=pending&limit={PAGE}&offset={offset}",
            headers=self.headers,
            name="queue",
            catch_response=True,
        ) as got:
            if got.status_code != 200:
                got.failure(f"queue answered {got.status_code}: {got.text[:200]}")
                raise RescheduleTask()
            page = got.json()
            items = page["items"] if isinstance(page, dict) else page
        if not items:
            raise RescheduleTask()
        chosen = random.choice(items)["id"]
        self.pause()
        with self.client.get(
            f"/api/suggestions/{chosen}",
            headers=self.headers,
            name="suggestion",
            catch_response=True,
        ) as got:
            if got.status_code != 200:
                got.failure(f"suggestion answered {got.status_code}: {got.text[:200]}")
                raise RescheduleTask()
            suggestion = got.json()
        if suggestion["review"] != "pending":
            return  # decided since the queue was read: a reviewer moves on
        self.pause()
        version = suggestion["version"]
        if suggestion["status"] == "ready" and ROLE_GAP not in suggestion["proposed"]:
            body: dict[str, Any] = {"action": "accept", "version": version}
        else:
            body = {"action": "reject", "version": version, "reason": random.choice(REJECT_REASONS)}
        decided = self.decide(chosen, body, name="decision")
        if decided and random.random() < STALE_SHARE:
            self.decide(chosen, body, name="decision (stale version)", expect_conflict=True)

    def pause(self) -> None:
        seconds = self.wait_time()
        if seconds > 0:
            gevent.sleep(seconds)

    def decide(
        self, suggestion: str, body: dict[str, Any], *, name: str, expect_conflict: bool = False
    ) -> bool:
        with self.client.post(
            f"/api/suggestions/{suggestion}/decision",
            json=body,
            headers=self.headers,
            name=name,
            catch_response=True,
        ) as got:
            entry = {
                "suggestion": suggestion,
                "version": body["version"],
                "action": body["action"],
                "reviewer": self.name,
                "status": got.status_code,
            }
            if 200 <= got.status_code < 300:
                entry["decision"] = got.json()["id"]
                _write(entry)
                if expect_conflict:
                    got.failure("a decision on a stale version was accepted")
                return True
            if got.status_code == 409:
                answer = got.json()
                entry["current_version"] = (answer.get("current") or {}).get("version")
                entry["decided_by"] = (answer.get("current") or {}).get("decided_by")
                entry["documented"] = _documented_conflict(answer, body["version"])
                _write(entry)
                if entry["documented"]:
                    got.success()
                else:
                    got.failure(f"409 without the documented body: {got.text[:200]}")
                return False
            _write(entry)
            got.failure(f"decision answered {got.status_code}: {got.text[:200]}")
            return False
