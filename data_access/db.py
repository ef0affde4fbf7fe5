"""One place that turns DATABASE_URL into an engine and sessions, and says when the store is gone.

Faults recover by themselves: an error that means the store's file or connection is gone (a
SQLite file truncated, replaced or unreadable; a PostgreSQL server stopped) discards every pooled
connection (`_on_error`), so the first request after the store is back opens fresh ones; on
PostgreSQL each pooled connection is also checked before use (`pool_pre_ping`).

SQLite stores run in WAL mode: readers are never blocked by an import (an import's transaction
used to lock every page request out, "database is locked"), with a busy timeout for the rare
moment a lock is needed. A SQLite file is opened, never created: only `migrate` creates a store
(`create_sqlite_file`), so serving or a command cannot leave an empty store behind.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from data_access import revision

log = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///instance/ria.db"
SQLITE_BUSY_TIMEOUT_MS = 5000  # a reader or writer waits this long for a lock before "database is locked"
CONNECT_TIMEOUT_SECONDS = 5  # a server store (PostgreSQL) that does not answer within this is unavailable

# SQLite errors that mean the file under the pooled connections is gone or not the store any more
# (truncated, replaced, deleted, emptied): drop every pooled connection so new ones open the file anew.
SQLITE_GONE = (
    "file is not a database",
    "database disk image is malformed",
    "disk i/o error",
    "unable to open database file",
    "no such table",
    "readonly database",  # the file was replaced under an open connection
)


def database_url() -> str:
    return os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)


def _normalise(url: str) -> str:
    # Plain postgresql:// would ask for psycopg2; we ship psycopg 3.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def sqlite_path(url: str) -> Path | None:
    """The file a SQLite URL names (None for other stores and in-memory SQLite)."""
    parsed = make_url(_normalise(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if parsed.database.startswith("file:"):
        return None  # a URI the caller manages itself
    return Path(parsed.database)


def create_sqlite_file(url: str) -> None:
    """Create an empty SQLite file (and its folder) for `url` if it has none: `migrate` only."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        sqlite3.connect(path).close()


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url` (default: DATABASE_URL, read now), one per URL per process."""
    return _engine_for(_normalise(url or database_url()))


@lru_cache(maxsize=32)
def _engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        path = sqlite_path(url)
        if path is not None:
            event.listen(engine, "do_connect", _open_existing_only)
            _drop_connections_to_replaced_file(engine, path)
    else:
        connect_args = {}
        if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
        engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    event.listen(engine, "handle_error", _on_error)
    return engine


def _open_existing_only(_dialect, _record, cargs, cparams) -> None:
    """Open the SQLite file read-write, never creating it (sqlite3 creates a missing file)."""
    path = Path(cargs[0])
    cargs[0] = f"{path.absolute().as_uri()}?mode=rw"
    cparams["uri"] = True


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def _drop_connections_to_replaced_file(engine: Engine, path: Path) -> None:
    """A pooled connection still reads the file it opened: after the store's file was removed or
    replaced (a restore by `mv`), it would serve the old file for ever. One stat per checkout
    notices, and the pool opens a fresh connection instead (SQLAlchemy's DisconnectionError)."""

    @event.listens_for(engine, "connect")
    def _remember(_dbapi_connection, record) -> None:
        record.info["sqlite_file"] = _file_identity(path)

    @event.listens_for(engine, "checkout")
    def _check(_dbapi_connection, record, _proxy) -> None:
        if record.info.get("sqlite_file") != _file_identity(path):
            raise exc.DisconnectionError(f"the SQLite file {path} was removed or replaced")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    try:
        # Persistent in the file: readers see the last commit while an import writes. A store that
        # cannot switch now (another process holds it in the old mode, a read-only file) keeps its
        # journal mode; asked before the busy timeout is set, so that costs no wait.
        mode = cursor.execute("PRAGMA journal_mode=WAL").fetchone()
        if mode and str(mode[0]).lower() == "wal":
            cursor.execute("PRAGMA synchronous=NORMAL")  # WAL's usual setting: no corruption on power loss
    except sqlite3.Error:
        pass
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _on_error(context) -> None:
    """An error that means the store is gone discards the pool: the next checkout reconnects."""
    if context.engine is None or context.engine.dialect.name != "sqlite":
        return  # server stores: the dialect recognises lost connections itself, pre-ping does the rest
    message = str(context.original_exception).lower()
    if any(text in message for text in SQLITE_GONE):
        context.is_disconnect = True
        context.invalidate_pool_on_disconnect = True


def store_unavailable(error: BaseException) -> bool:
    """Whether `error` (or what caused it) means the store cannot be read now: not reachable, its
    file unreadable, locked, or not holding the store's tables. Such a fault ends when the store is
    back; the dashboard answers 503 meanwhile (dashboard/faults.py)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, exc.DBAPIError | exc.TimeoutError | exc.DisconnectionError | sqlite3.Error):
            return not isinstance(error, exc.IntegrityError | sqlite3.IntegrityError)
        if type(error).__module__.startswith("psycopg") and type(error).__name__ in (
            "OperationalError",
            "InterfaceError",
        ):
            return True
        error = error.__cause__ or error.__context__
    return False


def _checkpoint_after_write(url: str) -> None:
    """After a commit that wrote, copy the SQLite log into the database file when no reader needs it
    (PASSIVE: never waits), so the file alone holds every committed write (a copy is a backup)."""
    if sqlite_path(url) is None:
        return
    try:
        with get_engine(url).connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
    except exc.DBAPIError as error:  # best effort: the next checkpoint copies what this one did not
        log.debug("checkpoint of %s skipped: %s", url, error)


revision.AFTER_BUMP.append(_checkpoint_after_write)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls everything back on any error."""
    session = sessionmaker(bind=get_engine(url), expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
