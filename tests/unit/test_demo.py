"""The demo dataset: deterministic, flagged as demo everywhere, and shaped like the real thing."""

from __future__ import annotations

import pandas as pd
import pytest

from data_access import queries
from data_access.db import session_scope
from data_access.importers.demo import DEMO_UNTIL, DemoRefused, load_demo
from data_access.importers.peer_challenges import import_peer_challenges


def test_the_same_seed_gives_the_same_rows(tmp_path):
    frames = []
    for name in ("a", "b"):
        url = f"sqlite:///{tmp_path / name}.db"
        from data_access.store import migrate

        migrate(url)
        with session_scope(url) as session:
            load_demo(session)
        frames.append(queries.judgements(url).drop(columns=["judgement_id", "inspection_id"]))
    pd.testing.assert_frame_equal(frames[0], frames[1])


def test_every_row_is_demo_and_nothing_is_after_the_demo_date(sqlite_url):
    with session_scope(sqlite_url) as session:
        report = load_demo(session)
    judgements = queries.judgements(sqlite_url)
    assert report.inserted == queries.store_status(sqlite_url)["inspections"]
    assert judgements["is_demo"].all() and not judgements["official"].any()
    assert judgements["published_date"].max() <= pd.Timestamp(DEMO_UNTIL)
    for frame in (
        queries.peer_challenges(sqlite_url),
        queries.interventions(sqlite_url),
        queries.programme_participation(sqlite_url),
    ):
        assert len(frame) > 0 and frame["is_demo"].all()


def test_demo_ilacs_from_april_2026_has_no_overall_grade(sqlite_url):
    with session_scope(sqlite_url) as session:
        load_demo(session)
    j = queries.judgements(sqlite_url)
    late = j[
        (j["framework"] == "ILACS") & (j["inspection_date"] >= "2026-04-01") & (j["area"] == "overall_effectiveness")
    ]
    assert len(late) > 0 and (late["grade"] == "not_graded").all()
    leadership = j[(j["framework"] == "ILACS") & (j["inspection_date"] >= "2026-04-01") & (j["area"] == "leadership")]
    assert leadership["grade_rank"].notna().all()


def test_demo_is_refused_beside_real_data(sqlite_url, tmp_path):
    path = tmp_path / "peer.csv"
    path.write_text("la,kind,start_date\nLeeds,Diagnostic,2024-05-01\n")
    with session_scope(sqlite_url) as session:
        import_peer_challenges(session, path)
    with pytest.raises(DemoRefused), session_scope(sqlite_url) as session:
        load_demo(session)
    assert queries.store_status(sqlite_url)["inspections"] == 0
