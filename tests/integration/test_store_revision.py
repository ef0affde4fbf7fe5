"""The store revision goes up once in the transaction of every write, and never otherwise.

Each test reads the row itself (not through the cache), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import sessionmaker

from data_access import models as m
from data_access import queries
from data_access.cli import main as cli
from data_access.db import get_engine, session_scope
from data_access.importers.demo import load_demo
from data_access.importers.peer_challenges import import_peer_challenges
from data_access.prepare import clear_demo, prepare
from data_access.revision import read_revision
from data_access.store import migrate

PEERS = (
    "la,kind,start_date,end_date,focus\n"
    "Leeds,Diagnostic,2024-05-01,,Front door\n"
    "E08000012,Children's services peer challenge,2023-02-06,2023-02-09,Care leavers\n"
)


def revision_of(url: str) -> int:
    with get_engine(url).connect() as connection:
        return read_revision(connection)


def peer_file(folder: Path, content: str = PEERS, name: str = "peers.csv") -> Path:
    path = folder / name
    path.write_text(content)
    return path


@pytest.fixture
def peers_url(store_url, tmp_path) -> str:
    """A store holding the two peer challenges in PEERS (and nothing else but reference facts)."""
    with session_scope(store_url) as session:
        import_peer_challenges(session, peer_file(tmp_path))
    return store_url


def peer_count(url: str) -> int:
    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(m.PeerChallenge))


def test_a_new_store_is_at_revision_1_and_migrating_again_leaves_it(store_url):
    # 0 from the migration's seed, 1 from the reference facts migrate() wrote in one transaction.
    assert revision_of(store_url) == 1
    migrate(store_url)
    migrate(store_url)
    assert revision_of(store_url) == 1


def test_migrate_bumps_when_it_corrects_a_reference_fact(store_url):
    with get_engine(store_url).begin() as connection:  # a bare connection: no bump, as documented
        connection.execute(update(m.Region.__table__).where(m.Region.code == "E12000002").values(name="Old name"))
    assert revision_of(store_url) == 1
    migrate(store_url)
    assert revision_of(store_url) == 2
    with session_scope(store_url) as session:
        assert session.get(m.Region, "E12000002").name == "North West"


def test_loading_the_demo_bumps_once_and_loading_it_again_does_not(store_url):
    before = revision_of(store_url)
    with session_scope(store_url) as session:
        load_demo(session)
    assert revision_of(store_url) == before + 1
    with session_scope(store_url) as session:
        assert load_demo(session).already_imported
    assert revision_of(store_url) == before + 1


def test_a_peer_challenge_import_bumps_and_the_same_file_again_does_not(store_url, tmp_path):
    path = peer_file(tmp_path)
    before = revision_of(store_url)
    with session_scope(store_url) as session:
        assert import_peer_challenges(session, path).inserted == 2
    assert revision_of(store_url) == before + 1
    with session_scope(store_url) as session:
        assert import_peer_challenges(session, path).already_imported
    assert revision_of(store_url) == before + 1


def test_the_command_line_import_bumps_once_for_all_its_files(store_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", store_url)
    before = revision_of(store_url)
    assert cli(["import", "peer-challenges", str(peer_file(tmp_path))]) == 0
    assert revision_of(store_url) == before + 1
    assert (
        cli(
            [
                "import",
                "peer-challenges",
                "--dry-run",
                str(peer_file(tmp_path, PEERS + "Leeds,Diagnostic,2020-01-01,,\n", "b.csv")),
            ]
        )
        == 0
    )
    assert revision_of(store_url) == before + 1  # a dry run is rolled back


def test_a_renamed_copy_with_the_same_rows_records_a_run_and_bumps(peers_url, tmp_path):
    # A different file (another hash) whose rows are all stored already: nothing in the frames
    # changes, but its import run is written and `status` lists it, so the revision goes up.
    before, count = revision_of(peers_url), peer_count(peers_url)
    with session_scope(peers_url) as session:
        report = import_peer_challenges(session, peer_file(tmp_path, PEERS + "\n", "copy.csv"))
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 2)
    assert peer_count(peers_url) == count
    assert revision_of(peers_url) == before + 1


def test_editing_one_record_in_place_bumps_and_the_cached_frame_follows(peers_url):
    frame = queries.peer_challenges(peers_url)
    assert sorted(frame["focus"]) == ["Care leavers", "Front door"]
    before, count = revision_of(peers_url), peer_count(peers_url)
    with session_scope(peers_url) as session:
        challenge = session.scalars(select(m.PeerChallenge).where(m.PeerChallenge.focus == "Front door")).one()
        challenge.focus = "Early help"
    assert peer_count(peers_url) == count  # the row count that the old version key counted
    assert revision_of(peers_url) == before + 1
    assert sorted(queries.peer_challenges(peers_url)["focus"]) == ["Care leavers", "Early help"]


def test_setting_a_record_to_the_values_it_has_does_not_bump(peers_url):
    before = revision_of(peers_url)
    with session_scope(peers_url) as session:
        challenge = session.scalars(select(m.PeerChallenge).where(m.PeerChallenge.focus == "Front door")).one()
        challenge.focus = "Front door"
    assert revision_of(peers_url) == before


def test_deleting_a_record_through_the_session_bumps(peers_url):
    assert len(queries.peer_challenges(peers_url)) == 2
    before = revision_of(peers_url)
    with session_scope(peers_url) as session:
        session.delete(session.scalars(select(m.PeerChallenge).where(m.PeerChallenge.focus == "Front door")).one())
    assert revision_of(peers_url) == before + 1
    assert list(queries.peer_challenges(peers_url)["focus"]) == ["Care leavers"]


def test_delete_and_add_in_one_transaction_bumps_once(peers_url):
    before = revision_of(peers_url)
    with session_scope(peers_url) as session:
        old = session.scalars(select(m.PeerChallenge).where(m.PeerChallenge.focus == "Front door")).one()
        session.delete(old)
        session.flush()
        session.add(
            m.PeerChallenge(
                la_id=old.la_id,
                kind=old.kind,
                start_date=old.start_date,
                focus="Front door",
                import_run_id=old.import_run_id,
            )
        )
    assert peer_count(peers_url) == 2
    assert revision_of(peers_url) == before + 1


def test_orm_enabled_statements_bump_only_when_they_touch_rows(peers_url):
    before = revision_of(peers_url)
    with session_scope(peers_url) as session:
        assert session.execute(delete(m.PeerChallenge).where(m.PeerChallenge.id < 0)).rowcount == 0
        session.execute(update(m.PeerChallenge).where(m.PeerChallenge.id < 0).values(focus="x"))
    assert revision_of(peers_url) == before
    with session_scope(peers_url) as session:
        assert session.execute(update(m.PeerChallenge).values(focus="Reviewed")).rowcount == 2
    assert revision_of(peers_url) == before + 1
    assert set(queries.peer_challenges(peers_url)["focus"]) == {"Reviewed"}
    with session_scope(peers_url) as session:
        session.execute(
            delete(m.PeerChallenge).where(m.PeerChallenge.kind == "Other")
        )  # the file's "Diagnostic", stored as today's label
    assert revision_of(peers_url) == before + 2


def test_text_sql_that_writes_bumps(peers_url):
    before = revision_of(peers_url)
    with session_scope(peers_url) as session:
        session.execute(text("UPDATE peer_challenges SET focus = 'By hand'"))
    assert revision_of(peers_url) == before + 1


def test_a_rolled_back_write_leaves_the_revision(peers_url):
    before = revision_of(peers_url)
    with pytest.raises(RuntimeError), session_scope(peers_url) as session:
        session.scalars(select(m.PeerChallenge)).first().focus = "Never saved"
        session.execute(delete(m.PeerChallenge).where(m.PeerChallenge.kind == "Other"))
        session.flush()
        raise RuntimeError("the form was invalid")
    assert revision_of(peers_url) == before
    assert "Never saved" not in set(queries.peer_challenges(peers_url)["focus"])
    assert peer_count(peers_url) == 2


def test_a_rollback_then_a_read_only_commit_in_the_same_session_does_not_bump(peers_url):
    before = revision_of(peers_url)
    with sessionmaker(bind=get_engine(peers_url))() as session:
        session.scalars(select(m.PeerChallenge)).first().focus = "Never saved"
        session.flush()
        session.rollback()
        session.scalars(select(m.PeerChallenge)).all()
        session.commit()
    assert revision_of(peers_url) == before


def test_a_read_only_session_does_not_bump(peers_url):
    before = revision_of(peers_url)
    with session_scope(peers_url) as session:
        assert len(session.scalars(select(m.PeerChallenge)).all()) == 2
        session.get(m.LocalAuthority, 1)
    queries.peer_challenges(peers_url)
    queries.store_status(peers_url)
    assert revision_of(peers_url) == before


def test_every_committed_transaction_that_writes_bumps_once(peers_url):
    before = revision_of(peers_url)
    with sessionmaker(bind=get_engine(peers_url))() as session:
        challenges = session.scalars(select(m.PeerChallenge).order_by(m.PeerChallenge.id)).all()
        challenges[0].focus = "First"
        session.commit()
        challenges[1].focus = "Second"
        challenges[0].focus = "First again"
        session.commit()
    assert revision_of(peers_url) == before + 2


def test_clearing_demo_rows_from_a_store_without_any_does_not_bump(peers_url):
    # prepare() runs this before importing real files on every `make run`: five deletes, no rows.
    before = revision_of(peers_url)
    with session_scope(peers_url) as session:
        assert clear_demo(session) == 0
    assert revision_of(peers_url) == before


def test_a_second_prepare_on_an_unchanged_store_does_not_bump(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("RIA_DATA_DIR", str(tmp_path / "data"))
    assert prepare(offline=True) == 0  # migrate (1), then the demo (2)
    assert revision_of(url) == 2
    assert prepare(offline=True) == 0
    assert revision_of(url) == 2
