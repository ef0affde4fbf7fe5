"""Faults end in a message and recover by themselves (dashboard/faults.py, data_access/db.py):
a store that cannot be read answers 503 with Retry-After and one sentence, and the first request
after it is back succeeds, without restarting the app; serving never creates a store; an import's
write lock does not block pages; malformed callback requests get 400, oversized ones 413."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard import fast_paths
from dashboard.faults import UNAVAILABLE
from data_access import cache
from data_access.db import get_engine, session_scope
from data_access.importers.demo import load_demo
from data_access.store import StoreNotReady, migrate
from tests import pg_server
from tests.conftest import build_demo_store
from tests.dash_client import build_payload

ROOT = Path(__file__).resolve().parent.parent.parent
LAYOUT_REFERER = {"Referer": "http://localhost/judgements?region=north-west"}
CALLBACK = "judgements-by-year-graph.figure"
CALLBACK_INPUTS = {"judgements-filters.data": "?region=north-west"}
TWIN = "/data/judgements-by-year.csv?region=north-west"
RECOVERY_SECONDS = 10  # the bound: served again within 10 s of the store coming back


@pytest.fixture(scope="module")
def demo_bytes(tmp_path_factory) -> bytes:
    """A migrated demo store's file, whole (its engine closed, so no log file holds part of it)."""
    url = build_demo_store(tmp_path_factory.mktemp("faults"))
    get_engine(url).dispose()
    return Path(url.removeprefix("sqlite:///")).read_bytes()


@pytest.fixture
def store(tmp_path, demo_bytes) -> Path:
    path = tmp_path / "store.db"
    path.write_bytes(demo_bytes)
    return path


@pytest.fixture
def no_revision_ttl(monkeypatch):
    """Every request reads the store's revision, as one 2 s later would (the TTL is not under test)."""
    monkeypatch.setattr(cache, "REVISION_TTL_SECONDS", 0.0)


def make_client(url: str):
    from dashboard import create_app

    app = create_app(url)
    client = app.server.test_client()
    assert client.get("/").status_code == 200  # registers the pages' callbacks
    return app, client, client.get("/_dash-dependencies").get_json()


def callback_post(client, dependencies):
    return client.post("/_dash-update-component", json=build_payload(dependencies, CALLBACK, CALLBACK_INPUTS))


def assert_unavailable(response, kind: str) -> None:
    assert response.status_code == 503, (kind, response.status_code, response.data[:300])
    assert response.headers["Retry-After"] == "5"
    text = response.get_data(as_text=True)
    assert UNAVAILABLE in text and "Traceback" not in text and "sqlite" not in text.lower(), text[:300]
    if kind in ("layout", "callback"):
        assert response.get_json()["error"] == UNAVAILABLE


def assert_every_kind_unavailable(client, dependencies) -> None:
    page = client.get("/judgements?region=north-west")
    assert_unavailable(page, "page")
    assert 'http-equiv="refresh"' in page.get_data(as_text=True)  # the page tries again by itself
    assert_unavailable(client.get("/_dash-layout", headers=LAYOUT_REFERER), "layout")
    assert_unavailable(callback_post(client, dependencies), "callback")
    assert_unavailable(client.get(TWIN), "twin")
    assert client.get(TWIN).mimetype == "text/plain"
    assert client.get(TWIN.replace(".csv", ".json")).get_json()["error"] == UNAVAILABLE


def without_generated_at(csv: str) -> str:
    """A CSV twin without its "# Generated at" line: the same data asked for a second later."""
    return "".join(line for line in csv.splitlines(keepends=True) if not line.startswith("# Generated at"))


def assert_served_again_within_bound(client, dependencies, expected_twin: str) -> None:
    """Polls (no restart, nothing cleared by the test) until the page answers; then everything does."""
    deadline = time.monotonic() + RECOVERY_SECONDS
    while client.get("/judgements").status_code != 200:
        assert time.monotonic() < deadline, "not served again within the bound after the store came back"
        time.sleep(0.2)
    assert client.get("/_dash-layout", headers=LAYOUT_REFERER).status_code == 200
    response = callback_post(client, dependencies)
    assert response.status_code == 200 and "judgements-by-year-graph" in response.get_json()["response"]
    twin = client.get(TWIN)
    assert twin.status_code == 200 and without_generated_at(twin.get_data(as_text=True)) == without_generated_at(
        expected_twin
    )


def break_and_restore(path: Path, how: str, good: bytes):
    """Break the store's file one way; returns the function that puts it back."""
    if how == "emptied":  # truncated to nothing: SQLite sees a store with no tables
        with open(path, "r+b") as handle:
            handle.truncate(0)
    elif how == "cut in half":  # truncated part way: "database disk image is malformed"
        with open(path, "r+b") as handle:
            handle.truncate(len(good) // 2)
    elif how == "replaced by garbage":  # a new file in its place: "file is not a database"
        garbage = path.with_name("garbage")
        garbage.write_bytes(b"not a database " * (len(good) // 15))
        garbage.replace(path)
    elif how == "removed":
        path.unlink()
    else:
        raise AssertionError(how)

    def restore() -> None:
        if how in ("emptied", "cut in half"):  # written back in place, as a restore from backup does
            with open(path, "r+b") as handle:
                handle.write(good)
        else:  # moved into place
            copy = path.with_name("restored")
            copy.write_bytes(good)
            copy.replace(path)

    return restore


# -- SQLite ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["emptied", "cut in half", "replaced by garbage", "removed"])
def test_a_broken_sqlite_store_answers_503_and_is_served_again_once_restored(store, how, no_revision_ttl, caplog):
    url = f"sqlite:///{store}"
    good = store.read_bytes()
    app, client, dependencies = make_client(url)
    before = client.get(TWIN).get_data(as_text=True)
    assert "North West" in before

    restore = break_and_restore(store, how, good)
    assert_every_kind_unavailable(client, dependencies)
    if how == "removed":
        assert not store.exists()  # serving never creates a store, not even an empty one
    assert any("store unavailable" in r.getMessage() for r in caplog.records)

    restore()
    assert_served_again_within_bound(client, dependencies, before)


def test_nothing_computed_before_a_fault_is_served_after_it(store, tmp_path, no_revision_ttl):
    """The store put back may not be the one that went, even at the same revision (here: a backup
    without North West's judgements): what was cached before the fault must not answer for it."""
    good = store.read_bytes()
    other = tmp_path / "other.db"
    other.write_bytes(good)
    with sqlite3.connect(other) as connection:  # by hand: the revision stays the same
        connection.execute(
            "DELETE FROM judgements WHERE inspection_id IN (SELECT i.id FROM inspections i"
            " JOIN local_authorities la ON la.id = i.la_id WHERE la.region_code = 'E12000002')"
        )
    connection.close()
    app, client, dependencies = make_client(f"sqlite:///{store}")
    twin_before = client.get(TWIN).get_data(as_text=True)
    layout_before = client.get("/_dash-layout", headers=LAYOUT_REFERER).get_data()

    break_and_restore(store, "emptied", good)
    assert_unavailable(client.get(TWIN), "twin")
    with open(store, "r+b") as handle:  # the other backup, put back in place
        handle.write(other.read_bytes())
    assert_served_again_within_bound(client, dependencies, client.get(TWIN).get_data(as_text=True))
    twin_after = client.get(TWIN).get_data(as_text=True)
    assert "North West" in twin_before and without_generated_at(twin_after) != without_generated_at(twin_before)
    if fast_paths.renders_page_in_layout(app):  # the layout responses kept by the fast path too
        assert client.get("/_dash-layout", headers=LAYOUT_REFERER).get_data() != layout_before


@pytest.mark.parametrize("how", ["emptied", "cut in half"])
def test_an_error_meaning_the_file_is_gone_drops_the_pooled_connections(store, how):
    """In WAL mode a connection mostly finds its way back by itself; in any other journal mode (a
    file system where WAL cannot be set) only fresh connections see the restored file."""
    from sqlalchemy import exc, text

    engine = get_engine(f"sqlite:///{store}")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM judgements")).scalar() > 1000
    break_and_restore(store, how, store.read_bytes())
    with pytest.raises(exc.DBAPIError) as failure, engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM judgements")).scalar()
    assert failure.value.connection_invalidated  # the whole pool is discarded with it


def test_serving_refuses_a_missing_store_and_creates_nothing(tmp_path):
    from dashboard import create_app

    path = tmp_path / "instance" / "ria.db"
    with pytest.raises(StoreNotReady) as refusal:
        create_app(f"sqlite:///{path}")
    message = str(refusal.value)
    assert "does not exist" in message and "`python -m data_access prepare`" in message
    assert "\n" not in message
    assert not path.exists() and not path.parent.exists()


def test_serving_refuses_an_unmigrated_store(tmp_path, demo_bytes):
    from dashboard import create_app

    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()  # a file SQLite accepts, holding no tables
    with pytest.raises(StoreNotReady, match=r"has no tables \(never migrated\).*python -m data_access prepare"):
        create_app(f"sqlite:///{empty}")

    old = tmp_path / "old.db"
    old.write_bytes(demo_bytes)
    with sqlite3.connect(old) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001_initial'")
    with pytest.raises(StoreNotReady, match=r"is at schema revision 0001_initial; this code needs revision"):
        create_app(f"sqlite:///{old}")


def test_the_app_will_not_start_on_a_missing_store_and_says_what_to_run(tmp_path):
    path = tmp_path / "instance" / "ria.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "PORT": "8059"}
    result = subprocess.run(
        [sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 4, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("error: The store") and "python -m data_access prepare" in lines[-1]
    assert "Traceback" not in result.stderr
    assert not path.exists() and not path.parent.exists()


def test_a_page_is_served_while_an_import_holds_the_write_lock(store):
    url = f"sqlite:///{store}"
    _, client, dependencies = make_client(url)
    expected = client.get(TWIN).get_data(as_text=True)
    revision = cache.store_revision(url)

    writer = sqlite3.connect(store, isolation_level=None, timeout=0.1)
    try:
        # As an import does for its whole transaction: the write lock held, rows changed, no commit.
        # Without WAL, readers wait for the lock, then fail with "database is locked".
        writer.execute("BEGIN EXCLUSIVE")
        writer.execute("UPDATE store_revision SET revision = revision + 100")
        writer.execute("DELETE FROM judgements")
        cache.clear_caches()  # every answer below is read from the store now
        twin = client.get(TWIN)
        assert twin.status_code == 200
        assert without_generated_at(twin.get_data(as_text=True)) == without_generated_at(expected)  # the last commit
        assert cache.store_revision(url) == revision
        assert callback_post(client, dependencies).status_code == 200
        assert client.get("/_dash-layout", headers=LAYOUT_REFERER).status_code == 200
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_the_store_is_in_wal_mode_with_a_busy_timeout(store):
    url = f"sqlite:///{store}"
    with get_engine(url).connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


# -- hostile callback requests ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_client(tmp_path_factory, demo_bytes):
    path = tmp_path_factory.mktemp("hostile") / "store.db"
    path.write_bytes(demo_bytes)
    return make_client(f"sqlite:///{path}")


def _valid(dependencies) -> dict:
    return build_payload(dependencies, CALLBACK, CALLBACK_INPUTS)


@pytest.mark.parametrize(
    ("name", "body", "reason"),
    [
        ("not JSON", lambda deps: b"{not json", "not JSON"),
        ("a list", lambda deps: b"[1, 2]", "must be a JSON object"),
        ("no output", lambda deps: json.dumps({"inputs": []}).encode(), "'output' must be a string"),
        ("unknown output", lambda deps: json.dumps({**_valid(deps), "output": "nope.children"}).encode(), "nope"),
        ("inputs not a list", lambda deps: json.dumps({**_valid(deps), "inputs": "x"}).encode(), "must be a list"),
        ("too few inputs", lambda deps: json.dumps({**_valid(deps), "inputs": []}).encode(), "has 0 items"),
        ("input without id", lambda deps: json.dumps({**_valid(deps), "inputs": [{"value": 1}]}).encode(), "'id'"),
        ("state not a list", lambda deps: json.dumps({**_valid(deps), "state": {"a": 1}}).encode(), "must be a list"),
        (
            "changedPropIds not strings",
            lambda deps: json.dumps({**_valid(deps), "changedPropIds": [1]}).encode(),
            "changedPropIds",
        ),
    ],
)
def test_a_malformed_callback_request_gets_400_and_one_line(demo_client, name, body, reason):
    _, client, dependencies = demo_client
    response = client.post("/_dash-update-component", data=body(dependencies), content_type="application/json")
    assert response.status_code == 400, (name, response.data[:300])
    text = response.get_data(as_text=True)
    assert reason in text and text.count("\n") == 1 and "Traceback" not in text
    assert callback_post(client, dependencies).status_code == 200  # the well-formed one still works


def test_a_request_body_over_the_limit_gets_413(demo_client):
    _, client, _ = demo_client
    response = client.post("/_dash-update-component", data=b" " * 1_100_000, content_type="application/json")
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "1,100,000 bytes is over the limit of 1,048,576 bytes (RIA_MAX_REQUEST_BYTES)" in text
    assert text.count("\n") == 1


def test_the_body_limit_is_a_setting(store, monkeypatch):
    monkeypatch.setenv("RIA_MAX_REQUEST_BYTES", "4096")
    _, client, _ = make_client(f"sqlite:///{store}")
    post = client.post
    assert post("/_dash-update-component", data=b"x" * 5000, content_type="application/json").status_code == 413
    assert post("/_dash-update-component", data=b"x" * 3000, content_type="application/json").status_code == 400
    monkeypatch.setenv("RIA_MAX_REQUEST_BYTES", "lots")
    from data_access.settings import max_request_bytes

    with pytest.raises(SystemExit, match="RIA_MAX_REQUEST_BYTES must be a whole number"):
        max_request_bytes()


# -- PostgreSQL ------------------------------------------------------------------------------------


@pytest.fixture
def own_postgres(tmp_path):
    """A PostgreSQL server of this test's own (the session's is shared by other tests: never stopped)."""
    if pg_server.find_bin_dir() is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found")
    with pg_server.postgres_server() as server:
        yield server


@pytest.mark.postgres
def test_a_stopped_postgres_answers_503_and_is_served_again_once_started(own_postgres, no_revision_ttl):
    url = own_postgres.url
    migrate(url)
    with session_scope(url) as session:
        load_demo(session)
    try:
        _, client, dependencies = make_client(url)
        before = client.get(TWIN).get_data(as_text=True)
        assert "North West" in before

        own_postgres.halt()
        assert_every_kind_unavailable(client, dependencies)

        own_postgres.start(same_port=True)
        assert_served_again_within_bound(client, dependencies, before)
    finally:
        get_engine(url).dispose()


def test_a_copy_of_the_store_file_after_an_import_holds_the_import(tmp_path):
    """After each write the log is copied into the file (when no reader needs it), so a plain copy
    of the file, as an operator takes for a backup, holds every committed write."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    migrate(url)
    with session_scope(url) as session:
        load_demo(session)
    copy = tmp_path / "copy.db"
    shutil.copyfile(tmp_path / "store.db", copy)  # while the engine's connections are still open
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT count(*) FROM judgements").fetchone()[0] > 1000
    get_engine(url).dispose()


def test_a_command_on_a_missing_store_says_so_in_one_line_and_creates_nothing(tmp_path, monkeypatch, capsys):
    from data_access.cli import main

    path = tmp_path / "instance" / "ria.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    assert main(["status"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: the store sqlite:///") and "cannot be read" in error
    assert "python -m data_access prepare" in error and "Traceback" not in error
    assert not path.exists() and not path.parent.exists()
