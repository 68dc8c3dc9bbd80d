"""What every response carries (security headers, a Content-Security-Policy the app's own
pages satisfy), how often anyone may try to sign in, and when the server refuses to start."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.core.domain import User
from service.core.html import TEMPLATES
from service.core.settings import Settings

DEMO_USER = "demo-reviewer"


def _style_hashes(template: str) -> list[str]:
    """CSP hashes of the inline <style> blocks of a template that has no expressions in them
    (the HTML export is one self-contained file, so it keeps its style inline)."""
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    hashes = []
    for block in re.findall(r"<style>(.*?)</style>", source, re.S):
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return hashes


def content_security_policy() -> str:
    styles = " ".join(["'self'", *_style_hashes("export.html")])
    return (
        "default-src 'self'; script-src 'self'; "
        f"style-src {styles}; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


# FastAPI's /docs and /redoc pages load Swagger UI and ReDoc from a CDN with an inline start-up
# script; only they get this policy.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
    "https://cdn.redoc.ly; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})


class SecurityHeaders:
    """ASGI middleware: every response gets the security headers (a route's own
    Content-Security-Policy, if it sets one, is kept)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        policy = content_security_policy()
        common = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
        ]
        self._headers = [*common, (b"content-security-policy", policy.encode())]
        self._docs_headers = [*common, (b"content-security-policy", DOCS_POLICY.encode())]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self._docs_headers if scope.get("path") in DOCS_PATHS else self._headers

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend((k, v) for k, v in extra if k not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


# --- sign-in rate limit ---------------------------------------------------------------------


class SlidingWindow:
    """At most `limit` events per key in any `seconds`; in memory, so per process."""

    def __init__(self, limit: int, seconds: float, *, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.seconds = seconds
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.get(key)
        if events is None:
            if len(self._events) >= 100_000:  # bounded memory: forget the stalest keys
                for stale in [
                    k for k, v in self._events.items() if not v or v[-1] < now - self.seconds
                ]:
                    del self._events[stale]
            events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.seconds:
            events.popleft()
        return events

    def wait(self, key: str) -> float:
        """Seconds until `key` may act again; 0 if it may now."""
        with self._lock:
            now = self._clock()
            events = self._recent(key, now)
            if len(events) < self.limit:
                return 0.0
            return max(events[0] + self.seconds - now, 0.001)

    def hit(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            self._recent(key, now).append(now)

    def clear(self, key: str) -> None:
        with self._lock:
            self._events.pop(key, None)


class LoginLimiter:
    """Failed sign-in attempts, per client address and per account; a success clears the
    account's (and is not counted, so many people signing in from one office are not held)."""

    def __init__(
        self,
        *,
        per_address: int = 20,
        address_seconds: float = 60,
        per_account: int = 5,
        account_seconds: float = 300,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.addresses = SlidingWindow(per_address, address_seconds, clock=clock)
        self.accounts = SlidingWindow(per_account, account_seconds, clock=clock)

    @staticmethod
    def _account(name: str) -> str:
        return name.strip().lower()[:80]

    def retry_after(self, name: str, address: str) -> int:
        """Whole seconds to wait before this attempt is allowed; 0 if it is allowed now."""
        wait = max(self.addresses.wait(address), self.accounts.wait(self._account(name)))
        return math.ceil(wait) if wait > 0 else 0

    def attempted(self, name: str, address: str, *, succeeded: bool) -> None:
        if succeeded:
            self.accounts.clear(self._account(name))
        else:
            self.addresses.hit(address)
            self.accounts.hit(self._account(name))


# --- refusing to start ----------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to any interface


_DEFAULT_PASSWORDS = {"", "postgres", "password", "admin", "changeme", "secret"}


def unsafe_to_serve(settings: Settings, host: str, users: Iterable[User]) -> list[str]:
    """What must change before the server may listen on `host`, each naming what to set.

    On a loopback interface nothing is refused. Elsewhere: the demo account (whose password
    `demo` prints on every run) must be disabled, and a database on another machine must have
    a password that is not a well-known default."""
    if is_loopback(host):
        return []
    problems = []
    if any(u.name == DEMO_USER and u.active for u in users):
        problems.append(
            f"the demo account {DEMO_USER!r} is enabled and its password was printed by "
            f"`policy-rewriter demo`: run `policy-rewriter users disable {DEMO_USER}`"
        )
    url = settings.resolved_database_url
    if not url.startswith("sqlite"):
        parts = urlsplit(url)
        client_certificate = "sslcert=" in parts.query
        remote = bool(parts.hostname) and not is_loopback(parts.hostname or "")
        if remote and not client_certificate and (parts.password or "") in _DEFAULT_PASSWORDS:
            problems.append(
                f"the database at {parts.hostname} is reached with "
                f"{'no password' if not parts.password else 'a default password'}: set one "
                "in POLICY_REWRITER_DATABASE_URL (postgresql://USER:PASSWORD@HOST/DB)"
            )
    return problems
