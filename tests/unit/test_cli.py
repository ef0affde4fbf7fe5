"""The command line: exit codes, one-line errors, JSON keys, and the same numbers as the metrics."""

from __future__ import annotations

import json
from datetime import date

import pytest

from data_access import queries
from data_access.cli import main
from data_access.db import session_scope
from data_access.importers.demo import load_demo
from data_access.metrics import leadership


@pytest.fixture
def demo_store(sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    with session_scope(sqlite_url) as session:
        load_demo(session)
    return sqlite_url


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_status_json_has_the_documented_keys_and_is_deterministic(demo_store, capsys):
    code, first, _ = run(capsys, "status", "--json")
    _, second, _ = run(capsys, "status", "--json")
    status = json.loads(first)
    assert code == 0 and first == second
    assert {
        "local_authorities",
        "inspections",
        "judgements",
        "peer_challenges",
        "interventions",
        "demo",
        "sources",
    } <= set(status)
    assert status["local_authorities"] == 153
    assert status["demo"] is True
    assert status["judgements"] == len(queries.judgements(demo_store))


def test_leadership_metric_json_equals_the_metric_module(demo_store, capsys):
    code, out, _ = run(
        capsys,
        "metrics",
        "leadership",
        "--from",
        "2023-04-01",
        "--to",
        "2024-03-31",
        "--region",
        "North West",
        "--json",
    )
    expected = leadership.summarise(
        leadership.leadership_changes(
            queries.judgements(demo_store),
            queries.reorganisations(demo_store),
            start=date(2023, 4, 1),
            end=date(2024, 3, 31),
            region_code="E12000002",
        )
    )
    assert code == 0
    assert json.loads(out) == expected
    assert set(expected) == {
        "judgements",
        "improved",
        "maintained",
        "declined",
        "no_previous",
        "pct_improved",
        "pct_maintained_or_improved",
    }


def test_on_ofsted_regions_the_north_east_and_yorkshire_count_as_one_region(demo_store, capsys):
    """Ofsted's eight regions: its merged region's counts are the sum of its two nine-region parts."""

    def grades(*region):
        code, out, err = run(capsys, "metrics", "grades", "--as-at", "2025-03-31", *region, "--json")
        assert code == 0, err
        return json.loads(out)

    north_east, yorkshire = grades("--region", "North East"), grades("--region", "Yorkshire and the Humber")
    merged = grades("--regions", "ofsted", "--region", "North East, Yorkshire and the Humber")
    assert merged == {k: north_east[k] + yorkshire[k] for k in merged}
    assert merged["total"] == 27  # 12 + 15 current LAs (the project's own LA table)
    code, out, _ = run(
        capsys, "metrics", "leadership", "--from", "2019-04-01", "--to", "2025-03-31", "--regions", "ofsted",
        "--region", "NE&YH", "--json",
    )  # fmt: skip
    parts = [
        leadership.summarise(
            leadership.leadership_changes(
                queries.judgements(demo_store),
                queries.reorganisations(demo_store),
                start=date(2019, 4, 1),
                end=date(2025, 3, 31),
                region_code=region,
            )
        )
        for region in ("E12000001", "E12000003")
    ]
    assert code == 0 and json.loads(out)["judgements"] == parts[0]["judgements"] + parts[1]["judgements"]
    code, _, err = run(
        capsys, "metrics", "grades", "--as-at", "2025-03-31", "--regions", "ofsted", "--region", "North East"
    )
    assert code == 1 and "North East is not one of Ofsted's eight regions" in err
    code, _, err = run(capsys, "metrics", "grades", "--as-at", "2025-03-31", "--region", "NE&YH")
    assert code == 1 and "is not one of the nine English regions" in err


def test_unknown_region_is_a_usage_error_not_a_traceback(demo_store, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["metrics", "leadership", "--from", "2023-04-01", "--to", "2024-03-31", "--region", "Atlantis"])
    assert exit_info.value.code == 2
    assert "unknown region 'Atlantis'" in capsys.readouterr().err


def test_to_before_from_exits_1(demo_store, capsys):
    code, _, err = run(capsys, "metrics", "leadership", "--from", "2024-04-01", "--to", "2023-03-31")
    assert code == 1 and "--to is before --from" in err


def test_demo_twice_changes_nothing(demo_store, capsys):
    before = queries.store_status(demo_store)
    code, out, _ = run(capsys, "demo")
    assert code == 0 and "already imported" in out
    assert queries.store_status(demo_store) == before


def test_import_of_a_missing_file_exits_1_naming_it(demo_store, capsys, tmp_path):
    code, _, err = run(capsys, "import", "peer-challenges", str(tmp_path / "nope.csv"))
    assert code == 1 and "nope.csv" in err and "not found" in err


def test_bad_peer_challenge_row_names_file_row_column_value_and_writes_nothing(demo_store, capsys, tmp_path):
    path = tmp_path / "peer.csv"
    path.write_text("la,kind,start_date\nLeeds,Diagnostic,2024-05-01\nLeeds,Diagnostic,2024-13-01\n")
    before = queries.store_status(demo_store)["peer_challenges"]
    code, _, err = run(capsys, "import", "peer-challenges", str(path))
    assert code == 1
    assert "file peer.csv" in err and "row 3" in err and "column start_date" in err and "2024-13-01" in err
    assert "Traceback" not in err
    assert queries.store_status(demo_store)["peer_challenges"] == before


def test_peer_challenges_import_then_reimport_changes_nothing(demo_store, capsys, tmp_path):
    path = tmp_path / "peer.csv"
    path.write_text(
        "la,kind,start_date,end_date,focus\n"
        "Leeds,Children's services peer challenge,2024-05-01,2024-05-03,Front door\n"
        "E08000003,Diagnostic,2025-01-10,,\n"
        "841,Early years peer challenge,2025-02-01,,\n"
    )
    before = queries.store_status(demo_store)["peer_challenges"]
    code, out, _ = run(capsys, "import", "peer-challenges", str(path))
    assert code == 0 and "3 inserted" in out
    after = queries.store_status(demo_store)
    assert after["peer_challenges"] == before + 3
    code, out, _ = run(capsys, "import", "peer-challenges", str(path))
    assert code == 0 and "already imported" in out
    assert queries.store_status(demo_store) == after
    frame = queries.peer_challenges(demo_store)
    darlington = frame[
        (frame["la_name"] == "Darlington")
        & (frame["kind"] == "Early years peer challenge")
        & ~frame["is_demo"].astype(bool)
    ]
    assert len(darlington) == 1


def test_dry_run_writes_nothing(demo_store, capsys, tmp_path):
    path = tmp_path / "interventions.csv"
    path.write_text("la,kind,start_date,end_date,note\nSlough,Children's services trust,2015-10-01,,\n")
    before = queries.store_status(demo_store)
    code, out, _ = run(capsys, "import", "interventions", str(path), "--dry-run")
    assert code == 0 and out.startswith("dry run, would import") and "1 inserted" in out
    assert queries.store_status(demo_store) == before


def test_unknown_la_and_bad_kind_are_reported(demo_store, capsys, tmp_path):
    path = tmp_path / "interventions.csv"
    path.write_text("la,kind,start_date\nNarnia,Statutory direction,2020-01-01\n")
    code, _, err = run(capsys, "import", "interventions", str(path))
    assert code == 1 and "unknown local authority" in err and "Narnia" in err and "row 2" in err
    path.write_text("la,kind,start_date\nLeeds,Telling off,2020-01-01\n")
    code, _, err = run(capsys, "import", "interventions", str(path))
    assert code == 1 and "column kind" in err and "Telling off" in err
