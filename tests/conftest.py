"""Shared fixtures: fresh migrated stores (SQLite always, PostgreSQL when the test set-up started one)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from data_access.db import get_engine
from data_access.store import migrate
from tests import pg_server

ROOT = Path(__file__).resolve().parent.parent
SHARED_OFSTED_RAW = ROOT.parent / "shared" / "data" / "ofsted" / "raw"


def real_ofsted_dir() -> Path | None:
    """Where the real Ofsted files are, if anywhere: RIA_DATA_DIR/ofsted, RIA_DATA_DIR, or ../shared."""
    candidates = []
    if os.environ.get("RIA_DATA_DIR"):
        data_dir = Path(os.environ["RIA_DATA_DIR"])
        candidates += [data_dir / "ofsted" / "raw", data_dir / "ofsted", data_dir]
    candidates.append(SHARED_OFSTED_RAW)
    for folder in candidates:
        if folder.is_dir() and any(folder.glob("*.ods")):
            return folder
    return None


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """A new, migrated SQLite store for one test."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    migrate(url)
    return url


@pytest.fixture
def session(sqlite_url) -> Session:
    """A session on a fresh migrated SQLite store; the test commits or not as it likes."""
    with sessionmaker(bind=get_engine(sqlite_url))() as s:
        yield s


# -- PostgreSQL ------------------------------------------------------------------------------------


def _postgres_required() -> bool:
    """CI (or RIA_REQUIRE_POSTGRES=1) must really test PostgreSQL, so a missing server fails there."""
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return ci or os.environ.get("RIA_REQUIRE_POSTGRES", "").strip() == "1"


def _psycopg_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """URL of a PostgreSQL server for this session: TEST_POSTGRES_URL, else a throwaway local one.

    The local server (tests/pg_server.py) is stopped and deleted when the session ends. With no
    server binaries the PostgreSQL tests skip, except under CI / RIA_REQUIRE_POSTGRES=1 where they fail.
    """
    if os.environ.get("TEST_POSTGRES_URL"):
        yield _psycopg_url(os.environ["TEST_POSTGRES_URL"])
        return
    if pg_server.find_bin_dir() is None:
        reason = (
            "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql; "
            "install postgresql or set TEST_POSTGRES_URL"
        )
        if _postgres_required():
            pytest.fail(f"{reason} (required: CI or RIA_REQUIRE_POSTGRES=1 is set)", pytrace=False)
        pytest.skip(reason)
    with pg_server.postgres_server() as server:
        yield server.url


@pytest.fixture(scope="session")
def _postgres_admin(postgres_server_url) -> Iterator[Engine]:
    """An AUTOCOMMIT engine on the server's own database, for CREATE / DROP DATABASE."""
    engine = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    yield engine
    engine.dispose()


_database_numbers = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server_url, _postgres_admin) -> Iterator[str]:
    """A new, migrated PostgreSQL database for one test, dropped (connections and all) afterwards."""
    # pid in the name: several sessions may share one TEST_POSTGRES_URL server.
    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    with _postgres_admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_server_url).set(database=name).render_as_string(hide_password=False)
    try:
        migrate(url)
        yield url
    finally:
        get_engine(url).dispose()  # the cached engine's pooled connections
        with _postgres_admin.connect() as connection:
            # FORCE (PostgreSQL 13+) also ends connections from engines the lru_cache already evicted.
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request) -> str:
    """A new, migrated store URL for one test, once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


def build_demo_store(folder: Path) -> str:
    """A migrated SQLite store in `folder` holding the demo dataset; returns its URL."""
    from data_access.db import session_scope
    from data_access.importers.demo import load_demo

    url = f"sqlite:///{folder / 'demo.db'}"
    migrate(url)
    with session_scope(url) as session:
        load_demo(session)
    return url


@pytest.fixture(scope="session")
def demo_store_url(tmp_path_factory) -> str:
    """One demo store shared by the tests that only read it (never write to it in a test)."""
    return build_demo_store(tmp_path_factory.mktemp("demo"))
