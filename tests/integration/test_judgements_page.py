"""The Judgements page over HTTP on a demo store: every chart's table holds the metric modules'
numbers, the as-at table equals the CLI's, clicking a transition cell lists its LAs."""

from __future__ import annotations

import json
from datetime import date

import pytest

from data_access import derived, queries
from data_access.cli import main as cli
from data_access.db import session_scope
from data_access.grades import parse_grade
from data_access.importers.demo import load_demo
from data_access.metrics.grades import grade_counts, grades_by_publication_year, latest_grades_as_at
from data_access.metrics.transitions import transition_matrix, transition_pairs
from tests.dash_client import DashClient, build_payload, download_link, fetch_download

NORTH_WEST = "E12000002"
STORE = "judgements-filters.data"


@pytest.fixture
def demo_app(store_url):
    with session_scope(store_url) as session:
        load_demo(session)
    from dashboard import create_app

    return create_app(store_url), store_url


def find(node, kind: str) -> list[dict]:
    """Every serialised component of type `kind` under `node`, in document order."""
    found = []
    if isinstance(node, dict):
        if node.get("type") == kind:
            found.append(node)
        for value in node.get("props", {}).values():
            found.extend(find(value, kind))
    elif isinstance(node, list):
        for item in node:
            found.extend(find(item, kind))
    return found


def table_rows(component) -> list[list[str]]:
    """The body rows of a data_table as text cells."""
    rows = []
    for body in find(component, "Tbody"):
        for row in find(body, "Tr"):
            rows.append([cell["props"]["children"] for cell in find(row, "Td")])
    return rows


def header(component) -> list[str]:
    return [find(th, "Button")[0]["props"]["children"][0] for th in find(component, "Th")]


def opened_table(client: DashClient, key: str, query: str) -> dict:
    """The table of card `key` for `query`, as sent when its Table tab is opened."""
    inputs = {STORE: query, f"{key}-tab-table.n_clicks": 1}
    return client.callback(f"{key}-table.children", inputs)[f"{key}-table"]["children"]


def as_at_table(client: DashClient, query: str) -> dict[str, dict[str, int]]:
    table = opened_table(client, "judgements-as-at", query)
    assert header(table) == ["year_end", "grade", "count", "share"]
    counts: dict[str, dict[str, int]] = {}
    for year_end, grade, count, _share in table_rows(table):
        counts.setdefault(year_end, {})[parse_grade(grade).value] = int(count)
    return counts


def test_as_at_table_for_a_region_equals_the_metric(demo_app):
    app, url = demo_app
    page = as_at_table(DashClient(app), "?region=north-west")
    assert list(page)[-1] == "2026-03-31"  # the demo runs to October 2026
    frames = queries.judgements(url), queries.local_authorities(url), queries.reorganisations(url)
    for year_end, counts in page.items():
        expected = grade_counts(
            latest_grades_as_at(*frames, as_at=date.fromisoformat(year_end), region_code=NORTH_WEST)
        )
        assert {g: expected[g] for g in counts} == counts, year_end
        assert sum(counts.values()) == expected["total"]


@pytest.mark.parametrize(
    ("query", "region_args"),
    [("?region=north-west", ["--region", "North West"]), ("?area=leadership", ["--area", "leadership"])],
)
def test_the_command_line_prints_the_numbers_in_the_page_table(demo_app, monkeypatch, capsys, query, region_args):
    app, url = demo_app
    page = as_at_table(DashClient(app), query)
    monkeypatch.setenv("DATABASE_URL", url)
    for year_end in ("2019-03-31", "2026-03-31"):
        assert cli(["metrics", "grades", "--as-at", year_end, *region_args, "--json"]) == 0
        printed = json.loads(capsys.readouterr().out)
        assert {g: printed[g] for g in page[year_end]} == page[year_end]
        assert sum(page[year_end].values()) == printed["total"]


def test_grades_by_year_table_holds_region_and_england(demo_app):
    app, url = demo_app
    client = DashClient(app)
    response = client.callback("judgements-by-year-graph.figure", {STORE: "?region=north-west"})
    rows = table_rows(opened_table(client, "judgements-by-year", "?region=north-west"))
    judgements = queries.judgements(url)
    for scope, region in (("North West", NORTH_WEST), ("England", None)):
        expected = grades_by_publication_year(judgements, region_code=region)
        got = [(r[0], r[1], parse_grade(r[3]).value, int(r[4])) for r in rows if r[2] == scope]
        assert got == list(
            zip(
                expected["financial_year"],
                expected["framework"],
                expected["grade"],
                expected["count"],
                strict=True,
            )
        )
    figure = response["judgements-by-year-graph"]["figure"]
    assert [t["name"] for t in figure["data"][:4]] == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]
    assert all("<br>SIF" in x or "<br>ILACS" in x for x in figure["data"][0]["x"])
    summary = response["judgements-by-year-summary"]["children"]
    assert summary.startswith("In 2025-26, ") and "North West" in summary and "in England" in summary
    assert response["judgements-by-year-img"]["aria-label"] == summary


def test_a_table_is_sent_only_once_its_tab_has_been_opened(demo_app):
    app, _ = demo_app
    client = DashClient(app)
    payload = build_payload(
        client.dependencies,
        "judgements-by-year-table.children",
        {STORE: "?region=london", "judgements-by-year-tab-table.n_clicks": None},
        changed=[STORE],
    )
    response = client.client.post("/_dash-update-component", json=payload)
    sent = response.get_json() if response.status_code == 200 else {}
    assert "judgements-by-year-table" not in (sent or {}).get("response", {})  # never opened: no table
    assert "judgements-by-year-table" not in client.callback("judgements-by-year-graph.figure", {STORE: "?"})
    rows = table_rows(opened_table(client, "judgements-by-year", "?region=london"))
    assert rows and {r[2] for r in rows} == {"London", "England"}


def test_transitions_for_a_region_and_framework_pair(demo_app):
    app, url = demo_app
    client = DashClient(app)
    response = client.callback("judgements-transitions-graph.figure", {STORE: "?region=north-west&pair=sif-ilacs"})
    expected = transition_matrix(
        transition_pairs(
            queries.judgements(url),
            region_code=NORTH_WEST,
            previous_framework="SIF",
            current_framework="ILACS",
        )
    )
    cells = response["judgements-transitions-graph"]["figure"]["data"][0]
    assert cells["customdata"] == expected.to_numpy().ravel().tolist()  # one point per cell, row by row
    rows = table_rows(opened_table(client, "judgements-transitions", "?region=north-west&pair=sif-ilacs"))
    assert [int(r[4]) for r in rows] == expected.to_numpy().ravel().tolist()
    assert {r[0] for r in rows} == {"SIF"} and {r[2] for r in rows} == {"ILACS"}
    stuck = int(expected.loc["requires_improvement", "requires_improvement"])
    summary = response["judgements-transitions-summary"]["children"]
    assert "SIF → ILACS" in summary and f"{stuck} of {int(expected.loc['requires_improvement'].sum())}" in summary


def test_clicking_a_cell_lists_its_las_with_both_dates(demo_app):
    app, url = demo_app
    client = DashClient(app)
    click = {"points": [{"x": "Requires improvement", "y": "Inadequate", "curveNumber": 0}]}
    cell = client.callback("judgements-transition-cell.value", {"judgements-transitions-graph.clickData": click})[
        "judgements-transition-cell"
    ]["value"]
    assert cell == "inadequate|requires_improvement"
    response = client.callback(
        "judgements-transition-las.children",
        {
            "judgements-transition-cell.value": cell,
            STORE: "?region=north-west",
        },
    )
    listing = response["judgements-transition-las"]["children"]
    pairs = transition_pairs(queries.judgements(url), region_code=NORTH_WEST)
    expected = pairs[(pairs["previous_grade"] == "inadequate") & (pairs["grade"] == "requires_improvement")]
    assert len(expected) > 0
    assert header(listing) == [
        "Local authority",
        "Region",
        "Previous framework",
        "Previous grade",
        "Previous published",
        "Framework",
        "Grade",
        "Published",
    ]
    rows = table_rows(listing)
    assert sorted((r[0], r[4], r[7]) for r in rows) == sorted(
        (la, prev.strftime("%Y-%m-%d"), now.strftime("%Y-%m-%d"))
        for la, prev, now in zip(
            expected["la_name"], expected["previous_published_date"], expected["published_date"], strict=True
        )
    )
    assert {r[3] for r in rows} == {"Inadequate"} and {r[6] for r in rows} == {"Requires improvement"}


def test_transitions_csv_names_the_pair(demo_app):
    client = DashClient(demo_app[0])
    href = download_link(client, "judgements-transitions", STORE, "?region=north-west&pair=ilacs-ilacs")
    assert href == "/data/judgements-transitions.csv?region=north-west&pair=ilacs-ilacs"
    _, content = fetch_download(demo_app[0], href)
    assert "# Note: Framework pair: ILACS → ILACS." in content
    assert "previous_framework,previous_grade,framework,grade,count,row_share" in content


def test_a_bad_link_still_shows_the_page_with_a_notice(demo_app):
    app, _ = demo_app
    assert app.server.test_client().get("/judgements?region=bogus&from=notadate").status_code == 200
    from dashboard.pages import judgements

    layout = str(judgements.layout(region="bogus", **{"from": "notadate"}))
    assert "Judgements over time: England" in layout
    assert "Ignored region='bogus'" in layout
    assert "Ignored from='notadate'" in layout
    assert "Ignored" not in str(judgements.layout())


def test_a_click_outside_the_grade_cells_changes_nothing(demo_app):
    client = DashClient(demo_app[0])
    response = client.client.post(
        "/_dash-update-component",
        json={
            "output": "judgements-transition-cell.value",
            "outputs": {"id": "judgements-transition-cell", "property": "value"},
            "inputs": [
                {
                    "id": "judgements-transitions-graph",
                    "property": "clickData",
                    "value": {"points": [{"x": "<b>bogus</b>", "y": 3}]},
                }
            ],
            "state": [],
            "changedPropIds": ["judgements-transitions-graph.clickData"],
        },
    )
    assert response.status_code in (200, 204), response.data[:300]
    assert "judgements-transition-cell" not in ((response.get_json(silent=True) or {}).get("response") or {})


def test_choosing_an_la_narrows_the_as_at_table_to_its_own_grade(demo_app):
    app, url = demo_app
    counts = as_at_table(DashClient(app), "?la=E08000003")
    latest = max(counts)
    assert sum(counts[latest].values()) == 1  # one LA: exactly one grade at each year end
    mine = derived.latest_grades_all(url, as_at=date.fromisoformat(latest))
    grade = mine.loc[mine["ons_code"] == "E08000003", "grade"].item()
    assert {g: n for g, n in counts[latest].items() if n} == {grade: 1}


def test_the_framework_pair_travels_in_the_link(demo_app):
    client = DashClient(demo_app[0])
    fields = ("region", "la", "framework", "period", "date_from", "date_to")
    inputs = {f"judgements-filter-{f}.value": "" for f in fields}
    inputs |= {"judgements-filter-area.value": "overall", "judgements-filter-pair.value": "sif-ilacs", STORE: ""}
    inputs["judgements-filter-regions.value"] = "nine"
    response = client.callback("judgements-filters.data", inputs, changed=["judgements-filter-pair.value"])
    assert response["judgements-filters"]["data"] == "?pair=sif-ilacs"
    from dashboard.pages import judgements

    layout = str(judgements.layout(pair="sif-ilacs"))
    assert "SIF \u2192 ILACS" in layout or "SIF → ILACS" in layout
