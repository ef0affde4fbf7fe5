"""Statistical neighbours end to end: the real DfE workbooks when present (counts worked out here
from the files themselves), and the LA profile's views on the demo store with a model written by
the test, through the views and their /data/ twins."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from data_access import queries
from data_access.db import session_scope
from data_access.importers.demo import load_demo
from data_access.importers.statistical_neighbours import import_statistical_neighbours
from data_access.reference.local_authorities import LOCAL_AUTHORITIES, REORGANISATIONS
from data_access.store import migrate
from tests.conftest import ROOT
from tests.unit.test_statistical_neighbours import MANCHESTER, SALFORD, la_row, write_workbook

COMPARATORS = ROOT.parent / "shared" / "data" / "comparators"
REAL_FILES = sorted(COMPARATORS.glob("*statistical_neighbours*.xlsx")) if COMPARATORS.is_dir() else []
MANCHESTER_ONS = "E08000003"


def expected_from_file(path: Path) -> tuple[int, int]:
    """(current LAs with neighbours, neighbour rows) as the importer's rules give them, counted
    from the workbook with openpyxl and the reference tables, not the importer's code."""
    by_dfe = {la.dfe_code: la for la in LOCAL_AUTHORITIES}
    successors: dict[str, list[str]] = {}
    for link in REORGANISATIONS:
        if link.kind != "recode":
            successors.setdefault(link.predecessor_ons, []).append(link.successor_ons)
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["LA SN Groups"].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "LA num")
    seen, las, neighbours = set(), 0, 0
    for row in rows[header + 1 :]:
        if not isinstance(row[0], int) or row[0] in seen:
            continue
        seen.add(row[0])
        own = by_dfe[str(row[0])]
        codes = [row[5 + 2 * k] for k in range(10)]
        if not own.current or all(c == "-" for c in codes):
            continue
        stored = set()
        for code in codes:
            la = by_dfe[str(code)]
            stored.update([la.ons_code] if la.current else successors[la.ons_code])
        stored.discard(own.ons_code)
        las += 1
        neighbours += len(stored)
    return las, neighbours


@pytest.mark.real_data
@pytest.mark.skipif(
    not REAL_FILES, reason="the DfE statistical neighbour workbooks are not in ../shared/data/comparators"
)
@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_a_real_workbook_imports_every_current_las_neighbours(store_url, path):
    with session_scope(store_url) as session:
        report = import_statistical_neighbours(session, path)
    las, rows = expected_from_file(path)
    frame = queries.statistical_neighbours(store_url)
    assert (frame["ons_code"].nunique(), len(frame), report.inserted) == (las, rows, rows)
    assert frame["rank"].between(1, 10).all()
    assert not (frame["ons_code"] == frame["neighbour_ons_code"]).any()
    assert frame["la_name"].isin([la.name for la in LOCAL_AUTHORITIES if la.current]).all()
    with session_scope(store_url) as session:
        again = import_statistical_neighbours(session, path)
    assert again.already_imported
    assert len(queries.statistical_neighbours(store_url)) == rows
    assert queries.store_status(store_url)["statistical_neighbour_models"] == 1


@pytest.fixture(scope="module")
def neighbour_store(tmp_path_factory) -> str:
    """The demo dataset plus a model written here: Manchester's and Salford's neighbours."""
    folder = tmp_path_factory.mktemp("neighbours")
    url = f"sqlite:///{folder / 'store.db'}"
    migrate(url)
    with session_scope(url) as session:
        load_demo(session)
    with session_scope(url) as session:
        import_statistical_neighbours(
            session, write_workbook(folder / "sn_may_2025.xlsx", [la_row(MANCHESTER), la_row(SALFORD)])
        )
    return url


@pytest.fixture
def client(neighbour_store):
    """An app on the neighbour store (made per test: pages and views read the app made last)."""
    from dashboard import create_app

    return create_app(neighbour_store).server.test_client()


def expected_rows(url: str) -> pd.DataFrame:
    """Manchester then its neighbours with their map values, worked out from the map's frame."""
    from dashboard.views.freshness import as_at
    from data_access.metrics.map_values import map_values

    values = map_values(
        queries.judgements(url), queries.local_authorities(url), queries.reorganisations(url), today=as_at()
    ).set_index("ons_code")
    codes = [MANCHESTER_ONS] + list(
        queries.statistical_neighbours(url)
        .query("ons_code == @MANCHESTER_ONS")
        .sort_values("rank")["neighbour_ons_code"]
    )
    return values.loc[codes]


def test_the_neighbours_view_lists_the_la_first_then_its_neighbours_with_map_grades(client, neighbour_store):
    response = client.get(f"/data/authority-neighbours.json?la={MANCHESTER_ONS}")
    assert response.status_code == 200
    body = json.loads(response.data)
    rows = [dict(zip(body["columns"], row, strict=True)) for row in body["rows"]]
    expected = expected_rows(neighbour_store)
    assert [r["Rank"] for r in rows] == ["this LA"] + [str(k) for k in range(1, 11)]
    assert [r["ONS code"] for r in rows] == list(expected.index)
    assert rows[0]["Local authority"] == "Manchester" and rows[0]["this_la_key"] is True
    assert [r["overall_grade_key"] for r in rows] == list(expected["overall_grade"])
    assert [r["leadership_change_key"] for r in rows] == list(expected["leadership_change"])
    assert [r["Closeness"] for r in rows[1:4]] == ["Very close", "Very close", "Close"]


def test_the_comparison_counts_the_group_the_region_and_england(client, neighbour_store):
    response = client.get(f"/data/authority-neighbour-comparison.csv?la={MANCHESTER_ONS}")
    assert response.status_code == 200
    text = response.data.decode()
    frame = pd.read_csv(io.StringIO(text), comment="#")
    group = expected_rows(neighbour_store).iloc[1:]
    from dashboard.views.maps import current_values

    everyone = current_values()
    north_west = everyone[everyone["region_code"] == "E12000002"]
    for value, key in (
        ("Good", "good"),
        ("Inadequate", "inadequate"),
        ("Requires improvement", "requires_improvement"),
    ):
        row = frame[(frame["Measure"] == "Latest overall grade") & (frame["Value"] == value)].iloc[0]
        assert (row["Neighbours"], row["Region"], row["England"]) == (
            (group["overall_grade"] == key).sum(),
            (north_west["overall_grade"] == key).sum(),
            (everyone["overall_grade"] == key).sum(),
        )
    improved = frame[frame["Value"] == "Improved"].iloc[0]
    assert improved["Neighbours"] == (group["leadership_change"] == "improved").sum()
    assert frame.groupby("Measure")["England"].sum().tolist() == [len(everyone)] * 3
    assert "DfE children's services statistical neighbours, May 2025" in text


def test_without_a_model_the_views_say_how_to_import_one(demo_store_url):
    from dashboard import create_app

    client = create_app(demo_store_url).server.test_client()
    body = json.loads(client.get(f"/data/authority-neighbours.json?la={MANCHESTER_ONS}").data)
    assert body["rows"] == []
    assert "python -m data_access import statistical-neighbours PATH" in body["summary"]


def test_the_profile_shows_the_section_with_the_la_marked(neighbour_store):
    from dashboard import create_app
    from dashboard.pages import authority

    create_app(neighbour_store)  # the pages read the store of the app made last
    from tests.integration.test_authority_page import by_id, tree

    page = tree(authority.layout(code=MANCHESTER_ONS))
    table = by_id(page, "authority-neighbours-table")
    body = table["props"]["children"][2]["props"]["children"]
    first = body[0]["props"]
    assert "this-la" in first["className"]
    assert json.dumps(first["children"]).count("Manchester (this LA)") == 1
    assert len(body) == 11
    assert by_id(page, "authority-neighbour-comparison-table") is not None
