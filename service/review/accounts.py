"""Users, their roles, API tokens (stored as SHA-256) and signed-in browser sessions."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel
from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from service.core.domain import ROLES, Role, User
from service.core.errors import BadInput, Conflict, NotFound, Unauthorized
from service.store.mapping import from_row
from service.store.models import ApiTokenRow, AuditRow, UserRow, WebSessionRow, as_utc, utcnow

TOKEN_PREFIX = "prw_"
# How stale a token's `last_used_at` may be: it is written when older than this.
LAST_USED_PRECISION = timedelta(minutes=1)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")
_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters
# Verified against when a name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def to_user(row: UserRow) -> User:
    return from_row(User, row, roles=list(row.roles))


def check_roles(roles: Sequence[str]) -> list[Role]:
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise BadInput(
            f"unknown role {unknown[0]!r}; roles are {', '.join(ROLES)}"
            if unknown
            else f"give at least one role: {', '.join(ROLES)}"
        )
    return [r for r in ROLES if r in roles]


def check_password(password: str) -> None:
    if len(password) < 10:
        raise BadInput("a password needs at least 10 characters")


@dataclass(frozen=True)
class NewUser:
    user: User
    token: str  # shown once; only its hash is stored


def add_user(
    session: Session, name: str, roles: Sequence[str], *, password: str | None, actor: str
) -> NewUser:
    if not _NAME.match(name):
        raise BadInput(
            f"user name {name!r}: use 1-80 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit"
        )
    chosen = check_roles(roles)
    if session.scalar(select(UserRow).where(UserRow.name == name)) is not None:
        raise Conflict(f"a user named {name!r} already exists")
    if password is not None:
        check_password(password)
    row = UserRow(
        name=name,
        roles=list(chosen),
        password_hash=_hasher.hash(password) if password else None,
        active=True,
    )
    session.add(row)
    session.flush()
    token = issue_token(session, row.id, label="created with the user")
    session.add(AuditRow(actor=actor, action="user.add", detail={"user": name, "roles": chosen}))
    return NewUser(to_user(row), token)


def find_user(session: Session, name: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise NotFound(f"no user {name!r}")
    return row


def list_users(session: Session) -> list[User]:
    return [to_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]


def set_password(session: Session, name: str, password: str, *, actor: str) -> None:
    check_password(password)
    row = find_user(session, name)
    row.password_hash = _hasher.hash(password)
    # A new password signs out every browser that used the old one.
    session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == row.id))
    session.add(AuditRow(actor=actor, action="user.password", detail={"user": name}))


def set_active(session: Session, name: str, active: bool, *, actor: str) -> User:
    row = find_user(session, name)
    row.active = active
    if not active:
        session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == row.id))
    action = "user.enable" if active else "user.disable"
    session.add(AuditRow(actor=actor, action=action, detail={"user": name}))
    return to_user(row)


def issue_token(session: Session, user_id: int, *, label: str = "") -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiTokenRow(user_id=user_id, token_hash=_digest(token), label=label[:80]))
    return token


def user_for_token(session: Session, token: str) -> User | None:
    try:
        return authenticate_token(session, token)
    except Unauthorized:
        return None


def authenticate_token(session: Session, token: str) -> User:
    """The user a bearer token belongs to; else Unauthorized saying which of unknown, revoked
    or user disabled is the case."""
    found = session.execute(
        select(ApiTokenRow, UserRow)
        .join(UserRow, UserRow.id == ApiTokenRow.user_id)
        .where(ApiTokenRow.token_hash == _digest(token))
    ).first()
    if found is None:
        raise Unauthorized("the bearer token is not known: it was never issued here")
    token_row, user_row = found
    if token_row.revoked_at is not None:
        when = as_utc(token_row.revoked_at)
        raise Unauthorized(
            f"the bearer token (id {token_row.id}) was revoked"
            f"{f' at {when:%Y-%m-%d %H:%M} UTC' if when else ''}; ask an admin for a new one"
        )
    if not user_row.active:
        raise Unauthorized(f"the bearer token's user {user_row.name!r} is disabled")
    now = utcnow()
    last_used = as_utc(token_row.last_used_at)
    if last_used is None or now - last_used >= LAST_USED_PRECISION:
        # A write (and its commit's disk flush) at most once a minute per token, not per call.
        token_row.last_used_at = now
    return to_user(user_row)


class TokenInfo(BaseModel):
    """An API token as listed: never its secret, which is shown once when it is issued."""

    id: int
    user: str
    label: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    revoked_by: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _token_info(row: ApiTokenRow, user: str) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        user=user,
        label=row.label,
        created_at=as_utc(row.created_at) or utcnow(),
        last_used_at=as_utc(row.last_used_at),
        revoked_at=as_utc(row.revoked_at),
        revoked_by=row.revoked_by,
    )


def _tokens_of(session: Session, name: str | None) -> Select[ApiTokenRow, str]:
    """Tokens with their user's name: every user's, or only `name`'s (NotFound if unknown)."""
    query = select(ApiTokenRow, UserRow.name).join(UserRow, UserRow.id == ApiTokenRow.user_id)
    if name is not None:
        query = query.where(UserRow.id == find_user(session, name).id)
    return query


def list_tokens(session: Session, name: str | None = None) -> list[TokenInfo]:
    query = _tokens_of(session, name)
    rows = session.execute(query.order_by(UserRow.name, ApiTokenRow.id)).all()
    return [_token_info(row, user) for row, user in rows]


def _find_token(session: Session, ref: str, user: str | None) -> tuple[ApiTokenRow, str]:
    """A token by its id, or by its label (of `user`'s tokens when given) if only one
    unrevoked token has that label."""
    query = _tokens_of(session, user)
    if ref.strip().isdigit():
        number = int(ref)
        found = (
            session.execute(query.where(ApiTokenRow.id == number)).first()
            if number < 2**31
            else None
        )
        if found is None:
            raise NotFound(f"no API token with id {ref}" + (f" of {user!r}" if user else ""))
        return found[0], found[1]
    matches = session.execute(
        query.where(ApiTokenRow.label == ref, ApiTokenRow.revoked_at.is_(None))
    ).all()
    if not matches:
        raise NotFound(
            f"no unrevoked API token labelled {ref!r}" + (f" of {user!r}" if user else "")
        )
    if len(matches) > 1:
        ids = ", ".join(f"{row.id} ({name})" for row, name in matches)
        raise Conflict(f"{len(matches)} tokens are labelled {ref!r}: {ids}; give the id instead")
    return matches[0][0], matches[0][1]


def revoke_token(session: Session, ref: str, *, actor: str, user: str | None = None) -> TokenInfo:
    """Revoke one token (by id or label); it stops working on the next request."""
    row, owner = _find_token(session, ref, user)
    if _revoke(row, actor, utcnow()):
        session.add(
            AuditRow(actor=actor, action="token.revoke", detail={"user": owner, "token": row.id})
        )
    session.flush()
    return _token_info(row, owner)


def _revoke(row: ApiTokenRow, actor: str, when: datetime) -> bool:
    """Revoke the token unless it already is; whether this call revoked it."""
    if row.revoked_at is not None:
        return False
    row.revoked_at = when
    row.revoked_by = actor[:80]
    return True


@dataclass(frozen=True)
class Rotated:
    token: str  # the new token, shown once
    revoked: list[int]


def rotate_tokens(session: Session, name: str, *, actor: str, token: str | None = None) -> Rotated:
    """A new token for `name`, and every unrevoked token of theirs revoked (or only `token`,
    an id or label, whose label the new one keeps)."""
    user = find_user(session, name)
    if token is not None:
        old = [_find_token(session, token, name)[0]]
    else:
        old = list(
            session.scalars(
                select(ApiTokenRow).where(
                    ApiTokenRow.user_id == user.id, ApiTokenRow.revoked_at.is_(None)
                )
            )
        )
    now = utcnow()
    for row in old:
        _revoke(row, actor, now)
    label = old[0].label if token is not None and old else "rotated"
    secret = issue_token(session, user.id, label=label)
    revoked = [row.id for row in old]
    session.add(
        AuditRow(actor=actor, action="token.rotate", detail={"user": name, "revoked": revoked})
    )
    return Rotated(secret, revoked)


def verify_login(session: Session, name: str, password: str) -> User | None:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    try:
        if row is None or row.password_hash is None:
            _hasher.verify(_DUMMY_HASH, password)
            return None
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if not row.active:
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return to_user(row)


@dataclass(frozen=True)
class WebSession:
    secret: str  # goes in the cookie; only its hash is stored
    csrf_token: str
    user: User


def start_session(session: Session, user: User, *, hours: float) -> WebSession:
    secret = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = utcnow()
    session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < now))
    session.add(
        WebSessionRow(
            id=_digest(secret),
            user_id=user.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    session.add(AuditRow(actor=user.name, action="user.login", detail={}))
    return WebSession(secret, csrf, user)


def session_for(session: Session, secret: str) -> WebSession | None:
    found = session.execute(
        select(WebSessionRow, UserRow)
        .join(UserRow, UserRow.id == WebSessionRow.user_id)
        .where(WebSessionRow.id == _digest(secret))
    ).first()
    if found is None:
        return None
    web, user = found
    expires = as_utc(web.expires_at)
    if not user.active or expires is None or expires < utcnow():
        return None
    return WebSession(secret, web.csrf_token, to_user(user))


def end_session(session: Session, secret: str) -> None:
    session.execute(delete(WebSessionRow).where(WebSessionRow.id == _digest(secret)))
