"""Engine, sessions and migrations."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from service.core.errors import BackendUnavailable

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
T = TypeVar("T")
log = logging.getLogger(__name__)


class ConnectionLost(BackendUnavailable):
    """The connection to the database dropped during a unit of work, which was rolled back;
    `committing`: it dropped during the commit, so the work may have been stored."""

    def __init__(self, message: str, *, committing: bool) -> None:
        super().__init__(message)
        self.committing = committing


def _unreachable(exc: DBAPIError) -> bool:
    """The database could not be connected to (psycopg says "connection failed")."""
    text = str(exc.orig).lower()
    return isinstance(exc, OperationalError) and (
        text.startswith("connection failed") or "connection to server at" in text
    )


def _lost(exc: DBAPIError, committing: bool) -> ConnectionLost:
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
    outcome = (
        "it may or may not have been stored; check, then try again"
        if committing
        else "nothing of it was stored; try again"
    )
    if not exc.connection_invalidated:  # it was never made
        return ConnectionLost(
            f"the database cannot be reached ({reason}): {outcome}", committing=False
        )
    return ConnectionLost(
        f"the connection to the database was lost ({reason}): {outcome}", committing=committing
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_database_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise BackendUnavailable(f"the database cannot be reached: {exc.orig}") from exc


class Database:
    """One engine and its session factory; sessions commit on success, roll back on error."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_database_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        migrate(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work. A dropped connection is a `ConnectionLost` (the pool checks
        each connection before use, so the next unit of work gets a new one)."""
        session = self._sessions()
        committing = False
        try:
            yield session
            committing = True
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            if exc.connection_invalidated or _unreachable(exc):
                raise _lost(exc, committing) from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def retrying(
        self, unit: Callable[..., T], *args: Any, idempotent: bool = False, attempts: int = 4
    ) -> T:
        """`unit(*args)`, a unit of work that opens its own sessions, done again when the
        connection is lost part way: always when it was lost before the commit (nothing was
        stored), and during the commit only for an `idempotent` unit (doing it twice stores
        it once). Each loss is logged; the last one is raised."""
        for attempt in range(1, attempts + 1):
            try:
                return unit(*args)
            except ConnectionLost as exc:
                if attempt == attempts or (exc.committing and not idempotent):
                    raise
                log.warning("%s (trying again, %d of %d)", exc.message, attempt, attempts - 1)
                time.sleep(0.1 * 2**attempt)
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()
