"""People: users, their passwords and tokens, and web sessions."""

from __future__ import annotations

from service.core.domain import User
from service.core.settings import Settings
from service.review import accounts
from service.store.database import Database


class People:
    """Users and how they prove who they are: a password (web sessions) or a bearer token."""

    def __init__(self, *, settings: Settings, db: Database) -> None:
        self._settings = settings
        self._db = db

    def add_user(
        self, name: str, roles: list[str], *, password: str | None = None, actor: str = "cli"
    ) -> accounts.NewUser:
        with self._db.session() as session:
            return accounts.add_user(session, name, roles, password=password, actor=actor)

    def users(self) -> list[User]:
        with self._db.session() as session:
            return accounts.list_users(session)

    def set_password(self, name: str, password: str, *, actor: str = "cli") -> None:
        with self._db.session() as session:
            accounts.set_password(session, name, password, actor=actor)

    def new_token(self, name: str, *, label: str = "") -> str:
        with self._db.session() as session:
            return accounts.issue_token(session, accounts.find_user(session, name).id, label=label)

    def sign_in(self, name: str, password: str) -> accounts.WebSession | None:
        """A new web session for the right name and password, else None."""
        with self._db.session() as session:
            user = accounts.verify_login(session, name.strip(), password)
            if user is None:
                return None
            return accounts.start_session(session, user, hours=self._settings.session_hours)

    def sign_out(self, secret: str) -> None:
        with self._db.session() as session:
            accounts.end_session(session, secret)

    def user_for_token(self, token: str) -> User | None:
        with self._db.session() as session:
            return accounts.user_for_token(session, token)

    def authenticate_token(self, token: str) -> User:
        """The token's user; else Unauthorized saying why (unknown, revoked, user disabled)."""
        with self._db.session() as session:
            return accounts.authenticate_token(session, token)

    def set_active(self, name: str, active: bool, *, actor: str = "cli") -> User:
        """Disable (signs out every browser of theirs; their tokens stop working) or enable."""
        with self._db.session() as session:
            return accounts.set_active(session, name, active, actor=actor)

    def tokens(self, name: str | None = None) -> list[accounts.TokenInfo]:
        with self._db.session() as session:
            return accounts.list_tokens(session, name)

    def revoke_token(
        self, ref: str, *, user: str | None = None, actor: str = "cli"
    ) -> accounts.TokenInfo:
        with self._db.session() as session:
            return accounts.revoke_token(session, ref, user=user, actor=actor)

    def rotate_tokens(
        self, name: str, *, token: str | None = None, actor: str = "cli"
    ) -> accounts.Rotated:
        with self._db.session() as session:
            return accounts.rotate_tokens(session, name, token=token, actor=actor)

    def web_session(self, secret: str) -> accounts.WebSession | None:
        with self._db.session() as session:
            return accounts.session_for(session, secret)
