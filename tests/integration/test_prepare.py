"""What `make run` does before serving: real files if present, else demo data, said plainly."""

from __future__ import annotations

import shutil

import pytest

from data_access import queries
from data_access.prepare import prepare
from tests.conftest import real_ofsted_dir


@pytest.fixture
def env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("RIA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RIA_GEO_DIR", raising=False)
    return url, tmp_path / "data"


def test_offline_with_no_files_loads_demo_data_and_says_so(env, capsys):
    url, _ = env
    assert prepare(offline=True) == 0
    out = capsys.readouterr().out
    assert "DEMO data" in out
    status = queries.store_status(url)
    assert status["demo"] is True and status["inspections"] > 0
    assert prepare(offline=True) == 0  # a second start changes nothing
    assert queries.store_status(url) == status


@pytest.mark.real_data
def test_real_files_replace_demo_data(env, capsys):
    source = real_ofsted_dir()
    if source is None:
        pytest.skip("real Ofsted files not found (RIA_DATA_DIR or ../shared/data/ofsted/raw)")
    url, data_dir = env
    prepare(offline=True)
    assert queries.store_status(url)["demo"] is True
    (data_dir / "ofsted").mkdir(parents=True)
    for path in sorted(source.glob("*.ods")):
        shutil.copy(path, data_dir / "ofsted" / path.name)  # into a temp dir only, never the repo
    assert prepare(offline=True) == 0
    status = queries.store_status(url)
    assert status["demo"] is False
    judgements = queries.judgements(url)
    assert not judgements["is_demo"].any() and judgements["official"].all()
    assert len(status["sources"]) == len(list(source.glob("*.ods")))


def test_real_support_records_without_judgements_neither_pass_for_ofsted_data_nor_get_demo_data(env, capsys):
    from data_access.db import session_scope
    from data_access.importers.known_support import load_known_support
    from data_access.store import migrate

    url, _ = env
    migrate(url)
    with session_scope(url) as session:
        load_known_support(session)
    assert prepare(offline=True) == 0
    out = capsys.readouterr().out
    assert "no Ofsted judgements" in out and "Serving the real data" not in out
    status = queries.store_status(url)
    assert status["demo"] is False and status["inspections"] == 0 and status["interventions"] == 5


def test_neighbour_workbooks_in_the_data_folder_are_imported_beside_demo_data(env, capsys):
    from tests.unit.test_statistical_neighbours import MANCHESTER, la_row, write_workbook

    url, data_dir = env
    (data_dir / "comparators").mkdir(parents=True)
    write_workbook(data_dir / "comparators" / "sn_may_2025.xlsx", [la_row(MANCHESTER)])
    assert prepare(offline=True) == 0
    out = capsys.readouterr().out
    assert "DEMO data" in out and "sn_may_2025.xlsx [DfE children's services statistical neighbours" in out
    status = queries.store_status(url)
    assert (status["demo"], status["statistical_neighbour_models"]) == (True, 1)
    assert prepare(offline=True) == 0  # a second start: demo data still loads, the workbook is skipped
    assert "already imported" in capsys.readouterr().out
    assert queries.store_status(url) == status
