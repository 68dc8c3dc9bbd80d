"""Admin endpoints: disable and enable users, list, revoke and rotate their API tokens.

Each takes effect on the next request: tokens and sessions are looked up on every call."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from service.core.domain import User
from service.core.errors import Conflict
from service.review.accounts import TokenInfo
from service.stages.root import Root
from service.web.api import errors
from service.web.security import Admin, api_caller, get_root

router = APIRouter(prefix="/api", dependencies=[Depends(api_caller)], tags=["users"])
RootDep = Annotated[Root, Depends(get_root)]
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The token's id (GET /api/tokens).")]


class RotatedTokens(BaseModel):
    user: str
    token: str = Field(description="The new token, shown once; only its hash is stored.")
    revoked: list[int] = Field(description="Ids of the tokens revoked by the rotation.")


def _not_self(admin: User, name: str, what: str) -> None:
    """An admin does not lock themselves out over the API; the CLI or another admin can."""
    if admin.name == name:
        raise Conflict(
            f"an admin cannot {what} their own account over the API; "
            "ask another admin or use `policy-rewriter users`"
        )


@router.post("/users/{name}/disable", responses=errors(404, 409))
def disable_user(root: RootDep, admin: Admin, name: str) -> User:
    """Disable a user: their tokens and signed-in browsers stop working at once."""
    _not_self(admin, name, "disable")
    return root.people.set_active(name, False, actor=admin.name)


@router.post("/users/{name}/enable", responses=errors(404))
def enable_user(root: RootDep, admin: Admin, name: str) -> User:
    """Enable a disabled user again (their unrevoked tokens work again; they sign in anew)."""
    return root.people.set_active(name, True, actor=admin.name)


@router.get("/tokens", responses=errors(404))
def list_tokens(
    root: RootDep,
    _admin: Admin,
    user: Annotated[str | None, Query(description="Only this user's tokens.")] = None,
) -> list[TokenInfo]:
    """Every API token by id and label, when made, last used and revoked; never a secret."""
    return root.people.tokens(user)


@router.post("/tokens/{token_id}/revoke", responses=errors(404, 409))
def revoke_token(root: RootDep, admin: Admin, token_id: TokenId) -> TokenInfo:
    """Revoke one token by id: a request with it is refused (401) from now on."""
    if any(t.id == token_id for t in root.people.tokens(admin.name)):
        _not_self(admin, admin.name, "revoke a token of")
    return root.people.revoke_token(str(token_id), actor=admin.name)


@router.post("/users/{name}/rotate", responses=errors(404, 409))
def rotate_tokens(
    root: RootDep,
    admin: Admin,
    name: str,
    token: Annotated[
        int | None,
        Query(ge=1, le=2**31 - 1, description="Replace only this token (by id); default: all."),
    ] = None,
) -> RotatedTokens:
    """Issue a new token for `name` and revoke the old one(s)."""
    _not_self(admin, name, "rotate the tokens of")
    rotated = root.people.rotate_tokens(
        name, token=None if token is None else str(token), actor=admin.name
    )
    return RotatedTokens(user=name, token=rotated.token, revoked=rotated.revoked)
