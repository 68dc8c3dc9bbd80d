"""A small OpenAI-compatible chat server on 127.0.0.1, for tests and benchmarks.

By default it answers every drafting prompt the way the built-in drafter would, after
`delay` seconds. Tests script it per model: a queue of steps (an answer text, an HTTP
error, a pause) consumed one per request, and every request is recorded.

    python tests/openai_server.py --port 8011 --delay 0.2 [--fail-rate 0.2]

`GET /stats` answers {"requests": N}, the chat requests received so far.

Faults a real provider shows are scripted too: a raw body in place of the answer (HTML from
a proxy, text that is not JSON, a truncated JSON document), a connection closed part way
through the answer, and a stall (a long `delay`) that only the client's timeout ends.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from service.drafting.models import builtin_answer


@dataclass
class Step:
    """One scripted reply: `answer` text with status 200 (the built-in drafter's answer when
    None), or an HTTP `status` error."""

    answer: str | None = None
    status: int = 200
    delay: float = 0.0
    message: str | None = None  # the error's message, for a status other than 200
    # The Retry-After header: sent with a 429, and with any error when above 0; None: never.
    retry_after: float | None = 0.0
    body: bytes | None = None  # sent as it is, in place of the JSON reply
    content_type: str = "application/json"
    cut: bool = False  # the connection is closed half way through the reply
    # The reply waits until this many requests have arrived; `delay` then runs from that moment.
    gather: int = 0


_PLAIN = Step()


@dataclass
class ModelServer:
    delay: float = 0.0
    fail_rate: float = 0.0  # share of requests answered with a random 500, 429 or stall
    seed: int = 7
    scripts: dict[str, deque[Step]] = field(default_factory=lambda: defaultdict(deque))
    # How a model's server takes `response_format`, as real ones differ: "json_schema" (all),
    # "json_object" (llama.cpp: a 500 for a schema), "text" (a 400 for any; fenced answers).
    dialects: dict[str, str] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)  # time.monotonic() of each request
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _arrived: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._arrived = threading.Condition(self._lock)
        self._server: ThreadingHTTPServer | None = None

    def script(self, model: str, *steps: Step) -> None:
        with self._lock:
            self.scripts[model].extend(steps)

    def calls(self, model: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [r for r in self.requests if model is None or r["model"] == model]

    def _next_step(self, request: dict[str, Any]) -> Step:
        with self._lock:
            self.requests.append(request)
            self.arrivals.append(time.monotonic())
            self._arrived.notify_all()
            queue = self.scripts.get(request["model"])
            if queue:
                return queue.popleft()
            failing = self.fail_rate and self._random.random() < self.fail_rate
            kind = self._random.choice((500, 429, "stall")) if failing else None
        if kind == "stall":
            return Step(answer=None, status=200, delay=3600)
        if kind is not None:
            return Step(status=int(kind), delay=self.delay)
        return Step(answer=builtin_answer(request["messages"]), delay=self.delay)

    def _refusal(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        dialect = self.dialects.get(request["model"], "json_schema")
        kind = (request.get("response_format") or {}).get("type")
        if dialect == "json_object" and kind == "json_schema":
            with self._lock:
                self.requests.append(request)
            message = (
                "1 validation error: response_format.type Input should be 'text' or 'json_object'"
            )
            return 500, {"error": {"message": message}}
        if dialect == "text" and kind is not None:
            with self._lock:
                self.requests.append(request)
            return 400, {"error": {"message": "response_format is not supported by this server"}}
        return None

    def reply(self, request: dict[str, Any]) -> tuple[int, dict[str, Any], Step]:
        started = time.monotonic()
        refused = self._refusal(request)
        if refused is not None:
            return refused[0], refused[1], Step(status=refused[0])
        step = self._next_step(request)
        if step.gather:
            with self._arrived:
                self._arrived.wait_for(lambda: len(self.arrivals) >= step.gather, timeout=30)
            started = time.monotonic()
        # The delay runs from the request's arrival: writing the answer is part of it.
        if (left := step.delay - (time.monotonic() - started)) > 0:
            time.sleep(left)
        if step.status != 200 and step.body is None:
            message = step.message or f"scripted {step.status}"
            return step.status, {"error": {"message": message}}, step
        text = step.answer if step.answer is not None else builtin_answer(request["messages"])
        if step.body is not None or step.cut:
            return step.status, _completion(request["model"], text), step
        if self.dialects.get(request["model"]) == "text" and text.startswith("{"):
            text = f"Here is the rewrite:\n```json\n{text}\n```"
        return 200, _completion(request["model"], text), step

    def start(self, port: int = 0) -> str:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real model servers do
            disable_nagle_algorithm = True  # or each reply waits for a delayed ACK

            def do_GET(self) -> None:
                if self.path.rstrip("/") != "/stats":
                    return self._send(404, {"error": {"message": f"no route {self.path}"}})
                self._send(200, {"requests": len(server.calls())})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    return self._send(404, {"error": {"message": f"no route {self.path}"}})
                status, payload, step = server.reply(json.loads(body))
                self._send(status, payload, step=step)

            def _send(self, status: int, payload: dict[str, Any], *, step: Step = _PLAIN) -> None:
                data = step.body if step.body is not None else json.dumps(payload).encode()
                retry_after = step.retry_after
                if retry_after is not None and not (status == 429 or retry_after > 0):
                    retry_after = None
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", step.content_type)
                    self.send_header("Content-Length", str(len(data)))
                    if retry_after is not None:
                        self.send_header("Retry-After", f"{retry_after:g}")
                    self.end_headers()
                    if step.cut:  # half the reply, then the connection goes
                        self.wfile.write(data[: len(data) // 2])
                        self.wfile.flush()
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *_args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 256  # the default (5) drops connections under concurrency

        self._server = Server(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def _completion(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": text},
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--fail-rate", type=float, default=0.0)
    args = parser.parse_args()
    from service.drafting import builtin  # noqa: F401  (loaded now, not by the first request)

    server = ModelServer(delay=args.delay, fail_rate=args.fail_rate)
    print(server.start(args.port), flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
