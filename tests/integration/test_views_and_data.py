"""The views layer: pure (no Dash), one registry, and a data twin at /data/ for every view that
returns exactly what the page's table shows."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from dashboard.filters import Filters
from tests.dash_client import DashClient, download_link, fetch_download
from tests.integration.test_judgements_page import find, header, table_rows

NORTH_WEST = "E12000002"
MANCHESTER = "E08000003"
NORTHAMPTONSHIRE = "E10000021"  # abolished in 2021: its profile and twin still exist


@pytest.fixture(scope="module")
def app(demo_store_url):
    from dashboard import create_app

    return create_app(demo_store_url)


def csv_body(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.splitlines()
    comments = [line for line in lines if line.startswith("# ")]
    rows = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("# ")))))
    return comments, rows


def test_importing_the_views_loads_no_dash_and_builds_no_app():
    code = (
        "import sys, dashboard.views as v; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dash', 'flask', 'dash_bootstrap_components')));"
        "print(len(v.VIEWS))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert int(out[1]) >= 10


def test_data_index_lists_every_view_and_every_chart_card(app):
    from dashboard.views import VIEWS

    listed = app.server.test_client().get("/data/").get_json()["views"]
    assert [v["name"] for v in listed] == list(VIEWS)
    charts = {v["name"] for v in listed if v["chart"]}
    assert {"judgements-by-year", "judgements-as-at", "judgements-transitions", "leadership-by-year"} <= charts
    assert {"leadership-by-region", "map", "authority-timeline"} <= charts
    first = listed[0]
    assert first["csv"] == f"/data/{first['name']}.csv" and first["json"] == f"/data/{first['name']}.json"


@pytest.mark.parametrize(
    ("key", "store", "query"),
    [
        ("judgements-by-year", "judgements-filters.data", "?region=north-west&area=leadership"),
        ("judgements-as-at", "judgements-filters.data", "?region=london"),
        ("judgements-transitions", "judgements-filters.data", "?pair=sif-ilacs"),
        ("leadership-by-year", "leadership-filters.data", "?region=north-west&from=2019-04-01"),
        ("leadership-by-region", "leadership-filters.data", "?predecessors=1"),
        ("maps-map", "maps-filters.data", "?region=north-west&colour=change"),
    ],
)
def test_each_download_link_is_the_views_twin_and_holds_the_table(app, key, store, query):
    client = DashClient(app)
    href = download_link(client, key, store, query)
    assert href.startswith("/data/") and href.endswith(query)
    _, text = fetch_download(app, href)
    comments, rows = csv_body(text)
    assert comments[1].startswith("# Filters: ")
    table_key = key
    opened = client.callback(f"{table_key}-table.children", {store: query, f"{table_key}-tab-table.n_clicks": 1})
    table = opened[f"{table_key}-table"]["children"]
    assert rows[0] == header(find(table, "Thead")[0])
    assert len(rows) - 1 == len(table_rows(table))


def test_json_twin_carries_grade_codes_and_metadata(app):
    from dashboard.views import VIEWS

    data = app.server.test_client().get("/data/judgements-as-at.json?region=north-west").get_json()
    result = VIEWS["judgements-as-at"].result(Filters(region=NORTH_WEST))
    assert data["columns"] == list(result.frame.columns)
    assert "grade_key" in data["columns"] and "grade" in data["columns"]
    key, label = data["columns"].index("grade_key"), data["columns"].index("grade")
    pairs = {(row[key], row[label]) for row in data["rows"]}
    assert ("requires_improvement", "Requires improvement") in pairs and ("good", "Good") in pairs
    assert len(data["rows"]) == len(result.frame)
    assert data["metadata"]["demo"] is True  # the demo store says so wherever it is shown
    assert data["metadata"]["filters"].startswith("North West")
    assert data["summary"] == result.summary
    counts = [row[data["columns"].index("count")] for row in data["rows"]]
    assert counts == [int(c) for c in result.frame["count"]]


def test_the_csv_twin_leaves_machine_columns_to_the_json(app):
    text = app.server.test_client().get("/data/judgements-as-at.csv?region=north-west").get_data(as_text=True)
    _, rows = csv_body(text)
    assert rows[0] == ["year_end", "grade", "count", "share"]


def test_bad_link_values_are_ignored_and_named(app):
    http = app.server.test_client()
    data = http.get("/data/judgements-by-year.json?region=atlantis&colour=plaid").get_json()
    assert data["metadata"]["filters"].startswith("England")
    assert any("region" in n for n in data["metadata"]["ignored"])
    assert http.get("/data/no-such-view.csv").status_code == 404
    assert http.get("/data/map.docx").status_code == 404
    table_only = http.get("/data/overview-recent.png")  # a table has no image
    assert table_only.status_code == 404 and "not a chart" in table_only.get_json()["error"]


def test_a_former_authoritys_timeline_has_a_twin(app):
    response = app.server.test_client().get(f"/data/authority-timeline.csv?la={NORTHAMPTONSHIRE}")
    assert response.status_code == 200
    assert f'filename="inspections-{NORTHAMPTONSHIRE}.csv"' in response.headers["Content-Disposition"]
    comments, rows = csv_body(response.get_data(as_text=True))
    assert comments[0] == "# Inspections and visits over time: Northamptonshire"
    assert len(rows) > 1


def test_filters_a_view_does_not_read_share_its_result(app):
    from dashboard.views import VIEWS

    view = VIEWS["judgements-by-year"]
    with app.server.test_request_context("/"):
        plain = view.result(Filters(region=NORTH_WEST))
        assert view.result(Filters(region=NORTH_WEST, colour="months", map="geo")) is plain
        assert view.result(Filters(region=NORTH_WEST, area="leadership")) is not plain


def test_one_view_draws_for_a_desk_and_a_wall(app):
    from dashboard.views import VIEWS, Canvas

    result = VIEWS["leadership-by-year"].result(Filters(region=NORTH_WEST))
    desk = result.figure
    wall = result.draw(Canvas(height=1000, width=1800, font_scale=2.0))
    assert wall.layout.height == 1000 and wall.layout.width == 1800
    assert wall.layout.font.size == 2 * desk.layout.font.size
    assert wall.layout.margin.l == round(2 * desk.layout.margin.l)
    assert [t.y for t in wall.data] == [t.y for t in desk.data]  # the same numbers, bigger
    assert desk.layout.width is None  # the desk figure is left as it was


def test_on_ofsted_regions_the_merged_region_counts_what_its_two_parts_count(app):
    """regions=ofsted: the leadership measure by region has Ofsted's 8 regions, the merged one
    adding up the North East and Yorkshire and the Humber; a region's grade counts likewise."""
    client = app.server.test_client()

    def table(query: str) -> dict[str, list[str]]:
        _, rows = csv_body(client.get(f"/data/leadership-by-region.csv{query}").get_data(as_text=True))
        return {row[0]: row[1:] for row in rows[1:]}

    nine, ofsted = table(""), table("?regions=ofsted")
    assert len(nine) == 9 + 1 and len(ofsted) == 8 + 1  # the regions and England
    merged = ofsted["North East, Yorkshire and the Humber"]
    parts = nine["North East"], nine["Yorkshire and The Humber"]
    assert int(merged[0]) == int(parts[0][0]) + int(parts[1][0])  # judgements
    assert ofsted["England"] == nine["England"] and ofsted["London"] == nine["London"]

    def total(query: str) -> int:
        data = client.get(f"/data/judgements-as-at.json{query}").get_json()
        year = data["columns"].index("year_end")
        latest = max(row[year] for row in data["rows"])
        return sum(row[data["columns"].index("count")] for row in data["rows"] if row[year] == latest)

    both = total("?region=north-east-yorkshire-and-the-humber&regions=ofsted")
    assert both == total("?region=north-east") + total("?region=yorkshire-and-the-humber") > 0
    from dashboard.pages import methods

    regions = methods.regions_table().set_index("Ofsted region")
    assert regions.loc["North East, Yorkshire and the Humber", "Local authorities"] == 12 + 15
    assert regions["Local authorities"].sum() == 153 and len(regions) == 8
