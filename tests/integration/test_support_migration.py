"""Migration 0004 on a store that already holds records (SQLite and PostgreSQL): every row is
kept, new columns get their defaults, legacy kind labels map onto the new vocabulary."""

from __future__ import annotations

from datetime import date

import pandas as pd
from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from data_access import queries
from data_access.db import get_engine
from data_access.store import _alembic_config, migrate


def _to(url: str, revision: str, direction=command.downgrade) -> None:
    config = _alembic_config()
    with get_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        direction(config, revision)


def test_upgrade_keeps_existing_records_and_fills_the_new_columns(store_url):
    _to(store_url, "0003")
    engine = get_engine(store_url)
    with engine.begin() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == "0003"
        leeds = connection.execute(text("SELECT id FROM local_authorities WHERE name = 'Leeds'")).scalar_one()
        run = connection.execute(
            text(
                "INSERT INTO import_runs (kind, file_name, sha256, edition, imported_at, rows_read, inserted, "
                "updated, is_demo) VALUES ('peer_challenges', 'old list.csv', 'abc', '', '2025-01-01 10:00:00', "
                "3, 3, 0, false) RETURNING id"
            )
        ).scalar_one()
        values = {"la": leeds, "run": run}
        connection.execute(
            text(
                "INSERT INTO peer_challenges (la_id, kind, start_date, end_date, focus, is_demo, import_run_id) "
                "VALUES (:la, 'Diagnostic', '2024-05-01', '2024-05-03', 'Front door', false, :run), "
                "(:la, 'Corporate peer challenge', '2023-02-01', NULL, '', false, :run)"
            ),
            values,
        )
        connection.execute(
            text(
                "INSERT INTO interventions (la_id, kind, start_date, end_date, note, is_demo, import_run_id) "
                "VALUES (:la, 'Children''s services trust', '2015-10-01', NULL, 'Trust', false, :run)"
            ),
            values,
        )
        connection.execute(
            text(
                "INSERT INTO programme_participation (la_id, programme, cohort_start, participants, role, is_demo, "
                "import_run_id) VALUES (:la, 'Leadership Essentials', '2024-09-01', 2, 'Lead member', false, :run)"
            ),
            values,
        )
    migrate(store_url)

    peers = queries.peer_challenges(store_url).sort_values("start_date").reset_index(drop=True)
    assert peers["kind"].tolist() == ["Corporate capacity peer challenge", "Other"]
    assert peers["start_precision"].tolist() == ["day", "day"]
    assert peers["end_precision"].isna().tolist() == [True, False]
    assert peers["status"].tolist() == ["delivered", "delivered"]
    assert peers["source"].tolist() == ["imported from old list.csv"] * 2
    assert peers["focus"].tolist() == ["", "Front door"]
    assert "deleted_at" not in peers.columns and "confidential_notes" not in peers.columns
    (intervention,) = queries.interventions(store_url).to_dict("records")
    assert (intervention["kind"], intervention["start_date"].date()) == (
        "Alternative delivery model / trust",
        date(2015, 10, 1),
    )
    assert pd.isna(intervention["inspection_id"]) and pd.isna(intervention["end_date"])
    (programme,) = queries.programme_participation(store_url).to_dict("records")
    assert (programme["cohort_precision"], programme["source"]) == ("day", "imported from old list.csv")
    status = queries.store_status(store_url)
    assert (status["peer_challenges"], status["risk_signature_assessments"], status["programme_totals"]) == (2, 0, 0)


def test_downgrade_and_upgrade_again_on_an_empty_store(store_url):
    _to(store_url, "0003")
    _to(store_url, "head", command.upgrade)
    with get_engine(store_url).connect() as connection:
        head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
        assert MigrationContext.configure(connection).get_current_revision() == head
    assert queries.audit_log(store_url).empty
