"""Who is asking: a bearer token (API) or a session cookie (browser), and what they may do.

A request authenticated by cookie that changes something must also carry the session's CSRF
token (a form field for pages, the `X-CSRF-Token` header for API calls from the page)."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.core.domain import Role, User
from service.core.errors import Forbidden, Unauthorized
from service.stages.root import Root

SESSION_COOKIE = "prw_session"
LOGIN_CSRF_COOKIE = "prw_login_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class NotSignedIn(Unauthorized):
    """A page asked for without a session: the browser goes to the login form."""


@dataclass(frozen=True)
class Caller:
    user: User
    csrf_token: str | None  # set when the caller came by session cookie


def get_root(request: Request) -> Root:
    root: Root = request.app.state.root
    return root


def same_secret(given: str | None, expected: str | None) -> bool:
    return bool(given and expected) and hmac.compare_digest(str(given), str(expected))


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _caller(request: Request) -> Caller | None:
    root = get_root(request)
    token = _bearer(request)
    if token is not None:
        # Unauthorized says which: unknown, revoked or user disabled.
        return Caller(root.people.authenticate_token(token), None)
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        web = root.people.web_session(secret)
        if web is not None:
            return Caller(web.user, web.csrf_token)
    return None


# Declares the bearer scheme in the OpenAPI document; the token itself is read (and a
# missing one answered with our own 401) by `api_caller`.
bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="An API token: `policy-rewriter users token NAME` or POST /api/users.",
)


def api_caller(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)] = None,
) -> Caller:
    caller = _caller(request)
    if caller is None and request.cookies.get(SESSION_COOKIE):
        raise Unauthorized(
            "the session cookie is no longer valid (signed out, expired, password changed "
            "or user disabled); sign in again at /login or send 'Authorization: Bearer <token>'"
        )
    if caller is None:
        raise Unauthorized(
            "sign in: send 'Authorization: Bearer <token>' (create one with "
            "`policy-rewriter users add NAME --role ROLE`)"
        )
    if (
        caller.csrf_token is not None
        and request.method not in SAFE_METHODS
        and not same_secret(request.headers.get("x-csrf-token"), caller.csrf_token)
    ):
        raise Forbidden("missing or wrong X-CSRF-Token header for a cookie-authenticated request")
    return caller


def page_caller(request: Request) -> Caller:
    caller = _caller(request)
    if caller is None or caller.csrf_token is None:
        raise NotSignedIn("sign in to continue")
    return caller


def _require(role: Role, caller: Caller) -> User:
    if not caller.user.has(role):
        raise Forbidden(
            f"{caller.user.name} has the role(s) {', '.join(caller.user.roles)}; "
            f"this needs the {role} role"
        )
    return caller.user


def api_role(role: Role) -> Callable[[Caller], Awaitable[User]]:
    # async: no I/O, so FastAPI runs it on the event loop, not in a worker thread
    async def dependency(caller: Annotated[Caller, Depends(api_caller)]) -> User:
        return _require(role, caller)

    return dependency


ApiUser = Annotated[Caller, Depends(api_caller)]
Owner = Annotated[User, Depends(api_role("owner"))]
Reviewer = Annotated[User, Depends(api_role("reviewer"))]
Admin = Annotated[User, Depends(api_role("admin"))]
PageCaller = Annotated[Caller, Depends(page_caller)]


def require_page_role(caller: Caller, role: Role) -> User:
    return _require(role, caller)
